// npm run bench:export
//
// "Download my data" for a person with many photos: the server's memory while it streams the
// zip. The built server runs on a fresh data directory; one real 12-megapixel photo goes
// through the pipeline, and BENCH_PHOTOS photo rows (12 per story) name its master and its
// derivatives, so the zip holds BENCH_PHOTOS × (master + shown JPEG) bytes without ingesting
// them all. The download is the page's own form post, read as fast as this process can; the
// server's resident memory (VmRSS) is sampled every 20 ms. Prints the zip's size, the time, and
// the server's memory before, at its peak, and the peak's growth — which must stay under
// BENCH_MAX_GROWTH_MB (256) whatever the size of the zip, or the run exits 1.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../tests/e2e/server';
import { phoneJpeg } from '../tests/fixtures/photos';
import { giveRole, makeUser, makeWorld, sessionFor } from '../tests/fixtures/factories';

const PHOTOS = Number(process.env.BENCH_PHOTOS) || 240;
const MAX_GROWTH_MB = Number(process.env.BENCH_MAX_GROWTH_MB) || 256;

const server = await startServer({ env: { MAX_STORIES_PER_PERSON: '1000' } });
process.env.DATA_DIR = server.dataDir;
const { openDatabase } = await import('../src/lib/server/db');
const { ownStory } = await import('../src/lib/server/access');
const { createStory, insertPhoto } = await import('../src/lib/server/stories');
const { addPhoto } = await import('../src/lib/server/media/photos');
const { photoDerivatives } = await import('../src/lib/server/db/schema');
const { eq } = await import('drizzle-orm');

const rssMb = (pid: number) => {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

try {
	const { db, client } = await openDatabase({
		url: `file:${join(server.dataDir, 'app.db')}`,
		migrationsDir: 'db/migrations'
	});
	const world = await makeWorld(db);
	const person = await makeUser(db);
	await giveRole(db, person, world.initiativeId, 'participant');

	console.log('one real photo through the pipeline…');
	const first = await createStory(db, person, {
		initiativeId: world.initiativeId,
		title: 'Story 1',
		language: 'en'
	});
	const tmp = join(server.dataDir, 'tmp');
	await mkdir(tmp, { recursive: true });
	const path = join(tmp, `bench-${randomUUID()}`);
	await writeFile(path, await phoneJpeg(4000, 3000));
	const real = await addPhoto(db, (await ownStory(db, person, first))!, path);
	await rm(path, { force: true });
	const derivatives = await db
		.select()
		.from(photoDerivatives)
		.where(eq(photoDerivatives.photoId, real.id));

	console.log(`${PHOTOS} photo rows naming its files…`);
	let storyId = first;
	for (let i = 1; i < PHOTOS; i++) {
		if (i % 12 === 0)
			storyId = await createStory(db, person, {
				initiativeId: world.initiativeId,
				title: `Story ${i / 12 + 1}`,
				language: 'en'
			});
		await insertPhoto(db, (await ownStory(db, person, storyId))!, {
			id: `bench${String(i).padStart(11, '0')}`,
			masterKey: real.masterKey,
			masterWidth: real.masterWidth,
			masterHeight: real.masterHeight,
			framing: real.framing,
			width: real.width,
			height: real.height,
			thumbhash: real.thumbhash,
			derivatives: derivatives.map((d) => ({
				kind: d.kind,
				width: d.width,
				height: d.height,
				storageKey: d.storageKey,
				bytes: d.bytes
			}))
		});
	}
	const { token } = await sessionFor(db, person);
	client.close();

	const pid = server.pid()!;
	await new Promise((r) => setTimeout(r, 3000)); // let the server settle after the writes
	const before = rssMb(pid);
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
	const started = performance.now();
	const response = await fetch(`${server.url}/account/data/download`, {
		method: 'POST',
		headers: {
			cookie: `session=${token}`,
			origin: server.url,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: 'part=1',
		redirect: 'manual'
	});
	if (response.status !== 200) throw new Error(`download answered ${response.status}`);
	let bytes = 0;
	const reader = response.body!.getReader();
	for (let next = await reader.read(); !next.done; next = await reader.read())
		bytes += next.value.length;
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	const growth = peak - before;
	const mb = bytes / 1024 / 1024;
	console.log(
		`zip: ${mb.toFixed(0)} MB (${PHOTOS} photos, ${response.headers.get('content-disposition')})\n` +
			`time: ${seconds.toFixed(1)} s (${(mb / seconds).toFixed(0)} MB/s)\n` +
			`server RSS: ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak, ` +
			`+${growth.toFixed(0)} MB (limit +${MAX_GROWTH_MB} MB)`
	);
	process.exitCode = growth <= MAX_GROWTH_MB ? 0 : 1;
} finally {
	await server.stop();
}
