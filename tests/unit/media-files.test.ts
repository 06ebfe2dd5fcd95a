// The life cycle of media files (docs/media.md): intents before bytes, the startup sweep, and
// owner-only modes. On a temporary DATA_DIR and an in-memory database.
import {
	chmod,
	lstat,
	mkdir,
	mkdtemp,
	readdir,
	rm,
	stat,
	symlink,
	writeFile
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from '../../src/lib/server/media/storage';
import {
	INTENT_LEASE_MS,
	discard,
	intend,
	ownerOnly,
	settle,
	sweepAtStart,
	sweepMedia,
	sweepUploads
} from '../../src/lib/server/media/files';
import { mediaIntents } from '../../src/lib/server/db/schema';
import { enqueue } from '../../src/lib/server/jobs';
import { testDb } from '../fixtures/factories';

let base: string;
let dataDir: string;
let storage: LocalDiskStorage;
beforeEach(async () => {
	base = await mkdtemp(join(tmpdir(), 'media-files-'));
	dataDir = join(base, 'data');
	storage = new LocalDiskStorage(join(dataDir, 'media'));
});
afterEach(async () => {
	await rm(base, { recursive: true, force: true });
});

async function filesIn(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries
		.filter((e) => !e.isDirectory())
		.map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
		.sort();
}

/** A photo row naming a master and one derivative, as the app records them. */
async function photoWith(
	db: Awaited<ReturnType<typeof testDb>>,
	master: string,
	derivative: string
) {
	const { makeUser, makeWorld, giveRole } = await import('../fixtures/factories');
	const { createStory, insertPhoto } = await import('../../src/lib/server/stories');
	const { ownStory } = await import('../../src/lib/server/access');
	const { DEFAULT_FRAMING } = await import('../../src/lib/framing');
	const world = await makeWorld(db);
	const owner = await makeUser(db);
	await giveRole(db, owner, world.initiativeId, 'participant');
	const id = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: 't',
		language: 'en'
	});
	const story = (await ownStory(db, owner, id))!;
	await insertPhoto(db, story, {
		id: 'photoaaaaaaaaaaa',
		masterKey: master,
		masterWidth: 10,
		masterHeight: 10,
		framing: DEFAULT_FRAMING,
		width: 10,
		height: 10,
		thumbhash: '',
		derivatives: [{ kind: 'webp', width: 10, height: 10, storageKey: derivative, bytes: 1 }]
	});
}

describe('intents', () => {
	it('are committed before the bytes, settled with the rows, and discarded with the files', async () => {
		const db = await testDb();
		await intend(db, ['masters/a.jpg', 'masters/b.jpg'], 'me');
		expect((await db.select().from(mediaIntents)).map((r) => r.key).sort()).toEqual([
			'masters/a.jpg',
			'masters/b.jpg'
		]);
		await storage.put('masters/a.jpg', Buffer.from('a'));
		await storage.put('masters/b.jpg', Buffer.from('b'));
		await db.transaction((tx) => settle(tx, ['masters/a.jpg']));
		await discard(db, storage, ['masters/b.jpg']);
		expect((await db.select().from(mediaIntents)).map((r) => r.key)).toEqual([]);
		expect(await filesIn(join(dataDir, 'media'))).toEqual(['masters/a.jpg']);
	});
});

describe('the startup sweep', () => {
	it('removes raw uploads, partial writes, unreferenced files and dead intents, and keeps the rest', async () => {
		const db = await testDb();
		await photoWith(db, 'masters/kept.jpg', 'derivatives/photoaaaaaaaaaaa/1-a/10.webp');
		for (const key of ['masters/kept.jpg', 'derivatives/photoaaaaaaaaaaa/1-a/10.webp'])
			await storage.put(key, Buffer.from(key));
		// Left by a crash: a raw upload, a partial write, a file nothing names, a write of this
		// instance that never finished, and one of another instance, past its lease.
		await mkdir(join(dataDir, 'tmp', 'nested'), { recursive: true });
		await writeFile(join(dataDir, 'tmp', 'upload-x'), 'raw bytes with GPS');
		await writeFile(join(dataDir, 'tmp', 'nested', 'y'), 'more');
		await writeFile(join(dataDir, 'media', 'masters', '.tmp-0011223344556677'), 'half');
		await storage.put('masters/orphan.jpg', Buffer.from('nobody names me'));
		// A derivative whose row went with its deletion queued (the job had not run yet).
		await storage.put('derivatives/gonephotoaaaaaa/2-b/640.webp', Buffer.from('stale'));
		await enqueue(db, 'delete_files', { keys: ['derivatives/gonephotoaaaaaa/2-b/640.webp'] });
		await writeFile(join(dataDir, 'media', 'masters', 'Not A Key!.jpg'), 'by hand');
		await intend(db, ['masters/mine-unfinished.jpg'], 'this-host:3000');
		await storage.put('masters/mine-unfinished.jpg', Buffer.from('x'));
		await intend(db, ['masters/theirs-old.jpg'], 'other-host:3000');
		await storage.put('masters/theirs-old.jpg', Buffer.from('x'));
		await intend(db, ['masters/theirs-now.jpg'], 'other-host:3000');
		await storage.put('masters/theirs-now.jpg', Buffer.from('x'));
		await writeFile(join(dataDir, 'media', 'masters', '.tmp-aabbccddeeff0011'), 'theirs, partial');

		const later = new Date(Date.now() + INTENT_LEASE_MS / 2);
		expect(await sweepUploads(dataDir)).toBe(2);
		// Once the older intent is past the lease, and the newer one is not.
		await db
			.update(mediaIntents)
			.set({ createdAt: new Date(Date.now() - 2 * INTENT_LEASE_MS) })
			.where((await import('drizzle-orm')).eq(mediaIntents.key, 'masters/theirs-old.jpg'));
		const report = await sweepMedia(db, storage, { owner: 'this-host:3000', now: later });
		// Three orphans, of which two had no deletion queued (they were never announced either).
		expect(report).toEqual({ partial: 2, orphans: 3, unqueued: 2, intents: 2 });
		expect(await filesIn(join(dataDir, 'media'))).toEqual([
			'derivatives/photoaaaaaaaaaaa/1-a/10.webp',
			'masters/kept.jpg',
			'masters/theirs-now.jpg'
		]);
		expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
		expect((await db.select().from(mediaIntents)).map((r) => r.key)).toEqual([
			'masters/theirs-now.jpg'
		]);
		// Folders left empty go too.
		expect(await readdir(join(dataDir, 'media', 'derivatives'))).toEqual(['photoaaaaaaaaaaa']);
		// A second sweep finds nothing.
		expect(await sweepMedia(db, storage, { owner: 'this-host:3000', now: later })).toEqual({
			partial: 0,
			orphans: 0,
			unqueued: 0,
			intents: 0
		});
	});

	it('removes a link in media/ without touching what it points at', async () => {
		const db = await testDb();
		const outside = join(base, 'precious.jpg');
		await writeFile(outside, 'not ours');
		await mkdir(join(dataDir, 'media', 'masters'), { recursive: true });
		await symlink(outside, join(dataDir, 'media', 'masters', 'link.jpg'));
		await symlink(base, join(dataDir, 'media', 'dirlink'));
		const report = await sweepMedia(db, storage, { owner: 'me' });
		expect(report.orphans).toBe(2);
		expect(await filesIn(join(dataDir, 'media'))).toEqual([]);
		expect((await stat(outside)).isFile()).toBe(true);
	});

	it('makes DATA_DIR owner-only, and everything created after it too', async () => {
		const db = await testDb();
		const umask = process.umask();
		try {
			await mkdir(join(dataDir, 'media', 'masters'), { recursive: true, mode: 0o755 });
			await writeFile(join(dataDir, 'app.db'), '', { mode: 0o644 });
			await writeFile(join(dataDir, 'media', 'masters', 'x.jpg'), 'x', { mode: 0o664 });
			await chmod(dataDir, 0o755);
			const report = await sweepAtStart(db, storage, dataDir, { owner: 'me' });
			// data, media, masters, app.db, and x.jpg (made owner-only first, then swept as an orphan)
			expect(report.modes).toBe(5);
			expect(report.orphans).toBe(1);
			// (masters/ itself is gone: left empty, it was pruned.)
			for (const path of [dataDir, join(dataDir, 'media')])
				expect((await lstat(path)).mode & 0o777, path).toBe(0o700);
			expect((await lstat(join(dataDir, 'app.db'))).mode & 0o777).toBe(0o600);
			expect((await lstat(join(dataDir, 'tmp'))).mode & 0o777).toBe(0o700);
			// New files: owner-only by the umask, and by the modes storage and uploads ask for.
			await writeFile(join(dataDir, 'new-file'), 'y');
			expect((await lstat(join(dataDir, 'new-file'))).mode & 0o777).toBe(0o600);
			await storage.put('derivatives/p/1-x/320.webp', Buffer.from('z'));
			expect((await lstat(join(dataDir, 'media', 'derivatives', 'p'))).mode & 0o777).toBe(0o700);
			expect(
				(await lstat(join(dataDir, 'media', 'derivatives', 'p', '1-x', '320.webp'))).mode & 0o777
			).toBe(0o600);
			expect(await ownerOnly(dataDir)).toBe(0);
		} finally {
			process.umask(umask);
		}
	});
});
