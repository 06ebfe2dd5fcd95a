// Counts of consent events for the impact report (docs/impact.md): numbers only, never a
// story, a title, a name or the words agreed to. Kept in the consent module because it reads
// consent_events and stories, which no module outside the gate and the write modules may touch
// (tests/unit/access-boundary.test.ts).
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { consentEvents, stories } from '../db/schema';

/** The consent events the impact report counts. */
export const COUNTED_CONSENT_KINDS = [
	'shared',
	'approved',
	'declined',
	'withdrawn',
	'withdrawn_story',
	'withdrawn_everything'
] as const;
export type CountedConsentKind = (typeof COUNTED_CONSENT_KINDS)[number];

/**
 * Per kind, in [from, to) for the stories of one initiative, one grouped query: shares count
 * stories (a story shared twice counts once), approvals, declines and single withdrawals count
 * placements (a re-approval of the same placement counts once), whole-story withdrawals count
 * stories (one event each). Events of deleted stories are gone with them (docs/consent.md).
 */
export async function consentEventCounts(
	ex: Executor,
	initiativeId: string,
	range: { from: Date; to: Date }
): Promise<Record<CountedConsentKind, number>> {
	const rows = await ex
		.select({
			kind: consentEvents.kind,
			n: sql<number>`count(DISTINCT CASE WHEN ${consentEvents.kind} IN ('approved', 'declined', 'withdrawn') THEN coalesce(${consentEvents.placementId}, 'event:' || ${consentEvents.id}) ELSE ${consentEvents.storyId} END)`
		})
		.from(consentEvents)
		.innerJoin(stories, eq(stories.id, consentEvents.storyId))
		.where(
			and(
				eq(stories.initiativeId, initiativeId),
				inArray(consentEvents.kind, [...COUNTED_CONSENT_KINDS]),
				gte(consentEvents.at, range.from),
				lt(consentEvents.at, range.to)
			)
		)
		.groupBy(consentEvents.kind);
	const counts = Object.fromEntries(COUNTED_CONSENT_KINDS.map((k) => [k, 0])) as Record<
		CountedConsentKind,
		number
	>;
	for (const row of rows)
		if ((COUNTED_CONSENT_KINDS as readonly string[]).includes(row.kind))
			counts[row.kind as CountedConsentKind] = Number(row.n);
	return counts;
}
