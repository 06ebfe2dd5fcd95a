// The impact report of an initiative for a period (docs/impact.md): counts only. Every number
// comes from a few grouped queries; nothing here returns a story, a title, a name or any words
// anybody wrote. Consent events are counted inside the consent module (its tables are closed to
// everyone else, tests/unit/access-boundary.test.ts); so are responses (responses/counts.ts) and
// reflections (exhibitions/reflection-counts.ts).
import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitions, RESPONSE_STATUSES, type ResponseStatus } from '../db/schema';
import { consentEventCounts, type CountedConsentKind } from '../consent/counts';
import { responseCounts } from '../responses/counts';
import { reflectionCounts } from '../exhibitions/reflection-counts';
import { listWorkingGroups } from '../initiatives';
import type { LocalizedText } from '../../localized';
import type { ImpactRange } from './range';

export interface WorkingGroupImpact {
	id: string;
	title: LocalizedText;
	archived: boolean;
	/** Responses with an entry in the period, by their status at the end of the period. */
	byStatus: Record<ResponseStatus, number>;
	/** Of those, the ones first recorded in the period. */
	recorded: number;
	total: number;
}

export interface ImpactReport {
	consent: Record<CountedConsentKind, number>;
	/** Exhibitions first published in the period (exhibitions.publishedAt). */
	exhibitionsPublished: number;
	workingGroups: WorkingGroupImpact[];
	reflections: { received: number; commitments: number; approved: number };
}

const noStatuses = () =>
	Object.fromEntries(RESPONSE_STATUSES.map((s) => [s, 0])) as Record<ResponseStatus, number>;

async function publishedCount(ex: Executor, initiativeId: string, range: ImpactRange) {
	const [row] = await ex
		.select({ n: count() })
		.from(exhibitions)
		.where(
			and(
				eq(exhibitions.initiativeId, initiativeId),
				gte(exhibitions.publishedAt, range.from),
				lt(exhibitions.publishedAt, range.to)
			)
		);
	return Number(row?.n ?? 0);
}

/** The whole report: five queries, run side by side. */
export async function impactReport(
	ex: Executor,
	initiativeId: string,
	range: ImpactRange
): Promise<ImpactReport> {
	const [consent, exhibitionsPublished, groups, responseRows, reflected] = await Promise.all([
		consentEventCounts(ex, initiativeId, range),
		publishedCount(ex, initiativeId, range),
		listWorkingGroups(ex, initiativeId, { includeArchived: true }),
		responseCounts(ex, initiativeId, range),
		reflectionCounts(ex, initiativeId, range)
	]);
	const byGroup = new Map<string, WorkingGroupImpact>(
		groups.map((g) => [
			g.id,
			{
				id: g.id,
				title: g.title,
				archived: Boolean(g.archivedAt),
				byStatus: noStatuses(),
				recorded: 0,
				total: 0
			}
		])
	);
	for (const row of responseRows) {
		const group = byGroup.get(row.groupId);
		if (!group || !(RESPONSE_STATUSES as readonly string[]).includes(row.status)) continue;
		group.byStatus[row.status as ResponseStatus] += Number(row.n);
		group.recorded += Number(row.recorded);
		group.total += Number(row.n);
	}
	return {
		consent,
		exhibitionsPublished,
		// Archived groups only when they had responses in the period.
		workingGroups: [...byGroup.values()].filter((g) => !g.archived || g.total > 0),
		reflections: reflected
	};
}
