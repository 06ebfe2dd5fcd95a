import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	OWNER,
	listOwnStories,
	checkStory,
	ownStory,
	readPhotos,
	readStory,
	visibleStories,
	type OwnedStory
} from '../../src/lib/server/access';
import {
	MAX_PHOTOS,
	createStory,
	deletePhoto,
	deleteStory,
	finishProblems,
	insertPhoto,
	movePhoto,
	replaceFraming,
	updatePhotoText,
	updateStoryText,
	type NewPhoto
} from '../../src/lib/server/stories';
import { photoDerivatives, photos, stories } from '../../src/lib/server/db/schema';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { giveRole, makeUser, makeWorld, testDb } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';

let n = 0;
function fakePhoto(): NewPhoto {
	n += 1;
	return {
		id: `photo${String(n).padStart(11, 'a')}`.slice(0, 16),
		masterKey: `masters/m${n}.jpg`,
		masterWidth: 400,
		masterHeight: 300,
		framing: DEFAULT_FRAMING,
		width: 400,
		height: 300,
		thumbhash: 'AAAA',
		derivatives: [
			{
				kind: 'webp',
				width: 320,
				height: 240,
				storageKey: `derivatives/d${n}/320.webp`,
				bytes: 10
			},
			{
				kind: 'editor',
				width: 400,
				height: 300,
				storageKey: `derivatives/d${n}/editor.jpg`,
				bytes: 10
			}
		]
	};
}

async function setup() {
	const db = await testDb();
	const world = await makeWorld(db);
	const owner = await makeUser(db, { displayName: 'Rina' });
	await giveRole(db, owner, world.initiativeId, 'participant');
	const id = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: 'My garden',
		language: 'he'
	});
	const story = (await ownStory(db, owner, id)) as OwnedStory;
	return { db, world, owner, story };
}

const reload = async (db: Db, owner: { id: string; isAdmin: boolean }, id: string) =>
	(await ownStory(db, owner, id)) as OwnedStory;

describe('the gate, for drafts', () => {
	it('shows a story to its owner only — not to other participants, curators, partners or admins', async () => {
		const { db, world, owner, story } = await setup();
		const other = await makeUser(db);
		await giveRole(db, other, world.initiativeId, 'participant');
		const curator = await makeUser(db);
		await giveRole(db, curator, world.initiativeId, 'curator');
		const partner = await makeUser(db);
		await giveRole(db, partner, world.initiativeId, 'partner');
		expect((await readStory(db, owner, story.id, OWNER))?.id).toBe(story.id);
		for (const viewer of [other, curator, partner, world.admin, null]) {
			expect(await readStory(db, viewer, story.id, OWNER)).toBeUndefined();
			expect(await ownStory(db, viewer, story.id)).toBeUndefined();
			expect(await readPhotos(db, viewer, story.id, OWNER)).toEqual([]);
			const listed = await db
				.select({ id: stories.id })
				.from(stories)
				.where(visibleStories(viewer, OWNER));
			expect(listed).toEqual([]);
			expect((await checkStory(db, viewer, story, OWNER)).allowed).toBe(false);
		}
		expect((await listOwnStories(db, owner, world.initiativeId)).map((s) => s.id)).toEqual([
			story.id
		]);
	});
});

describe('stories', () => {
	it('keep text, tags and naming', async () => {
		const { db, owner, story } = await setup();
		await updateStoryText(db, story, {
			title: 'הגינה שלי',
			narrative: 'פסקה ראשונה.',
			language: 'he',
			roleTagIds: [],
			freeTags: ['מבשלת'],
			attribution: 'pseudonym',
			pseudonym: 'נועה'
		});
		const current = await reload(db, owner, story.id);
		expect(current.narrative).toBe('פסקה ראשונה.');
		expect(current.freeTags).toEqual(['מבשלת']);
		expect(current.pseudonym).toBe('נועה');
	});

	it('cannot be finished without a title, text, a photo, photo descriptions and the chosen name', async () => {
		const { db, owner, story } = await setup();
		const empty = {
			...story,
			title: '',
			narrative: '',
			attribution: 'pseudonym' as const,
			pseudonym: ''
		};
		expect(finishProblems(empty, [])).toEqual([
			'finish_needs_title',
			'finish_needs_text',
			'finish_needs_photo',
			'finish_needs_pseudonym'
		]);
		await insertPhoto(db, story, fakePhoto());
		const photoRows = await readPhotos(db, owner, story.id, OWNER);
		expect(finishProblems({ ...story, narrative: 'x' }, photoRows)).toEqual(['finish_needs_alt']);
		await updatePhotoText(db, story, photoRows[0]!.id, { altText: 'Tomatoes', caption: '' });
		expect(
			finishProblems({ ...story, narrative: 'x' }, await readPhotos(db, owner, story.id, OWNER))
		).toEqual([]);
	});

	it('hold at most 12 photos, in an order the participant sets', async () => {
		const { db, owner, story } = await setup();
		for (let i = 0; i < MAX_PHOTOS; i++)
			expect(await insertPhoto(db, story, fakePhoto())).toBe(true);
		expect(await insertPhoto(db, story, fakePhoto())).toBe(false);
		const before = (await readPhotos(db, owner, story.id, OWNER)).map((p) => p.id);
		expect(await movePhoto(db, story, before[0]!, 'earlier')).toBe(false);
		expect(await movePhoto(db, story, before[0]!, 'later')).toBe(true);
		const after = (await readPhotos(db, owner, story.id, OWNER)).map((p) => p.id);
		expect(after.slice(0, 2)).toEqual([before[1], before[0]]);
	});

	it('delete every row of a photo or a story and name every stored file to delete', async () => {
		const { db, owner, story } = await setup();
		const first = fakePhoto();
		const second = fakePhoto();
		await insertPhoto(db, story, first);
		await insertPhoto(db, story, second);
		const files = await deletePhoto(db, story, first.id);
		expect(files?.sort()).toEqual(
			[first.masterKey, ...first.derivatives.map((d) => d.storageKey)].sort()
		);
		expect(
			await db.select().from(photoDerivatives).where(eq(photoDerivatives.photoId, first.id))
		).toEqual([]);
		const rest = await deleteStory(db, await reload(db, owner, story.id));
		expect(rest.sort()).toEqual(
			[second.masterKey, ...second.derivatives.map((d) => d.storageKey)].sort()
		);
		expect(await db.select().from(photos)).toEqual([]);
		expect(await db.select().from(stories)).toEqual([]);
	});

	it('reframing makes a new version and hands back the old files, keeping the editor image', async () => {
		const { db, owner, story } = await setup();
		const photo = fakePhoto();
		await insertPhoto(db, story, photo);
		const [row] = await readPhotos(db, owner, story.id, OWNER);
		const stale = await replaceFraming(db, story, row!, {
			framing: { ...DEFAULT_FRAMING, rotation: 90 },
			width: 300,
			height: 400,
			thumbhash: 'BBBB',
			derivatives: [
				{ kind: 'webp', width: 300, height: 400, storageKey: 'derivatives/x/2/300.webp', bytes: 5 }
			]
		});
		expect(stale).toEqual([photo.derivatives[0]!.storageKey]);
		const kinds = await db
			.select()
			.from(photoDerivatives)
			.where(eq(photoDerivatives.photoId, photo.id));
		expect(kinds.map((d) => [d.kind, d.version]).sort()).toEqual([
			['editor', 2],
			['webp', 2]
		]);
		// A second change against the old version is refused: nothing is mixed up.
		expect(
			await replaceFraming(db, story, row!, {
				framing: DEFAULT_FRAMING,
				width: 1,
				height: 1,
				thumbhash: '',
				derivatives: []
			})
		).toBeUndefined();
	});
});
