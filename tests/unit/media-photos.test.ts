// From an upload to stored files and rows, and back to nothing: the plumbing around the
// pipeline, on a temporary DATA_DIR and an in-memory database.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';

const dataDir = mkdtempSync(join(tmpdir(), 'pv-media-'));
process.env.DATA_DIR = dataDir;

const { ownStory, OWNER, readPhotos } = await import('../../src/lib/server/access');
const { createStory, deletePhoto, MAX_PHOTOS } = await import('../../src/lib/server/stories');
const {
	PhotoRefused,
	addPhoto,
	mediaJobHandlers,
	mediaStorage,
	receiveUpload,
	reframePhoto,
	scheduleFileDeletion
} = await import('../../src/lib/server/media/photos');
const { photoDerivatives, jobs, mediaIntents, stories } =
	await import('../../src/lib/server/db/schema');
const { claimNext, runJob } = await import('../../src/lib/server/jobs');
const { DEFAULT_FRAMING } = await import('../../src/lib/framing');
const { giveRole, makeUser, makeWorld, testDb } = await import('../fixtures/factories');
const { TEXT, detailed, masterJpeg } = await import('../fixtures/images');

function filesUnder(dir: string): string[] {
	try {
		return readdirSync(dir, { recursive: true })
			.map((f) => join(dir, String(f)))
			.filter((f) => statSync(f).isFile())
			.map((f) => relative(dataDir, f));
	} catch {
		return [];
	}
}

const stream = (bytes: Buffer) =>
	new ReadableStream<Uint8Array>({
		start(controller) {
			for (let i = 0; i < bytes.length; i += 64 * 1024)
				controller.enqueue(bytes.subarray(i, i + 64 * 1024));
			controller.close();
		}
	});

let photoBytes: Buffer;
beforeAll(async () => {
	photoBytes = await masterJpeg(detailed(900, 600));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function setup() {
	const db = await testDb();
	const world = await makeWorld(db);
	const owner = await makeUser(db);
	await giveRole(db, owner, world.initiativeId, 'participant');
	const id = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: 't',
		language: 'en'
	});
	return { db, owner, story: (await ownStory(db, owner, id))! };
}

async function upload(bytes: Buffer) {
	const path = join(dataDir, 'tmp', `test-${Math.random().toString(36).slice(2)}`);
	await writeFile(path, bytes).catch(async () => {
		const { mkdir } = await import('node:fs/promises');
		await mkdir(join(dataDir, 'tmp'), { recursive: true });
		await writeFile(path, bytes);
	});
	return path;
}

describe('photos on disk and in the database', () => {
	it('an upload becomes a master, a WebP and JPEG ladder and an editor image, with their rows', async () => {
		const { db, owner, story } = await setup();
		const before = filesUnder(join(dataDir, 'media'));
		const photo = await addPhoto(db, story, await upload(photoBytes));
		const derivatives = await db
			.select()
			.from(photoDerivatives)
			.where(eq(photoDerivatives.photoId, photo.id));
		expect(derivatives.map((d) => `${d.kind}:${d.width}`).sort()).toEqual(
			['editor:900', 'jpeg:320', 'jpeg:640', 'webp:320', 'webp:640'].sort()
		);
		const added = filesUnder(join(dataDir, 'media')).filter((f) => !before.includes(f));
		expect(added).toHaveLength(derivatives.length + 1);
		expect(added.some((f) => f.includes('masters/'))).toBe(true);
		expect((await readPhotos(db, owner, story.id, OWNER))[0]?.thumbhash).toBeTruthy();
		const [avif] = await db.select().from(jobs);
		expect(avif?.kind).toBe('render_avif');
	});

	it('a refused upload leaves no file and no row behind', async () => {
		const { db, story } = await setup();
		const before = filesUnder(join(dataDir, 'media'));
		await expect(addPhoto(db, story, await upload(TEXT))).rejects.toMatchObject({
			problem: 'upload_not_image'
		});
		expect(filesUnder(join(dataDir, 'media'))).toEqual(before);
		expect(await db.select().from(photoDerivatives)).toEqual([]);
	});

	it('a body over the limit is refused while it streams, and its temporary file is gone', async () => {
		const tmpBefore = filesUnder(join(dataDir, 'tmp'));
		await expect(receiveUpload(stream(Buffer.alloc(300_000)), 200_000)).rejects.toBeInstanceOf(
			PhotoRefused
		);
		await expect(receiveUpload(stream(Buffer.alloc(0)), 200_000)).rejects.toMatchObject({
			problem: 'upload_empty'
		});
		expect(filesUnder(join(dataDir, 'tmp'))).toEqual(tmpBefore);
		const ok = await receiveUpload(stream(Buffer.alloc(150_000, 1)), 200_000);
		expect(statSync(ok).size).toBe(150_000);
		rmSync(ok);
	});

	it('the thirteenth photo is refused and nothing of it stays', async () => {
		const { db, story } = await setup();
		const small = await masterJpeg(detailed(200, 150));
		for (let i = 0; i < MAX_PHOTOS; i++) await addPhoto(db, story, await upload(small));
		const before = filesUnder(join(dataDir, 'media'));
		await expect(addPhoto(db, story, await upload(small))).rejects.toMatchObject({
			problem: 'upload_too_many_photos'
		});
		expect(filesUnder(join(dataDir, 'media'))).toEqual(before);
	});

	it('AVIF arrives by a background job; reframing and deleting remove the old files', async () => {
		const { db, owner, story } = await setup();
		const photo = await addPhoto(db, story, await upload(photoBytes));
		const handlers = mediaJobHandlers(db);
		const job = await claimNext(db, 'test', new Date(Date.now() + 60_000));
		expect(await runJob(db, job!, handlers, 'test')).toBe('done');
		const kinds = (
			await db.select().from(photoDerivatives).where(eq(photoDerivatives.photoId, photo.id))
		).map((d) => d.kind);
		expect(kinds.filter((k) => k === 'avif')).toHaveLength(2);

		const allBefore = filesUnder(join(dataDir, 'media'));
		const [current] = await readPhotos(db, owner, story.id, OWNER);
		await reframePhoto(db, story, current!, {
			...DEFAULT_FRAMING,
			rotation: 90,
			crop: { x: 0, y: 0, w: 1, h: 0.5 }
		});
		for (;;) {
			const next = await claimNext(db, 'test', new Date(Date.now() + 60_000));
			if (!next) break;
			await runJob(db, next, handlers, 'test');
		}
		const rows = await db
			.select()
			.from(photoDerivatives)
			.where(eq(photoDerivatives.photoId, photo.id));
		expect(new Set(rows.map((r) => r.version))).toEqual(new Set([2]));
		// Turned (600×900), then the top half kept: 600×450, so the ladder stops at 320.
		expect((await readPhotos(db, owner, story.id, OWNER))[0]).toMatchObject({
			width: 600,
			height: 450,
			version: 2
		});
		expect(rows.filter((r) => r.kind === 'webp').map((r) => [r.width, r.height])).toEqual([
			[320, 240]
		]);
		const files = filesUnder(join(dataDir, 'media'));
		const stale = allBefore.filter(
			(f) => f.includes(`derivatives/${photo.id}/1-`) && !f.endsWith('editor.jpg')
		);
		expect(stale.length).toBeGreaterThan(0);
		for (const f of stale) expect(files).not.toContain(f);

		const keys = await db.transaction(async (tx) => {
			const gone = await deletePhoto(tx, story, photo.id);
			await scheduleFileDeletion(tx, gone!);
			return gone!;
		});
		const del = await claimNext(db, 'test');
		await runJob(db, del!, handlers, 'test');
		const left = filesUnder(join(dataDir, 'media'));
		for (const key of keys) expect(left).not.toContain(join('media', key));
	});
});

describe('every path out leaves nothing behind', () => {
	it('announces every file with a committed intent before writing it, and settles them all', async () => {
		const { db, story } = await setup();
		const storage = mediaStorage();
		const put = storage.put.bind(storage);
		const written: string[] = [];
		storage.put = async (key, data) => {
			const [intent] = await db.select().from(mediaIntents).where(eq(mediaIntents.key, key));
			expect(intent, `intent for ${key}`).toBeDefined();
			written.push(key);
			return put(key, data);
		};
		try {
			await addPhoto(db, story, await upload(photoBytes));
		} finally {
			storage.put = put;
		}
		expect(written.length).toBeGreaterThan(4);
		expect(await db.select().from(mediaIntents)).toEqual([]);
	});

	it('removes the files and intents of an upload that fails after writing', async () => {
		const { db, story } = await setup();
		const before = filesUnder(join(dataDir, 'media'));
		const storage = mediaStorage();
		const put = storage.put.bind(storage);
		let writes = 0;
		storage.put = async (key, data) => {
			writes += 1;
			// The story is deleted while its photo is being made: recording the photo then fails.
			if (writes === 2) await db.delete(stories).where(eq(stories.id, story.id));
			return put(key, data);
		};
		try {
			await expect(addPhoto(db, story, await upload(photoBytes))).rejects.toThrow();
		} finally {
			storage.put = put;
		}
		expect(writes).toBeGreaterThan(2);
		expect(filesUnder(join(dataDir, 'media'))).toEqual(before);
		expect(await db.select().from(mediaIntents)).toEqual([]);
	});

	it('refuses a body that ends short of its Content-Length, or stalls, and keeps none of it', async () => {
		const tmpBefore = filesUnder(join(dataDir, 'tmp'));
		await expect(
			receiveUpload(stream(Buffer.alloc(100_000, 1)), 200_000, { expectedBytes: 150_000 })
		).rejects.toMatchObject({ problem: 'upload_incomplete' });
		const stalled = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new Uint8Array(50_000));
				// …and nothing more, ever.
			}
		});
		const started = Date.now();
		await expect(receiveUpload(stalled, 200_000, { idleMs: 200 })).rejects.toMatchObject({
			problem: 'upload_incomplete'
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(filesUnder(join(dataDir, 'tmp'))).toEqual(tmpBefore);
		const ok = await receiveUpload(stream(Buffer.alloc(1000, 2)), 200_000, { expectedBytes: 1000 });
		expect(statSync(ok).mode & 0o777).toBe(0o600);
		rmSync(ok);
	});
});

describe('a stored file that is gone', () => {
	it('answers 404 when its master is needed for a new framing, and the AVIF job gives up', async () => {
		const { db, owner, story } = await setup();
		const photo = await addPhoto(db, story, await upload(photoBytes));
		rmSync(join(dataDir, 'media', photo.masterKey));
		const [current] = await readPhotos(db, owner, story.id, OWNER);
		const logged: unknown[] = [];
		const error = console.error;
		console.error = (...args: unknown[]) => void logged.push(args.join(' '));
		try {
			await expect(
				reframePhoto(db, story, current!, { ...DEFAULT_FRAMING, rotation: 90 })
			).rejects.toMatchObject({ status: 404 });
			const job = await claimNext(db, 'test', new Date(Date.now() + 60_000));
			expect(job?.kind).toBe('render_avif');
			expect(await runJob(db, job!, mediaJobHandlers(db), 'test')).toBe('done');
		} finally {
			console.error = error;
		}
		expect(logged.join('\n')).toContain(photo.masterKey);
		// Nothing was half-written meanwhile, and the photo keeps what it had.
		expect(await db.select().from(mediaIntents)).toEqual([]);
		expect((await readPhotos(db, owner, story.id, OWNER))[0]?.version).toBe(1);
	});
});
