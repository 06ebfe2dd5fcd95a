// Responses, their trail and the participant's answers (src/lib/server/responses), with the
// gate deciding who sees what (docs/knowledge-returns.md).
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { listResponses, ownStory, recordingChoices } from '../../src/lib/server/access';
import {
	decidePlacement,
	shareStory,
	showTerms,
	withdrawPlacement
} from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import {
	createStory,
	deleteStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import {
	addEntry,
	answerEntry,
	markRead,
	ownResponsesSummary,
	recordResponse
} from '../../src/lib/server/responses';
import { notifications, responseAnswers } from '../../src/lib/server/db/schema';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { giveRole, makeUser, makeWorld, testDb, text } from '../fixtures/factories';
import { countStatements } from '../fixtures/statements';
import { clientOf } from '../fixtures/worlds';

const words = (t: string) => ({ text: t, locale: 'en' as const });
let n = 0;

/** A published partners' exhibition with one story placed in it, informing theme A, as approved. */
async function world() {
	const db = await testDb();
	const w = await makeWorld(db);
	const [groupA, groupB] = w.workingGroupIds;
	const [themeA, themeB] = w.themeIds as [string, string];
	const owner = await makeUser(db, { displayName: 'Sara' });
	await giveRole(db, owner, w.initiativeId, 'participant');
	const other = await makeUser(db);
	await giveRole(db, other, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const partner = await makeUser(db);
	await giveRole(db, partner, w.initiativeId, 'partner', [groupA]);
	const colleague = await makeUser(db);
	await giveRole(db, colleague, w.initiativeId, 'partner', [groupA]);
	const partnerB = await makeUser(db);
	await giveRole(db, partnerB, w.initiativeId, 'partner', [groupB]);
	const outsider = await makeUser(db);
	const storyId = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: 'Bus stop',
		language: 'en'
	});
	n += 1;
	const photoId = `ph${String(n).padStart(14, '0')}`;
	await insertPhoto(db, (await ownStory(db, owner, storyId))!, {
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
	await updatePhotoText(db, (await ownStory(db, owner, storyId))!, photoId, {
		altText: 'A bus stop',
		caption: ''
	});
	await setStoryStatus(db, (await ownStory(db, owner, storyId))!, 'finished');
	await shareStory(db, (await ownStory(db, owner, storyId))!, words('share'));
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles we play'),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [themeA, themeB],
			endsAt: null
		},
		text('Stories')
	);
	let exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
	expect(
		await proposePlacement(
			db,
			curator.id,
			exhibition,
			{ id: storyId, sharedAt: new Date(Date.now() - 1000) },
			{ sectionId: exhibition.sections[0]!.id, size: 'medium', note: '', themeIds: [themeA] }
		)
	).toBe('ok');
	exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
	const placementId = exhibition.placements[0]!.id;
	expect(
		await decidePlacement(
			db,
			(await ownStory(db, owner, storyId))!,
			placementId,
			{
				approve: {
					photoIds: [photoId],
					attribution: 'pseudonym',
					pseudonym: 'Dalia',
					expiresAt: null
				},
				shown: (await showTerms(db, placementId))!
			},
			words('yes')
		)
	).toBe('ok');
	await setExhibitionStatus(db, curator.id, exhibition, 'published');
	return {
		db,
		w,
		groupA: groupA!,
		groupB: groupB!,
		themeA,
		themeB,
		owner,
		other,
		curator,
		partner,
		colleague,
		partnerB,
		outsider,
		storyId,
		exhibitionId,
		placementId
	};
}

const entry = {
	status: 'noted',
	body: 'We learned that the bus stop has no shade.',
	language: 'en',
	link: ''
};

describe('recording a response', () => {
	it('is for members of the working group and curators, on themes the participant approved', async () => {
		const ctx = await world();
		const { db, partner, partnerB, curator, owner, outsider, exhibitionId, storyId } = ctx;
		const target = { exhibitionId, storyId };
		const choices = await recordingChoices(db, partner, target);
		expect(choices?.groups.map((g) => [g.id, g.themes.map((t) => t.id)])).toEqual([
			[ctx.groupA, [ctx.themeA]]
		]);
		// Partner of group B: may record for group B, but theme B is not one the story informs.
		expect((await recordingChoices(db, partnerB, target))?.groups.map((g) => g.themes)).toEqual([
			[]
		]);
		expect((await recordingChoices(db, curator, target))?.groups.map((g) => g.id)).toEqual([
			ctx.groupA,
			ctx.groupB
		]);
		for (const nobody of [owner, outsider])
			expect(await recordingChoices(db, nobody, target)).toBeUndefined();
		// On the exhibition itself: its themes.
		expect(
			(await recordingChoices(db, partnerB, { exhibitionId, storyId: null }))?.groups.map((g) =>
				g.themes.map((t) => t.id)
			)
		).toEqual([[ctx.themeB]]);

		const base = { exhibitionId, storyId, kind: 'insight', ...entry };
		expect(
			await recordResponse(db, partnerB, { ...base, workingGroupId: ctx.groupA, themeId: null })
		).toMatchObject({ ok: false, problems: { workingGroupId: 'resp_error_group' } });
		expect(
			await recordResponse(db, partnerB, {
				...base,
				workingGroupId: ctx.groupB,
				themeId: ctx.themeB
			})
		).toMatchObject({ ok: false, problems: { themeId: 'resp_error_theme' } });
		expect(
			await recordResponse(db, partner, {
				...base,
				workingGroupId: ctx.groupA,
				themeId: ctx.themeA,
				link: 'javascript:alert(1)',
				body: 'x'.repeat(5000)
			})
		).toMatchObject({
			ok: false,
			problems: { link: 'resp_error_link', body: expect.stringContaining('text_too_long') }
		});
		expect(
			await recordResponse(db, outsider, { ...base, workingGroupId: ctx.groupA, themeId: null })
		).toMatchObject({ ok: false, notFound: true });
		expect(await listResponses(db, curator, {})).toEqual([]);
	});
});

describe('the trail, the answers and who sees them', () => {
	it('tells the owner, lets them answer once, tells the group, and hides the story after withdrawal', async () => {
		const ctx = await world();
		const {
			db,
			partner,
			colleague,
			partnerB,
			curator,
			owner,
			other,
			outsider,
			storyId,
			exhibitionId
		} = ctx;
		const recorded = await recordResponse(db, partner, {
			exhibitionId,
			storyId,
			workingGroupId: ctx.groupA,
			themeId: ctx.themeA,
			kind: 'decision',
			...entry,
			link: 'https://example.org/minutes'
		});
		expect(recorded.ok).toBe(true);
		const responseId = recorded.ok ? recorded.id : '';
		const updated = await addEntry(db, partner, ctx.w.initiativeId, responseId, {
			status: 'discussed',
			body: '',
			language: 'he',
			link: ''
		});
		expect(updated.ok).toBe(true);
		// Group B's partner sees it, but may not add to it.
		expect(
			await addEntry(db, partnerB, ctx.w.initiativeId, responseId, { ...entry, status: 'acted_on' })
		).toMatchObject({ ok: false, notFound: true });

		// Only the response kinds: the owner was also told of their membership and the request.
		const ownerNotes = (
			await db.select().from(notifications).where(eq(notifications.userId, owner.id))
		).filter((x) => x.kind.startsWith('response_'));
		expect(ownerNotes.map((x) => x.kind).sort()).toEqual(['response_recorded', 'response_updated']);
		expect(ownerNotes.find((x) => x.kind === 'response_updated')!.params).toMatchObject({
			responseId,
			storyId,
			exhibitionId,
			workingGroupId: ctx.groupA,
			status: 'discussed'
		});

		for (const viewer of [partner, colleague, partnerB, curator, owner]) {
			const [seen] = await listResponses(db, viewer, { responseId });
			expect(
				seen?.entries.map((e) => e.entry.status),
				viewer.id
			).toEqual(['noted', 'discussed']);
			expect(seen?.story?.title).toBe('Bus stop');
		}
		for (const nobody of [other, outsider, null])
			expect(await listResponses(db, nobody, { responseId })).toEqual([]);

		// The owner: unread until they open the page.
		expect((await ownResponsesSummary(db, owner, ctx.w.initiativeId)).unread).toBe(2);
		expect(await markRead(db, owner, storyId)).toBe(2);
		expect((await ownResponsesSummary(db, owner, ctx.w.initiativeId)).unread).toBe(0);

		const [view] = await listResponses(db, owner, { storyId, mine: true });
		const firstEntry = view!.entries[0]!.entry.id;
		expect(
			await answerEntry(db, owner, storyId, firstEntry, {
				kind: 'thanks',
				body: 'Thank you!',
				language: 'en'
			})
		).toMatchObject({ ok: true });
		expect(
			await answerEntry(db, owner, storyId, firstEntry, {
				kind: 'disagreement',
				body: '',
				language: 'en'
			})
		).toMatchObject({ ok: false, already: true, problems: { form: 'resp_answer_already' } });
		expect(await db.select().from(responseAnswers)).toHaveLength(1);
		// Someone else cannot answer it.
		expect(
			await answerEntry(db, other, storyId, firstEntry, {
				kind: 'thanks',
				body: '',
				language: 'en'
			})
		).toMatchObject({ ok: false, notFound: true });
		// Told: the author and the group's partners, not group B's, not the participant.
		const answered = await db
			.select()
			.from(notifications)
			.where(eq(notifications.kind, 'response_answered'));
		expect(answered.map((x) => x.userId).sort()).toEqual([partner.id, colleague.id].sort());
		expect(answered[0]!.params).toEqual({
			responseId,
			entryId: firstEntry,
			workingGroupId: ctx.groupA
		});
		// The group sees the answer under the name chosen for the exhibition.
		const [forGroup] = await listResponses(db, colleague, { responseId });
		expect(forGroup!.entries[0]!.answer).toMatchObject({
			kind: 'thanks',
			body: 'Thank you!',
			byline: 'Dalia'
		});

		// Withdrawal: the response stays, without the story or the participant's name.
		await withdrawPlacement(
			db,
			(await ownStory(db, owner, storyId))!,
			ctx.placementId,
			words('no')
		);
		for (const viewer of [partner, curator]) {
			const [after] = await listResponses(db, viewer, { responseId });
			expect(after?.entries).toHaveLength(2);
			expect(after?.story).toBeNull();
			expect(after?.entries[0]!.answer).toMatchObject({ body: 'Thank you!', byline: null });
		}
		const [own] = await listResponses(db, owner, { storyId, mine: true });
		expect(own?.story?.title).toBe('Bus stop');
		// Nothing more can be recorded on the withdrawn story.
		expect(await recordingChoices(db, partner, { exhibitionId, storyId })).toBeUndefined();
	});
});

describe('deleting the story', () => {
	it('takes the participant’s answers with it; the group keeps its entries, without the story', async () => {
		const ctx = await world();
		const { db, partner, owner, storyId, exhibitionId } = ctx;
		const r = await recordResponse(db, partner, {
			exhibitionId,
			storyId,
			workingGroupId: ctx.groupA,
			themeId: ctx.themeA,
			kind: 'insight',
			...entry
		});
		if (!r.ok) throw new Error('not recorded');
		const [view] = await listResponses(db, owner, { storyId, mine: true });
		expect(
			await answerEntry(db, owner, storyId, view!.entries[0]!.entry.id, {
				kind: 'disagreement',
				body: 'That is not what I meant.',
				language: 'en'
			})
		).toMatchObject({ ok: true });
		expect(await db.select().from(responseAnswers)).toHaveLength(1);

		await deleteStory(db, (await ownStory(db, owner, storyId))!);

		expect(await db.select().from(responseAnswers)).toEqual([]);
		const [kept] = await listResponses(db, partner, { responseId: r.id });
		expect(kept?.story).toBeNull();
		expect(kept?.entries).toHaveLength(1);
		expect(kept?.entries[0]!.answer).toBeNull();
	});
});

describe('reading many responses', () => {
	it('takes the same number of statements for one response as for six', async () => {
		const ctx = await world();
		const { db, partner, curator, owner, storyId, exhibitionId } = ctx;
		const counter = countStatements(clientOf(db));
		const record = async () => {
			const r = await recordResponse(db, partner, {
				exhibitionId,
				storyId,
				workingGroupId: ctx.groupA,
				themeId: ctx.themeA,
				kind: 'insight',
				...entry
			});
			if (!r.ok) throw new Error('not recorded');
			await addEntry(db, partner, ctx.w.initiativeId, r.id, { ...entry, status: 'discussed' });
		};
		const count = async () => {
			counter.take();
			for (const viewer of [partner, curator, owner])
				await listResponses(db, viewer, { initiativeId: ctx.w.initiativeId });
			return counter.take().length;
		};
		await record();
		const one = await count();
		expect(one).toBeGreaterThan(3);
		for (let i = 0; i < 5; i++) await record();
		expect(await listResponses(db, owner, { storyId, mine: true })).toHaveLength(6);
		expect(await count()).toBe(one);
	});
});
