// The gate for visitors' reflections (docs/reflections.md): who sees which reflection, and
// whether the story it is about may be named beside it. Every read of the `reflections` table
// for a page is here; the writes are in src/lib/server/exhibitions/reflections.ts.
//
//   public (exhibition page) — approved, about the whole exhibition, and the viewer may see the
//                              exhibition (published, in its audience);
//   public (story page)      — approved, shown by the story's participant, and the viewer may
//                              see the story in that exhibition through the gate right now
//                              (after a withdrawal, nothing about the story shows);
//   owner                    — the approved reflections about the viewer's own story;
//   curators                 — every pending reflection of the initiative's exhibitions; the
//                              story's title only while the curator may see the story (pool or
//                              preview), never after its participant withdrew it.
// Pending and rejected reflections are never public. Each list is decided in a constant
// number of statements: the SQL condition, then the per-object check of decideStories.
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitions, reflections, stories } from '../db/schema';
import {
	OWNER,
	POOL,
	checkExhibition,
	decideStories,
	inExhibition,
	inPreview,
	readExhibitionBySlug,
	readStory,
	visibleExhibitions,
	visibleStories,
	type ExhibitionRow,
	type Viewer
} from './index';
import { curatesSql } from './rules';
import type { Locale } from '../../localized';

/** Audiences whose exhibitions keep a guest book: not an exhibition for working groups only. */
export const REFLECTION_AUDIENCES: readonly ExhibitionRow['audience'][] = ['public', 'partners'];

export function acceptsReflections(exhibition: Pick<ExhibitionRow, 'audience'>): boolean {
	return REFLECTION_AUDIENCES.includes(exhibition.audience);
}

const shown = {
	id: reflections.id,
	kind: reflections.kind,
	body: reflections.body,
	language: reflections.language,
	authorName: reflections.authorName,
	createdAt: reflections.createdAt
};

export interface ShownReflection {
	id: string;
	kind: 'reflection' | 'commitment';
	body: string;
	language: Locale;
	authorName: string;
	createdAt: Date;
}

/**
 * Where a visitor may leave a reflection: a published exhibition they may see that keeps a
 * guest book, and (optionally) one of its stories they may see there. Undefined → 404.
 */
export async function readReflectionTarget(
	ex: Executor,
	viewer: Viewer,
	slug: string,
	storyId: string | null,
	now = new Date()
) {
	const exhibition = await readExhibitionBySlug(ex, viewer, slug);
	if (!exhibition || !acceptsReflections(exhibition)) return undefined;
	if (storyId === null) return { exhibition, story: null };
	const story = await readStory(ex, viewer, storyId, inExhibition(exhibition.id), now);
	if (!story) return undefined;
	return { exhibition, story: { id: story.id, title: story.title, language: story.language } };
}

/** The exhibition's guest book: its approved reflections about the whole exhibition, newest first. */
export async function guestBook(
	ex: Executor,
	viewer: Viewer,
	exhibitionId: string,
	limit = 12
): Promise<ShownReflection[]> {
	const rows = await ex
		.select(shown)
		.from(reflections)
		.innerJoin(exhibitions, eq(exhibitions.id, reflections.exhibitionId))
		.where(
			and(
				eq(reflections.exhibitionId, exhibitionId),
				isNull(reflections.storyId),
				eq(reflections.status, 'approved'),
				visibleExhibitions(viewer)
			)
		)
		.orderBy(desc(reflections.createdAt))
		.limit(limit);
	if (rows.length === 0 || !(await checkExhibition(ex, viewer, exhibitionId))) return [];
	return rows;
}

/**
 * The reflections shown publicly under these stories in this exhibition: approved, shown by
 * the participant, and only for the stories this viewer may see there now. By story id.
 */
export async function shownStoryReflections(
	ex: Executor,
	viewer: Viewer,
	exhibitionId: string,
	storyIds: string[],
	now = new Date()
): Promise<Map<string, ShownReflection[]>> {
	const found = new Map<string, ShownReflection[]>();
	if (storyIds.length === 0) return found;
	const context = inExhibition(exhibitionId);
	const rows = await ex
		.select({ ...shown, story: stories })
		.from(reflections)
		.innerJoin(stories, eq(stories.id, reflections.storyId))
		.where(
			and(
				eq(reflections.exhibitionId, exhibitionId),
				inArray(reflections.storyId, [...new Set(storyIds)]),
				eq(reflections.status, 'approved'),
				isNotNull(reflections.shownByOwnerAt),
				visibleStories(viewer, context, now)
			)
		)
		.orderBy(desc(reflections.createdAt));
	const decided = await decideStories(
		ex,
		viewer,
		rows.map((r) => ({ story: r.story, context })),
		now
	);
	rows.forEach(({ story, ...reflection }, i) => {
		if (!decided[i]!.allowed) return;
		found.set(story.id, [...(found.get(story.id) ?? []), reflection]);
	});
	return found;
}

/** The approved reflections about the viewer's own story, newest first, with their exhibition. */
export async function ownerReflections(ex: Executor, viewer: Viewer, storyId: string) {
	return ex
		.select({
			...shown,
			shownByOwnerAt: reflections.shownByOwnerAt,
			ownerReadAt: reflections.ownerReadAt,
			exhibition: { id: exhibitions.id, slug: exhibitions.slug, title: exhibitions.title }
		})
		.from(reflections)
		.innerJoin(stories, eq(stories.id, reflections.storyId))
		.innerJoin(exhibitions, eq(exhibitions.id, reflections.exhibitionId))
		.where(
			and(
				eq(reflections.storyId, storyId),
				eq(reflections.status, 'approved'),
				visibleStories(viewer, OWNER)
			)
		)
		.orderBy(desc(reflections.createdAt));
}

/** How many approved reflections about the viewer's own story they have not seen yet. */
export async function unreadOwnerReflections(
	ex: Executor,
	viewer: Viewer,
	storyId: string
): Promise<number> {
	const [row] = await ex
		.select({ n: sql<number>`count(*)` })
		.from(reflections)
		.innerJoin(stories, eq(stories.id, reflections.storyId))
		.where(
			and(
				eq(reflections.storyId, storyId),
				eq(reflections.status, 'approved'),
				isNull(reflections.ownerReadAt),
				visibleStories(viewer, OWNER)
			)
		);
	return row?.n ?? 0;
}

/**
 * The pending reflections of an initiative's exhibitions, oldest first, for its curators (or
 * an admin). A reflection about a story names the story only while the curator may see it in
 * the pool or in the exhibition's preview; otherwise `story` is null and `aboutStory` true.
 */
export async function pendingReflections(
	ex: Executor,
	viewer: Viewer,
	initiativeId: string,
	now = new Date()
) {
	const rows = await ex
		.select({
			...shown,
			storyId: reflections.storyId,
			exhibition: { id: exhibitions.id, slug: exhibitions.slug, title: exhibitions.title }
		})
		.from(reflections)
		.innerJoin(exhibitions, eq(exhibitions.id, reflections.exhibitionId))
		.where(
			and(
				eq(exhibitions.initiativeId, initiativeId),
				eq(reflections.status, 'pending'),
				curatesSql(viewer, sql`${initiativeId}`)
			)
		)
		.orderBy(reflections.createdAt);
	const storyIds = [...new Set(rows.flatMap((r) => (r.storyId ? [r.storyId] : [])))];
	const storyRows = storyIds.length
		? await ex.select().from(stories).where(inArray(stories.id, storyIds))
		: [];
	const byId = new Map(storyRows.map((s) => [s.id, s]));
	// Each (story, exhibition) pair asked twice, pool and preview: either is enough to name it.
	const asks = rows.flatMap((r) => {
		const story = r.storyId ? byId.get(r.storyId) : undefined;
		return story
			? [
					{ story, context: POOL },
					{ story, context: inPreview(r.exhibition.id) }
				]
			: [];
	});
	const decided = await decideStories(ex, viewer, asks, now);
	const visible = new Set<string>();
	asks.forEach((a, i) => {
		if (decided[i]!.allowed)
			visible.add(`${'exhibitionId' in a.context ? a.context.exhibitionId : ''}/${a.story.id}`);
	});
	return rows.map(({ storyId, ...r }) => {
		const story = storyId ? byId.get(storyId) : undefined;
		const named =
			story && (visible.has(`/${story.id}`) || visible.has(`${r.exhibition.id}/${story.id}`));
		return {
			...r,
			aboutStory: storyId !== null,
			story: named ? { id: story.id, title: story.title, language: story.language } : null
		};
	});
}
