// Small reads for the curators' pages: where the stories of an initiative stand in its
// exhibitions (states only — never a story's content, which comes through the access gate),
// and the names participants chose to be shown by.
import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitions, placements, users } from '../db/schema';
import { standingPlacementIds } from '../access';

/**
 * Every placement in the initiative's exhibitions: ids, states and dates, newest change first;
 * `standing` says whether the gate shows it (approved, and every approved term still holds).
 */
export async function placementStates(ex: Executor, initiativeId: string, now = new Date()) {
	const rows = await ex
		.select({
			id: placements.id,
			storyId: placements.storyId,
			exhibitionId: placements.exhibitionId,
			exhibitionTitle: exhibitions.title,
			exhibitionStatus: exhibitions.status,
			status: placements.status,
			consentExpiresAt: placements.consentExpiresAt,
			decidedAt: placements.decidedAt
		})
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(eq(exhibitions.initiativeId, initiativeId))
		.orderBy(desc(placements.updatedAt));
	const standing = await standingPlacementIds(
		ex,
		[...new Set(rows.map((r) => r.exhibitionId))],
		now
	);
	return rows.map((r) => ({ ...r, standing: standing.has(r.id) }));
}

export type PlacementState = Awaited<ReturnType<typeof placementStates>>[number];

/** Per exhibition: stories shown with a standing approval, and requests awaiting an answer. */
export function countByExhibition(states: PlacementState[]) {
	const counts = new Map<string, { approved: number; pending: number }>();
	for (const s of states) {
		const c = counts.get(s.exhibitionId) ?? { approved: 0, pending: 0 };
		if (s.status === 'pending') c.pending += 1;
		else if (s.standing) c.approved += 1;
		counts.set(s.exhibitionId, c);
	}
	return counts;
}

/** Placements that participants declined or withdrew since `since`, newest first. */
export async function recentRefusals(ex: Executor, initiativeId: string, since: Date) {
	return ex
		.select({
			id: placements.id,
			storyId: placements.storyId,
			exhibitionId: placements.exhibitionId,
			exhibitionTitle: exhibitions.title,
			status: placements.status,
			decidedAt: placements.decidedAt
		})
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(
			and(
				eq(exhibitions.initiativeId, initiativeId),
				inArray(placements.status, ['declined', 'withdrawn']),
				gte(placements.decidedAt, since)
			)
		)
		.orderBy(desc(placements.decidedAt));
}

/**
 * What presentStory needs to write a byline: the person's own name (used only when they chose
 * to be named by it). Only for owners of stories the gate already returned.
 */
export async function ownersOf(ex: Executor, ownerIds: string[]) {
	const ids = [...new Set(ownerIds)];
	const rows = ids.length
		? await ex
				.select({ id: users.id, displayName: users.displayName, username: users.username })
				.from(users)
				.where(inArray(users.id, ids))
		: [];
	const byId = new Map(rows.map((r) => [r.id, r]));
	return (id: string) => byId.get(id) ?? { displayName: null, username: '' };
}
