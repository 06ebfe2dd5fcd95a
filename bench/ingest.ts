// npm run bench:ingest
//
// End-to-end HTTP upload of a 24-megapixel JPEG until its synchronous derivatives exist (the
// answer to the upload comes after they are stored), against a bare sharp script producing the
// same files from the same input, measured in the same run, alternating. Prints both medians
// and their ratio (target: ≤ 1.3), then four simultaneous uploads with the server's peak memory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { and, inArray, lte } from 'drizzle-orm';
import { openDatabase } from '../src/lib/server/db';
import { jobs } from '../src/lib/server/db/schema';
import { ownStory } from '../src/lib/server/access';
import { createStory, deletePhoto } from '../src/lib/server/stories';
import { scheduleFileDeletion } from '../src/lib/server/media/photos';
import { MIGRATIONS, giveRole, makeUser, makeWorld, sessionFor } from '../tests/fixtures/factories';
import { phoneJpeg } from '../tests/fixtures/photos';
import { startServer } from '../tests/e2e/server';

const RUNS = Number(process.env.BENCH_RUNS) || 7;
const WIDTHS = [2048, 1600, 1024, 640, 320];

/** The same work as the app's pipeline, written as a plain sharp script with the same settings. */
async function bareSharp(input: string, out: string) {
	const master = await sharp(input, {
		limitInputPixels: 100_000_000,
		failOn: 'error',
		autoOrient: true
	})
		.flatten({ background: '#ffffff' })
		.toColourspace('srgb')
		.jpeg({ quality: 90, chromaSubsampling: '4:4:4', mozjpeg: false, optimiseCoding: false })
		.toBuffer();
	await writeFile(join(out, 'master.jpg'), master);
	const full = await sharp(master)
		.removeAlpha()
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	const raw = (data: Buffer, width: number, height: number) =>
		sharp(data, { raw: { width, height, channels: 3 } });
	const top = Math.min(WIDTHS[0]!, full.info.width);
	const largest = await raw(full.data, full.info.width, full.info.height)
		.resize(top, Math.round((full.info.height * top) / full.info.width), { fit: 'fill' })
		.raw()
		.toBuffer({ resolveWithObject: true });
	let smallest = largest;
	await Promise.all(
		WIDTHS.filter((w) => w <= full.info.width).map(async (width) => {
			const height = Math.round((full.info.height * width) / full.info.width);
			const image =
				width === largest.info.width
					? largest
					: await raw(largest.data, largest.info.width, largest.info.height)
							.resize(width, height, { fit: 'fill' })
							.raw()
							.toBuffer({ resolveWithObject: true });
			if (image.info.width < smallest.info.width) smallest = image;
			const source = () => raw(image.data, image.info.width, image.info.height);
			await Promise.all([
				source()
					.webp({ quality: 80 })
					.toBuffer()
					.then((b) => writeFile(join(out, `${width}.webp`), b)),
				source()
					.jpeg({ quality: 82, mozjpeg: false, progressive: true })
					.toBuffer()
					.then((b) => writeFile(join(out, `${width}.jpg`), b))
			]);
		})
	);
	const editor = await sharp(master)
		.resize({ width: 1600, withoutEnlargement: true })
		.jpeg({ quality: 85, mozjpeg: false })
		.toBuffer();
	await writeFile(join(out, 'editor.jpg'), editor);
	const thumb = await raw(smallest.data, smallest.info.width, smallest.info.height)
		.resize(100, 100, { fit: 'inside' })
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	rgbaToThumbHash(thumb.info.width, thumb.info.height, thumb.data);
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
	const work = mkdtempSync(join(tmpdir(), 'pv-bench-'));
	const server = await startServer();
	try {
		console.log('Making a 6000×4000 (24 MP) JPEG…');
		// Less smoothing than the tests use: about the file size a phone camera writes.
		const photo = await phoneJpeg(6000, 4000, true, { blur: 0.9, quality: 90 });
		const input = join(work, 'input.jpg');
		writeFileSync(input, photo);
		console.log(
			`input: ${(photo.length / 1024 / 1024).toFixed(1)} MB; server at ${server.url}; ${RUNS} runs each`
		);

		const { db, client } = await openDatabase({
			url: `file:${join(server.dataDir, 'app.db')}`,
			migrationsDir: MIGRATIONS
		});
		const world = await makeWorld(db);
		const user = await makeUser(db);
		await giveRole(db, user, world.initiativeId, 'participant');
		const storyId = await createStory(db, user, {
			initiativeId: world.initiativeId,
			title: 'bench',
			language: 'en'
		});
		const { token } = await sessionFor(db, user);
		const url = `${server.url}/participate/${world.initiativeId}/stories/${storyId}/photos/upload`;
		const send = () =>
			fetch(url, {
				method: 'POST',
				headers: {
					Cookie: `session=${token}`,
					Origin: server.url,
					'Content-Type': 'application/octet-stream'
				},
				body: new Blob([new Uint8Array(photo)])
			}).then(async (r) => {
				const body = (await r.json()) as { photoId?: string; problem?: string };
				if (r.status !== 201 || !body.photoId)
					throw new Error(`upload failed: ${r.status} ${JSON.stringify(body)}`);
				return body.photoId;
			});
		// Between runs: delete the photo (so the story never fills up) and let the server's
		// background jobs that are due finish, so that no run pays for the previous one.
		const settle = async (photoId: string) => {
			const story = (await ownStory(db, user, storyId))!;
			await db.transaction(async (tx) =>
				scheduleFileDeletion(tx, (await deletePhoto(tx, story, photoId)) ?? [])
			);
			for (let i = 0; i < 100; i++) {
				const busy = await db
					.select({ id: jobs.id })
					.from(jobs)
					.where(and(inArray(jobs.status, ['pending', 'running']), lte(jobs.runAt, new Date())));
				if (busy.length === 0) break;
				await new Promise((r) => setTimeout(r, 200));
			}
		};
		const runBare = async () => {
			const out = join(work, `bare-${Date.now()}`);
			mkdirSync(out);
			const start = performance.now();
			await bareSharp(input, out);
			const ms = performance.now() - start;
			rmSync(out, { recursive: true, force: true });
			return ms;
		};
		const runHttp = async () => {
			const start = performance.now();
			const photoId = await send();
			const ms = performance.now() - start;
			await settle(photoId);
			return ms;
		};

		console.log('Warming up…');
		await runBare();
		await runHttp();
		const http: number[] = [];
		const bare: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			bare.push(await runBare());
			http.push(await runHttp());
			console.log(`  run ${i + 1}: http ${seconds(http[i]!)}, bare sharp ${seconds(bare[i]!)}`);
		}
		const ratio = median(http) / median(bare);
		console.log('\nEnd-to-end HTTP upload of a 24 MP JPEG until its WebP+JPEG derivatives exist');
		console.log(`  median HTTP upload:        ${seconds(median(http))}`);
		console.log(`  median bare sharp script:  ${seconds(median(bare))}`);
		console.log(
			`  ratio:                     ${ratio.toFixed(2)}  (target ≤ 1.3: ${ratio <= 1.3 ? 'met' : 'NOT met'})`
		);

		// Four at once, as four participants might.
		const start = performance.now();
		const ids = await Promise.all([0, 1, 2, 3].map(() => send()));
		const together = performance.now() - start;
		const status = readFileSync(`/proc/${server.pid()}/status`, 'utf8');
		const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
		console.log(
			`\nFour simultaneous 24 MP uploads: all answered 201 in ${seconds(together)}; server peak memory ${peak.toFixed(0)} MiB (limit 1024)`
		);
		for (const id of ids) await settle(id);

		mkdirSync('bench/results', { recursive: true });
		writeFileSync(
			`bench/results/ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
			JSON.stringify(
				{
					runs: RUNS,
					httpMs: http,
					bareMs: bare,
					medianHttpMs: median(http),
					medianBareMs: median(bare),
					ratio,
					fourAtOnceMs: together,
					peakMiB: peak
				},
				null,
				2
			)
		);
		client.close();
		process.exitCode = ratio <= 1.3 ? 0 : 1;
	} finally {
		await server.stop();
		rmSync(work, { recursive: true, force: true });
	}
}

await main();
