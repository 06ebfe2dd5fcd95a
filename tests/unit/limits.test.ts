// Per-person limits (stories, uploads an hour) and the settings that hold them.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { admitUpload, UPLOAD_WINDOW_MS } from '../../src/lib/server/media/uploads';
import { createStoryWithinLimit } from '../../src/lib/server/stories';
import { uploadAttempts } from '../../src/lib/server/db/schema';
import { giveRole, makeUser, makeWorld, testDb } from '../fixtures/factories';

describe('MAX_UPLOADS_PER_HOUR', () => {
	it('admits so many uploads an hour per person, and says when the next may start', async () => {
		const db = await testDb();
		const [a, b] = [await makeUser(db), await makeUser(db)];
		const t0 = new Date('2026-03-01T10:00:00Z');
		const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
		expect(await admitUpload(db, a.id, 3, at(0))).toEqual({ ok: true });
		expect(await admitUpload(db, a.id, 3, at(10))).toEqual({ ok: true });
		expect(await admitUpload(db, a.id, 3, at(20))).toEqual({ ok: true });
		// The fourth within the hour: the first one frees its place at 11:00, 35 minutes on.
		expect(await admitUpload(db, a.id, 3, at(25))).toEqual({ ok: false, retryAfterMinutes: 35 });
		// Someone else is not held back by it.
		expect(await admitUpload(db, b.id, 3, at(25))).toEqual({ ok: true });
		// A refused attempt does not count; an hour after the first, there is room again.
		expect(await admitUpload(db, a.id, 3, at(60))).toEqual({ ok: true });
		expect(await admitUpload(db, a.id, 3, at(61))).toEqual({ ok: false, retryAfterMinutes: 9 });
	});

	it('keeps no more than an hour of uploads, for anyone', async () => {
		const db = await testDb();
		const [a, b] = [await makeUser(db), await makeUser(db)];
		const t0 = Date.parse('2026-03-01T10:00:00Z');
		await admitUpload(db, a.id, 10, new Date(t0));
		await admitUpload(db, b.id, 10, new Date(t0 + 1000));
		await admitUpload(db, b.id, 10, new Date(t0 + UPLOAD_WINDOW_MS + 5000));
		const rows = await db.select().from(uploadAttempts);
		expect(rows.map((r) => r.userId)).toEqual([b.id]);
	});

	it('lets no two simultaneous uploads pass the limit together', async () => {
		const db = await testDb();
		const a = await makeUser(db);
		const answers = await Promise.all(Array.from({ length: 8 }, () => admitUpload(db, a.id, 5)));
		expect(answers.filter((r) => r.ok)).toHaveLength(5);
	});
});

describe('MAX_STORIES_PER_PERSON', () => {
	it('counts a person’s stories in every initiative, and lets no race pass it', async () => {
		const db = await testDb();
		const [one, two] = [await makeWorld(db), await makeWorld(db)];
		const owner = await makeUser(db);
		await giveRole(db, owner, one.initiativeId, 'participant');
		await giveRole(db, owner, two.initiativeId, 'participant');
		const input = (initiativeId: string) => ({ initiativeId, title: 't', language: 'en' as const });
		expect(await createStoryWithinLimit(db, owner, input(one.initiativeId), 3)).toMatch(
			/^[a-z2-7]{16}$/
		);
		expect(await createStoryWithinLimit(db, owner, input(two.initiativeId), 3)).not.toBeNull();
		const racing = await Promise.all(
			[0, 1, 2].map(() => createStoryWithinLimit(db, owner, input(two.initiativeId), 3))
		);
		expect(racing.filter((id) => id !== null)).toHaveLength(1);
		expect(await createStoryWithinLimit(db, owner, input(one.initiativeId), 3)).toBeNull();
		const other = await makeUser(db);
		expect(await createStoryWithinLimit(db, other, input(one.initiativeId), 3)).not.toBeNull();
	});
});

describe('settings', () => {
	it('have defaults', () => {
		expect(loadConfig({})).toMatchObject({
			maxUploadBytes: 25 * 1024 * 1024,
			imageMemoryBytes: 640 * 1024 * 1024,
			imageConcurrency: 2,
			maxStoriesPerPerson: 50,
			maxPhotosPerStory: 12,
			maxUploadsPerHour: 60
		});
		expect(loadConfig({ MAX_UPLOAD_MB: '2.5', MAX_PHOTOS_PER_STORY: ' 20 ' })).toMatchObject({
			maxUploadBytes: Math.round(2.5 * 1024 * 1024),
			maxPhotosPerStory: 20
		});
	});

	it('refuse a value out of range or not a number, naming the setting and what it takes', () => {
		expect(() => loadConfig({ MAX_UPLOADS_PER_HOUR: 'many' })).toThrow(
			'MAX_UPLOADS_PER_HOUR must be a whole number from 1 to 10000 (got "many")'
		);
		expect(() => loadConfig({ MAX_PHOTOS_PER_STORY: '0' })).toThrow(/MAX_PHOTOS_PER_STORY/);
		expect(() => loadConfig({ MAX_STORIES_PER_PERSON: '2.5' })).toThrow(/whole number/);
		expect(() => loadConfig({ IMAGE_MEMORY_MB: '64' })).toThrow(
			'IMAGE_MEMORY_MB must be a whole number from 128 to 65536 (got "64")'
		);
		expect(() => loadConfig({ IMAGE_CONCURRENCY: '-1' })).toThrow(/IMAGE_CONCURRENCY/);
		expect(() => loadConfig({ MAX_UPLOAD_MB: '0' })).toThrow(
			'MAX_UPLOAD_MB must be a number from 1 to 200 (got "0")'
		);
		expect(() => loadConfig({ MAX_UPLOAD_MB: 'Infinity' })).toThrow(/MAX_UPLOAD_MB/);
	});
});
