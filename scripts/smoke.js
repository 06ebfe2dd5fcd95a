// node scripts/smoke.js — start-and-smoke test of the built server under whichever node runs it
// (CI runs it under Node 24, the current LTS; .ci/run). Loads the native modules (sharp,
// @libsql/client, @node-rs/argon2: N-API) and uses each once, starts scripts/serve.js with
// this same node on a temporary DATA_DIR, asks for /, /login and static assets, expects 200s,
// and stops it with SIGTERM, expecting a clean exit. Plain JavaScript: nothing to compile.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const started = performance.now();
const problems = [];

// The native modules, each doing a little of its work.
const sharp = (await import('sharp')).default;
const png = await sharp({
	create: { width: 8, height: 8, channels: 3, background: '#336699' }
})
	.png()
	.toBuffer();
if ((await sharp(png).metadata()).width !== 8) problems.push('sharp: wrong metadata');
const { createClient } = await import('@libsql/client');
const client = createClient({ url: ':memory:' });
const one = await client.execute('SELECT 1 AS one');
if (one.rows[0]?.one !== 1) problems.push('@libsql/client: SELECT 1 failed');
client.close();
const argon2 = await import('@node-rs/argon2');
const hash = await argon2.hash('smoke test passphrase');
if (!(await argon2.verify(hash, 'smoke test passphrase'))) problems.push('argon2: verify failed');
console.log(`native modules: sharp, @libsql/client, @node-rs/argon2 load and work`);

const port = await new Promise((resolve, reject) => {
	const server = createServer();
	server.on('error', reject);
	server.listen(0, '127.0.0.1', () => {
		const address = server.address();
		server.close(() => resolve(address.port));
	});
});
const url = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'pv-smoke-'));
let log = '';
const child = spawn(process.execPath, ['scripts/serve.js'], {
	env: {
		...process.env,
		MALLOC_ARENA_MAX: '2',
		MALLOC_MMAP_THRESHOLD_: '131072',
		PORT: String(port),
		ORIGIN: url,
		DATA_DIR: dataDir
	},
	stdio: ['ignore', 'pipe', 'pipe']
});
child.stdout.on('data', (c) => (log += c));
child.stderr.on('data', (c) => (log += c));
const exited = new Promise((resolve) =>
	child.on('exit', (code, signal) => resolve({ code, signal }))
);

try {
	let timer;
	const up = await Promise.race([
		new Promise((resolve) => {
			timer = setInterval(() => log.includes('Listening on') && resolve(true), 100);
		}),
		exited.then(() => false),
		new Promise((resolve) => setTimeout(() => resolve(false), 60_000).unref())
	]);
	clearInterval(timer);
	if (!up) throw new Error(`the server did not start:\n${log}`);

	const get = async (path) => {
		const response = await fetch(`${url}${path}`);
		const body = await response.text();
		console.log(`GET ${path} → ${response.status} (${new URL(response.url).pathname})`);
		if (response.status !== 200) problems.push(`GET ${path}: HTTP ${response.status}`);
		return body;
	};
	await get('/');
	// The home page is not hydrated (csr = false): the login page is, and names the app's script.
	const login = await get('/login');
	await get('/favicon.svg');
	const asset = /\/_app\/immutable\/[^"']+\.js/.exec(login)?.[0];
	if (asset) await get(asset);
	else problems.push('/login names no script under /_app/immutable/');
} catch (e) {
	problems.push(e instanceof Error ? e.message : String(e));
} finally {
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	const { code, signal } = await exited;
	clearTimeout(timer);
	if (code !== 0) problems.push(`the server did not stop cleanly: code ${code}, signal ${signal}`);
	rmSync(dataDir, { recursive: true, force: true });
}

console.log(
	`smoke under node ${process.version}: ${problems.length === 0 ? 'ok' : 'FAILED'} in ` +
		`${Math.round((performance.now() - started) / 100) / 10} s`
);
for (const problem of problems) console.log(`FAIL ${problem}`);
if (problems.length > 0) {
	console.log(log);
	process.exitCode = 1;
}
