import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
	OWNER,
	checkStory,
	inExhibition,
	listPool,
	ownStory,
	readPhotos,
	readStory,
	type OwnedStory
} from '../../src/lib/server/access';
import {
	consentHistory,
	decidePlacement,
	openRequests,
	recordExpiries,
	shareStory,
	unshareStory,
	withdrawEverything,
	withdrawPlacement,
	withdrawStory,
	showTerms
} from '../../src/lib/server/consent';
import {
	createExhibition,
	deleteSection,
	getExhibition,
	movePlacement,
	proposePlacement,
	setExhibitionStatus,
	updateExhibition,
	updatePlacement,
	widens
} from '../../src/lib/server/exhibitions';
import {
	createStory,
	deleteStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import { consentEvents, placements } from '../../src/lib/server/db/schema';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { giveRole, makeUser, makeWorld, testDb, text } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';

const words = (t: string) => ({ text: t, locale: 'en' as const });
let n = 0;

async function world() {
	const db = await testDb();
	const w = await makeWorld(db);
	const owner = await makeUser(db, { displayName: 'Sara' });
	await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const partner = await makeUser(db);
	await giveRole(db, partner, w.initiativeId, 'partner', [w.workingGroupIds[0]]);
	const outsider = await makeUser(db);
	const storyId = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: 'Bus stop',
		language: 'en'
	});
	let story = (await ownStory(db, owner, storyId))!;
	const photoIds: string[] = [];
	for (let i = 0; i < 2; i++) {
		n += 1;
		const id = `ph${String(n).padStart(14, '0')}`;
		await insertPhoto(db, story, {
			id,
			masterKey: `m/${id}`,
			masterWidth: 10,
			masterHeight: 10,
			framing: DEFAULT_FRAMING,
			width: 10,
			height: 10,
			thumbhash: '',
			derivatives: []
		});
		await updatePhotoText(db, story, id, { altText: `photo ${i}`, caption: '' });
		photoIds.push(id);
	}
	story = (await ownStory(db, owner, storyId))!;
	await setStoryStatus(db, story, 'finished');
	story = (await ownStory(db, owner, storyId))!;
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles we play'),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [w.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	return { db, w, owner, curator, partner, outsider, story, photoIds, exhibitionId };
}

const fresh = async (db: Db, owner: { id: string; isAdmin: boolean }, id: string) =>
	(await ownStory(db, owner, id)) as OwnedStory;

describe('sharing', () => {
	it('puts a finished story in the curators pool, and only there; unsharing takes it out', async () => {
		const { db, owner, curator, partner, outsider, w, story, photoIds } = await world();
		expect(await listPool(db, curator, w.initiativeId)).toEqual([]);
		expect(await shareStory(db, story, words('I share'))).toBe('ok');
		expect(await shareStory(db, await fresh(db, owner, story.id), words('again'))).toBe(
			'share_already'
		);
		expect((await listPool(db, curator, w.initiativeId)).map((s) => s.id)).toEqual([story.id]);
		// Each with the number of its photos (the pool shows no photo, only how many).
		expect((await listPool(db, curator, w.initiativeId))[0]!.photoCount).toBe(photoIds.length);
		expect((await listPool(db, w.admin, w.initiativeId)).map((s) => s.id)).toEqual([story.id]);
		for (const viewer of [partner, outsider, owner])
			expect(await listPool(db, viewer, w.initiativeId)).toEqual([]);
		await unshareStory(db, await fresh(db, owner, story.id), words('I stop'));
		expect(await listPool(db, curator, w.initiativeId)).toEqual([]);
		expect((await consentHistory(db, [story.id])).map((e) => [e.kind, e.text])).toEqual([
			['shared', 'I share'],
			['unshared', 'I stop']
		]);
	});

	it('refuses a draft', async () => {
		const { db, owner, story } = await world();
		await setStoryStatus(db, story, 'draft');
		expect(await shareStory(db, await fresh(db, owner, story.id), words('x'))).toBe(
			'share_needs_finished'
		);
	});
});

describe('placements', () => {
	async function proposed() {
		const ctx = await world();
		await shareStory(ctx.db, ctx.story, words('share'));
		const exhibition = (await getExhibition(ctx.db, ctx.w.initiativeId, ctx.exhibitionId))!;
		expect(
			await proposePlacement(
				ctx.db,
				ctx.curator.id,
				exhibition,
				await fresh(ctx.db, ctx.owner, ctx.story.id),
				{
					sectionId: exhibition.sections[0]!.id,
					size: 'medium',
					note: 'Please?'
				}
			)
		).toBe('ok');
		const placement = (await getExhibition(ctx.db, ctx.w.initiativeId, ctx.exhibitionId))!
			.placements[0]!;
		return { ...ctx, placementId: placement.id };
	}

	it('are shown only once approved, published, and to their audience — with only the approved photos', async () => {
		const { db, w, owner, curator, partner, outsider, story, photoIds, exhibitionId, placementId } =
			await proposed();
		const context = inExhibition(exhibitionId);
		const exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
		await setExhibitionStatus(db, curator.id, exhibition, 'published');
		expect(await readStory(db, partner, story.id, context)).toBeUndefined(); // awaiting approval
		expect((await openRequests(db, [story.id])).map((r) => r.placement.id)).toEqual([placementId]);
		const current = await fresh(db, owner, story.id);
		expect(
			await decidePlacement(
				db,
				current,
				placementId,
				{
					approve: { photoIds: [], attribution: 'anonymous', pseudonym: '', expiresAt: null },
					shown: (await showTerms(db, placementId))!
				},
				words('x')
			)
		).toBe('decide_needs_photo');
		expect(
			await decidePlacement(
				db,
				current,
				placementId,
				{
					approve: {
						photoIds: [photoIds[1]!],
						attribution: 'pseudonym',
						pseudonym: '',
						expiresAt: null
					},
					shown: (await showTerms(db, placementId))!
				},
				words('x')
			)
		).toBe('decide_needs_pseudonym');
		expect(
			await decidePlacement(
				db,
				current,
				placementId,
				{
					approve: {
						photoIds: [photoIds[1]!],
						attribution: 'pseudonym',
						pseudonym: 'Dalia',
						expiresAt: null
					},
					shown: (await showTerms(db, placementId))!
				},
				words('I agree: Dalia, one photo')
			)
		).toBe('ok');
		for (const viewer of [partner, curator, owner])
			expect((await readStory(db, viewer, story.id, context))?.id).toBe(story.id);
		expect(await readStory(db, outsider, story.id, context)).toBeUndefined(); // not a member
		expect(await readStory(db, null, story.id, context)).toBeUndefined(); // partners only
		// An admin is not in a partners' audience (admins preview as curators instead).
		expect(await readStory(db, w.admin, story.id, context)).toBeUndefined();
		expect((await readPhotos(db, partner, story.id, context)).map((p) => p.id)).toEqual([
			photoIds[1]
		]);
		const [row] = await db.select().from(placements).where(eq(placements.id, placementId));
		expect(row).toMatchObject({
			status: 'approved',
			attribution: 'pseudonym',
			pseudonym: 'Dalia',
			approvedSize: 'medium',
			approvedAudience: 'partners'
		});
		// Not shown while the exhibition is a draft.
		await setExhibitionStatus(
			db,
			curator.id,
			(await getExhibition(db, w.initiativeId, exhibitionId))!,
			'draft'
		);
		expect(await readStory(db, partner, story.id, context)).toBeUndefined();
	});

	it('go back to awaiting approval when size, section or a wider audience change — not for a narrower one or a move', async () => {
		const { db, w, owner, curator, story, photoIds, exhibitionId, placementId } = await proposed();
		const approve = async () => {
			const result = await decidePlacement(
				db,
				await fresh(db, owner, story.id),
				placementId,
				{
					approve: { photoIds, attribution: 'anonymous', pseudonym: '', expiresAt: null },
					shown: (await showTerms(db, placementId))!
				},
				words('yes')
			);
			expect(result).toBe('ok');
		};
		const status = async () =>
			(await db.select().from(placements).where(eq(placements.id, placementId)))[0]!.status;
		const load = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
		await approve();
		await updateExhibition(db, curator.id, await load(), {
			title: text('Roles'),
			introduction: {},
			audience: 'working_group',
			workingGroupIds: [w.workingGroupIds[0]],
			themeIds: [],
			endsAt: null
		});
		expect(await status()).toBe('approved'); // narrower
		await movePlacement(db, await load(), placementId, 'later');
		expect(await status()).toBe('approved');
		await updateExhibition(db, curator.id, await load(), {
			title: text('Roles'),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		});
		expect(await status()).toBe('pending'); // wider than partners
		await approve();
		const sectionId = (await load()).sections[0]!.id;
		await updatePlacement(db, curator.id, await load(), placementId, { sectionId, size: 'large' });
		expect(await status()).toBe('pending');
		await approve();
		const { addSection } = await import('../../src/lib/server/exhibitions');
		const second = await addSection(db, await load(), text('Second'), {});
		await updatePlacement(db, curator.id, await load(), placementId, {
			sectionId: second,
			size: 'large'
		});
		expect(await status()).toBe('pending');
		await approve();
		await deleteSection(db, curator.id, await load(), second);
		expect(await status()).toBe('pending');
		const kinds = (await consentHistory(db, [story.id])).map((e) => e.kind);
		expect(kinds.filter((k) => k === 'reapproval_requested')).toHaveLength(4);
	});

	it('decline, withdraw one, withdraw the story, withdraw everything — each takes effect at once', async () => {
		const { db, w, owner, curator, partner, story, photoIds, exhibitionId, placementId } =
			await proposed();
		await setExhibitionStatus(
			db,
			curator.id,
			(await getExhibition(db, w.initiativeId, exhibitionId))!,
			'published'
		);
		const context = inExhibition(exhibitionId);
		await decidePlacement(
			db,
			await fresh(db, owner, story.id),
			placementId,
			{
				approve: { photoIds, attribution: 'own_name', pseudonym: '', expiresAt: null },
				shown: (await showTerms(db, placementId))!
			},
			words('yes')
		);
		expect(await readStory(db, partner, story.id, context)).toBeDefined();
		expect(
			await withdrawPlacement(
				db,
				await fresh(db, owner, story.id),
				placementId,
				words('I withdraw')
			)
		).toBe(true);
		expect(await readStory(db, partner, story.id, context)).toBeUndefined();
		expect(
			await withdrawPlacement(db, await fresh(db, owner, story.id), placementId, words('again'))
		).toBe(false);

		// A second exhibition: withdraw the whole story, then everything.
		const second = await createExhibition(
			db,
			curator.id,
			w.initiativeId,
			{
				title: text('Second'),
				introduction: {},
				audience: 'public',
				workingGroupIds: [],
				themeIds: [],
				endsAt: null
			},
			text('S')
		);
		const ex2 = (await getExhibition(db, w.initiativeId, second))!;
		await proposePlacement(db, curator.id, ex2, await fresh(db, owner, story.id), {
			sectionId: ex2.sections[0]!.id,
			size: 'small',
			note: ''
		});
		const p2 = (await getExhibition(db, w.initiativeId, second))!.placements[0]!.id;
		await decidePlacement(
			db,
			await fresh(db, owner, story.id),
			p2,
			{
				approve: { photoIds, attribution: 'anonymous', pseudonym: '', expiresAt: null },
				shown: (await showTerms(db, p2))!
			},
			words('yes')
		);
		await setExhibitionStatus(
			db,
			curator.id,
			(await getExhibition(db, w.initiativeId, second))!,
			'published'
		);
		expect(await readStory(db, null, story.id, inExhibition(second))).toBeDefined();
		await withdrawStory(db, await fresh(db, owner, story.id), words('from everywhere'));
		expect(await readStory(db, null, story.id, inExhibition(second))).toBeUndefined();
		expect(await listPool(db, curator, w.initiativeId)).toEqual([]);
		await withdrawEverything(db, [await fresh(db, owner, story.id)], words('everything'));
		const kinds = (await consentHistory(db, [story.id])).map((e) => e.kind);
		expect(kinds).toEqual([
			'shared',
			'approved',
			'withdrawn',
			'approved',
			'withdrawn_story',
			'withdrawn_everything'
		]);
	});

	it('run out at their end date, then can be renewed', async () => {
		const { db, w, owner, curator, partner, story, photoIds, exhibitionId, placementId } =
			await proposed();
		await setExhibitionStatus(
			db,
			curator.id,
			(await getExhibition(db, w.initiativeId, exhibitionId))!,
			'published'
		);
		const t0 = new Date();
		const end = new Date(t0.getTime() + 1000);
		await decidePlacement(
			db,
			await fresh(db, owner, story.id),
			placementId,
			{
				approve: { photoIds, attribution: 'anonymous', pseudonym: '', expiresAt: end },
				shown: (await showTerms(db, placementId))!
			},
			words('until tomorrow')
		);
		const context = inExhibition(exhibitionId);
		expect(await readStory(db, partner, story.id, context, t0)).toBeDefined();
		const later = new Date(end.getTime() + 1);
		expect(await readStory(db, partner, story.id, context, later)).toBeUndefined();
		expect((await checkStory(db, partner, story, context, later)).allowed).toBe(false);
		expect((await openRequests(db, [story.id], later)).map((r) => r.renewal)).toEqual([true]);
		await recordExpiries(db, [story.id], later);
		await recordExpiries(db, [story.id], later); // once only
		expect((await consentHistory(db, [story.id])).filter((e) => e.kind === 'expired')).toHaveLength(
			1
		);
		expect(
			await decidePlacement(
				db,
				await fresh(db, owner, story.id),
				placementId,
				{
					approve: { photoIds, attribution: 'anonymous', pseudonym: '', expiresAt: null },
					shown: (await showTerms(db, placementId))!
				},
				words('renewed'),
				later
			)
		).toBe('ok');
		expect(await readStory(db, partner, story.id, context, later)).toBeDefined();
	});
});

describe('a no', () => {
	it('is a no for that exhibition until the participant shares the story anew', async () => {
		const { db, w, owner, curator, story, exhibitionId } = await world();
		await shareStory(db, story, words('share'));
		const load = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
		const sectionId = (await load()).sections[0]!.id;
		const propose = async () =>
			proposePlacement(db, curator.id, await load(), await fresh(db, owner, story.id), {
				sectionId,
				size: 'small',
				note: 'again?'
			});
		expect(await propose()).toBe('ok');
		expect(await propose()).toBe('propose_already');
		const placementId = (await load()).placements[0]!.id;
		await decidePlacement(
			db,
			await fresh(db, owner, story.id),
			placementId,
			{ decline: true },
			words('no')
		);
		expect(await propose()).toBe('propose_declined');
		const { removePlacement } = await import('../../src/lib/server/exhibitions');
		expect(await removePlacement(db, await load(), placementId)).toBe(false); // the no stays on record
		await unshareStory(db, await fresh(db, owner, story.id), words('stop'));
		await new Promise((r) => setTimeout(r, 5));
		await shareStory(db, await fresh(db, owner, story.id), words('share again'));
		expect(await propose()).toBe('ok');
		expect((await load()).placements.map((p) => p.status)).toEqual(['pending']);
	});
});

describe('consent events', () => {
	it('cannot be changed or deleted, but go with their story when it is deleted', async () => {
		const { db, owner, story } = await world();
		await shareStory(db, story, words('share'));
		await expect(db.update(consentEvents).set({ text: 'something else' })).rejects.toThrow();
		await expect(db.delete(consentEvents)).rejects.toThrow();
		await expect(db.run(sql`UPDATE consent_events SET kind = 'approved'`)).rejects.toThrow();
		expect(await consentHistory(db, [story.id])).toHaveLength(1);
		await deleteStory(db, await fresh(db, owner, story.id));
		expect(await db.select().from(consentEvents)).toEqual([]);
		expect(await readStory(db, owner, story.id, OWNER)).toBeUndefined();
	});
});

describe('audiences', () => {
	it('widening is judged against what was approved', () => {
		expect(
			widens(
				{ audience: 'partners', workingGroupIds: [] },
				{ audience: 'public', workingGroupIds: [] }
			)
		).toBe(true);
		expect(
			widens(
				{ audience: 'public', workingGroupIds: [] },
				{ audience: 'partners', workingGroupIds: [] }
			)
		).toBe(false);
		expect(
			widens(
				{ audience: 'working_group', workingGroupIds: ['a'] },
				{ audience: 'working_group', workingGroupIds: ['a', 'b'] }
			)
		).toBe(true);
		expect(
			widens(
				{ audience: 'working_group', workingGroupIds: ['a', 'b'] },
				{ audience: 'working_group', workingGroupIds: ['b'] }
			)
		).toBe(false);
		expect(
			widens(
				{ audience: 'working_group', workingGroupIds: ['a'] },
				{ audience: 'partners', workingGroupIds: [] }
			)
		).toBe(true);
	});
});
