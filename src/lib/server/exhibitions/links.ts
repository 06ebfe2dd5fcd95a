// What an exhibition is linked to — the themes it informs, the working groups those belong to
// or that it is shown to — and how many people its audience is. For the curators' pages.
import { and, countDistinct, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionThemes,
	exhibitionWorkingGroups,
	exhibitions,
	membershipWorkingGroups,
	memberships,
	placementThemes,
	placements,
	themes,
	type Audience
} from '../db/schema';

/**
 * Per exhibition of the initiative: the themes it informs, and the working groups it concerns
 * (the groups of those themes, and the groups it is shown to when its audience is working groups).
 */
export async function exhibitionLinks(ex: Executor, initiativeId: string) {
	const [rows, themeRows, groupRows] = await Promise.all([
		ex
			.select({ id: exhibitions.id, audience: exhibitions.audience })
			.from(exhibitions)
			.where(eq(exhibitions.initiativeId, initiativeId)),
		ex
			.select({
				exhibitionId: exhibitionThemes.exhibitionId,
				themeId: themes.id,
				workingGroupId: themes.workingGroupId
			})
			.from(exhibitionThemes)
			.innerJoin(exhibitions, eq(exhibitions.id, exhibitionThemes.exhibitionId))
			.innerJoin(themes, eq(themes.id, exhibitionThemes.themeId))
			.where(eq(exhibitions.initiativeId, initiativeId)),
		ex
			.select({
				exhibitionId: exhibitionWorkingGroups.exhibitionId,
				workingGroupId: exhibitionWorkingGroups.workingGroupId
			})
			.from(exhibitionWorkingGroups)
			.innerJoin(exhibitions, eq(exhibitions.id, exhibitionWorkingGroups.exhibitionId))
			.where(
				and(eq(exhibitions.initiativeId, initiativeId), eq(exhibitions.audience, 'working_group'))
			)
	]);
	const links = new Map(
		rows.map((r) => [
			r.id,
			{
				themeIds: new Set<string>(),
				workingGroupIds: new Set<string>(),
				/** The groups it is shown to (working-group audience). */
				audienceGroupIds: new Set<string>()
			}
		])
	);
	for (const t of themeRows) {
		links.get(t.exhibitionId)?.themeIds.add(t.themeId);
		links.get(t.exhibitionId)?.workingGroupIds.add(t.workingGroupId);
	}
	for (const g of groupRows) {
		links.get(g.exhibitionId)?.workingGroupIds.add(g.workingGroupId);
		links.get(g.exhibitionId)?.audienceGroupIds.add(g.workingGroupId);
	}
	return links;
}

export type ExhibitionLinks = Awaited<ReturnType<typeof exhibitionLinks>>;

/**
 * Per placement in the initiative's exhibitions: the themes it says its story informs (as
 * the curator chose them), each with its working group.
 */
export async function placementThemeLinks(ex: Executor, initiativeId: string) {
	const rows = await ex
		.select({
			placementId: placementThemes.placementId,
			themeId: themes.id,
			workingGroupId: themes.workingGroupId
		})
		.from(placementThemes)
		.innerJoin(placements, eq(placements.id, placementThemes.placementId))
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.innerJoin(themes, eq(themes.id, placementThemes.themeId))
		.where(eq(exhibitions.initiativeId, initiativeId));
	const links = new Map<string, { themeId: string; workingGroupId: string }[]>();
	for (const r of rows) links.set(r.placementId, [...(links.get(r.placementId) ?? []), r]);
	return links;
}

export type PlacementThemeLinks = Awaited<ReturnType<typeof placementThemeLinks>>;

/**
 * How many people are in an exhibition's audience, as the gate decides it: null for the
 * public (anyone); every member of the initiative, whatever their role, for partners; the
 * members of its working groups for working groups.
 */
export async function audienceSize(
	ex: Executor,
	exhibition: { initiativeId: string; audience: Audience; workingGroupIds: string[] }
): Promise<number | null> {
	if (exhibition.audience === 'public') return null;
	if (exhibition.audience === 'partners') {
		const [row] = await ex
			.select({ n: countDistinct(memberships.userId) })
			.from(memberships)
			.where(eq(memberships.initiativeId, exhibition.initiativeId));
		return row?.n ?? 0;
	}
	if (exhibition.workingGroupIds.length === 0) return 0;
	const [row] = await ex
		.select({ n: countDistinct(memberships.userId) })
		.from(membershipWorkingGroups)
		.innerJoin(memberships, eq(memberships.id, membershipWorkingGroups.membershipId))
		.where(inArray(membershipWorkingGroups.workingGroupId, exhibition.workingGroupIds));
	return row?.n ?? 0;
}
