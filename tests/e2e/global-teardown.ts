import { rmSync } from 'node:fs';

// The test server may still be writing a background AVIF while this runs (Playwright stops the
// web server after the global teardown): retry, and never fail a green run over a temp folder.
export default function teardown() {
	const dir = process.env.E2E_DATA_DIR;
	if (!dir) return;
	try {
		rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
	} catch (error) {
		console.warn(`Could not remove the test data directory ${dir}: ${String(error)}`);
	}
}
