// npm run erasure:backup-under-load [-- --stories 40 --photos 3 --fast]
//
// Erasure survives a restore (docs/data-lifecycle.md). Against the built server:
//   1. a participant's stories with photos; then, while the participant keeps uploading and
//      deleting photos and writing stories, `npm run cli -- backup` (the real CLI) runs;
//   2. after the backup, one story with photos is deleted through its page, and its files go;
//   3. restore into a DATA_DIR that is not empty is refused; a copy of the backup with one
//      file missing is refused;
//   4. `npm run cli -- restore` into a new DATA_DIR, with the instance's erasure log; a server
//      starts on it: the deleted story and its photos answer 404, its files are not on disk,
//      its title is in no byte of any file under DATA_DIR; every other story of the backup is
//      there, with its photos served.
// `--fast` (3 stories, one photo each) is what tests/e2e/backup.spec.ts runs in CI. Exits 1 on
// any failure; prints the figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { eq, inArray, ne } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db';
import { jobs, photoDerivatives, photos } from '../../src/lib/server/db/schema';
import { phoneJpeg } from '../../tests/fixtures/photos';
import { MIGRATIONS, sessionFor } from '../../tests/fixtures/factories';
import { freePort, startServer, SERVER_ENV } from '../../tests/e2e/server';
import { deleteStory, participantOn, postForm, storyPath, upload } from '../hostile/session';

export interface BackupUnderLoadOptions {
	stories?: number;
	photosPerStory?: number;
	log?: (line: string) => void;
}

export interface BackupUnderLoadReport {
	failures: string[];
	backupSeconds: number;
	restoreSeconds: number;
	/** Writes acknowledged while the backup ran. */
	writesDuringBackup: number;
	/** From the story's deletion until its files were gone from the live server. */
	filesGoneSeconds: number;
	backup: { stories: number; photos: number; files: number; mib: number; attempts: number };
	restored: { stories: number; photos: number; files: number };
	output: { backup: string; restore: string };
}

function cli(args: string[], env: Record<string, string>) {
	return new Promise<{ code: number; output: string; ms: number }>((resolve) => {
		const started = Date.now();
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		child.on('exit', (code) => resolve({ code: code ?? 1, output, ms: Date.now() - started }));
	});
}

/** The built server on a given DATA_DIR (the restored one). */
async function serveOn(dataDir: string) {
	const port = await freePort();
	const url = `http://localhost:${port}`;
	let log = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, ...SERVER_ENV, PORT: String(port), ORIGIN: url, DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			if (log.includes('Listening on')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
	});
	return {
		url,
		output: () => log,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

function filesContaining(dir: string, text: string): string[] {
	const needle = Buffer.from(text);
	return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => {
		try {
			return readFileSync(join(dir, name)).includes(needle);
		} catch {
			return false; // a folder
		}
	});
}

async function until(check: () => Promise<boolean>, ms: number) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return true;
		await new Promise((r) => setTimeout(r, 200));
	}
	return false;
}

export async function runBackupUnderLoad(
	options: BackupUnderLoadOptions = {}
): Promise<BackupUnderLoadReport> {
	const storyCount = options.stories ?? 3;
	const photosPerStory = options.photosPerStory ?? 1;
	const log = options.log ?? console.log;
	const failures: string[] = [];
	const fail = (what: string) => {
		failures.push(what);
		log(`FAIL ${what}`);
	};
	// Many uploads by one person in an hour, and many stories: the limits would refuse them.
	const server = await startServer({
		env: { MAX_UPLOADS_PER_HOUR: '10000', MAX_STORIES_PER_PERSON: '10000' }
	});
	const scratch = mkdtempSync(join(tmpdir(), 'pv-backup-load-'));
	const backupDir = join(scratch, 'backup');
	const restoredDir = join(scratch, 'restored');
	const who = await participantOn(server);
	const jpeg = await phoneJpeg(1200, 900);
	const marker = `Erased-story-${Date.now().toString(36)}`;
	let restored: Awaited<ReturnType<typeof serveOn>> | undefined;
	try {
		// 1. Stories with photos; the first is the one deleted after the backup.
		const storyIds: string[] = [];
		for (let i = 0; i < storyCount; i++) {
			const id = await who.newStory(i === 0 ? marker : `Kept story ${i}`);
			storyIds.push(id);
			for (let p = 0; p < photosPerStory; p++) {
				const answer = await upload(server, who, id, jpeg);
				if (!answer.photoId) fail(`seed upload answered ${answer.status}: ${answer.body}`);
			}
		}
		const victim = storyIds[0]!;
		const busy = await who.newStory('Busy story');

		// Load while the backup runs: uploads, photo deletions, new stories.
		let writes = 0;
		let running = true;
		const load = (async () => {
			while (running) {
				const answer = await upload(server, who, busy, jpeg);
				if (answer.photoId) {
					writes++;
					const status = await postForm(server, who, `${storyPath(who, busy)}/photos?/delete`, {
						photoId: answer.photoId
					});
					if (status < 400) writes++;
				}
				await who.newStory('Written during the backup');
				writes++;
			}
		})();
		const made = await cli(['backup', backupDir], { DATA_DIR: server.dataDir });
		running = false;
		await load;
		log(made.output.trim());
		if (made.code !== 0) fail(`backup exited ${made.code}`);
		const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as {
			stories: number;
			photos: number;
			attempts: number;
			files: { bytes: number }[];
		};
		const inBackup = createClient({ url: `file:${join(backupDir, 'app.db')}`, intMode: 'number' });
		const backupStories = (await inBackup.execute('SELECT id FROM stories')).rows.map((r) =>
			String(r.id)
		);
		inBackup.close();
		if (!backupStories.includes(victim)) fail('the story to delete is not in the backup');

		// 2. Deleted after the backup, through its page; its files go by the deletion job.
		const victimPhotos = await who.db.select().from(photos).where(eq(photos.storyId, victim));
		const victimKeys = [
			...victimPhotos.map((p) => p.masterKey),
			...(victimPhotos.length
				? await who.db
						.select({ key: photoDerivatives.storageKey })
						.from(photoDerivatives)
						.where(
							inArray(
								photoDerivatives.photoId,
								victimPhotos.map((p) => p.id)
							)
						)
				: []
			).map((r) => r.key)
		];
		const status = await deleteStory(server, who, victim);
		if (status !== 303) fail(`deleting the story answered ${status}`);
		const deletedAt = Date.now();
		// The deletion job waits its turn behind the AVIF jobs of the photos just uploaded.
		const gone = await until(async () => {
			const open = await who.db.select().from(jobs).where(ne(jobs.status, 'done'));
			return (
				open.filter((j) => j.kind === 'delete_files').length === 0 &&
				victimKeys.every((k) => !existsSync(join(server.dataDir, 'media', k)))
			);
		}, 900_000);
		if (!gone) fail("the deleted story's files were not deleted on the live server");
		const filesGoneSeconds = (Date.now() - deletedAt) / 1000;

		// 3. Refusals.
		const intoFull = await cli(['restore', backupDir], { DATA_DIR: server.dataDir });
		if (intoFull.code === 0 || !intoFull.output.includes('not empty'))
			fail(`restore into a non-empty DATA_DIR was not refused:\n${intoFull.output}`);
		const broken = join(scratch, 'broken');
		cpSync(backupDir, broken, { recursive: true });
		const someFile = (readdirSync(join(broken, 'media'), { recursive: true }) as string[]).find(
			(name) => name.startsWith('masters/') && name.split('/').length === 2
		);
		if (someFile) rmSync(join(broken, 'media', someFile));
		const fromBroken = await cli(
			['restore', broken, '--erasure-log', join(server.dataDir, 'erasures.log')],
			{ DATA_DIR: join(scratch, 'from-broken') }
		);
		if (fromBroken.code === 0 || !fromBroken.output.includes('missing'))
			fail(`a backup with a missing file was not refused:\n${fromBroken.output}`);
		if (existsSync(join(scratch, 'from-broken', 'app.db')))
			fail('a refused restore wrote a database');

		// 4. The restore, with the live instance's erasure log.
		const done = await cli(
			['restore', backupDir, '--erasure-log', join(server.dataDir, 'erasures.log')],
			{ DATA_DIR: restoredDir }
		);
		log(done.output.trim());
		if (done.code !== 0) fail(`restore exited ${done.code}`);
		await server.stop(); // the old instance goes; only the restored one is left

		restored = await serveOn(restoredDir);
		const { db, client } = await openDatabase({
			url: `file:${join(restoredDir, 'app.db')}`,
			migrationsDir: MIGRATIONS
		});
		const { token } = await sessionFor(db, { id: who.userId, isAdmin: false });
		const get = async (path: string) => {
			const response = await fetch(`${restored!.url}${path}`, {
				headers: { Cookie: `session=${token}` },
				redirect: 'manual'
			});
			await response.arrayBuffer();
			return response.status;
		};
		if ((await get(`/me/stories/${victim}`)) !== 404) fail('the deleted story is back');
		for (const p of victimPhotos)
			if ((await get(`/media/${p.id}/1/320.webp`)) !== 404) fail('a deleted photo is served');
		for (const key of victimKeys)
			if (existsSync(join(restoredDir, 'media', key))) fail(`a deleted file is back: ${key}`);
		const traces = filesContaining(restoredDir, marker);
		if (traces.length > 0) fail(`the deleted story's title is in ${traces.join(', ')}`);
		const kept = backupStories.filter((id) => id !== victim);
		const restoredPhotos = await db.select().from(photos);
		for (const id of kept)
			if ((await get(`/me/stories/${id}`)) !== 200) fail(`story ${id} of the backup is missing`);
		for (const p of restoredPhotos.slice(0, 20))
			if ((await get(`/media/${p.id}/${p.version}/320.webp`)) !== 200)
				fail(`photo ${p.id} is not served after the restore`);
		const integrity = (await client.execute('PRAGMA integrity_check')).rows[0]?.[0];
		if (integrity !== 'ok') fail(`integrity check: ${String(integrity)}`);
		const restoredFiles = (
			await client.execute(
				'SELECT count(*) FROM (SELECT master_key FROM photos UNION SELECT storage_key FROM photo_derivatives)'
			)
		).rows[0]?.[0];
		client.close();
		return {
			failures,
			backupSeconds: made.ms / 1000,
			restoreSeconds: done.ms / 1000,
			writesDuringBackup: writes,
			filesGoneSeconds,
			backup: {
				stories: manifest.stories,
				photos: manifest.photos,
				files: manifest.files.length,
				mib: manifest.files.reduce((s, f) => s + f.bytes, 0) / 1048576,
				attempts: manifest.attempts
			},
			restored: {
				stories: kept.length,
				photos: restoredPhotos.length,
				files: Number(restoredFiles)
			},
			output: { backup: made.output, restore: done.output }
		};
	} finally {
		who.close();
		await restored?.stop();
		await server.stop();
		rmSync(scratch, { recursive: true, force: true });
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const args = process.argv.slice(2);
	const number = (name: string, fallback: number) => {
		const i = args.indexOf(name);
		return i >= 0 ? Number(args[i + 1]) : fallback;
	};
	const fast = args.includes('--fast');
	const report = await runBackupUnderLoad({
		stories: number('--stories', fast ? 3 : 40),
		photosPerStory: number('--photos', fast ? 1 : 3)
	});
	console.log(JSON.stringify({ ...report, output: undefined }, null, '\t'));
	process.exit(report.failures.length > 0 ? 1 : 0);
}
