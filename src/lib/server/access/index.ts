// THE gate: the only module that reads stories, photos and their derivatives for anyone.
//
// A viewer sees a story in a context when, and only when (DESIGN.md, "The one gate"):
//   owner       — the viewer owns it;
//   pool        — it is shared with curators (and finished), and the viewer is a curator of its
//                 initiative or an admin; curators never see unshared drafts;
//   exhibition  — the exhibition is published, its initiative not archived, the placement is
//                 approved by the participant and not withdrawn or run out, and the viewer is in
//                 the exhibition's audience (public: anyone; partners: a member of the
//                 initiative; working_group: a member of one of its working groups);
//   preview     — a curator (or admin) of the exhibition's initiative looking at the exhibition
//                 exactly as its audience will, before or after publishing: approved, current
//                 placements only.
// Each rule exists twice: as an SQL condition for lists (so that lists never load what they
// would then hide) and as a per-object check written separately in plain code; reads pass
// both, and tests/unit/access-model.test.ts holds the two to a reference model. Forbidden and
// missing both come back as undefined (→ 404). Nothing here caches: a withdrawal takes effect
// on the very next request.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionWorkingGroups,
	exhibitions,
	initiatives,
	membershipWorkingGroups,
	memberships,
	photoDerivatives,
	photos,
	placements,
	stories,
	type DerivativeKind
} from '../db/schema';

export type Viewer = { id: string; isAdmin: boolean } | null;

/** Where a story is being looked at. */
export type StoryContext =
	| { kind: 'owner' }
	| { kind: 'pool' }
	| { kind: 'exhibition'; exhibitionId: string }
	| { kind: 'preview'; exhibitionId: string };

export const OWNER: StoryContext = { kind: 'owner' };
export const POOL: StoryContext = { kind: 'pool' };
export type ExhibitionContext = Extract<StoryContext, { kind: 'exhibition' | 'preview' }>;
export const inExhibition = (exhibitionId: string): ExhibitionContext => ({
	kind: 'exhibition',
	exhibitionId
});
export const inPreview = (exhibitionId: string): ExhibitionContext => ({
	kind: 'preview',
	exhibitionId
});

export type StoryRow = typeof stories.$inferSelect;
export type PhotoRow = typeof photos.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
export type ExhibitionRow = typeof exhibitions.$inferSelect;

declare const ownedBrand: unique symbol;
/** A story the gate found to belong to the viewer: the only kind the write functions accept. */
export type OwnedStory = StoryRow & { readonly [ownedBrand]: true };

const NOTHING = sql`0`;

// ---------------------------------------------------------------------------------------
// SQL conditions

/** The viewer is in the audience of the exhibition row in scope (`exhibitions`). */
function inAudienceSql(viewer: Viewer): SQL {
	const publicAudience = sql`${exhibitions.audience} = 'public'`;
	if (!viewer) return publicAudience;
	return sql`(${publicAudience}
		OR (${exhibitions.audience} = 'partners' AND EXISTS (
			SELECT 1 FROM ${memberships} m
			WHERE m.user_id = ${viewer.id} AND m.initiative_id = ${exhibitions.initiativeId}))
		OR (${exhibitions.audience} = 'working_group' AND EXISTS (
			SELECT 1 FROM ${exhibitionWorkingGroups} ewg
			JOIN ${membershipWorkingGroups} mwg ON mwg.working_group_id = ewg.working_group_id
			JOIN ${memberships} m ON m.id = mwg.membership_id
			WHERE ewg.exhibition_id = ${exhibitions.id} AND m.user_id = ${viewer.id})))`;
}

/** The viewer is a curator of the initiative given as an SQL expression, or an admin. */
function curatesSql(viewer: Viewer, initiativeId: SQL | typeof stories.initiativeId): SQL {
	if (!viewer) return NOTHING;
	if (viewer.isAdmin) return sql`1`;
	return sql`EXISTS (SELECT 1 FROM ${memberships} m
		WHERE m.user_id = ${viewer.id} AND m.initiative_id = ${initiativeId} AND m.role = 'curator')`;
}

/** An approved placement of the story in scope (`stories`) that has not run out. */
function standingPlacementSql(exhibitionId: string, now: Date): SQL {
	return sql`EXISTS (SELECT 1 FROM ${placements} p
		WHERE p.story_id = ${stories.id} AND p.exhibition_id = ${exhibitionId}
		AND p.status = 'approved'
		AND (p.consent_expires_at IS NULL OR p.consent_expires_at > ${now.getTime()}))`;
}

/** SQL condition: the stories this viewer may see in this context. */
export function visibleStories(viewer: Viewer, context: StoryContext, now = new Date()): SQL {
	switch (context.kind) {
		case 'owner':
			return viewer ? eq(stories.ownerId, viewer.id) : NOTHING;
		case 'pool':
			return viewer
				? sql`(${stories.sharedAt} IS NOT NULL AND ${stories.status} = 'finished'
					AND ${curatesSql(viewer, stories.initiativeId)})`
				: NOTHING;
		case 'exhibition':
			return sql`(${standingPlacementSql(context.exhibitionId, now)} AND EXISTS (
				SELECT 1 FROM ${exhibitions}
				JOIN ${initiatives} ON ${initiatives.id} = ${exhibitions.initiativeId}
				WHERE ${exhibitions.id} = ${context.exhibitionId}
				AND ${exhibitions.initiativeId} = ${stories.initiativeId}
				AND ${exhibitions.status} = 'published'
				AND ${initiatives.archivedAt} IS NULL
				AND ${inAudienceSql(viewer)}))`;
		case 'preview':
			return viewer
				? sql`(${standingPlacementSql(context.exhibitionId, now)} AND EXISTS (
					SELECT 1 FROM ${exhibitions}
					WHERE ${exhibitions.id} = ${context.exhibitionId}
					AND ${exhibitions.initiativeId} = ${stories.initiativeId}
					AND ${curatesSql(viewer, sql`${exhibitions.initiativeId}`)}))`
				: NOTHING;
	}
}

/** SQL condition on `exhibitions`: published (initiative not archived) and the viewer in its audience. */
export function visibleExhibitions(viewer: Viewer): SQL {
	return sql`(${exhibitions.status} = 'published' AND ${inAudienceSql(viewer)}
		AND EXISTS (SELECT 1 FROM ${initiatives} i
			WHERE i.id = ${exhibitions.initiativeId} AND i.archived_at IS NULL))`;
}

// ---------------------------------------------------------------------------------------
// The per-object check: the same rules, from the facts, in plain code.

interface ViewerFacts {
	/** initiativeId → roles */
	roles: Map<string, Set<string>>;
	workingGroups: Set<string>;
}

async function factsAbout(ex: Executor, viewer: Viewer): Promise<ViewerFacts> {
	const facts: ViewerFacts = { roles: new Map(), workingGroups: new Set() };
	if (!viewer) return facts;
	const rows = await ex
		.select({ id: memberships.id, initiativeId: memberships.initiativeId, role: memberships.role })
		.from(memberships)
		.where(eq(memberships.userId, viewer.id));
	for (const row of rows) {
		const roles = facts.roles.get(row.initiativeId) ?? new Set();
		roles.add(row.role);
		facts.roles.set(row.initiativeId, roles);
	}
	if (rows.length > 0) {
		const groups = await ex
			.select({ id: membershipWorkingGroups.workingGroupId })
			.from(membershipWorkingGroups)
			.where(
				inArray(
					membershipWorkingGroups.membershipId,
					rows.map((r) => r.id)
				)
			);
		for (const g of groups) facts.workingGroups.add(g.id);
	}
	return facts;
}

function curates(viewer: Viewer, facts: ViewerFacts, initiativeId: string): boolean {
	if (!viewer) return false;
	return viewer.isAdmin || Boolean(facts.roles.get(initiativeId)?.has('curator'));
}

export function placementStands(
	placement: Pick<PlacementRow, 'status' | 'consentExpiresAt'>,
	now: Date
) {
	return (
		placement.status === 'approved' &&
		(placement.consentExpiresAt === null || placement.consentExpiresAt.getTime() > now.getTime())
	);
}

async function exhibitionFacts(ex: Executor, exhibitionId: string) {
	const [row] = await ex
		.select({ exhibition: exhibitions, initiativeArchivedAt: initiatives.archivedAt })
		.from(exhibitions)
		.innerJoin(initiatives, eq(initiatives.id, exhibitions.initiativeId))
		.where(eq(exhibitions.id, exhibitionId));
	if (!row) return undefined;
	const groups = await ex
		.select({ id: exhibitionWorkingGroups.workingGroupId })
		.from(exhibitionWorkingGroups)
		.where(eq(exhibitionWorkingGroups.exhibitionId, exhibitionId));
	return { ...row, workingGroupIds: groups.map((g) => g.id) };
}

function inAudience(
	viewer: Viewer,
	facts: ViewerFacts,
	exhibition: Pick<ExhibitionRow, 'audience' | 'initiativeId'>,
	exhibitionGroups: string[]
): boolean {
	switch (exhibition.audience) {
		case 'public':
			return true;
		case 'partners':
			return Boolean(viewer) && (facts.roles.get(exhibition.initiativeId)?.size ?? 0) > 0;
		case 'working_group':
			return Boolean(viewer) && exhibitionGroups.some((g) => facts.workingGroups.has(g));
	}
}

/**
 * The per-object check: may this viewer see this story in this context? Returns the standing
 * placement for exhibition contexts (its photos and name are the only ones to show).
 */
export async function checkStory(
	ex: Executor,
	viewer: Viewer,
	story: Pick<StoryRow, 'id' | 'ownerId' | 'initiativeId' | 'sharedAt' | 'status'>,
	context: StoryContext,
	now = new Date()
): Promise<{ allowed: false } | { allowed: true; placement?: PlacementRow }> {
	const no = { allowed: false } as const;
	if (context.kind === 'owner')
		return viewer && story.ownerId === viewer.id ? { allowed: true } : no;
	const facts = await factsAbout(ex, viewer);
	if (context.kind === 'pool') {
		return story.sharedAt !== null &&
			story.status === 'finished' &&
			curates(viewer, facts, story.initiativeId)
			? { allowed: true }
			: no;
	}
	const exhibition = await exhibitionFacts(ex, context.exhibitionId);
	if (!exhibition || exhibition.exhibition.initiativeId !== story.initiativeId) return no;
	const [placement] = await ex
		.select()
		.from(placements)
		.where(
			and(eq(placements.storyId, story.id), eq(placements.exhibitionId, context.exhibitionId))
		);
	if (!placement || !placementStands(placement, now)) return no;
	if (context.kind === 'preview') {
		return curates(viewer, facts, exhibition.exhibition.initiativeId)
			? { allowed: true, placement }
			: no;
	}
	const open =
		exhibition.exhibition.status === 'published' && exhibition.initiativeArchivedAt === null;
	return open && inAudience(viewer, facts, exhibition.exhibition, exhibition.workingGroupIds)
		? { allowed: true, placement }
		: no;
}

/** Whether the exhibition page itself may be shown to the viewer (published, in audience). */
export async function checkExhibition(ex: Executor, viewer: Viewer, exhibitionId: string) {
	const exhibition = await exhibitionFacts(ex, exhibitionId);
	if (!exhibition) return false;
	if (exhibition.exhibition.status !== 'published' || exhibition.initiativeArchivedAt !== null)
		return false;
	return inAudience(
		viewer,
		await factsAbout(ex, viewer),
		exhibition.exhibition,
		exhibition.workingGroupIds
	);
}

// ---------------------------------------------------------------------------------------
// Reads

/** A story, if the viewer may see it in the context: both the SQL rule and the check agree. */
export async function readStory(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	context: StoryContext,
	now = new Date()
): Promise<StoryRow | undefined> {
	return (await readStoryWithPlacement(ex, viewer, storyId, context, now))?.story;
}

export async function readStoryWithPlacement(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	context: StoryContext,
	now = new Date()
): Promise<{ story: StoryRow; placement?: PlacementRow } | undefined> {
	const [story] = await ex
		.select()
		.from(stories)
		.where(and(eq(stories.id, storyId), visibleStories(viewer, context, now)));
	if (!story) return undefined;
	const check = await checkStory(ex, viewer, story, context, now);
	if (!check.allowed) return undefined;
	return { story, placement: check.placement };
}

/** The viewer's own story, for editing. */
export async function ownStory(
	ex: Executor,
	viewer: Viewer,
	storyId: string
): Promise<OwnedStory | undefined> {
	return (await readStory(ex, viewer, storyId, OWNER)) as OwnedStory | undefined;
}

/** The viewer's own stories in an initiative, newest first. */
export async function listOwnStories(ex: Executor, viewer: Viewer, initiativeId: string) {
	const rows = await ex
		.select()
		.from(stories)
		.where(and(visibleStories(viewer, OWNER), eq(stories.initiativeId, initiativeId)))
		.orderBy(asc(stories.createdAt));
	return rows.reverse() as OwnedStory[];
}

/** All of the viewer's own stories, in every initiative. */
export async function listAllOwnStories(ex: Executor, viewer: Viewer) {
	return (await ex
		.select()
		.from(stories)
		.where(visibleStories(viewer, OWNER))
		.orderBy(asc(stories.createdAt))) as OwnedStory[];
}

/** The stories of an initiative in the curators' pool, for a curator (or admin). */
export async function listPool(ex: Executor, viewer: Viewer, initiativeId: string) {
	const rows = await ex
		.select()
		.from(stories)
		.where(and(eq(stories.initiativeId, initiativeId), visibleStories(viewer, POOL)))
		.orderBy(asc(stories.sharedAt));
	const checked = await Promise.all(
		rows.map(async (s) => ((await checkStory(ex, viewer, s, POOL)).allowed ? s : undefined))
	);
	return checked.filter((s): s is StoryRow => s !== undefined);
}

/**
 * The stories shown in an exhibition for this viewer, with their standing placements, in
 * section and position order. Empty when the viewer may not see the exhibition.
 */
export async function listExhibitionStories(
	ex: Executor,
	viewer: Viewer,
	context: Extract<StoryContext, { kind: 'exhibition' | 'preview' }>,
	now = new Date()
) {
	const rows = await ex
		.select({ story: stories, placement: placements })
		.from(stories)
		.innerJoin(
			placements,
			and(eq(placements.storyId, stories.id), eq(placements.exhibitionId, context.exhibitionId))
		)
		.where(visibleStories(viewer, context, now))
		.orderBy(asc(placements.position));
	const checked = await Promise.all(
		rows.map(async (r) =>
			(await checkStory(ex, viewer, r.story, context, now)).allowed ? r : undefined
		)
	);
	return checked.filter((r): r is { story: StoryRow; placement: PlacementRow } => r !== undefined);
}

/**
 * The photos of a story the viewer may see, in order. In an exhibition, only the photos the
 * participant approved for it.
 */
export async function readPhotos(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	context: StoryContext,
	now = new Date()
): Promise<PhotoRow[]> {
	const visible = await readStoryWithPlacement(ex, viewer, storyId, context, now);
	if (!visible) return [];
	const rows = await ex
		.select()
		.from(photos)
		.where(eq(photos.storyId, storyId))
		.orderBy(asc(photos.position));
	const allowed = visible.placement ? new Set(visible.placement.photoIds) : null;
	return allowed ? rows.filter((p) => allowed.has(p.id)) : rows;
}

/** One photo of the viewer's own story, with the story, for editing. */
export async function ownPhoto(ex: Executor, viewer: Viewer, storyId: string, photoId: string) {
	const story = await ownStory(ex, viewer, storyId);
	if (!story) return undefined;
	const [photo] = await ex
		.select()
		.from(photos)
		.where(and(eq(photos.id, photoId), eq(photos.storyId, story.id)));
	return photo ? { story, photo } : undefined;
}

/**
 * A derivative file the viewer may fetch: the photo's story must be visible in the context,
 * the photo approved for it there, the version the photo's current one, and the unframed
 * editor image is only ever for the owner.
 */
export async function readDerivative(
	ex: Executor,
	viewer: Viewer,
	request: { photoId: string; version: number; kind: DerivativeKind; width: number | null },
	context: StoryContext,
	now = new Date()
) {
	if (request.kind === 'editor' && context.kind !== 'owner') return undefined;
	const [row] = await ex
		.select({
			storageKey: photoDerivatives.storageKey,
			bytes: photoDerivatives.bytes,
			kind: photoDerivatives.kind,
			width: photoDerivatives.width,
			storyId: photos.storyId
		})
		.from(photoDerivatives)
		.innerJoin(photos, eq(photos.id, photoDerivatives.photoId))
		.innerJoin(stories, eq(stories.id, photos.storyId))
		.where(
			and(
				eq(photoDerivatives.photoId, request.photoId),
				eq(photoDerivatives.version, request.version),
				eq(photos.version, request.version),
				eq(photoDerivatives.kind, request.kind),
				request.width === null ? undefined : eq(photoDerivatives.width, request.width),
				visibleStories(viewer, context, now)
			)
		)
		.limit(1);
	if (!row) return undefined;
	const visible = await readStoryWithPlacement(ex, viewer, row.storyId, context, now);
	if (!visible) return undefined;
	if (visible.placement && !visible.placement.photoIds.includes(request.photoId)) return undefined;
	return row;
}

/** Every derivative of photos the caller got from this gate (for srcset), current versions only. */
export async function readDerivativesOf(
	ex: Executor,
	photoRows: Pick<PhotoRow, 'id' | 'version'>[]
) {
	if (photoRows.length === 0) return [];
	const rows = await ex
		.select({
			photoId: photoDerivatives.photoId,
			version: photoDerivatives.version,
			kind: photoDerivatives.kind,
			width: photoDerivatives.width,
			height: photoDerivatives.height
		})
		.from(photoDerivatives)
		.where(
			inArray(
				photoDerivatives.photoId,
				photoRows.map((p) => p.id)
			)
		);
	const current = new Map(photoRows.map((p) => [p.id, p.version]));
	return rows.filter((r) => current.get(r.photoId) === r.version && r.kind !== 'editor');
}

/** Exhibitions the viewer may see, newest first (optionally of one initiative). */
export async function listVisibleExhibitions(ex: Executor, viewer: Viewer, initiativeId?: string) {
	const rows = await ex
		.select()
		.from(exhibitions)
		.where(
			and(
				visibleExhibitions(viewer),
				initiativeId ? eq(exhibitions.initiativeId, initiativeId) : undefined
			)
		)
		.orderBy(asc(exhibitions.publishedAt));
	const checked = await Promise.all(
		rows.map(async (e) => ((await checkExhibition(ex, viewer, e.id)) ? e : undefined))
	);
	return checked.filter((e): e is ExhibitionRow => e !== undefined).reverse();
}

/** A published exhibition by its slug, if the viewer is in its audience. */
export async function readExhibitionBySlug(ex: Executor, viewer: Viewer, slug: string) {
	const [row] = await ex
		.select()
		.from(exhibitions)
		.where(and(eq(exhibitions.slug, slug), visibleExhibitions(viewer)));
	if (!row || !(await checkExhibition(ex, viewer, row.id))) return undefined;
	return row;
}

/**
 * The exhibition's cover photo, if there is one and this viewer may see it in the context:
 * it must be a photo its participant approved for a placement that stands there.
 */
export async function readCover(
	ex: Executor,
	viewer: Viewer,
	exhibition: Pick<ExhibitionRow, 'id' | 'coverPhotoId'>,
	context: ExhibitionContext,
	now = new Date()
): Promise<PhotoRow | undefined> {
	if (!exhibition.coverPhotoId) return undefined;
	const [photo] = await ex.select().from(photos).where(eq(photos.id, exhibition.coverPhotoId));
	if (!photo) return undefined;
	const visible = await readPhotos(ex, viewer, photo.storyId, context, now);
	return visible.find((p) => p.id === photo.id);
}
