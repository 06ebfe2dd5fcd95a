import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// The browser: CHROMIUM_PATH, then Debian's Chromium, then Playwright's own download.
function chromiumPath(): string | undefined {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	return undefined;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

// Decided once in the runner; workers inherit them through the environment.
process.env.E2E_PORT ||= String(await freePort());
if (!process.env.E2E_DATA_DIR) {
	const dataDir = mkdtempSync(join(tmpdir(), 'pv-e2e-'));
	process.env.E2E_DATA_DIR = dataDir;
	// Removed when the runner exits: by then Playwright has stopped the test server, which may
	// still have been writing a background AVIF during a global teardown. A directory given in
	// E2E_DATA_DIR is the caller's and stays.
	process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;
process.env.E2E_BASE_URL = baseURL;

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: true,
	workers: process.env.CI ? 2 : 2,
	retries: 0,
	reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS }
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		command: 'node scripts/serve.js',
		url: `${baseURL}/safety`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			// As the README asks on glibc Linux (memory given back after bursts of image work).
			MALLOC_ARENA_MAX: '2',
			MALLOC_MMAP_THRESHOLD_: '131072',
			PORT: String(port),
			ORIGIN: baseURL,
			DATA_DIR: process.env.E2E_DATA_DIR as string
		}
	}
});
