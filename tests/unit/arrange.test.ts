import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	inExhibition,
	ownStory,
	readCover,
	readCovers,
	type OwnedStory
} from '../../src/lib/server/access';
import {
	consentHistory,
	decidePlacement,
	shareStory,
	showTerms,
	withdrawPlacement
} from '../../src/lib/server/consent';
import {
	addSection,
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import {
	arrangePlacement,
	coverChoices,
	placementsBySection,
	saveTexts,
	setCover
} from '../../src/lib/server/exhibitions/arrange';
import {
	createStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import { exhibitionSections, exhibitions, placements } from '../../src/lib/server/db/schema';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { giveRole, makeUser, makeWorld, testDb, text, type TestUser } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';

const words = (t: string) => ({ text: t, locale: 'en' as const });
let n = 0;

async function storyWithPhotos(db: Db, owner: TestUser, initiativeId: string, title: string) {
	const id = await createStory(db, owner, { initiativeId, title, language: 'en' });
	let story = (await ownStory(db, owner, id))!;
	const photoIds: string[] = [];
	for (let i = 0; i < 2; i++) {
		n += 1;
		const photoId = `ar${String(n).padStart(14, '0')}`;
		await insertPhoto(db, story, {
			id: photoId,
			masterKey: `m/${photoId}`,
			masterWidth: 10,
			masterHeight: 10,
			framing: DEFAULT_FRAMING,
			width: 10,
			height: 10,
			thumbhash: '',
			derivatives: []
		});
		await updatePhotoText(db, story, photoId, { altText: `${title} ${i}`, caption: '' });
		photoIds.push(photoId);
	}
	story = (await ownStory(db, owner, id))!;
	await setStoryStatus(db, story, 'finished');
	story = (await ownStory(db, owner, id))!;
	expect(await shareStory(db, story, words('share'))).toBe('ok');
	return { story: (await ownStory(db, owner, id)) as OwnedStory, photoIds };
}

/** An exhibition with two sections and four stories proposed into the first; two approved. */
async function arranged() {
	const db = await testDb();
	const w = await makeWorld(db);
	const owner = await makeUser(db);
	await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles'),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('First')
	);
	const load = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
	const second = await addSection(db, await load(), text('Second'), {});
	const stories: (Awaited<ReturnType<typeof storyWithPhotos>> & {
		placementId: string;
		title: string;
	})[] = [];
	for (const title of ['A', 'B', 'C', 'D']) {
		const s = await storyWithPhotos(db, owner, w.initiativeId, title);
		const exhibition = await load();
		expect(
			await proposePlacement(db, curator.id, exhibition, s.story, {
				sectionId: exhibition.sections[0]!.id,
				size: 'medium',
				note: ''
			})
		).toBe('ok');
		const placementId = (await load()).placements.find((p) => p.storyId === s.story.id)!.id;
		stories.push({ ...s, placementId, title });
	}
	for (const s of stories.slice(0, 2))
		expect(
			await decidePlacement(
				db,
				(await ownStory(db, owner, s.story.id)) as OwnedStory,
				s.placementId,
				{
					approve: {
						photoIds: [s.photoIds[1]!],
						attribution: 'anonymous',
						pseudonym: '',
						expiresAt: null
					},
					shown: (await showTerms(db, s.placementId))!
				},
				words('yes')
			)
		).toBe('ok');
	const order = async () => {
		const bySection = placementsBySection(await load());
		const title = (id: string) => stories.find((s) => s.placementId === id)!.title;
		return [...bySection.values()].map((list) => list.map((p) => title(p.id)).join(''));
	};
	const status = async (placementId: string) =>
		(await db.select().from(placements).where(eq(placements.id, placementId)))[0]!.status;
	return { db, w, owner, curator, exhibitionId, second, stories, load, order, status };
}

describe('arranging placements', () => {
	it('moves a story to a position within its section, without asking anyone', async () => {
		const { db, curator, stories, load, order, status } = await arranged();
		const [a, , , d] = stories;
		const first = (await load()).sections[0]!.id;
		expect(await order()).toEqual(['ABCD', '']);
		const result = await arrangePlacement(db, curator.id, await load(), d!.placementId, {
			sectionId: first,
			index: 1
		});
		expect(result).toEqual({
			ok: true,
			sectionId: first,
			position: 2,
			count: 4,
			moved: true,
			askedAgain: false
		});
		expect(await order()).toEqual(['ADBC', '']);
		await arrangePlacement(db, curator.id, await load(), a!.placementId, {
			sectionId: first,
			index: 99
		});
		expect(await order()).toEqual(['DBCA', '']);
		expect(await status(a!.placementId)).toBe('approved');
		const positions = (await load()).placements.map((p) => p.position).sort();
		expect(new Set(positions).size).toBe(4);
	});

	it('moves an approved story to another section and asks its participant again, with a consent event', async () => {
		const { db, curator, second, stories, load, order, status } = await arranged();
		const [a, b, c] = stories;
		const result = await arrangePlacement(db, curator.id, await load(), b!.placementId, {
			sectionId: second,
			index: 0
		});
		expect(result).toMatchObject({ ok: true, position: 1, count: 1, askedAgain: true });
		expect(await status(b!.placementId)).toBe('pending');
		expect(await order()).toEqual(['ACD', 'B']);
		const events = await consentHistory(db, [b!.story.id]);
		expect(events.at(-1)).toMatchObject({
			kind: 'reapproval_requested',
			placementId: b!.placementId,
			details: { reason: 'section' }
		});
		// A pending story moves freely; nobody is asked twice.
		const moved = await arrangePlacement(db, curator.id, await load(), c!.placementId, {
			sectionId: second,
			index: 0
		});
		expect(moved).toMatchObject({ ok: true, position: 1, count: 2, askedAgain: false });
		expect(await order()).toEqual(['AD', 'CB']);
		expect(await status(a!.placementId)).toBe('approved');
	});

	it('refuses a placement or a section of another exhibition', async () => {
		const { db, w, curator, stories, load, exhibitionId } = await arranged();
		const otherId = await createExhibition(
			db,
			curator.id,
			w.initiativeId,
			{
				title: text('Other'),
				introduction: {},
				audience: 'public',
				workingGroupIds: [],
				themeIds: [],
				endsAt: null
			},
			text('Elsewhere')
		);
		const other = (await getExhibition(db, w.initiativeId, otherId))!;
		expect(
			await arrangePlacement(db, curator.id, other, stories[0]!.placementId, {
				sectionId: other.sections[0]!.id,
				index: 0
			})
		).toEqual({ ok: false });
		expect(
			await arrangePlacement(db, curator.id, await load(), stories[0]!.placementId, {
				sectionId: other.sections[0]!.id,
				index: 0
			})
		).toEqual({ ok: false });
		expect((await load()).placements.every((p) => p.exhibitionId === exhibitionId)).toBe(true);
	});
});

describe('the cover', () => {
	it('can be only a photo approved for a standing placement of this exhibition', async () => {
		const { db, curator, stories, load, exhibitionId } = await arranged();
		const [a, , c] = stories;
		const choices = await coverChoices(db, curator, await load());
		expect(choices.map((x) => x.photos.map((p) => p.id))).toEqual([
			[a!.photoIds[1]],
			[stories[1]!.photoIds[1]]
		]);
		expect(await setCover(db, curator, await load(), a!.photoIds[0]!)).toBe(false); // not approved
		expect(await setCover(db, curator, await load(), c!.photoIds[1]!)).toBe(false); // pending
		expect(await setCover(db, curator, await load(), 'x'.repeat(16))).toBe(false);
		expect(await setCover(db, curator, await load(), a!.photoIds[1]!)).toBe(true);
		const cover = async () =>
			(await db.select().from(exhibitions).where(eq(exhibitions.id, exhibitionId)))[0]!
				.coverPhotoId;
		expect(await cover()).toBe(a!.photoIds[1]);
		expect(await setCover(db, curator, await load(), null)).toBe(true);
		expect(await cover()).toBeNull();
	});
});

describe('the covers of a page of exhibitions (the home page)', () => {
	it('are decided as readCover decides each: in the audience, while the placement stands', async () => {
		const { db, owner, curator, stories, load, exhibitionId } = await arranged();
		const [a] = stories;
		expect(await setCover(db, curator, await load(), a!.photoIds[1]!)).toBe(true);
		await setExhibitionStatus(db, curator.id, await load(), 'published');
		const row = async () =>
			(await db.select().from(exhibitions).where(eq(exhibitions.id, exhibitionId)))[0]!;
		const outsider = await makeUser(db);
		const both = async (viewer: TestUser | null) => {
			const many = (await readCovers(db, viewer, [await row()])).get(exhibitionId)?.id ?? null;
			const one =
				(await readCover(db, viewer, await row(), inExhibition(exhibitionId)))?.id ?? null;
			expect(many).toBe(one);
			return many;
		};
		// A partners-only exhibition: its members see the cover, nobody else does.
		expect(await both(curator)).toBe(a!.photoIds[1]);
		expect(await both(null)).toBeNull();
		expect(await both(outsider)).toBeNull();
		// No cover chosen: nothing, with no statement about photos.
		expect(await readCovers(db, curator, [{ id: exhibitionId, coverPhotoId: null }])).toEqual(
			new Map()
		);
		// Withdrawn: gone at once.
		await withdrawPlacement(db, (await ownStory(db, owner, a!.story.id))!, a!.placementId, {
			text: 'withdraw',
			locale: 'en'
		});
		expect(await both(curator)).toBeNull();
	});
});

describe('saving texts', () => {
	it('changes words only, and needs a title', async () => {
		const { db, curator, load, second, exhibitionId } = await arranged();
		const before = await load();
		expect(
			await saveTexts(db, before, { kind: 'exhibition', title: {}, introduction: text('x') })
		).toBe('error_title_required');
		expect(
			await saveTexts(db, before, {
				kind: 'exhibition',
				title: text('New title', 'כותרת'),
				introduction: text('New words')
			})
		).toBe('ok');
		const after = await load();
		expect(after).toMatchObject({
			title: { en: 'New title', he: 'כותרת' },
			introduction: { en: 'New words' },
			audience: before.audience,
			status: before.status
		});
		expect(
			await saveTexts(db, after, {
				kind: 'section',
				sectionId: second,
				title: text('Kitchen tables'),
				body: text('Where we talk.')
			})
		).toBe('ok');
		const [row] = await db
			.select()
			.from(exhibitionSections)
			.where(eq(exhibitionSections.id, second));
		expect(row).toMatchObject({ title: { en: 'Kitchen tables' }, body: { en: 'Where we talk.' } });
		expect(
			await saveTexts(db, after, {
				kind: 'section',
				sectionId: 'y'.repeat(16),
				title: text('x'),
				body: {}
			})
		).toBe('autosave_section_gone');
		expect(curator).toBeDefined();
		expect(exhibitionId).toBe(after.id);
	});
});
