// npm run hostile:crash [-- --cycles 100] [-- --seed 1]
//
// Kills the built server with SIGKILL (what the kernel's OOM killer does) at random moments
// while a participant uploads photos that carry GPS, reframes them with redactions, deletes
// photos and stories, and cuts uploads off — then starts it again and checks, after every
// restart (docs/media.md, "The startup sweep"):
//   - PRAGMA integrity_check is ok;
//   - no row points at a missing file, no file lacks a row (but what an intent says is being
//     written right now), no partial write, nothing in the upload directory;
//   - every acknowledged upload is there, every acknowledged deletion is in force;
//   - owner-only modes, and no file anywhere under DATA_DIR from which GPS can be read.
// The default is 3 cycles (the fast variant, as CI runs it). Exits 1 on any failure.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { eq, inArray } from 'drizzle-orm';
import { photos, stories } from '../../src/lib/server/db/schema';
import { random } from '../../tests/fixtures/images';
import { phoneJpeg } from '../../tests/fixtures/photos';
import { startServer } from '../../tests/e2e/server';
import { inspectDataDir } from './checks';
import { deleteStory, postForm, rawUpload, storyPath, participantOn, upload } from './session';

export interface CrashOptions {
	cycles?: number;
	seed?: number;
	log?: (line: string) => void;
}

export interface CrashReport {
	cycles: number;
	failures: string[];
	/** What the client saw acknowledged before each kill, summed. */
	acknowledged: { uploads: number; reframes: number; photoDeletes: number; storyDeletes: number };
	/** Requests cut off by a kill. */
	interrupted: number;
	/** What the startup sweeps removed, summed over every restart. */
	swept: { uploads: number; partial: number; orphans: number; intents: number };
	seconds: number;
}

const SWEEP =
	/startup sweep: (\d+) raw uploads, (\d+) partial files, (\d+) unreferenced files and (\d+) unfinished writes removed; \d+ modes made owner-only; (\d+) unreferenced files had no deletion queued/;

export async function runCrash(options: CrashOptions = {}): Promise<CrashReport> {
	const cycles = options.cycles ?? 3;
	const seed = options.seed ?? 1;
	const log = options.log ?? console.log;
	if (!existsSync('build/index.js')) throw new Error('No build: run `npx vite build` first.');
	process.umask(0o077);
	const next = random(seed);
	const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
	const started = Date.now();
	const report: CrashReport = {
		cycles: 0,
		failures: [],
		acknowledged: { uploads: 0, reframes: 0, photoDeletes: 0, storyDeletes: 0 },
		interrupted: 0,
		swept: { uploads: 0, partial: 0, orphans: 0, intents: 0 },
		seconds: 0
	};
	const fail = (line: string) => {
		report.failures.push(line);
		log(`FAIL ${line}`);
	};

	// Photos as phones take them: with where and by whom, in the EXIF.
	const payloads = await Promise.all([
		phoneJpeg(1200, 900, true),
		phoneJpeg(2400, 1600, true),
		phoneJpeg(4000, 3000, true)
	]);
	const server = await startServer({
		env: {
			MAX_UPLOADS_PER_HOUR: '10000',
			MAX_STORIES_PER_PERSON: '10000',
			MAX_PHOTOS_PER_STORY: '100'
		}
	});
	const who = await participantOn(server);
	// What the server acknowledged, and so must hold after any crash.
	const present = new Map<string, string>(); // photo id → story id
	const reframed = new Map<string, number>(); // photo id → at least this version
	const goneStories = new Set<string>();
	const gonePhotos = new Set<string>();
	const storyIds = await Promise.all([0, 1, 2].map((i) => who.newStory(`crash ${i}`)));
	// Photos to reframe and delete from the first cycle on.
	for (const storyId of storyIds) {
		const answer = await upload(server, who, storyId, payloads[0]!);
		if (answer.status !== 201 || !answer.photoId) throw new Error(`setup: ${answer.body}`);
		present.set(answer.photoId, storyId);
	}

	try {
		for (let cycle = 1; cycle <= cycles; cycle++) {
			// Keep the directory from growing without end: retire a story now and then.
			if (present.size > 24) {
				const storyId = storyIds.shift()!;
				if ((await deleteStory(server, who, storyId)) === 303) {
					goneStories.add(storyId);
					for (const [photo, story] of present) if (story === storyId) gonePhotos.add(photo);
					for (const photo of gonePhotos) present.delete(photo);
					report.acknowledged.storyDeletes += 1;
				}
				storyIds.push(await who.newStory(`crash ${cycle}`));
			}

			const work: Promise<void>[] = [];
			let acknowledged!: () => void;
			const firstAnswer = new Promise<void>((resolve) => (acknowledged = resolve));
			const count = (promise: Promise<void>, answers = true) =>
				work.push(
					promise.then(
						() => {
							if (answers) acknowledged();
						},
						() => {
							report.interrupted += 1;
						}
					)
				);
			for (let i = 0; i < 3; i++) {
				const storyId = pick(storyIds);
				count(
					upload(server, who, storyId, pick(payloads)).then((answer) => {
						if (answer.status === 201 && answer.photoId) {
							// Its story may have been deleted meanwhile: then the photo went with it.
							if (goneStories.has(storyId)) gonePhotos.add(answer.photoId);
							else present.set(answer.photoId, storyId);
							report.acknowledged.uploads += 1;
						} else if (answer.status !== 201) throw new Error(answer.body);
					})
				);
			}
			const known = [...present.entries()];
			if (known.length > 0) {
				const [photoId, storyId] = pick(known);
				const [row] = await who.db
					.select({ version: photos.version })
					.from(photos)
					.where(eq(photos.id, photoId));
				const framing = {
					rotation: pick([0, 90, 180, 270]),
					aspect: 'free',
					crop: { x: 0.05, y: 0.05, w: 0.9, h: 0.85 },
					focal: { x: 0.5, y: 0.5 },
					redactions: [{ x: next() * 0.5, y: next() * 0.5, w: 0.3, h: 0.3, style: 'blur' }]
				};
				count(
					postForm(server, who, `${storyPath(who, storyId)}/photos/${photoId}?/save`, {
						framing: JSON.stringify(framing)
					}).then((status) => {
						if (status !== 303) throw new Error(`reframe: HTTP ${status}`);
						if (!gonePhotos.has(photoId))
							reframed.set(photoId, Math.max(reframed.get(photoId) ?? 0, (row?.version ?? 0) + 1));
						report.acknowledged.reframes += 1;
					})
				);
			}
			if (known.length > 4 && next() < 0.5) {
				const [photoId, storyId] = pick(known);
				count(
					postForm(server, who, `${storyPath(who, storyId)}/photos?/delete`, { photoId }).then(
						(status) => {
							if (status !== 303) throw new Error(`photo delete: HTTP ${status}`);
							present.delete(photoId);
							reframed.delete(photoId);
							gonePhotos.add(photoId);
							report.acknowledged.photoDeletes += 1;
						}
					)
				);
			}
			// Now and then, a whole story goes, while the rest is going on.
			if (next() < 0.1 && storyIds.length > 1) {
				const storyId = storyIds.shift()!;
				storyIds.push(await who.newStory(`crash ${cycle}`));
				count(
					deleteStory(server, who, storyId).then((status) => {
						if (status !== 303) throw new Error(`story delete: HTTP ${status}`);
						goneStories.add(storyId);
						for (const [photo, story] of present)
							if (story === storyId) {
								gonePhotos.add(photo);
								present.delete(photo);
								reframed.delete(photo);
							}
						report.acknowledged.storyDeletes += 1;
					})
				);
			}
			// An upload whose sender gives up halfway.
			count(
				rawUpload(
					server,
					who,
					pick(storyIds),
					{ 'Content-Length': String(payloads[2]!.length) },
					async (write, destroy) => {
						write(payloads[2]!.subarray(0, Math.floor(payloads[2]!.length / 2)));
						await sleep(100 + next() * 500);
						destroy();
					}
				).then(() => undefined),
				false
			);

			// Half the time at any moment from the first bytes of the uploads on; half the time
			// just after the server acknowledged something (while the rest, the AVIF jobs and
			// the deletions it queued are under way), so that every cycle, however slow the
			// machine, also kills after progress.
			if (next() < 0.5) await sleep(50 + next() * 3950);
			else {
				await Promise.race([firstAnswer, sleep(30_000)]);
				await sleep(next() * 700);
			}
			await server.kill();
			await Promise.all(work);
			await server.start();
			const sweep = SWEEP.exec(server.output());
			if (sweep) {
				report.swept.uploads += Number(sweep[1]);
				report.swept.partial += Number(sweep[2]);
				report.swept.orphans += Number(sweep[3]);
				report.swept.intents += Number(sweep[4]);
				// Every file that lost its row had its deletion queued with it (the others are
				// written under an intent): a file neither announced nor queued is a bug.
				if (Number(sweep[5]) > 0)
					fail(`cycle ${cycle}: ${sweep[5]} unreferenced files that no deletion job named`);
			}

			// After the sweep, before anything new: the data directory at rest (but for the jobs
			// that resumed at start, whose intents say what they are writing).
			const findings = await inspectDataDir(server.dataDir, { inFlight: true });
			for (const problem of findings.problems) fail(`cycle ${cycle}: ${problem}`);
			const rows = await who.db
				.select({ id: photos.id, version: photos.version })
				.from(photos)
				.where(inArray(photos.id, [...present.keys(), ...gonePhotos]));
			const versions = new Map(rows.map((r) => [r.id, r.version]));
			for (const id of present.keys())
				if (!versions.has(id)) fail(`cycle ${cycle}: acknowledged photo ${id} is gone`);
			for (const [id, version] of reframed)
				if ((versions.get(id) ?? 0) < version)
					fail(`cycle ${cycle}: acknowledged framing of ${id} lost`);
			for (const id of gonePhotos)
				if (versions.has(id)) fail(`cycle ${cycle}: deleted photo ${id} is back`);
			if (goneStories.size > 0) {
				const back = await who.db
					.select({ id: stories.id })
					.from(stories)
					.where(inArray(stories.id, [...goneStories]));
				for (const story of back) fail(`cycle ${cycle}: deleted story ${story.id} is back`);
			}
			report.cycles = cycle;
			log(
				`cycle ${cycle}: ${findings.files} media files, ${present.size} photos; ` +
					`sweep removed ${sweep ? `${sweep[1]} uploads, ${sweep[2]} partial, ${sweep[3]} orphans, ${sweep[4]} intents` : 'nothing'}; ` +
					`${findings.problems.length} problems`
			);
		}
	} finally {
		who.close();
		await server.stop();
	}
	report.seconds = Math.round((Date.now() - started) / 1000);
	const a = report.acknowledged;
	log(
		`${report.cycles} kill -9 cycles in ${report.seconds} s: acknowledged ${a.uploads} uploads, ` +
			`${a.reframes} reframes, ${a.photoDeletes} photo and ${a.storyDeletes} story deletions; ` +
			`${report.interrupted} requests cut off by a kill; the sweeps removed ${report.swept.uploads} raw uploads, ` +
			`${report.swept.partial} partial files, ${report.swept.orphans} unreferenced files and ` +
			`${report.swept.intents} unfinished writes; ${report.failures.length} failures`
	);
	return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const value = (name: string) => {
		const i = args.indexOf(name);
		return i >= 0 ? Number(args[i + 1]) : undefined;
	};
	const report = await runCrash({ cycles: value('--cycles'), seed: value('--seed') });
	process.exitCode = report.failures.length === 0 ? 0 : 1;
}
