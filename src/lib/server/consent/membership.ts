// What ending a participant's membership means for their stories (docs/consent.md,
// "Ownership outlives membership"): by default their placements stay as they agreed, unless
// they withdraw them; the person removing the membership may instead pause them until the
// participant confirms each again. Either way the person keeps "My stories".
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitions, placements, stories } from '../db/schema';
import { standingPlacementIds } from '../access';
import { recordConsentEvent } from './index';
import { getMembership, removeMembership } from '../people';
import { notify } from '../notices';

export type PlacementsChoice = 'keep' | 'pause';

/** The person's stories in the initiative: how many, how many shared, how many shown now. */
export async function participationAtStake(
	ex: Executor,
	userId: string,
	initiativeId: string,
	now = new Date()
) {
	const own = await ex
		.select({ id: stories.id, sharedAt: stories.sharedAt })
		.from(stories)
		.where(and(eq(stories.ownerId, userId), eq(stories.initiativeId, initiativeId)));
	const rows = own.length
		? await ex
				.select({
					id: placements.id,
					exhibitionId: placements.exhibitionId,
					status: exhibitions.status
				})
				.from(placements)
				.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
				.where(
					inArray(
						placements.storyId,
						own.map((s) => s.id)
					)
				)
		: [];
	const standing = await standingPlacementIds(
		ex,
		[...new Set(rows.map((r) => r.exhibitionId))],
		now
	);
	return {
		stories: own.length,
		shared: own.filter((s) => s.sharedAt !== null).length,
		/** Placements shown now in published exhibitions. */
		shown: rows.filter((r) => standing.has(r.id) && r.status === 'published').length,
		/** Approved placements, shown now or not (what pausing would pause). */
		approved: rows.filter((r) => standing.has(r.id)).length
	};
}

/**
 * Pauses every approved placement of the person's stories in the initiative: each goes back to
 * awaiting them, with a 'paused' consent event, until they confirm it again. Returns how many.
 */
export async function pauseParticipation(
	ex: Executor,
	actorId: string,
	userId: string,
	initiativeId: string,
	now = new Date()
) {
	const own = await ex
		.select({ id: stories.id })
		.from(stories)
		.where(and(eq(stories.ownerId, userId), eq(stories.initiativeId, initiativeId)));
	if (own.length === 0) return 0;
	const paused = await ex
		.update(placements)
		.set({ status: 'pending', updatedAt: now })
		.where(
			and(
				inArray(
					placements.storyId,
					own.map((s) => s.id)
				),
				eq(placements.status, 'approved')
			)
		)
		.returning({
			id: placements.id,
			storyId: placements.storyId,
			exhibitionId: placements.exhibitionId
		});
	for (const p of paused) {
		const [exhibition] = await ex
			.select()
			.from(exhibitions)
			.where(eq(exhibitions.id, p.exhibitionId));
		await recordConsentEvent(
			ex,
			{
				storyId: p.storyId,
				actorId,
				kind: 'paused',
				exhibition: exhibition && {
					id: exhibition.id,
					title: exhibition.title,
					audience: exhibition.audience
				},
				placementId: p.id,
				details: { reason: 'membership_removed' }
			},
			now
		);
	}
	return paused.length;
}

/**
 * Ends a membership, with what it means for a participant's placements (kept, or paused), and
 * tells the person at their next login. Run it in a transaction. Undefined: no such membership.
 */
export async function endMembership(
	ex: Executor,
	actorId: string,
	membershipId: string,
	choice: PlacementsChoice,
	now = new Date()
) {
	const membership = await getMembership(ex, membershipId);
	if (!membership) return undefined;
	const participant = membership.role === 'participant';
	const atStake = participant
		? await participationAtStake(ex, membership.userId, membership.initiativeId, now)
		: null;
	const paused =
		participant && choice === 'pause'
			? await pauseParticipation(ex, actorId, membership.userId, membership.initiativeId, now)
			: 0;
	await removeMembership(ex, actorId, membershipId, {
		placements: participant ? choice : null,
		paused
	});
	await notify(ex, {
		userId: membership.userId,
		kind: 'membership_removed',
		initiativeId: membership.initiativeId,
		details: {
			role: membership.role,
			stories: atStake?.stories ?? 0,
			placements: participant ? choice : null,
			paused
		}
	});
	return { membership, paused };
}

/** What the confirmation of a removal shows: whose role, where, and what is at stake. */
export async function removalPreview(ex: Executor, membershipId: string, now = new Date()) {
	const membership = await getMembership(ex, membershipId);
	if (!membership) return undefined;
	const atStake =
		membership.role === 'participant'
			? await participationAtStake(ex, membership.userId, membership.initiativeId, now)
			: null;
	return { membership, atStake };
}

export function readPlacementsChoice(value: string): PlacementsChoice {
	return value === 'pause' ? 'pause' : 'keep';
}
