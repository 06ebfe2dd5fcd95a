// Counts of visitors' reflections for the impact report (docs/impact.md): numbers only, never
// words or names. Here because the reflections table is read only by its own modules
// (tests/unit/access-boundary.test.ts).
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitions, reflections } from '../db/schema';
import type { ImpactRange } from '../impact/range';

/** Reflections received (and commitments among them) and approved in the period. */
export async function reflectionCounts(ex: Executor, initiativeId: string, range: ImpactRange) {
	const from = range.from.getTime();
	const to = range.to.getTime();
	const [row] = await ex
		.select({
			received: sql<number>`sum(CASE WHEN ${reflections.createdAt} >= ${from} AND ${reflections.createdAt} < ${to} THEN 1 ELSE 0 END)`,
			commitments: sql<number>`sum(CASE WHEN ${reflections.createdAt} >= ${from} AND ${reflections.createdAt} < ${to} AND ${reflections.kind} = 'commitment' THEN 1 ELSE 0 END)`,
			approved: sql<number>`sum(CASE WHEN ${reflections.status} = 'approved' AND ${reflections.moderatedAt} >= ${from} AND ${reflections.moderatedAt} < ${to} THEN 1 ELSE 0 END)`
		})
		.from(reflections)
		.innerJoin(exhibitions, eq(exhibitions.id, reflections.exhibitionId))
		.where(eq(exhibitions.initiativeId, initiativeId));
	return {
		received: Number(row?.received ?? 0),
		commitments: Number(row?.commitments ?? 0),
		approved: Number(row?.approved ?? 0)
	};
}
