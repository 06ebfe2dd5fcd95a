// Consent integrity in the domain (docs/consent.md): an approval stands for exactly the terms
// shown; a placement stands only while its approved terms hold; who can see a story, said by
// the gate; roles that end and accounts that are disabled.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	inExhibition,
	inPreview,
	listThemeStories,
	ownStory,
	readStory,
	whoCanSee,
	type OwnedStory
} from '../../src/lib/server/access';
import {
	consentHistory,
	decidePlacement,
	openRequests,
	shareStory,
	showTerms,
	termsDigest
} from '../../src/lib/server/consent';
import { endMembership, participationAtStake } from '../../src/lib/server/consent/membership';
import { placementOfOwner } from '../../src/lib/server/consent/participant';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus,
	updateExhibition,
	updatePlacement
} from '../../src/lib/server/exhibitions';
import {
	createStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import { setAccountDisabled } from '../../src/lib/server/people';
import { attemptLogin } from '../../src/lib/server/auth/accounts';
import { validateSessionToken } from '../../src/lib/server/auth/session';
import { unreadNotices } from '../../src/lib/server/notices';
import { setInitiativeArchived } from '../../src/lib/server/initiatives';
import { memberships, placements, sessions } from '../../src/lib/server/db/schema';
import { changedTerms, decodeTerms, encodeTerms } from '../../src/lib/consent-terms';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { giveRole, makeUser, makeWorld, sessionFor, testDb, text } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';

const words = (t: string) => ({ text: t, locale: 'en' as const });
let n = 0;

async function setUp() {
	const db = await testDb();
	const w = await makeWorld(db);
	const owner = await makeUser(db, { displayName: 'Sara' });
	const membershipId = await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const partner = await makeUser(db);
	await giveRole(db, partner, w.initiativeId, 'partner', [w.workingGroupIds[0]]);
	const storyId = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: 'Bus stop',
		language: 'en'
	});
	const own = async () => (await ownStory(db, owner, storyId)) as OwnedStory;
	n += 1;
	const photoId = `ig${String(n).padStart(14, '0')}`;
	await insertPhoto(db, await own(), {
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
	await updatePhotoText(db, await own(), photoId, { altText: 'A bench', caption: '' });
	await setStoryStatus(db, await own(), 'finished');
	await shareStory(db, await own(), words('share'));
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles we play'),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [...w.themeIds],
			endsAt: new Date(Date.now() + 30 * 86_400_000)
		},
		text('Stories')
	);
	const exhibition = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
	expect(
		await proposePlacement(db, curator.id, await exhibition(), await own(), {
			sectionId: (await exhibition()).sections[0]!.id,
			size: 'medium',
			note: '',
			themeIds: [w.themeIds[0]!]
		})
	).toBe('ok');
	const placementId = (await exhibition()).placements[0]!.id;
	await setExhibitionStatus(db, curator.id, await exhibition(), 'published');
	const approve = async (shown?: Awaited<ReturnType<typeof showTerms>>) =>
		decidePlacement(
			db,
			await own(),
			placementId,
			{
				approve: { photoIds: [photoId], attribution: 'anonymous', pseudonym: '', expiresAt: null },
				shown: shown ?? (await showTerms(db, placementId))!
			},
			words('I agree')
		);
	return {
		db,
		w,
		owner,
		membershipId,
		curator,
		partner,
		storyId,
		own,
		exhibitionId,
		exhibition,
		placementId,
		approve
	};
}

const statusOf = async (db: Db, id: string) =>
	(await db.select().from(placements).where(eq(placements.id, id)))[0]!.status;

describe('the terms a participant approves', () => {
	it('are carried by the form and compared by digest; anything changed approves nothing', async () => {
		const { db, curator, exhibition, placementId, approve, storyId, w } = await setUp();
		const shown = (await showTerms(db, placementId))!;
		expect(shown.terms).toMatchObject({
			audience: 'partners',
			themeIds: [w.themeIds[0]],
			size: 'medium',
			ownName: 'Sara'
		});
		expect(decodeTerms(encodeTerms(shown.terms))).toEqual(JSON.parse(JSON.stringify(shown.terms)));
		expect(decodeTerms('not terms')).toBeNull();
		// The curator opens it to everyone while the participant reads.
		const e = await exhibition();
		await updateExhibition(db, curator.id, e, {
			title: e.title,
			introduction: e.introduction,
			audience: 'public',
			workingGroupIds: [],
			themeIds: e.themeIds,
			endsAt: e.endsAt
		});
		expect(await approve(shown)).toBe('decide_terms_changed');
		expect(await statusOf(db, placementId)).toBe('pending');
		expect(await readStory(db, null, storyId, inExhibition(e.id))).toBeUndefined();
		const now = (await showTerms(db, placementId))!;
		expect(changedTerms(shown.terms, now.terms)).toEqual(['audience']);
		// Terms tampered to claim the digest of what holds now are refused too.
		expect(await approve({ terms: shown.terms, digest: now.digest })).toBe('decide_terms_changed');
		expect(await approve(now)).toBe('ok');
		expect(await readStory(db, null, storyId, inExhibition(e.id))).toBeDefined();
		const approval = (await consentHistory(db, [storyId])).find((x) => x.kind === 'approved')!;
		expect(approval.terms).toEqual(JSON.parse(JSON.stringify(now.terms)));
		expect(approval.termsDigest).toBe(termsDigest(now.terms));
	});

	it('an end date cleared while the page is open is a change: "until it ends" never becomes forever', async () => {
		const { db, curator, exhibition, placementId, approve } = await setUp();
		const shown = (await showTerms(db, placementId))!;
		const e = await exhibition();
		await updateExhibition(db, curator.id, e, {
			title: e.title,
			introduction: e.introduction,
			audience: e.audience,
			workingGroupIds: e.workingGroupIds,
			themeIds: e.themeIds,
			endsAt: null
		});
		expect(await approve(shown)).toBe('decide_terms_changed');
		expect(changedTerms(shown.terms, (await showTerms(db, placementId))!.terms)).toEqual([
			'endsAt'
		]);
	});
});

describe('a placement stands only within its approved terms', () => {
	it('a theme added asks again; a theme taken away by the exhibition narrows it and asks nothing', async () => {
		const { db, w, curator, exhibition, placementId, approve, storyId, partner } = await setUp();
		expect(await approve()).toBe('ok');
		const context = inExhibition((await exhibition()).id);
		expect(await readStory(db, partner, storyId, context)).toBeDefined();
		const themePage = async (themeId: string) =>
			(await listThemeStories(db, partner, { id: themeId, initiativeId: w.initiativeId })).flatMap(
				(e) => e.items.map((i) => i.story.id)
			);
		expect(await themePage(w.themeIds[0]!)).toEqual([storyId]);
		expect(await themePage(w.themeIds[1]!)).toEqual([]);

		const section = (await exhibition()).sections[0]!.id;
		await updatePlacement(db, curator.id, await exhibition(), placementId, {
			sectionId: section,
			size: 'medium',
			themeIds: [...w.themeIds]
		});
		expect(await statusOf(db, placementId)).toBe('pending');
		expect(await readStory(db, partner, storyId, context)).toBeUndefined();
		expect((await openRequests(db, [storyId])).map((r) => r.placement.id)).toEqual([placementId]);

		expect(await approve()).toBe('ok');
		expect(await themePage(w.themeIds[1]!)).toEqual([storyId]);
		const e = await exhibition();
		await updateExhibition(db, curator.id, e, {
			title: e.title,
			introduction: e.introduction,
			audience: e.audience,
			workingGroupIds: [],
			themeIds: [w.themeIds[0]!],
			endsAt: e.endsAt
		});
		expect(await statusOf(db, placementId)).toBe('approved');
		expect((await exhibition()).placements[0]!.themeIds).toEqual([w.themeIds[0]]);
		expect(await themePage(w.themeIds[0]!)).toEqual([storyId]);
		expect(await readStory(db, partner, storyId, context)).toBeDefined();
	});

	it('a write path that forgets to ask again publishes nothing beyond consent', async () => {
		const { db, exhibitionId, approve, storyId, placementId } = await setUp();
		expect(await approve()).toBe('ok');
		const { exhibitions } = await import('../../src/lib/server/db/schema');
		expect(await readStory(db, null, storyId, inExhibition(exhibitionId))).toBeUndefined();
		// partners → public, status left 'approved'
		await db
			.update(exhibitions)
			.set({ audience: 'public' })
			.where(eq(exhibitions.id, exhibitionId));
		expect(await statusOf(db, placementId)).toBe('approved');
		expect(await readStory(db, null, storyId, inExhibition(exhibitionId))).toBeUndefined();
		// It is the participant's to answer again.
		expect((await openRequests(db, [storyId])).length).toBe(1);
	});
});

describe('who can see a story', () => {
	it('says only you, then the curators, then the audience of each exhibition, from the gate', async () => {
		const { db, owner, curator, approve, storyId, exhibitionId, w } = await setUp();
		const summary = async () => (await whoCanSee(db, owner, storyId))!;
		expect((await summary()).curators).toEqual({ pool: true, previewExhibitionIds: [] });
		expect((await summary()).exhibitions).toEqual([]);
		expect(await whoCanSee(db, curator, storyId)).toBeUndefined();
		expect(await approve()).toBe('ok');
		const s = await summary();
		expect(s.curators?.previewExhibitionIds).toEqual([exhibitionId]);
		expect(s.exhibitions.map((e) => [e.exhibitionId, e.audience, e.until])).toEqual([
			[exhibitionId, 'partners', null]
		]);
		await setInitiativeArchived(db, w.admin.id, w.initiativeId, true);
		const closed = await summary();
		expect(closed.curators).toBeNull();
		expect(closed.exhibitions).toEqual([]);
		expect(closed.initiative.archived).toBe(true);
		expect(await readStory(db, w.admin, storyId, inPreview(exhibitionId))).toBeUndefined();
	});
});

describe('ending a role', () => {
	it('keeps placements as agreed by default; the person still withdraws, from My stories', async () => {
		const { db, w, owner, membershipId, approve, storyId, exhibitionId, placementId, partner } =
			await setUp();
		expect(await approve()).toBe('ok');
		expect(await participationAtStake(db, owner.id, w.initiativeId)).toEqual({
			stories: 1,
			shared: 1,
			shown: 1,
			approved: 1
		});
		await db.transaction((tx) => endMembership(tx, w.admin.id, membershipId, 'keep'));
		expect(await db.select().from(memberships).where(eq(memberships.id, membershipId))).toEqual([]);
		expect(await readStory(db, partner, storyId, inExhibition(exhibitionId))).toBeDefined();
		const notices = await unreadNotices(db, owner.id);
		expect(notices.map((x) => [x.kind, x.details.placements, x.details.stories])).toEqual([
			['membership_removed', 'keep', 1]
		]);
		const found = (await placementOfOwner(db, owner, placementId))!;
		expect(found.placement.id).toBe(placementId);
		expect(await placementOfOwner(db, partner, placementId)).toBeUndefined();
	});

	it('or pauses them until the person confirms each again', async () => {
		const { db, w, membershipId, approve, storyId, exhibitionId, placementId, partner } =
			await setUp();
		expect(await approve()).toBe('ok');
		await db.transaction((tx) => endMembership(tx, w.admin.id, membershipId, 'pause'));
		expect(await statusOf(db, placementId)).toBe('pending');
		expect(await readStory(db, partner, storyId, inExhibition(exhibitionId))).toBeUndefined();
		expect((await consentHistory(db, [storyId])).at(-1)?.kind).toBe('paused');
		expect((await openRequests(db, [storyId])).map((r) => r.placement.id)).toEqual([placementId]);
		expect(await approve()).toBe('ok');
		expect(await readStory(db, partner, storyId, inExhibition(exhibitionId))).toBeDefined();
	});
});

describe('disabling an account', () => {
	it('ends its sessions, refuses its logins, hides its stories from all but itself; enabling restores them', async () => {
		const { db, w, owner, approve, storyId, exhibitionId, partner, curator } = await setUp();
		expect(await approve()).toBe('ok');
		const { token } = await sessionFor(db, owner);
		expect(await validateSessionToken(db, token)).not.toBeNull();
		expect(await setAccountDisabled(db, owner.id, owner.id, true, 'x')).toBe('disable_self');
		expect(await setAccountDisabled(db, w.admin.id, owner.id, true, '  ')).toBe(
			'disable_reason_required'
		);
		expect(await setAccountDisabled(db, w.admin.id, owner.id, true, 'Lost phone')).toBe('ok');
		expect(await db.select().from(sessions).where(eq(sessions.userId, owner.id))).toEqual([]);
		expect(await validateSessionToken(db, token)).toBeNull();
		expect(
			await attemptLogin(db, { username: owner.username, password: owner.password, address: 'x' })
		).toEqual({ ok: false, reason: 'disabled' });
		expect(await readStory(db, partner, storyId, inExhibition(exhibitionId))).toBeUndefined();
		expect(await readStory(db, curator, storyId, inPreview(exhibitionId))).toBeUndefined();
		expect(await readStory(db, owner, storyId, { kind: 'owner' })).toBeDefined();
		// A disabled viewer sees what anyone sees, no more.
		expect(await setAccountDisabled(db, w.admin.id, partner.id, true, 'Leaked')).toBe('ok');
		expect(await setAccountDisabled(db, w.admin.id, owner.id, false, '')).toBe('ok');
		expect(await readStory(db, partner, storyId, inExhibition(exhibitionId))).toBeUndefined();
		expect(await readStory(db, curator, storyId, inExhibition(exhibitionId))).toBeDefined();
	});
});
