// The guide's answers per photo (docs/guide.md): saved, skipped and removed per photo and per
// question, only on the owner's own photos, gone with the photo or the story, woven into the
// text photo after photo; the move of the answers a story kept for itself (migration 0013 and
// the first upload); the walk from question to question and photo to photo.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/libsql/migrator';
import {
	OWNER,
	POOL,
	ownStory,
	readPhotos,
	readStory,
	type OwnedStory
} from '../../src/lib/server/access';
import { presentStory } from '../../src/lib/server/stories/present';
import {
	createStory,
	deletePhoto,
	deleteStory,
	insertPhoto,
	movePhoto,
	saveShowedAnswer,
	weaveShowedIntoNarrative,
	type NewPhoto
} from '../../src/lib/server/stories';
import { photos, stories } from '../../src/lib/server/db/schema';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { nextPlace, placeUrl, previousPlace, skipPhoto, stepOf } from '../../src/lib/guide';
import { MIGRATIONS, giveRole, makeUser, makeWorld, testDb } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';

let n = 0;
function fakePhoto(): NewPhoto {
	n += 1;
	return {
		id: `guide${String(n).padStart(11, 'b')}`.slice(0, 16),
		masterKey: `masters/g${n}.jpg`,
		masterWidth: 400,
		masterHeight: 300,
		framing: DEFAULT_FRAMING,
		width: 400,
		height: 300,
		thumbhash: 'AAAA',
		derivatives: []
	};
}

async function setup(db?: Db) {
	db ??= await testDb();
	const world = await makeWorld(db);
	const owner = await makeUser(db, { displayName: 'Rina' });
	await giveRole(db, owner, world.initiativeId, 'participant');
	const id = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: 'My garden',
		language: 'he'
	});
	const own = async () => (await ownStory(db, owner, id)) as OwnedStory;
	return { db, world, owner, id, own };
}

const answersOf = async (db: Db, photoId: string) =>
	(await db.select({ showed: photos.showed }).from(photos).where(eq(photos.id, photoId)))[0]
		?.showed;

describe('the guide’s answers', () => {
	it('are kept per photo and per question; an empty answer removes one, others stay', async () => {
		const { db, owner, id, own } = await setup();
		const first = fakePhoto();
		const second = fakePhoto();
		await insertPhoto(db, await own(), first);
		await insertPhoto(db, await own(), second);
		expect(await saveShowedAnswer(db, await own(), first.id, 'see', 'עגבניות.')).toBe(true);
		expect(await saveShowedAnswer(db, await own(), first.id, 'do', 'גינה קהילתית.')).toBe(true);
		expect(await saveShowedAnswer(db, await own(), second.id, 'why', 'המחירים.')).toBe(true);
		// "happening" was skipped: nothing is stored for it.
		expect(await answersOf(db, first.id)).toEqual({ see: 'עגבניות.', do: 'גינה קהילתית.' });
		expect(await answersOf(db, second.id)).toEqual({ why: 'המחירים.' });
		await saveShowedAnswer(db, await own(), first.id, 'see', '   ');
		expect(await answersOf(db, first.id)).toEqual({ do: 'גינה קהילתית.' });
		// The gate hands them to the owner with the photos, in the story's order.
		const rows = await readPhotos(db, owner, id, OWNER);
		expect(rows.map((r) => r.showed)).toEqual([{ do: 'גינה קהילתית.' }, { why: 'המחירים.' }]);
		// Text that looks like JSON or SQL is kept as text.
		await saveShowedAnswer(db, await own(), second.id, 'see', `"}', 1); DROP TABLE photos; --`);
		expect((await answersOf(db, second.id))?.see).toBe(`"}', 1); DROP TABLE photos; --`);
	});

	it('are written only on the story’s own photos', async () => {
		const { db, owner, world, own } = await setup();
		const mine = fakePhoto();
		await insertPhoto(db, await own(), mine);
		const otherId = await createStory(db, owner, {
			initiativeId: world.initiativeId,
			title: 'Another',
			language: 'he'
		});
		const other = (await ownStory(db, owner, otherId)) as OwnedStory;
		expect(await saveShowedAnswer(db, other, mine.id, 'see', 'not here')).toBe(false);
		expect(await saveShowedAnswer(db, other, 'nosuchphoto00000', 'see', 'nowhere')).toBe(false);
		expect(await answersOf(db, mine.id)).toEqual({});
	});

	it('follow their photo when it moves, and go with it when it or the story is deleted', async () => {
		const { db, own } = await setup();
		const first = fakePhoto();
		const second = fakePhoto();
		await insertPhoto(db, await own(), first);
		await insertPhoto(db, await own(), second);
		await saveShowedAnswer(db, await own(), first.id, 'see', 'first photo');
		await saveShowedAnswer(db, await own(), second.id, 'see', 'second photo');
		await movePhoto(db, await own(), second.id, 'earlier');
		expect(await answersOf(db, second.id)).toEqual({ see: 'second photo' });
		await deletePhoto(db, await own(), first.id);
		const left = await db.all<{ showed: string }>(sql`SELECT showed FROM photos`);
		expect(left.map((r) => r.showed)).toEqual(['{"see":"second photo"}']);
		await deleteStory(db, await own());
		expect(await db.all(sql`SELECT showed FROM photos`)).toEqual([]);
	});

	it('are woven into the story text photo after photo, in the order of the questions', async () => {
		const { db, owner, id, own } = await setup();
		const first = fakePhoto();
		const second = fakePhoto();
		await insertPhoto(db, await own(), first);
		await insertPhoto(db, await own(), second);
		await db.update(stories).set({ narrative: 'פסקה ראשונה.' }).where(eq(stories.id, id));
		await saveShowedAnswer(db, await own(), second.id, 'see', 'B-see');
		await saveShowedAnswer(db, await own(), first.id, 'do', 'A-do');
		await saveShowedAnswer(db, await own(), first.id, 'see', 'A-see');
		const rows = await readPhotos(db, owner, id, OWNER);
		expect(await weaveShowedIntoNarrative(db, await own(), rows)).toBe(true);
		expect((await own()).narrative).toBe('פסקה ראשונה.\n\nA-see\n\nA-do\n\nB-see');
	});

	it('are the owner’s only: the gate is unchanged, and the pool’s view of a story has none', async () => {
		const { db, world, own, id } = await setup();
		const photo = fakePhoto();
		await insertPhoto(db, await own(), photo);
		await saveShowedAnswer(db, await own(), photo.id, 'see', 'private words');
		const curator = await makeUser(db);
		await giveRole(db, curator, world.initiativeId, 'curator');
		// A draft is not in the pool at all.
		expect(await readPhotos(db, curator, id, POOL)).toEqual([]);
		expect(await readPhotos(db, curator, id, OWNER)).toEqual([]);
		// Shared, it is; what a curator's page is drawn from carries the photo, not the answers.
		await db
			.update(stories)
			.set({ status: 'finished', finishedAt: new Date(), sharedAt: new Date() })
			.where(eq(stories.id, id));
		const story = (await readStory(db, curator, id, POOL))!;
		const rows = await readPhotos(db, curator, id, POOL);
		expect(rows).toHaveLength(1);
		const view = await presentStory(
			db,
			story,
			rows,
			{ displayName: 'Rina', username: 'r' },
			'he',
			undefined,
			POOL
		);
		expect(JSON.stringify(view)).not.toContain('private words');
	});
});

describe('answers a story kept for itself', () => {
	it('go with its first photo on the first upload, and leave the story', async () => {
		const { db, id, own } = await setup();
		await db
			.update(stories)
			.set({ showed: { see: 'before photos', do: 'ideas' } })
			.where(eq(stories.id, id));
		const first = fakePhoto();
		const second = fakePhoto();
		await insertPhoto(db, await own(), first);
		await insertPhoto(db, await own(), second);
		expect(await answersOf(db, first.id)).toEqual({ see: 'before photos', do: 'ideas' });
		expect(await answersOf(db, second.id)).toEqual({});
		expect((await own()).showed).toEqual({});
	});

	describe('migration 0013', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pv-guide-migrations-'));
		afterAll(() => rmSync(dir, { recursive: true, force: true }));

		it('moves them to the story’s first photo, and keeps those of a story without a photo', async () => {
			// The database as it was before 0013: the committed migrations up to 0012.
			const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8'));
			const before = journal.entries.filter((e: { idx: number }) => e.idx <= 12);
			expect(before).toHaveLength(13);
			mkdirSync(join(dir, 'meta'));
			writeFileSync(
				join(dir, 'meta/_journal.json'),
				JSON.stringify({ ...journal, entries: before })
			);
			for (const e of before as { tag: string }[])
				copyFileSync(join(MIGRATIONS, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
			const { openDatabase } = await import('../../src/lib/server/db');
			const { db } = await openDatabase({ url: ':memory:', migrationsDir: dir });
			expect(
				(await db.all<{ name: string }>(sql`PRAGMA table_info(photos)`)).map((c) => c.name)
			).not.toContain('showed');

			// Stories written as the schema of 0012 has them (later migrations add columns that
			// the app's own insert names).
			let made = 0;
			const before0013 = async () => {
				const world = await makeWorld(db);
				const owner = await makeUser(db, { displayName: 'Rina' });
				await giveRole(db, owner, world.initiativeId, 'participant');
				const id = `guideOld${String(++made).padStart(8, '0')}`;
				await db.run(sql`INSERT INTO stories (id, owner_id, initiative_id, title, language,
					updated_at) VALUES (${id}, ${owner.id}, ${world.initiativeId}, 'My garden', 'he', 0)`);
				return { id, own: async () => (await ownStory(db, owner, id)) as OwnedStory };
			};
			const withPhotos = await before0013();
			const withoutPhoto = await before0013();
			const unanswered = await before0013();
			const old = { see: 'ישן', why: 'כי' };
			for (const s of [withPhotos, withoutPhoto])
				await db.run(sql`UPDATE stories SET showed = ${JSON.stringify(old)} WHERE id = ${s.id}`);
			const insert = (id: string, storyId: string, position: number) =>
				db.run(sql`INSERT INTO photos (id, story_id, position, master_key, master_width,
					master_height, framing, width, height, thumbhash, updated_at)
					VALUES (${id}, ${storyId}, ${position}, ${`masters/${id}`}, 10, 10,
					${JSON.stringify(DEFAULT_FRAMING)}, 10, 10, '', 0)`);
			// Positions as a story keeps them after photos moved: the first is not the oldest.
			await insert('photoSecond00000', withPhotos.id, 1);
			await insert('photoFirst000000', withPhotos.id, 0);
			await insert('photoOther000000', unanswered.id, 0);

			await migrate(db, { migrationsFolder: MIGRATIONS });

			expect(await answersOf(db, 'photoFirst000000')).toEqual(old);
			expect(await answersOf(db, 'photoSecond00000')).toEqual({});
			expect(await answersOf(db, 'photoOther000000')).toEqual({});
			expect((await withPhotos.own()).showed).toEqual({});
			expect((await unanswered.own()).showed).toEqual({});
			// No photo to move them to: they stay with the story until its first upload.
			expect((await withoutPhoto.own()).showed).toEqual(old);
		});
	});
});

describe('the walk through the photos', () => {
	it('goes question after question, photo after photo, and back', () => {
		expect(nextPlace(0, 1, 2)).toEqual({ photo: 0, step: 2 });
		expect(nextPlace(0, 5, 2)).toEqual({ photo: 1, step: 1 });
		expect(nextPlace(1, 5, 2)).toBe('done');
		expect(previousPlace(1, 1)).toEqual({ photo: 0, step: 5 });
		expect(previousPlace(0, 3)).toEqual({ photo: 0, step: 2 });
		expect(previousPlace(0, 1)).toEqual({ photo: 0, step: 1 });
		expect(skipPhoto(0, 3)).toEqual({ photo: 1, step: 1 });
		expect(skipPhoto(2, 3)).toBe('done');
		expect(stepOf('3')).toBe(3);
		for (const bad of ['0', '6', 'x', null, '2.5']) expect(stepOf(bad)).toBe(1);
		expect(placeUrl('/g', { photo: 1, step: 4 }, ['a', 'b'])).toBe('/g/b?step=4');
		expect(placeUrl('/g', 'done', ['a'])).toBe('/g?finished=1#answers');
	});
});
