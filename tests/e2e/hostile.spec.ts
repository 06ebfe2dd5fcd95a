// The fast variants of the hostile scripts (scripts/hostile/), each against its own built server
// on a temporary DATA_DIR; the long variants are run by hand (README, "Hostile tests").
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runCorpus } from '../../scripts/hostile/corpus';
import { runCrash } from '../../scripts/hostile/crash';
import { measureCosts } from '../../scripts/hostile/cost';
import { filesUnder, hasGps, inspectDataDir } from '../../scripts/hostile/checks';
import { participantOn, upload } from '../../scripts/hostile/session';
import { phoneJpeg } from '../fixtures/photos';
import { startServer } from './server';

test.describe.configure({ mode: 'serial' });
test.skip(process.platform !== 'linux', 'memory is read from /proc');

test('the hostile corpus: each file refused clearly or accepted cleanly, nothing left behind', async () => {
	test.setTimeout(300_000);
	const lines: string[] = [];
	const report = await runCorpus({ fast: true, log: (line) => lines.push(line) });
	console.log(lines.filter((l) => !l.startsWith('ok ')).join('\n'));
	expect(report.failures, lines.join('\n')).toEqual([]);
	expect(report.files).toBeGreaterThanOrEqual(20);
	expect(report.accepted).toBeGreaterThan(0);
	expect(report.peakRss).toBeLessThan(1024 ** 3);
});

test('kill -9 while uploading, reframing, approving and withdrawing: after each restart, nothing private is left and every withdrawal holds', async () => {
	test.setTimeout(300_000);
	const lines: string[] = [];
	const report = await runCrash({ cycles: 3, seed: 7, log: (line) => lines.push(line) });
	console.log(lines.join('\n'));
	expect(report.failures, lines.join('\n')).toEqual([]);
	expect(report.cycles).toBe(3);
	// The three approvals made before the first kill, found standing.
	expect(report.checked.approved).toBeGreaterThanOrEqual(3);
});

test('under load, every withdrawal is in force at the very next request, with no errors', async () => {
	test.setTimeout(420_000);
	// Its own process: the demo seed must be the first to read the app's settings (DATA_DIR).
	const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/hostile/load.ts', '--fast'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	console.log(output);
	expect(code, output).toBe(0);
	const report = JSON.parse(output.trim().split('\n').at(-1)!) as {
		errors: number;
		leaks: number;
		withdrawals: { count: number };
		uploads: { count: number };
	};
	expect(report.errors).toBe(0);
	expect(report.leaks).toBe(0);
	expect(report.withdrawals.count).toBe(6);
	expect(report.uploads.count).toBeGreaterThan(0);
});

test('the memory estimates hold: no step of the image work uses more than it reserves', async () => {
	test.setTimeout(240_000);
	const rows = await measureCosts({ fast: true, log: () => {} });
	const over = rows.filter((r) => r.over);
	expect(over, JSON.stringify(over)).toEqual([]);
	expect(rows.length).toBeGreaterThan(10);
});

test('the start sweeps raw uploads, partial and unreferenced files, and makes DATA_DIR owner-only', async () => {
	test.setTimeout(120_000);
	const server = await startServer();
	try {
		const who = await participantOn(server);
		const storyId = await who.newStory();
		const kept = await upload(server, who, storyId, await phoneJpeg(800, 600, true));
		expect(kept.status).toBe(201);
		who.close();
		await server.kill();

		// What a crash (or someone's hand) can leave: a raw upload with its GPS, a partial write,
		// a master that no row names, an unreadable name, loose modes.
		const { dataDir } = server;
		const media = join(dataDir, 'media');
		const raw = join(dataDir, 'tmp', 'upload-left-by-a-crash');
		await writeFile(raw, await phoneJpeg(400, 300, true), { mode: 0o644 });
		expect(await hasGps(raw)).toBe(true);
		await mkdir(join(media, 'derivatives', 'orphanphotoid0000', '1-x'), { recursive: true });
		await writeFile(join(media, 'derivatives', 'orphanphotoid0000', '1-x', '.tmp-0123'), 'half');
		await writeFile(join(media, 'masters', 'abandoned-master.jpg'), await phoneJpeg(400, 300));
		await writeFile(join(media, 'masters', 'Not A Key.jpg'), 'x');
		await chmod(dataDir, 0o755);
		await chmod(join(dataDir, 'app.db'), 0o644);
		await chmod(media, 0o755);

		await server.start();
		expect(server.output()).toMatch(
			/startup sweep: 1 raw uploads, 1 partial files, 2 unreferenced files and 0 unfinished writes removed; [1-9]\d* modes made owner-only; 2 unreferenced files had no deletion queued/
		);
		expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
		const left = await filesUnder(media);
		expect(left.some((f) => f.includes('orphanphotoid') || f.includes('abandoned'))).toBe(false);
		// The photo that was acknowledged is whole.
		const findings = await inspectDataDir(dataDir, { inFlight: true });
		expect(findings.problems).toEqual([]);
		expect(findings.referenced).toBeGreaterThan(5);
		expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
		expect((await stat(join(dataDir, 'app.db'))).mode & 0o777).toBe(0o600);
	} finally {
		await server.stop();
	}
});
