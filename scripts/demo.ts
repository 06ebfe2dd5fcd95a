// `npm run demo`: the platform on its own data directory (./data-demo, or DEMO_DATA_DIR),
// seeded once with an invented initiative, stories and exhibitions (scripts/demo/), then
// started. Among the photos: one in the public exhibition with a person who agreed to be shown
// (and one who has not answered, hidden), and one in a participant's draft with a face the
// framing editor suggests hiding; the banner says where to see each (README, "Try it: the
// demo"). Later runs start it again as it was; DEMO_RESET=1 wipes it and seeds afresh.
// `--seed-only` seeds (if needed), prints the accounts and exits. The normal ./data is never
// touched.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MANIFEST, seedDemo, type DemoManifest } from './demo/seed';

const DEFAULT_DIR = resolve('data-demo');
const dataDir = resolve(process.env.DEMO_DATA_DIR || DEFAULT_DIR);
const manifestPath = join(dataDir, MANIFEST);
const port = process.env.PORT || '3000';
const address = `http://localhost:${port}`;

// The demo has its own database file: a DATABASE_URL meant for a real instance must not reach
// the seed or the demo server.
delete process.env.DATABASE_URL;
delete process.env.DATABASE_AUTH_TOKEN;

function fail(message: string): never {
	console.error(`\n${message}\n`);
	process.exit(1);
}

const isEmptyDir = (dir: string) => readdirSync(dir).length === 0;

async function prepare(): Promise<{ manifest: DemoManifest; seeded: boolean }> {
	if (dataDir === resolve('data') || dataDir === resolve(process.env.DATA_DIR || 'data'))
		fail(`The demo will not use ${dataDir}: that is where a real instance keeps its data.`);
	const reset = ['1', 'true', 'yes'].includes((process.env.DEMO_RESET ?? '').toLowerCase());
	if (reset && existsSync(dataDir)) {
		// Only a directory the demo made (or the default one) is ever wiped.
		if (!existsSync(manifestPath) && dataDir !== DEFAULT_DIR && !isEmptyDir(dataDir))
			fail(`${dataDir} does not look like a demo data directory; not wiping it.`);
		console.log(`Removing the demo data in ${dataDir}…`);
		await rm(dataDir, { recursive: true, force: true });
	}
	if (existsSync(manifestPath)) {
		const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as DemoManifest;
		return { manifest, seeded: false };
	}
	if (existsSync(dataDir) && !isEmptyDir(dataDir))
		fail(
			`${dataDir} exists but holds no finished demo.\n` +
				`Run DEMO_RESET=1 npm run demo to start it afresh.`
		);

	// Seed next to it and move it into place at the end, so that an interrupted seeding never
	// leaves a half-made demo behind.
	const seeding = join(dirname(dataDir), `${basename(dataDir)}.seeding`);
	await rm(seeding, { recursive: true, force: true });
	console.log(`Seeding the demo into ${dataDir}…`);
	const manifest = await seedDemo(seeding, (step) => console.log(`  ${step}`));
	await writeFile(join(seeding, MANIFEST), JSON.stringify(manifest, null, '\t') + '\n', {
		mode: 0o600
	});
	await rm(dataDir, { recursive: true, force: true });
	await rename(seeding, dataDir);
	console.log(`  done in ${manifest.seedSeconds} s.`);
	return { manifest, seeded: true };
}

/** Where to see the people in the photos: a released person, and a face the editor suggests. */
function highlights(manifest: DemoManifest): string[] {
	const lines: string[] = [];
	const released = manifest.releasedPerson;
	if (released)
		lines.push(
			'',
			`  A released person:  ${address}/exhibitions/${manifest.publicExhibition.slug}/${released.storyId}`,
			`                      "${released.story}", photo ${released.photo}: the driver agreed to be shown`,
			'                      to everyone; the nurse has not answered yet: hidden.'
		);
	const face = manifest.faceSuggestion;
	if (face)
		lines.push(
			'',
			`  A face suggestion:  log in as ${face.username} and open`,
			`                      ${address}/participate/${manifest.initiativeId}/stories/${face.storyId}/photos/${face.photoId}`,
			`                      (the draft "${face.story}"): the framing`,
			'                      editor finds the face, in the browser, and suggests hiding it.'
		);
	return lines;
}

function banner(manifest: DemoManifest): string {
	const rule = '─'.repeat(78);
	const width = Math.max(...manifest.accounts.map((a) => a.username.length), 8) + 2;
	const pwWidth = Math.max(...manifest.accounts.map((a) => a.password.length)) + 2;
	const rows = manifest.accounts.map(
		(a) =>
			`    ${a.role.padEnd(13)}${a.username.padEnd(width)}${a.password.padEnd(pwWidth)}${a.note}`
	);
	return [
		'',
		rule,
		'  Voices from Experience — DEMO. Everything here is invented: the initiative, the',
		'  people, their stories, and the pictures (drawn by the seed itself).',
		'',
		`  Open:               ${address}`,
		`  Public exhibition:  ${address}/exhibitions/${manifest.publicExhibition.slug}`,
		`  Log in:             ${address}/login`,
		...highlights(manifest),
		'',
		`    ${'role'.padEnd(13)}${'username'.padEnd(width)}${'password'.padEnd(pwWidth)}`,
		...rows,
		'',
		'  Demo passwords, for this demo only (kept in ' + join(dataDir, MANIFEST) + ').',
		`  Data: ${dataDir} — DEMO_RESET=1 npm run demo starts afresh. Ctrl+C stops.`,
		rule,
		''
	].join('\n');
}

const { manifest, seeded } = await prepare();
if (!seeded) console.log(`The demo in ${dataDir} was seeded on ${manifest.seededAt}; starting it.`);

if (process.argv.includes('--seed-only')) {
	console.log(banner(manifest));
	process.exit(0);
}

const server = spawn(process.execPath, ['scripts/serve.js'], {
	env: {
		// glibc gives memory used for photos back after a burst (see the README, "Memory").
		MALLOC_ARENA_MAX: '2',
		MALLOC_MMAP_THRESHOLD_: '131072',
		...process.env,
		DATA_DIR: dataDir,
		PORT: port,
		ORIGIN: process.env.ORIGIN || address
	},
	stdio: ['ignore', 'pipe', 'pipe']
});
let listening = false;
const relay = (out: NodeJS.WriteStream) => (chunk: Buffer) => {
	out.write(chunk);
	if (!listening && chunk.toString().includes('Listening on')) {
		listening = true;
		console.log(banner(manifest));
	}
};
server.stdout.on('data', relay(process.stdout));
server.stderr.on('data', relay(process.stderr));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.on(signal, () => {
		if (server.exitCode === null) server.kill(signal);
	});
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
