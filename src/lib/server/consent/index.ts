// Consent: sharing with curators, approving or declining a placement, withdrawing — each
// written as an append-only consent event in the same transaction as the state it changes, so
// the two never disagree and an acknowledged withdrawal survives a crash (synchronous=FULL).
import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import {
	consentEvents,
	exhibitionWorkingGroups,
	exhibitions,
	photos,
	placements,
	stories,
	type Attribution,
	type Audience,
	type ConsentKind
} from '../db/schema';
import { audit } from '../audit';
import { notifyCurators } from '../notifications';
import type { OwnedStory, PlacementRow } from '../access';
import { termsHold, termsHoldSql } from '../access/rules';
import { currentTerms, termsDigest, type PlacementTerms } from './terms';
import type { Locale, LocalizedText } from '../../localized';

export interface Words {
	/** The exact text the participant saw and agreed to. */
	text: string;
	locale: Locale;
}

export async function recordConsentEvent(
	ex: Executor,
	event: {
		storyId: string;
		actorId: string | null;
		kind: ConsentKind;
		exhibition?: { id: string; title: LocalizedText; audience: Audience } | null;
		placementId?: string | null;
		words?: Words;
		details?: Record<string, string | number | boolean | null | string[]>;
		terms?: PlacementTerms;
	},
	at = new Date()
) {
	await ex.insert(consentEvents).values({
		terms: event.terms ?? null,
		termsDigest: event.terms ? termsDigest(event.terms) : null,
		at,
		storyId: event.storyId,
		actorId: event.actorId,
		kind: event.kind,
		exhibitionId: event.exhibition?.id ?? null,
		exhibitionTitle: event.exhibition?.title ?? null,
		audience: event.exhibition?.audience ?? null,
		placementId: event.placementId ?? null,
		text: event.words?.text ?? '',
		locale: event.words?.locale ?? null,
		details: event.details ?? {}
	});
	// The admin's audit log notes that consent changed, never the words or the story.
	await audit(
		ex,
		{
			actorId: event.actorId,
			action: 'consent.changed',
			details: { kind: event.kind, exhibitionId: event.exhibition?.id ?? null }
		},
		at
	);
}

/**
 * Tells the curators of the story's initiative what its participant decided (never the
 * participant themself, should they curate too). A withdrawal says neither the story nor a
 * reason: only from which exhibition (docs/notifications.md).
 */
async function tellCurators(
	tx: Executor,
	story: Pick<OwnedStory, 'ownerId' | 'initiativeId'>,
	kind: 'placement_approved' | 'placement_declined' | 'placement_withdrawn',
	params: { placementId: string; exhibitionId: string; storyId?: string }
) {
	await notifyCurators(tx, story.initiativeId, { kind, params }, story.ownerId);
}

export type ShareProblem = 'share_needs_finished' | 'share_already';

/** Shares a finished story with the curators of its initiative. */
export async function shareStory(db: Db, story: OwnedStory, words: Words) {
	if (story.status !== 'finished') return 'share_needs_finished' as const;
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(stories)
			.set({ sharedAt: new Date() })
			.where(and(eq(stories.id, story.id), isNull(stories.sharedAt)))
			.returning({ id: stories.id });
		if (!updated) return 'share_already' as const;
		await recordConsentEvent(tx, {
			storyId: story.id,
			actorId: story.ownerId,
			kind: 'shared',
			words
		});
		return 'ok' as const;
	});
}

/** Takes a story out of the curators' pool. Placements it already has are not touched. */
export async function unshareStory(db: Db, story: OwnedStory, words: Words) {
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(stories)
			.set({ sharedAt: null })
			.where(eq(stories.id, story.id))
			.returning({ id: stories.id });
		if (updated && story.sharedAt)
			await recordConsentEvent(tx, {
				storyId: story.id,
				actorId: story.ownerId,
				kind: 'unshared',
				words
			});
	});
}

async function exhibitionOf(ex: Executor, exhibitionId: string) {
	const [row] = await ex.select().from(exhibitions).where(eq(exhibitions.id, exhibitionId));
	if (!row) return undefined;
	const groups = await ex
		.select({ id: exhibitionWorkingGroups.workingGroupId })
		.from(exhibitionWorkingGroups)
		.where(eq(exhibitionWorkingGroups.exhibitionId, exhibitionId));
	return { ...row, workingGroupIds: groups.map((g) => g.id) };
}

/** The owner's placements (requests and decisions), with their exhibitions. */
export async function placementsOfOwner(ex: Executor, story: Pick<OwnedStory, 'id'>) {
	return ex
		.select({ placement: placements, exhibition: exhibitions })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(eq(placements.storyId, story.id))
		.orderBy(desc(placements.createdAt));
}

/** A placement of one of the owner's stories, or undefined. */
export async function ownPlacement(ex: Executor, stories_: OwnedStory[], placementId: string) {
	const ids = stories_.map((s) => s.id);
	if (ids.length === 0) return undefined;
	const [row] = await ex
		.select({ placement: placements, exhibition: exhibitions })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(and(eq(placements.id, placementId), inArray(placements.storyId, ids)));
	if (!row) return undefined;
	const story = stories_.find((s) => s.id === row.placement.storyId);
	return story ? { ...row, story } : undefined;
}

export type ConsentLength = 'none' | 'exhibition_end' | 'one_year';

export function consentEnd(length: ConsentLength, exhibitionEndsAt: Date | null, now = new Date()) {
	if (length === 'one_year') return new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000);
	if (length === 'exhibition_end') return exhibitionEndsAt;
	return null;
}

export interface Approval {
	photoIds: string[];
	attribution: Attribution;
	pseudonym: string;
	expiresAt: Date | null;
}

export type DecideProblem =
	| 'decide_not_pending'
	| 'decide_needs_photo'
	| 'decide_photo_needs_alt'
	| 'decide_needs_pseudonym'
	| 'decide_exhibition_closed'
	| 'decide_terms_changed';

/** The terms the request page showed, as its form carried them back. */
export interface Shown {
	terms: PlacementTerms;
	digest: string;
}

/**
 * Whether the participant is being asked about this placement: a request not yet answered (or
 * asked again), a consent that ran out, or an approval whose terms no longer hold.
 */
export function isOpenRequest(
	placement: PlacementRow,
	terms: Pick<PlacementTerms, 'audience' | 'workingGroupIds' | 'themeIds'>,
	now = new Date()
): { open: boolean; renewal: boolean } {
	if (placement.status === 'pending') return { open: true, renewal: false };
	if (placement.status !== 'approved') return { open: false, renewal: false };
	const holds = termsHold(
		placement,
		{ audience: terms.audience, workingGroupIds: terms.workingGroupIds },
		terms.themeIds,
		now
	);
	const expired =
		placement.consentExpiresAt !== null && placement.consentExpiresAt.getTime() <= now.getTime();
	return { open: !holds, renewal: expired };
}

/**
 * The participant approves (with their conditions) or declines a request. An approval is
 * taken only for the terms the participant was shown: when anything changed since the page
 * was drawn, nothing is approved and the answer is 'decide_terms_changed'. Approving also
 * renews a consent that ran out. What was approved (audience, working groups, themes, size,
 * section) is kept on the placement — the gate shows it only while all of it holds — and the
 * consent event stores the terms and their digest with the words.
 */
export async function decidePlacement(
	db: Db,
	story: OwnedStory,
	placementId: string,
	decision: { approve: Approval; shown: Shown } | { decline: true },
	words: Words,
	now = new Date()
): Promise<'ok' | DecideProblem> {
	return db.transaction(async (tx) => {
		const [placement] = await tx
			.select()
			.from(placements)
			.where(and(eq(placements.id, placementId), eq(placements.storyId, story.id)));
		if (!placement) return 'decide_not_pending';
		const terms = await currentTerms(tx, placement.id);
		if (!terms) return 'decide_not_pending';
		const { open, renewal: expired } = isOpenRequest(placement, terms, now);
		if (!open) return 'decide_not_pending';
		const exhibition = await exhibitionOf(tx, placement.exhibitionId);
		if (!exhibition || exhibition.status === 'archived') return 'decide_exhibition_closed';
		const snapshot = { id: exhibition.id, title: exhibition.title, audience: exhibition.audience };
		if ('decline' in decision) {
			await tx
				.update(placements)
				.set({ status: 'declined', decidedAt: now, updatedAt: now })
				.where(eq(placements.id, placement.id));
			await recordConsentEvent(
				tx,
				{
					storyId: story.id,
					actorId: story.ownerId,
					kind: 'declined',
					exhibition: snapshot,
					placementId,
					words
				},
				now
			);
			await tellCurators(tx, story, 'placement_declined', {
				placementId,
				exhibitionId: exhibition.id,
				storyId: story.id
			});
			return 'ok';
		}
		const { approve, shown } = decision;
		const digest = termsDigest(terms);
		if (shown.digest !== digest || termsDigest(shown.terms) !== digest)
			return 'decide_terms_changed';
		if (approve.photoIds.length === 0) return 'decide_needs_photo';
		const storyPhotos = await tx.select().from(photos).where(eq(photos.storyId, story.id));
		const chosen = storyPhotos.filter((p) => approve.photoIds.includes(p.id));
		if (chosen.length !== new Set(approve.photoIds).size) return 'decide_needs_photo';
		if (chosen.some((p) => !p.altText.trim())) return 'decide_photo_needs_alt';
		if (approve.attribution === 'pseudonym' && !approve.pseudonym.trim())
			return 'decide_needs_pseudonym';
		await tx
			.update(placements)
			.set({
				status: 'approved',
				photoIds: chosen.map((p) => p.id),
				attribution: approve.attribution,
				pseudonym: approve.attribution === 'pseudonym' ? approve.pseudonym.trim() : '',
				consentExpiresAt: approve.expiresAt,
				approvedSize: terms.size,
				approvedSectionId: terms.sectionId,
				approvedAudience: terms.audience,
				approvedWorkingGroupIds: terms.workingGroupIds,
				approvedThemeIds: terms.themeIds,
				decidedAt: now,
				updatedAt: now
			})
			.where(eq(placements.id, placement.id));
		await recordConsentEvent(
			tx,
			{
				storyId: story.id,
				actorId: story.ownerId,
				kind: 'approved',
				exhibition: snapshot,
				placementId,
				words,
				terms,
				details: {
					photoIds: chosen.map((p) => p.id),
					attribution: approve.attribution,
					pseudonym: approve.attribution === 'pseudonym' ? approve.pseudonym.trim() : null,
					expiresAt: approve.expiresAt ? approve.expiresAt.toISOString() : null,
					renewal: expired
				}
			},
			now
		);
		await tellCurators(tx, story, 'placement_approved', {
			placementId,
			exhibitionId: exhibition.id,
			storyId: story.id
		});
		return 'ok';
	});
}

/** Withdraws one placement (approved or still asked). Takes effect on the next request. */
export async function withdrawPlacement(
	db: Db,
	story: OwnedStory,
	placementId: string,
	words: Words
) {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(placements)
			.set({ status: 'withdrawn', decidedAt: new Date(), updatedAt: new Date() })
			.where(
				and(
					eq(placements.id, placementId),
					eq(placements.storyId, story.id),
					inArray(placements.status, ['pending', 'approved'])
				)
			)
			.returning({ exhibitionId: placements.exhibitionId });
		if (!row) return false;
		const exhibition = await exhibitionOf(tx, row.exhibitionId);
		await recordConsentEvent(tx, {
			storyId: story.id,
			actorId: story.ownerId,
			kind: 'withdrawn',
			exhibition: exhibition && {
				id: exhibition.id,
				title: exhibition.title,
				audience: exhibition.audience
			},
			placementId,
			words
		});
		await tellCurators(tx, story, 'placement_withdrawn', {
			placementId,
			exhibitionId: row.exhibitionId
		});
		return true;
	});
}

async function withdrawWholeStory(
	tx: Executor,
	story: Pick<OwnedStory, 'id' | 'ownerId' | 'initiativeId'>,
	kind: 'withdrawn_story' | 'withdrawn_everything',
	words: Words,
	now: Date
) {
	const withdrawn = await tx
		.update(placements)
		.set({ status: 'withdrawn', decidedAt: now, updatedAt: now })
		.where(
			and(eq(placements.storyId, story.id), inArray(placements.status, ['pending', 'approved']))
		)
		.returning({ id: placements.id, exhibitionId: placements.exhibitionId });
	await tx.update(stories).set({ sharedAt: null }).where(eq(stories.id, story.id));
	await recordConsentEvent(
		tx,
		{
			storyId: story.id,
			actorId: story.ownerId,
			kind,
			words,
			details: {
				placements: withdrawn.map((w) => w.id),
				exhibitions: withdrawn.map((w) => w.exhibitionId)
			}
		},
		now
	);
	for (const w of withdrawn)
		await tellCurators(tx, story, 'placement_withdrawn', {
			placementId: w.id,
			exhibitionId: w.exhibitionId
		});
}

/** Withdraws a story from everywhere: every placement, and the curators' pool. */
export async function withdrawStory(db: Db, story: OwnedStory, words: Words) {
	await db.transaction((tx) => withdrawWholeStory(tx, story, 'withdrawn_story', words, new Date()));
}

/** Withdraws every story of the participant, everywhere, at once. */
export async function withdrawEverything(db: Db, own: OwnedStory[], words: Words) {
	const now = new Date();
	await db.transaction(async (tx) => {
		for (const story of own)
			await withdrawWholeStory(tx, story, 'withdrawn_everything', words, now);
	});
}

/** Notes, once, in the receipt of each story, the consents that have run out. */
export async function recordExpiries(db: Db, storyIds: string[], now = new Date()) {
	if (storyIds.length === 0) return;
	const due = await db
		.select({ placement: placements, exhibition: exhibitions })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(
			and(
				inArray(placements.storyId, storyIds),
				eq(placements.status, 'approved'),
				lte(placements.consentExpiresAt, now)
			)
		);
	for (const { placement, exhibition } of due) {
		await db.transaction(async (tx) => {
			const [already] = await tx
				.select({ id: consentEvents.id })
				.from(consentEvents)
				.where(
					and(
						eq(consentEvents.placementId, placement.id),
						eq(consentEvents.kind, 'expired'),
						eq(consentEvents.at, placement.consentExpiresAt!)
					)
				);
			if (already) return;
			await recordConsentEvent(
				tx,
				{
					storyId: placement.storyId,
					actorId: null,
					kind: 'expired',
					exhibition: { id: exhibition.id, title: exhibition.title, audience: exhibition.audience },
					placementId: placement.id
				},
				placement.consentExpiresAt!
			);
		});
	}
}

/** The receipt: every consent event of the participant's stories, oldest first. */
export async function consentHistory(ex: Executor, storyIds: string[]) {
	if (storyIds.length === 0) return [];
	return ex
		.select()
		.from(consentEvents)
		.where(inArray(consentEvents.storyId, storyIds))
		.orderBy(asc(consentEvents.at), asc(consentEvents.id));
}

/**
 * Requests waiting for the participant: new ones, ones asked again, consents that ran out and
 * could be renewed, and approvals whose terms no longer hold (isOpenRequest says which).
 */
export async function openRequests(ex: Executor, storyIds: string[], now = new Date()) {
	if (storyIds.length === 0) return [];
	const rows = await ex
		.select({ placement: placements, exhibition: exhibitions })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(
			and(
				inArray(placements.storyId, storyIds),
				ne(exhibitions.status, 'archived'),
				or(
					eq(placements.status, 'pending'),
					and(
						eq(placements.status, 'approved'),
						sql`NOT ${termsHoldSql('"placements"', '"exhibitions"', now)}`
					)
				)
			)
		)
		.orderBy(asc(placements.createdAt));
	return rows.map((r) => ({
		...r,
		renewal:
			r.placement.status === 'approved' &&
			r.placement.consentExpiresAt !== null &&
			r.placement.consentExpiresAt.getTime() <= now.getTime()
	}));
}

export type { PlacementRow };
export { currentTerms, showTerms, termsDigest, type PlacementTerms } from './terms';
