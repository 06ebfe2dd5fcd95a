// The rules of the gate (docs/consent.md, "The gate's rule"), each written twice: as an SQL
// condition for lists, so that lists never load what they would then hide, and as plain code
// over facts for the per-object check. Reads pass both; tests/unit/access-model.test.ts holds
// the two to a reference model derived from what participants consented to.
import { sql, type SQL } from 'drizzle-orm';
import {
	exhibitionWorkingGroups,
	exhibitions,
	initiatives,
	membershipWorkingGroups,
	memberships,
	placementThemes,
	placements,
	stories,
	users,
	type Audience
} from '../db/schema';

export type Viewer = { id: string; isAdmin: boolean } | null;
export type PlacementRow = typeof placements.$inferSelect;
export type ExhibitionRow = typeof exhibitions.$inferSelect;

export const NOTHING = sql`0`;

// ---------------------------------------------------------------------------------------
// SQL

/**
 * The viewer is a curator of the initiative given as an SQL expression, or an admin — and
 * their account is active. The admin flag is read from the database, not from the session.
 */
export function curatesSql(viewer: Viewer, initiativeId: SQL): SQL {
	if (!viewer) return NOTHING;
	return sql`EXISTS (SELECT 1 FROM ${users} vu WHERE vu.id = ${viewer.id} AND vu.disabled_at IS NULL
		AND (vu.is_admin = 1 OR EXISTS (SELECT 1 FROM ${memberships} m
			WHERE m.user_id = vu.id AND m.initiative_id = ${initiativeId} AND m.role = 'curator')))`;
}

/**
 * The viewer is in the audience of the exhibition row in scope (`exhibitions`): public:
 * anyone; partners: an active member of its initiative; working_group: an active member of
 * its initiative who belongs, through that membership, to one of its working groups.
 */
export function inAudienceSql(viewer: Viewer): SQL {
	const publicAudience = sql`${exhibitions.audience} = 'public'`;
	if (!viewer) return publicAudience;
	return sql`(${publicAudience} OR EXISTS (SELECT 1 FROM ${users} vu
		WHERE vu.id = ${viewer.id} AND vu.disabled_at IS NULL AND (
			(${exhibitions.audience} = 'partners' AND EXISTS (
				SELECT 1 FROM ${memberships} m
				WHERE m.user_id = vu.id AND m.initiative_id = ${exhibitions.initiativeId}))
			OR (${exhibitions.audience} = 'working_group' AND EXISTS (
				SELECT 1 FROM ${exhibitionWorkingGroups} ewg
				JOIN ${membershipWorkingGroups} mwg ON mwg.working_group_id = ewg.working_group_id
				JOIN ${memberships} m ON m.id = mwg.membership_id
				WHERE ewg.exhibition_id = ${exhibitions.id} AND m.user_id = vu.id
				AND m.initiative_id = ${exhibitions.initiativeId})))))`;
}

/** The story in scope (`stories`) may be shown outside its owner's own pages at all. */
export function storyOpenSql(): SQL {
	return sql`(EXISTS (SELECT 1 FROM ${users} ou
			WHERE ou.id = ${stories.ownerId} AND ou.disabled_at IS NULL)
		AND EXISTS (SELECT 1 FROM ${initiatives} si
			WHERE si.id = ${stories.initiativeId} AND si.archived_at IS NULL))`;
}

/** The story in scope is in the curators' pool: finished and shared. */
export function inPoolSql(): SQL {
	return sql`(${stories.sharedAt} IS NOT NULL AND ${stories.status} = 'finished')`;
}

/** How far an audience reaches; an unknown value reaches `otherwise` (nothing, or everything). */
const rank = (column: SQL, otherwise: number) =>
	sql`(CASE ${column} WHEN 'working_group' THEN 1 WHEN 'partners' THEN 2 WHEN 'public' THEN 3 ELSE ${sql.raw(String(otherwise))} END)`;

/**
 * The placement `p` of exhibition `e` stands: approved, not run out, and everything the
 * participant approved still holds — the audience reaches nobody the approved one did not
 * (for working groups: no group they did not see), the size and section are the approved
 * ones, and the story informs no theme they did not agree to.
 */
export function termsHoldSql(p: string, e: string, now: Date): SQL {
	const P = sql.raw(p);
	const E = sql.raw(e);
	return sql`(${P}.status = 'approved'
		AND (${P}.consent_expires_at IS NULL OR ${P}.consent_expires_at > ${now.getTime()})
		AND ${P}.size IS ${P}.approved_size
		AND ${P}.section_id IS ${P}.approved_section_id
		AND (${rank(sql`${E}.audience`, 9)} < ${rank(sql`${P}.approved_audience`, 0)}
			OR (${E}.audience = ${P}.approved_audience AND (${E}.audience <> 'working_group'
				OR NOT EXISTS (SELECT 1 FROM ${exhibitionWorkingGroups} tw
					WHERE tw.exhibition_id = ${E}.id AND tw.working_group_id NOT IN
						(SELECT value FROM json_each(${P}.approved_working_group_ids))))))
		AND NOT EXISTS (SELECT 1 FROM ${placementThemes} tt
			WHERE tt.placement_id = ${P}.id AND tt.theme_id NOT IN
				(SELECT value FROM json_each(${P}.approved_theme_ids))))`;
}

/**
 * A standing placement of the story in scope in the exhibition (of the story's initiative),
 * and optionally a further condition on that exhibition row (`se`).
 */
export function standingInSql(exhibitionId: string, now: Date, onExhibition: SQL = sql`1`): SQL {
	return sql`EXISTS (SELECT 1 FROM ${placements} sp
		JOIN ${exhibitions} se ON se.id = sp.exhibition_id
		WHERE sp.story_id = ${stories.id} AND sp.exhibition_id = ${exhibitionId}
		AND se.initiative_id = ${stories.initiativeId}
		AND ${termsHoldSql('sp', 'se', now)} AND ${onExhibition})`;
}

// ---------------------------------------------------------------------------------------
// Plain code: the same rules over facts

export interface ViewerFacts {
	/** The account exists and is not disabled. */
	active: boolean;
	isAdmin: boolean;
	/** initiativeId → roles held there */
	roles: Map<string, Set<string>>;
	/** initiativeId → working groups joined through a membership of that initiative */
	groups: Map<string, Set<string>>;
}

export const NO_FACTS: ViewerFacts = {
	active: false,
	isAdmin: false,
	roles: new Map(),
	groups: new Map()
};

export function curates(facts: ViewerFacts, initiativeId: string): boolean {
	return facts.active && (facts.isAdmin || Boolean(facts.roles.get(initiativeId)?.has('curator')));
}

export function inAudience(
	facts: ViewerFacts,
	exhibition: { audience: Audience; initiativeId: string; workingGroupIds: string[] }
): boolean {
	if (exhibition.audience === 'public') return true;
	if (!facts.active) return false;
	if (exhibition.audience === 'partners')
		return (facts.roles.get(exhibition.initiativeId)?.size ?? 0) > 0;
	const mine = facts.groups.get(exhibition.initiativeId);
	return exhibition.workingGroupIds.some((g) => mine?.has(g));
}

const RANK: Record<Audience, number> = { working_group: 1, partners: 2, public: 3 };

/** Plain-code twin of termsHoldSql. */
export function termsHold(
	placement: Pick<
		PlacementRow,
		| 'status'
		| 'consentExpiresAt'
		| 'size'
		| 'approvedSize'
		| 'sectionId'
		| 'approvedSectionId'
		| 'approvedAudience'
		| 'approvedWorkingGroupIds'
		| 'approvedThemeIds'
	>,
	exhibition: { audience: Audience; workingGroupIds: string[] },
	themeIds: string[],
	now: Date
): boolean {
	if (placement.status !== 'approved') return false;
	if (placement.consentExpiresAt && placement.consentExpiresAt.getTime() <= now.getTime())
		return false;
	if (placement.size !== placement.approvedSize) return false;
	if (placement.sectionId !== placement.approvedSectionId) return false;
	const approved = placement.approvedAudience;
	if (!approved) return false;
	if (RANK[exhibition.audience] > RANK[approved]) return false;
	if (
		exhibition.audience === approved &&
		approved === 'working_group' &&
		exhibition.workingGroupIds.some((g) => !placement.approvedWorkingGroupIds.includes(g))
	)
		return false;
	return themeIds.every((t) => placement.approvedThemeIds.includes(t));
}
