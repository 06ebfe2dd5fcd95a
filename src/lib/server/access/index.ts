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
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
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
	type Audience,
	type DerivativeKind
} from '../db/schema';
import { readPeople } from '../releases/people';
import { pickVariant, variantTag, type Looker } from '../releases/variants';
import { normalizeStricter, type Stricter } from '../../stricter';
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
	/** The owner; `as` shows their own photos as that audience will get them (docs/releases.md). */
	| { kind: 'owner'; as?: Audience }
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
//
// The facts are loaded for many objects at once (docs/consent.md, "Reading many at once"): the
// viewer's once, the exhibitions' once, the owners' and initiatives' states and the placements
// with their themes for every id together — a constant number of statements however many
// stories a page shows. Each object is then decided in plain code, one at a time.

export async function factsAbout(ex: Executor, viewer: Viewer): Promise<ViewerFacts> {
	if (!viewer) return NO_FACTS;
	const rows = await ex
		.select({
			isAdmin: users.isAdmin,
			disabledAt: users.disabledAt,
			initiativeId: memberships.initiativeId,
			role: memberships.role,
			groupId: membershipWorkingGroups.workingGroupId
		})
		.from(users)
		.leftJoin(memberships, eq(memberships.userId, users.id))
		.leftJoin(membershipWorkingGroups, eq(membershipWorkingGroups.membershipId, memberships.id))
		.where(eq(users.id, viewer.id));
	const account = rows[0];
	if (!account || account.disabledAt !== null) return NO_FACTS;
	const facts: ViewerFacts = {
		active: true,
		isAdmin: account.isAdmin,
		roles: new Map(),
		groups: new Map()
	};
	for (const row of rows) {
		if (row.initiativeId === null || row.role === null) continue;
		const roles = facts.roles.get(row.initiativeId) ?? new Set();
		roles.add(row.role);
		facts.roles.set(row.initiativeId, roles);
		if (row.groupId === null) continue;
		const groups = facts.groups.get(row.initiativeId) ?? new Set();
		groups.add(row.groupId);
		facts.groups.set(row.initiativeId, groups);
	}
	return facts;
}

type StoryFacts = Pick<StoryRow, 'id' | 'ownerId' | 'initiativeId' | 'sharedAt' | 'status'>;

/**
 * Whether each story may be shown outside its owner's pages: owner active, initiative open.
 * The states of every owner and initiative in one statement; the rule in code.
 */
async function openStories(ex: Executor, rows: Pick<StoryRow, 'ownerId' | 'initiativeId'>[]) {
	const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
	const initiativeIds = [...new Set(rows.map((r) => r.initiativeId))];
	const active = new Set<string>();
	const open = new Set<string>();
	if (rows.length > 0) {
		const states = await ex.all<{ kind: 'u' | 'i'; id: string; closedAt: number | null }>(
			sql`SELECT 'u' AS kind, ${users.id} AS id, ${users.disabledAt} AS closedAt FROM ${users}
				WHERE ${inArray(users.id, ownerIds)}
				UNION ALL SELECT 'i', ${initiatives.id}, ${initiatives.archivedAt} FROM ${initiatives}
				WHERE ${inArray(initiatives.id, initiativeIds)}`
		);
		for (const state of states)
			if (state.closedAt === null) (state.kind === 'u' ? active : open).add(state.id);
	}
	return (story: Pick<StoryRow, 'ownerId' | 'initiativeId'>) =>
		active.has(story.ownerId) && open.has(story.initiativeId);
}

export interface ExhibitionFacts {
	exhibition: ExhibitionRow;
	initiativeArchivedAt: Date | null;
	workingGroupIds: string[];
}

/** The exhibitions, their initiatives' state and their working groups, in one statement. */
export async function exhibitionFactsOf(
	ex: Executor,
	exhibitionIds: string[]
): Promise<Map<string, ExhibitionFacts>> {
	const ids = [...new Set(exhibitionIds)];
	if (ids.length === 0) return new Map();
	const rows = await ex
		.select({
			exhibition: exhibitions,
			initiativeArchivedAt: initiatives.archivedAt,
			workingGroupIds: sql<string>`(SELECT json_group_array(ewg.working_group_id)
				FROM ${exhibitionWorkingGroups} ewg WHERE ewg.exhibition_id = "exhibitions"."id")`
		})
		.from(exhibitions)
		.innerJoin(initiatives, eq(initiatives.id, exhibitions.initiativeId))
		.where(inArray(exhibitions.id, ids));
	return new Map(
		rows.map((r) => [
			r.exhibition.id,
			{
				exhibition: r.exhibition,
				initiativeArchivedAt: r.initiativeArchivedAt,
				workingGroupIds: JSON.parse(r.workingGroupIds) as string[]
			}
		])
	);
}

/** The placements of these stories in these exhibitions, each with its themes, in one statement. */
async function placementsOf(ex: Executor, exhibitionIds: string[], storyIds: string[]) {
	const found = new Map<string, { placement: PlacementRow; themeIds: string[] }>();
	if (exhibitionIds.length === 0 || storyIds.length === 0) return found;
	const rows = await ex
		.select({
			placement: placements,
			themeIds: sql<string>`(SELECT json_group_array(pt.theme_id)
				FROM ${placementThemes} pt WHERE pt.placement_id = "placements"."id")`
		})
		.from(placements)
		.where(
			and(
				inArray(placements.exhibitionId, [...new Set(exhibitionIds)]),
				inArray(placements.storyId, [...new Set(storyIds)])
			)
		);
	for (const r of rows)
		found.set(`${r.placement.exhibitionId}/${r.placement.storyId}`, {
			placement: r.placement,
			themeIds: JSON.parse(r.themeIds) as string[]
		});
	return found;
}

type Decision =
	{ allowed: false } | { allowed: true; placement?: PlacementRow; audience?: Audience };
/**
 * A decision with, for exhibition contexts, the themes the standing placement informs and the
 * exhibition's audience (whose releases apply: docs/releases.md).
 */
type Decided =
	| { allowed: false }
	| { allowed: true; placement?: PlacementRow; themeIds?: string[]; audience?: Audience };
const NO = { allowed: false } as const;

/**
 * The per-object check for many (story, context) pairs at once: the facts are loaded together,
 * then each pair is decided on its own by the plain-code rules. Returns the standing placement
 * for exhibition contexts (its photos and name are the only ones to show). Exported for the
 * gate's other read modules in this folder (reflections.ts); routes use the reads.
 */
export async function decideStories(
	ex: Executor,
	viewer: Viewer,
	asks: { story: StoryFacts; context: StoryContext }[],
	now: Date,
	known: { facts?: ViewerFacts; exhibitions?: Map<string, ExhibitionFacts> } = {}
): Promise<Decided[]> {
	const outside = asks.filter((a) => a.context.kind !== 'owner');
	if (outside.length === 0)
		return asks.map(({ story }) =>
			viewer && story.ownerId === viewer.id ? { allowed: true } : NO
		);
	const exhibitionIds = [
		...new Set(
			outside.flatMap((a) =>
				a.context.kind === 'exhibition' || a.context.kind === 'preview'
					? [a.context.exhibitionId]
					: []
			)
		)
	];
	const missing = exhibitionIds.filter((id) => !known.exhibitions?.has(id));
	const [isOpen, facts, loaded, placed] = await Promise.all([
		openStories(
			ex,
			outside.map((a) => a.story)
		),
		known.facts ?? factsAbout(ex, viewer),
		exhibitionFactsOf(ex, missing),
		placementsOf(
			ex,
			exhibitionIds,
			outside.map((a) => a.story.id)
		)
	]);
	const exhibitionOf = (id: string) => known.exhibitions?.get(id) ?? loaded.get(id);
	return asks.map(({ story, context }): Decided => {
		if (context.kind === 'owner')
			return viewer && story.ownerId === viewer.id ? { allowed: true } : NO;
		if (!isOpen(story)) return NO;
		if (context.kind === 'pool') {
			return story.sharedAt !== null &&
				story.status === 'finished' &&
				curates(facts, story.initiativeId)
				? { allowed: true }
				: NO;
		}
		const exhibition = exhibitionOf(context.exhibitionId);
		if (!exhibition || exhibition.exhibition.initiativeId !== story.initiativeId) return NO;
		const found = placed.get(`${context.exhibitionId}/${story.id}`);
		if (!found) return NO;
		const { placement, themeIds } = found;
		const current = {
			audience: exhibition.exhibition.audience,
			workingGroupIds: exhibition.workingGroupIds
		};
		if (!termsHold(placement, current, themeIds, now)) return NO;
		const audience = exhibition.exhibition.audience;
		if (context.kind === 'preview') {
			return curates(facts, exhibition.exhibition.initiativeId)
				? { allowed: true, placement, themeIds, audience }
				: NO;
		}
		return exhibitionOpenTo(facts, exhibition)
			? { allowed: true, placement, themeIds, audience }
			: NO;
	});
}

/** Plain code: the exhibition is published, its initiative open, and the viewer in its audience. */
export function exhibitionOpenTo(facts: ViewerFacts, exhibition: ExhibitionFacts) {
	const open =
		exhibition.exhibition.status === 'published' && exhibition.initiativeArchivedAt === null;
	return (
		open &&
		inAudience(facts, {
			audience: exhibition.exhibition.audience,
			initiativeId: exhibition.exhibition.initiativeId,
			workingGroupIds: exhibition.workingGroupIds
		})
	);
}

/**
 * The per-object check: may this viewer see this story in this context? Returns the standing
 * placement for exhibition contexts (its photos and name are the only ones to show).
 */
export async function checkStory(
	ex: Executor,
	viewer: Viewer,
	story: StoryFacts,
	context: StoryContext,
	now = new Date()
): Promise<Decision> {
	const decided = (await decideStories(ex, viewer, [{ story, context }], now))[0]!;
	return decided.allowed
		? { allowed: true, placement: decided.placement, audience: decided.audience }
		: NO;
}

/** Whether the exhibition page itself may be shown to the viewer (published, in audience). */
export async function checkExhibition(ex: Executor, viewer: Viewer, exhibitionId: string) {
	const [found, facts] = await Promise.all([
		exhibitionFactsOf(ex, [exhibitionId]),
		factsAbout(ex, viewer)
	]);
	const exhibition = found.get(exhibitionId);
	return exhibition ? exhibitionOpenTo(facts, exhibition) : false;
}

/**
 * The photos of many stories the gate has just decided, in position order: one statement (two
 * with `first`). Where a placement is given (exhibition contexts), only the photos its
 * participant approved there; with `first`, only the first of those — a theme page shows one
 * photo per story, so only their places are read for the rest.
 */
async function photosOf(
	ex: Executor,
	shown: { story: Pick<StoryRow, 'id'>; placement?: Pick<PlacementRow, 'photoIds'> }[],
	options: { first?: boolean } = {}
): Promise<PhotoRow[][]> {
	if (shown.length === 0) return [];
	const storyIds = [...new Set(shown.map((s) => s.story.id))];
	const approved = shown.every((s) => s.placement)
		? [...new Set(shown.flatMap((s) => s.placement!.photoIds))]
		: null;
	if (approved && approved.length === 0) return shown.map(() => []);
	const where = and(
		inArray(photos.storyId, storyIds),
		approved ? inArray(photos.id, approved) : undefined
	);
	const order = [asc(photos.storyId), asc(photos.position)];
	const inOrder = <T extends { id: string; storyId: string }>(rows: T[]) => {
		const byStory = new Map<string, T[]>();
		for (const row of rows) {
			const list = byStory.get(row.storyId) ?? [];
			list.push(row);
			byStory.set(row.storyId, list);
		}
		return shown.map(({ story, placement }) => {
			const mine = byStory.get(story.id) ?? [];
			const allowed = placement ? new Set(placement.photoIds) : null;
			return allowed ? mine.filter((p) => allowed.has(p.id)) : mine;
		});
	};
	if (!options.first)
		return inOrder(
			await ex
				.select()
				.from(photos)
				.where(where)
				.orderBy(...order)
		);
	const places = inOrder(
		await ex
			.select({ id: photos.id, storyId: photos.storyId })
			.from(photos)
			.where(where)
			.orderBy(...order)
	);
	const firstIds = [...new Set(places.flatMap((list) => list.slice(0, 1).map((p) => p.id)))];
	const rows =
		firstIds.length > 0 ? await ex.select().from(photos).where(inArray(photos.id, firstIds)) : [];
	const byId = new Map(rows.map((r) => [r.id, r]));
	return places.map((list) => list.slice(0, 1).flatMap((p) => byId.get(p.id) ?? []));
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

/**
 * The stories of an initiative in the curators' pool, for a curator (or admin), each with the
 * number of its photos.
 */
export async function listPool(ex: Executor, viewer: Viewer, initiativeId: string) {
	const rows = await ex
		.select({
			story: stories,
			// Qualified by hand: drizzle writes a single table's columns unqualified, and inside
			// the subquery an unqualified "id" would be the photo's.
			photoCount: sql<number>`(SELECT count(*) FROM ${photos} pc WHERE pc.story_id = "stories"."id")`
		})
		.from(stories)
		.where(and(eq(stories.initiativeId, initiativeId), visibleStories(viewer, POOL)))
		.orderBy(asc(stories.sharedAt));
	const decided = await decideStories(
		ex,
		viewer,
		rows.map((r) => ({ story: r.story, context: POOL })),
		new Date()
	);
	return rows
		.filter((_, i) => decided[i]!.allowed)
		.map((r) => ({ ...r.story, photoCount: r.photoCount }));
}

/**
 * The stories shown in an exhibition for this viewer, with their standing placements and the
 * photos approved for it there, in section and position order. Empty when the viewer may not
 * see the exhibition.
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
	const decided = await decideStories(
		ex,
		viewer,
		rows.map((r) => ({ story: r.story, context })),
		now
	);
	const shown = rows.flatMap((r, i) => {
		const d = decided[i]!;
		return d.allowed && d.placement ? [{ story: r.story, placement: d.placement }] : [];
	});
	const shownPhotos = await photosOf(ex, shown);
	return shown.map((r, i) => ({ ...r, photos: shownPhotos[i]! }));
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
	return (await readStoryWithPhotos(ex, viewer, storyId, context, now))?.photos ?? [];
}

/** A story, its placement in an exhibition context and the photos to show, gate asked once. */
export async function readStoryWithPhotos(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	context: StoryContext,
	now = new Date()
): Promise<{ story: StoryRow; placement?: PlacementRow; photos: PhotoRow[] } | undefined> {
	const visible = await readStoryWithPlacement(ex, viewer, storyId, context, now);
	if (!visible) return undefined;
	return { ...visible, photos: (await photosOf(ex, [visible]))[0]! };
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
 * editor image is only ever for the owner. The SQL rule and the per-object check each run
 * once: one statement finds the file with its story, then the check's facts. Of the file's
 * variants, the one served hides at least every marked person whose release does not cover
 * the context's audience (docs/releases.md); the people are read only for a photo that has any.
 */
export async function readDerivative(
	ex: Executor,
	viewer: Viewer,
	request: { photoId: string; version: number; kind: DerivativeKind; width: number | null },
	context: StoryContext,
	now = new Date()
) {
	if (request.kind === 'editor' && context.kind !== 'owner') return undefined;
	const rows = await ex
		.select({
			storageKey: photoDerivatives.storageKey,
			bytes: photoDerivatives.bytes,
			kind: photoDerivatives.kind,
			width: photoDerivatives.width,
			variant: photoDerivatives.variant,
			storyId: photos.storyId,
			peopleKey: photos.peopleKey,
			stricter: photos.stricter,
			story: {
				id: stories.id,
				ownerId: stories.ownerId,
				initiativeId: stories.initiativeId,
				sharedAt: stories.sharedAt,
				status: stories.status
			}
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
		);
	const first = rows[0];
	if (!first) return undefined;
	const check = await checkStory(ex, viewer, first.story, context, now);
	if (!check.allowed) return undefined;
	if (context.kind === 'exhibition' || context.kind === 'preview') {
		if (!check.placement?.photoIds.includes(request.photoId)) return undefined;
	}
	const row = await servedVariant(
		ex,
		request.photoId,
		first.peopleKey,
		normalizeStricter(first.stricter),
		rows,
		lookerOf(context, check)
	);
	if (!row) return undefined;
	return {
		storageKey: row.storageKey,
		bytes: row.bytes,
		kind: row.kind,
		width: row.width,
		storyId: row.storyId,
		variant: row.variant,
		/** Strong: the bytes of a (photo, version, variant, kind, width) never change. */
		etag: `"${request.photoId}-${request.version}-${row.kind}-${row.width}${row.variant ? `-${variantTag(row.variant)}` : ''}-${row.bytes}"`
	};
}

/** Whose eyes a context's files are for (docs/releases.md). */
export function lookerOf(context: StoryContext, check: { audience?: Audience }): Looker {
	if (context.kind === 'owner') return context.as ? { audience: context.as } : 'owner';
	if (check.audience && (context.kind === 'exhibition' || context.kind === 'preview'))
		return { audience: check.audience };
	// The pool, and anything else: every marked person hidden.
	return 'strictest';
}

/**
 * Of a photo's variants of one file, the one this looker may receive. A photo nobody is marked
 * in and without stricter framing has only the variant that hides nobody; for any other, its
 * people are read (one statement) and the rule in releases/variants.ts picks; no variant at all
 * means nothing.
 */
async function servedVariant<T extends { variant: string }>(
	ex: Executor,
	photoId: string,
	peopleKey: string,
	stricter: Stricter,
	rows: T[],
	looker: Looker
): Promise<T | undefined> {
	if (peopleKey === '') return rows.find((r) => r.variant === '');
	const people = (await readPeople(ex, [photoId])).get(photoId) ?? [];
	const key = pickVariant(
		rows.map((r) => r.variant),
		people,
		looker,
		stricter
	);
	return key === undefined ? undefined : rows.find((r) => r.variant === key);
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
			height: photoDerivatives.height,
			variant: photoDerivatives.variant
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
	return (await visibleExhibitionsWithFacts(ex, viewer, initiativeId)).rows;
}

/** The same, with the facts the check decided them from (for callers that decide more). */
async function visibleExhibitionsWithFacts(ex: Executor, viewer: Viewer, initiativeId?: string) {
	const [rows, facts] = await Promise.all([
		ex
			.select()
			.from(exhibitions)
			.where(
				and(
					visibleExhibitions(viewer),
					initiativeId ? eq(exhibitions.initiativeId, initiativeId) : undefined
				)
			)
			.orderBy(asc(exhibitions.publishedAt)),
		factsAbout(ex, viewer)
	]);
	const found = await exhibitionFactsOf(
		ex,
		rows.map((e) => e.id)
	);
	const checked = rows.filter((e) => {
		const f = found.get(e.id);
		return f !== undefined && exhibitionOpenTo(facts, f);
	});
	return { rows: checked.reverse(), facts, exhibitions: found };
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
	const [photo] = await ex
		.select({ storyId: photos.storyId })
		.from(photos)
		.where(eq(photos.id, exhibition.coverPhotoId));
	if (!photo) return undefined;
	const visible = await readPhotos(ex, viewer, photo.storyId, context, now);
	return visible.find((p) => p.id === exhibition.coverPhotoId);
}

/**
 * The covers of many exhibitions at once (the home page lists a page of them), each decided as
 * readCover decides one: the photo must be one its participant approved for a placement that
 * stands in that exhibition, for this viewer. A constant number of statements for any number.
 */
export async function readCovers(
	ex: Executor,
	viewer: Viewer,
	shown: Pick<ExhibitionRow, 'id' | 'coverPhotoId'>[],
	now = new Date()
): Promise<Map<string, PhotoRow>> {
	const covers = new Map<string, PhotoRow>();
	const wanted = shown.flatMap((e) =>
		e.coverPhotoId ? [{ id: e.id, photoId: e.coverPhotoId }] : []
	);
	if (wanted.length === 0) return covers;
	const owners = await ex
		.select({ id: photos.id, storyId: photos.storyId })
		.from(photos)
		.where(
			inArray(
				photos.id,
				wanted.map((w) => w.photoId)
			)
		);
	const storyOf = new Map(owners.map((p) => [p.id, p.storyId]));
	const asks = wanted.flatMap((w) => {
		const storyId = storyOf.get(w.photoId);
		return storyId ? [{ ...w, storyId }] : [];
	});
	if (asks.length === 0) return covers;
	// Each exhibition's own SQL rule, side by side, then the check for each pair.
	const rows = await ex
		.select({ story: stories, placement: placements })
		.from(stories)
		.innerJoin(placements, eq(placements.storyId, stories.id))
		.where(
			or(
				...asks.map((a) =>
					and(
						eq(stories.id, a.storyId),
						eq(placements.exhibitionId, a.id),
						visibleStories(viewer, inExhibition(a.id), now)
					)
				)
			)
		);
	const decided = await decideStories(
		ex,
		viewer,
		rows.map((r) => ({ story: r.story, context: inExhibition(r.placement.exhibitionId) })),
		now
	);
	const standing = rows.flatMap((r, i) => {
		const d = decided[i]!;
		return d.allowed && d.placement ? [{ story: r.story, placement: d.placement }] : [];
	});
	const approved = await photosOf(ex, standing);
	standing.forEach(({ placement }, i) => {
		const photoId = wanted.find((w) => w.id === placement.exhibitionId)?.photoId;
		const photo = approved[i]!.find((p) => p.id === photoId);
		if (photo) covers.set(placement.exhibitionId, photo);
	});
	return covers;
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
 * standing at all) — each with the first photo approved for it there.
 */
export async function listThemeStories(
	ex: Executor,
	viewer: Viewer,
	theme: { id: string; initiativeId: string },
	now = new Date()
) {
	const [visible, linkedRows] = await Promise.all([
		visibleExhibitionsWithFacts(ex, viewer, theme.initiativeId),
		ex
			.select({ id: exhibitionThemes.exhibitionId })
			.from(exhibitionThemes)
			.where(eq(exhibitionThemes.themeId, theme.id))
	]);
	const linked = new Set(linkedRows.map((r) => r.id));
	const informing = visible.rows.filter((e) => linked.has(e.id));
	if (informing.length === 0) return [];
	// One statement for every informing exhibition: each exhibition's own SQL rule, side by side.
	const rows = await ex
		.select({ story: stories, placement: placements })
		.from(stories)
		.innerJoin(placements, eq(placements.storyId, stories.id))
		.where(
			and(
				or(
					...informing.map((e) =>
						and(eq(placements.exhibitionId, e.id), visibleStories(viewer, inExhibition(e.id), now))
					)
				),
				sql`EXISTS (SELECT 1 FROM ${placementThemes} lt
					WHERE lt.placement_id = ${placements.id} AND lt.theme_id = ${theme.id})`
			)
		)
		.orderBy(asc(placements.position));
	const asks = rows.map((r) => ({
		story: r.story,
		context: inExhibition(r.placement.exhibitionId)
	}));
	const decided = await decideStories(ex, viewer, asks, now, {
		facts: visible.facts,
		exhibitions: visible.exhibitions
	});
	// The check's own placement, with its themes: it must inform this theme too.
	const shown = rows.flatMap((r, i) => {
		const d = decided[i]!;
		if (!d.allowed || !d.placement || !d.themeIds?.includes(theme.id)) return [];
		return [{ story: r.story, placement: d.placement }];
	});
	const firstPhotos = await photosOf(ex, shown, { first: true });
	const items = shown.map((r, i) => ({ ...r, photos: firstPhotos[i]! }));
	return informing.map((exhibition) => ({
		exhibition,
		items: items.filter((i) => i.placement.exhibitionId === exhibition.id)
	}));
}

export { whoCanSee, type WhoCanSee } from './summary';

/**
 * The titles of those of the given stories the viewer may name: their own (owner) or, for a
 * curator or admin of the story's initiative, a story in the pool. For notifications
 * (docs/notifications.md): a withdrawn, unshared, deleted or otherwise hidden story is simply
 * absent, and is then called "a story". Two statements plus the check's, however many ids.
 */
export async function nameableStoryTitles(
	ex: Executor,
	viewer: Viewer,
	storyIds: string[],
	now = new Date()
): Promise<Map<string, { title: string; language: StoryRow['language'] }>> {
	const ids = [...new Set(storyIds)];
	const titles = new Map<string, { title: string; language: StoryRow['language'] }>();
	if (!viewer || ids.length === 0) return titles;
	const rows = await ex
		.select()
		.from(stories)
		.where(
			and(
				inArray(stories.id, ids),
				or(visibleStories(viewer, OWNER, now), visibleStories(viewer, POOL, now))
			)
		);
	const decided = await decideStories(
		ex,
		viewer,
		rows.map((story) => ({ story, context: story.ownerId === viewer.id ? OWNER : POOL })),
		now
	);
	rows.forEach((story, i) => {
		if (decided[i]!.allowed) titles.set(story.id, { title: story.title, language: story.language });
	});
	return titles;
}
export {
	listResponses,
	visibleResponsesSql,
	recordingChoices,
	ownersToTell,
	type ResponseView,
	type RecordingChoices
} from './responses';
