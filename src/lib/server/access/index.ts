// THE gate: the only module that reads stories, photos and their derivatives for anyone.
// A viewer sees a story in a context when, and only when, the rules in DESIGN.md ("The one
// gate") say so. Each rule exists twice, as a per-object check and as an SQL condition for
// lists, so that lists never load what they would then hide; tests hold the two together.
//
// For now there is one context, the owner's own: stories stay private to their author until
// the sharing flow exists. Forbidden and missing both come back as undefined (→ 404).
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { photoDerivatives, photos, stories, type DerivativeKind } from '../db/schema';

export type Viewer = { id: string; isAdmin: boolean } | null;

/** Where a story is being looked at. */
export type StoryContext = { kind: 'owner' };
export const OWNER: StoryContext = { kind: 'owner' };

export type StoryRow = typeof stories.$inferSelect;
export type PhotoRow = typeof photos.$inferSelect;

declare const ownedBrand: unique symbol;
/** A story the gate found to belong to the viewer: the only kind the write functions accept. */
export type OwnedStory = StoryRow & { readonly [ownedBrand]: true };

/** SQL condition: the stories this viewer may see in this context. */
export function visibleStories(viewer: Viewer, context: StoryContext): SQL {
	if (!viewer) return sql`0`;
	switch (context.kind) {
		case 'owner':
			return eq(stories.ownerId, viewer.id);
	}
}

/** Per-object check, the same rule as visibleStories. */
export function mayViewStory(
	viewer: Viewer,
	story: Pick<StoryRow, 'ownerId'>,
	context: StoryContext
) {
	if (!viewer) return false;
	switch (context.kind) {
		case 'owner':
			return story.ownerId === viewer.id;
	}
}

export async function readStory(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	context: StoryContext
): Promise<StoryRow | undefined> {
	const [story] = await ex
		.select()
		.from(stories)
		.where(and(eq(stories.id, storyId), visibleStories(viewer, context)));
	return story && mayViewStory(viewer, story, context) ? story : undefined;
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

/** The photos of a story the viewer may see, in order. */
export async function readPhotos(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	context: StoryContext
): Promise<PhotoRow[]> {
	return ex
		.select({ photo: photos })
		.from(photos)
		.innerJoin(stories, eq(stories.id, photos.storyId))
		.where(and(eq(photos.storyId, storyId), visibleStories(viewer, context)))
		.orderBy(asc(photos.position))
		.then((rows) => rows.map((r) => r.photo));
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
 * the version must be the photo's current one, and the unframed editor image is only ever
 * for the owner's own context.
 */
export async function readDerivative(
	ex: Executor,
	viewer: Viewer,
	request: { photoId: string; version: number; kind: DerivativeKind; width: number | null },
	context: StoryContext
) {
	if (request.kind === 'editor' && context.kind !== 'owner') return undefined;
	const [row] = await ex
		.select({
			storageKey: photoDerivatives.storageKey,
			bytes: photoDerivatives.bytes,
			kind: photoDerivatives.kind,
			width: photoDerivatives.width,
			ownerId: stories.ownerId
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
				visibleStories(viewer, context)
			)
		)
		.limit(1);
	if (!row || !mayViewStory(viewer, row, context)) return undefined;
	return row;
}

/** Every derivative of the given photos (for srcset), current versions only. */
export async function readDerivativesOf(
	ex: Executor,
	photoRows: Pick<PhotoRow, 'id' | 'version'>[]
) {
	const all = [];
	for (const p of photoRows) {
		const rows = await ex
			.select({
				photoId: photoDerivatives.photoId,
				kind: photoDerivatives.kind,
				width: photoDerivatives.width,
				height: photoDerivatives.height
			})
			.from(photoDerivatives)
			.where(and(eq(photoDerivatives.photoId, p.id), eq(photoDerivatives.version, p.version)));
		all.push(...rows);
	}
	return all;
}
