// THE gate: the only module that reads stories, photos and their derivatives for anyone.
//
// A viewer sees a story in a context when, and only when (docs/consent.md, "The gate's rule"):
//   owner       — the viewer owns it;
//   pool        — it is finished and shared with curators, and the viewer is a curator of its
//                 initiative or an admin; curators never see unshared drafts;
//   exhibition  — the exhibition is published, the placement stands (approved, not run out,
//                 and every term the participant approved still holds: audience, working
//                 groups, themes, section, size), and the viewer is in the exhibition's
//                 audience (public: anyone; partners: a member of the initiative;
//                 working_group: a member of one of its working groups);
//   preview     — a curator (or admin) of the exhibition's initiative looking at the exhibition
//                 exactly as its audience will, before or after publishing: standing
//                 placements only.
// Outside the owner's own pages, a story is shown only while its initiative is not archived
// and its owner's account is active, and only to viewers whose own account is active.
// Each rule exists twice (rules.ts): as an SQL condition for lists and as a per-object check
// in plain code; reads pass both, and tests/unit/access-model.test.ts holds the two to a
// reference model derived from what participants consented to. Forbidden and missing both come
// back as undefined (→ 404). Nothing here caches: a withdrawal takes effect on the very next
// request.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionThemes,
	exhibitionWorkingGroups,
	exhibitions,
	initiatives,
	membershipWorkingGroups,
	memberships,
	photoDerivatives,
	photos,
	placementThemes,
	placements,
	stories,
	users,
	type DerivativeKind
} from '../db/schema';
import {
	NOTHING,
	NO_FACTS,
	curates,
	curatesSql,
	inAudience,
	inAudienceSql,
	inPoolSql,
	standingInSql,
	storyOpenSql,
	termsHold,
	termsHoldSql,
	type ExhibitionRow,
	type PlacementRow,
	type Viewer,
	type ViewerFacts
} from './rules';

export type { ExhibitionRow, PlacementRow, Viewer };

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

declare const ownedBrand: unique symbol;
/** A story the gate found to belong to the viewer: the only kind the write functions accept. */
export type OwnedStory = StoryRow & { readonly [ownedBrand]: true };

// ---------------------------------------------------------------------------------------
// SQL conditions

/** SQL condition: the stories this viewer may see in this context. */
export function visibleStories(viewer: Viewer, context: StoryContext, now = new Date()): SQL {
	switch (context.kind) {
		case 'owner':
			return viewer ? eq(stories.ownerId, viewer.id) : NOTHING;
		case 'pool':
			return viewer
				? sql`(${inPoolSql()} AND ${storyOpenSql()}
					AND ${curatesSql(viewer, sql`${stories.initiativeId}`)})`
				: NOTHING;
		case 'exhibition':
			return sql`(${storyOpenSql()} AND ${standingInSql(
				context.exhibitionId,
				now,
				sql`se.status = 'published' AND EXISTS (SELECT 1 FROM ${exhibitions}
					WHERE ${exhibitions.id} = se.id AND ${inAudienceSql(viewer)})`
			)})`;
		case 'preview':
			return viewer
				? sql`(${storyOpenSql()} AND ${standingInSql(context.exhibitionId, now)}
					AND ${curatesSql(viewer, sql`${stories.initiativeId}`)})`
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

async function factsAbout(ex: Executor, viewer: Viewer): Promise<ViewerFacts> {
	if (!viewer) return NO_FACTS;
	const [account] = await ex
		.select({ isAdmin: users.isAdmin, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, viewer.id));
	if (!account || account.disabledAt !== null) return NO_FACTS;
	const facts: ViewerFacts = {
		active: true,
		isAdmin: account.isAdmin,
		roles: new Map(),
		groups: new Map()
	};
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
			.select({
				membershipId: membershipWorkingGroups.membershipId,
				id: membershipWorkingGroups.workingGroupId
			})
			.from(membershipWorkingGroups)
			.where(
				inArray(
					membershipWorkingGroups.membershipId,
					rows.map((r) => r.id)
				)
			);
		for (const g of groups) {
			const initiativeId = rows.find((r) => r.id === g.membershipId)?.initiativeId;
			if (!initiativeId) continue;
			const set = facts.groups.get(initiativeId) ?? new Set();
			set.add(g.id);
			facts.groups.set(initiativeId, set);
		}
	}
	return facts;
}

/** Whether the story may be shown outside its owner's pages: owner active, initiative open. */
async function storyIsOpen(ex: Executor, story: Pick<StoryRow, 'ownerId' | 'initiativeId'>) {
	const [owner] = await ex
		.select({ disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, story.ownerId));
	const [initiative] = await ex
		.select({ archivedAt: initiatives.archivedAt })
		.from(initiatives)
		.where(eq(initiatives.id, story.initiativeId));
	return Boolean(
		owner && owner.disabledAt === null && initiative && initiative.archivedAt === null
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

async function themeIdsOf(ex: Executor, placementId: string) {
	const rows = await ex
		.select({ id: placementThemes.themeId })
		.from(placementThemes)
		.where(eq(placementThemes.placementId, placementId));
	return rows.map((r) => r.id);
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
	if (!(await storyIsOpen(ex, story))) return no;
	const facts = await factsAbout(ex, viewer);
	if (context.kind === 'pool') {
		return story.sharedAt !== null &&
			story.status === 'finished' &&
			curates(facts, story.initiativeId)
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
	if (!placement) return no;
	const current = {
		audience: exhibition.exhibition.audience,
		workingGroupIds: exhibition.workingGroupIds
	};
	if (!termsHold(placement, current, await themeIdsOf(ex, placement.id), now)) return no;
	if (context.kind === 'preview') {
		return curates(facts, exhibition.exhibition.initiativeId) ? { allowed: true, placement } : no;
	}
	const open =
		exhibition.exhibition.status === 'published' && exhibition.initiativeArchivedAt === null;
	return open &&
		inAudience(facts, {
			audience: exhibition.exhibition.audience,
			initiativeId: exhibition.exhibition.initiativeId,
			workingGroupIds: exhibition.workingGroupIds
		})
		? { allowed: true, placement }
		: no;
}

/** Whether the exhibition page itself may be shown to the viewer (published, in audience). */
export async function checkExhibition(ex: Executor, viewer: Viewer, exhibitionId: string) {
	const exhibition = await exhibitionFacts(ex, exhibitionId);
	if (!exhibition) return false;
	if (exhibition.exhibition.status !== 'published' || exhibition.initiativeArchivedAt !== null)
		return false;
	return inAudience(await factsAbout(ex, viewer), {
		audience: exhibition.exhibition.audience,
		initiativeId: exhibition.exhibition.initiativeId,
		workingGroupIds: exhibition.workingGroupIds
	});
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

/** Whether the viewer owns any story at all (for the site's frame: "My stories", quick exit). */
export async function ownsAnyStory(ex: Executor, viewer: Viewer): Promise<boolean> {
	if (!viewer) return false;
	const rows = await ex
		.select({ id: stories.id })
		.from(stories)
		.where(visibleStories(viewer, OWNER))
		.limit(1);
	return rows.length > 0;
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

/**
 * The placements among these exhibitions' that stand as the gate decides it — approved, every
 * term holding, the story's owner active and its initiative open — whoever is looking. Ids
 * only, for counts and for the places of other people's stories in a participant's preview.
 */
export async function standingPlacementIds(
	ex: Executor,
	exhibitionIds: string[],
	now = new Date()
): Promise<Set<string>> {
	if (exhibitionIds.length === 0) return new Set();
	const rows = await ex
		.select({ id: placements.id })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.innerJoin(stories, eq(stories.id, placements.storyId))
		.where(
			and(
				inArray(placements.exhibitionId, exhibitionIds),
				eq(exhibitions.initiativeId, stories.initiativeId),
				termsHoldSql('"placements"', '"exhibitions"', now),
				storyOpenSql()
			)
		);
	return new Set(rows.map((r) => r.id));
}

/**
 * A theme page for this viewer: each exhibition that informs the theme and that the viewer may
 * see, with only the stories visible there whose placement informs this theme — as its curator
 * linked it and its participant agreed (a link they did not agree to stops the placement from
 * standing at all).
 */
export async function listThemeStories(
	ex: Executor,
	viewer: Viewer,
	theme: { id: string; initiativeId: string },
	now = new Date()
) {
	const visible = await listVisibleExhibitions(ex, viewer, theme.initiativeId);
	const linked = new Set(
		(
			await ex
				.select({ id: exhibitionThemes.exhibitionId })
				.from(exhibitionThemes)
				.where(eq(exhibitionThemes.themeId, theme.id))
		).map((r) => r.id)
	);
	const informing = visible.filter((e) => linked.has(e.id));
	return Promise.all(
		informing.map(async (exhibition) => {
			const context = inExhibition(exhibition.id);
			const rows = await ex
				.select({ story: stories, placement: placements })
				.from(stories)
				.innerJoin(
					placements,
					and(eq(placements.storyId, stories.id), eq(placements.exhibitionId, exhibition.id))
				)
				.where(
					and(
						visibleStories(viewer, context, now),
						sql`EXISTS (SELECT 1 FROM ${placementThemes} lt
							WHERE lt.placement_id = ${placements.id} AND lt.theme_id = ${theme.id})`
					)
				)
				.orderBy(asc(placements.position));
			const checked = await Promise.all(
				rows.map(async (r) => {
					const check = await checkStory(ex, viewer, r.story, context, now);
					if (!check.allowed || !check.placement) return undefined;
					const themes = await themeIdsOf(ex, check.placement.id);
					return themes.includes(theme.id)
						? { story: r.story, placement: check.placement }
						: undefined;
				})
			);
			return {
				exhibition,
				items: checked.filter(
					(r): r is { story: StoryRow; placement: PlacementRow } => r !== undefined
				)
			};
		})
	);
}

export { whoCanSee, type WhoCanSee } from './summary';
