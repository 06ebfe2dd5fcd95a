// Counts of working groups' responses for the impact report (docs/impact.md): numbers only,
// never words or names. Here because the response tables are read only by their own modules
// (tests/unit/access-boundary.test.ts).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { responseEntries, responses } from '../db/schema';
import type { ImpactRange } from '../impact/range';

/**
 * Responses of the initiative with at least one entry in [from, to), each with the status of
 * its latest entry before `to` (ties in time broken by id, so each response counts once),
 * grouped by working group and status.
 */
export async function responseCounts(ex: Executor, initiativeId: string, range: ImpactRange) {
	const from = range.from.getTime();
	const to = range.to.getTime();
	return ex.all<{ groupId: string; status: string; n: number; recorded: number }>(sql`
		WITH latest AS (
			SELECT ${responseEntries.responseId} AS response_id, ${responseEntries.status} AS status,
				row_number() OVER (
					PARTITION BY ${responseEntries.responseId}
					ORDER BY ${responseEntries.createdAt} DESC, ${responseEntries.id} DESC
				) AS rank,
				max(CASE WHEN ${responseEntries.createdAt} >= ${from} THEN 1 ELSE 0 END) OVER (
					PARTITION BY ${responseEntries.responseId}
				) AS active
			FROM ${responseEntries}
			INNER JOIN ${responses} ON ${responses.id} = ${responseEntries.responseId}
			WHERE ${responses.initiativeId} = ${initiativeId} AND ${responseEntries.createdAt} < ${to}
		)
		SELECT ${responses.workingGroupId} AS groupId, latest.status AS status, count(*) AS n,
			sum(CASE WHEN ${responses.createdAt} >= ${from} THEN 1 ELSE 0 END) AS recorded
		FROM latest
		INNER JOIN ${responses} ON ${responses.id} = latest.response_id
		WHERE latest.rank = 1 AND latest.active = 1
		GROUP BY ${responses.workingGroupId}, latest.status
	`);
}
