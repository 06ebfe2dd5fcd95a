// Changes to stories and photos. Every function takes an OwnedStory, which only the access
// gate hands out, so nothing here can touch a story its caller does not own.
import { and, asc, count, desc, eq, gt, inArray, lt, max, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import {
	photoDerivatives,
	photos,
	stories,
	SHOWED_STEPS,
	type Attribution,
	type ShowedAnswers,
	type ShowedStep
} from '../db/schema';
import { newId } from '../ids';
import type { OwnedStory, PhotoRow } from '../access';
import type { Locale } from '../../localized';
import type { Framing } from '../../framing';
import type { Stricter } from '../../stricter';

/** The default of MAX_PHOTOS_PER_STORY (config.ts); the setting is what counts. */
export const MAX_PHOTOS = 12;
export const TITLE_MAX = 200;
export const NARRATIVE_MAX = 20_000;
export const PSEUDONYM_MAX = 60;
export const ALT_MAX = 1000;
export const CAPTION_MAX = 600;
export const ANSWER_MAX = 4000;
export const FREE_TAG_MAX = 40;
export const FREE_TAGS_MAX = 10;

export async function createStory(
	ex: Executor,
	owner: { id: string },
	input: { initiativeId: string; title: string; language: Locale }
): Promise<string> {
	const id = newId();
	await ex.insert(stories).values({
		id,
		ownerId: owner.id,
		initiativeId: input.initiativeId,
		title: input.title.slice(0, TITLE_MAX),
		language: input.language,
		updatedAt: new Date()
	});
	return id;
}

/**
 * Creates a story unless its owner already has `maxStories` (MAX_STORIES_PER_PERSON), counted
 * over every initiative. The count and the insert share one write transaction, so two
 * requests racing for the last place cannot both win. Returns the new id, or null.
 */
export async function createStoryWithinLimit(
	db: Db,
	owner: { id: string },
	input: { initiativeId: string; title: string; language: Locale },
	maxStories: number
): Promise<string | null> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ n: count() })
			.from(stories)
			.where(eq(stories.ownerId, owner.id));
		if ((row?.n ?? 0) >= maxStories) return null;
		return createStory(tx, owner, input);
	});
}

export interface StoryText {
	title: string;
	narrative: string;
	language: Locale;
	roleTagIds: string[];
	freeTags: string[];
	attribution: Attribution;
	pseudonym: string;
}

export async function updateStoryText(ex: Executor, story: OwnedStory, text: StoryText) {
	await ex
		.update(stories)
		.set({ ...text, updatedAt: new Date() })
		.where(eq(stories.id, story.id));
}

/**
 * Keeps (or, when empty, removes) the owner's answer to one SHOWeD question about one photo of
 * their story (docs/guide.md). One statement, so two tabs answering different questions of the
 * same photo both keep theirs. Returns false when the photo is not this story's.
 */
export async function saveShowedAnswer(
	ex: Executor,
	story: OwnedStory,
	photoId: string,
	step: ShowedStep,
	answer: string
): Promise<boolean> {
	const path = `$.${step}`;
	const text = answer.slice(0, ANSWER_MAX);
	const now = new Date();
	const [updated] = await ex
		.update(photos)
		.set({
			showed: text.trim()
				? sql`json_set(${photos.showed}, ${path}, ${text})`
				: sql`json_remove(${photos.showed}, ${path})`,
			updatedAt: now
		})
		.where(and(eq(photos.id, photoId), eq(photos.storyId, story.id)))
		.returning({ id: photos.id });
	if (!updated) return false;
	await ex.update(stories).set({ updatedAt: now }).where(eq(stories.id, story.id));
	return true;
}

/** The answers in the order of the questions, empty ones left out. */
export function answersInOrder(answers: ShowedAnswers): string[] {
	return SHOWED_STEPS.map((step) => answers[step]?.trim()).filter((a): a is string => Boolean(a));
}

/**
 * Adds the guide's answers to the end of the story text, one paragraph each, photo after
 * photo (`storyPhotos` as the gate returned them, in the story's order).
 */
export async function weaveShowedIntoNarrative(
	ex: Executor,
	story: OwnedStory,
	storyPhotos: Pick<PhotoRow, 'showed'>[]
) {
	const answers = [story.showed, ...storyPhotos.map((p) => p.showed)].flatMap(answersInOrder);
	if (answers.length === 0) return false;
	const narrative = [story.narrative.trim(), ...answers].filter(Boolean).join('\n\n');
	await ex
		.update(stories)
		.set({ narrative: narrative.slice(0, NARRATIVE_MAX), updatedAt: new Date() })
		.where(eq(stories.id, story.id));
	return true;
}

export type FinishProblem =
	| 'finish_needs_title'
	| 'finish_needs_text'
	| 'finish_needs_photo'
	| 'finish_needs_alt'
	| 'finish_needs_pseudonym';

/** What is still missing before the story can leave draft; empty when it can. */
export function finishProblems(story: StoryRow, storyPhotos: Pick<PhotoRow, 'altText'>[]) {
	const problems: FinishProblem[] = [];
	if (!story.title.trim()) problems.push('finish_needs_title');
	if (!story.narrative.trim()) problems.push('finish_needs_text');
	if (storyPhotos.length === 0) problems.push('finish_needs_photo');
	if (storyPhotos.some((p) => !p.altText.trim())) problems.push('finish_needs_alt');
	if (story.attribution === 'pseudonym' && !story.pseudonym.trim())
		problems.push('finish_needs_pseudonym');
	return problems;
}

type StoryRow = typeof stories.$inferSelect;

export async function setStoryStatus(
	ex: Executor,
	story: OwnedStory,
	status: 'draft' | 'finished'
) {
	await ex
		.update(stories)
		.set({ status, finishedAt: status === 'finished' ? new Date() : null, updatedAt: new Date() })
		.where(eq(stories.id, story.id));
}

/** Every stored file of the given photos: masters and all derivatives. */
async function filesOf(ex: Executor, photoIds: string[]): Promise<string[]> {
	if (photoIds.length === 0) return [];
	const masters = await ex
		.select({ key: photos.masterKey })
		.from(photos)
		.where(inArray(photos.id, photoIds));
	const derived = await ex
		.select({ key: photoDerivatives.storageKey })
		.from(photoDerivatives)
		.where(inArray(photoDerivatives.photoId, photoIds));
	return [...masters, ...derived].map((r) => r.key);
}

/** Deletes the story and all its rows; returns the stored files to delete. */
export async function deleteStory(ex: Executor, story: OwnedStory): Promise<string[]> {
	const ids = (
		await ex.select({ id: photos.id }).from(photos).where(eq(photos.storyId, story.id))
	).map((p) => p.id);
	const files = await filesOf(ex, ids);
	await ex.delete(stories).where(eq(stories.id, story.id));
	return files;
}

export async function photoCount(ex: Executor, story: OwnedStory): Promise<number> {
	const [row] = await ex.select({ n: count() }).from(photos).where(eq(photos.storyId, story.id));
	return row?.n ?? 0;
}

export interface NewPhoto {
	id: string;
	masterKey: string;
	masterWidth: number;
	masterHeight: number;
	framing: Framing;
	width: number;
	height: number;
	thumbhash: string;
	derivatives: {
		kind: 'webp' | 'jpeg' | 'avif' | 'editor';
		width: number;
		height: number;
		storageKey: string;
		bytes: number;
		/** Which marked people the file hides (docs/releases.md); '' or absent for none. */
		variant?: string;
	}[];
}

/**
 * Adds a processed photo at the end of the story. Returns false (and writes nothing) when the
 * story already has `maxPhotos` (MAX_PHOTOS_PER_STORY), so two uploads racing for the last
 * place cannot both win.
 */
export async function insertPhoto(
	ex: Executor,
	story: OwnedStory,
	photo: NewPhoto,
	maxPhotos = MAX_PHOTOS
): Promise<boolean> {
	const [row] = await ex
		.select({ n: count(), last: max(photos.position) })
		.from(photos)
		.where(eq(photos.storyId, story.id));
	if ((row?.n ?? 0) >= maxPhotos) return false;
	// Answers the story kept from before the guide asked per photo go to its first photo
	// (docs/guide.md), as migration 0013 did for stories that had one.
	const [legacy] =
		(row?.n ?? 0) === 0
			? await ex.select({ showed: stories.showed }).from(stories).where(eq(stories.id, story.id))
			: [];
	const inherited = legacy && Object.keys(legacy.showed).length > 0 ? legacy.showed : undefined;
	const now = new Date();
	await ex.insert(photos).values({
		id: photo.id,
		storyId: story.id,
		position: (row?.last ?? -1) + 1,
		masterKey: photo.masterKey,
		masterWidth: photo.masterWidth,
		masterHeight: photo.masterHeight,
		framing: photo.framing,
		version: 1,
		width: photo.width,
		height: photo.height,
		thumbhash: photo.thumbhash,
		...(inherited ? { showed: inherited } : {}),
		updatedAt: now
	});
	if (photo.derivatives.length > 0)
		await ex
			.insert(photoDerivatives)
			.values(photo.derivatives.map((d) => ({ ...d, photoId: photo.id, version: 1 })));
	// A new photo has no alt text yet: a finished story goes back to draft until it has.
	await ex
		.update(stories)
		.set({
			status: 'draft',
			finishedAt: null,
			updatedAt: now,
			...(inherited ? { showed: {} } : {})
		})
		.where(eq(stories.id, story.id));
	return true;
}

export async function updatePhotoText(
	ex: Executor,
	story: OwnedStory,
	photoId: string,
	text: { altText: string; caption: string }
) {
	await ex
		.update(photos)
		.set({
			altText: text.altText.slice(0, ALT_MAX),
			caption: text.caption.slice(0, CAPTION_MAX),
			updatedAt: new Date()
		})
		.where(and(eq(photos.id, photoId), eq(photos.storyId, story.id)));
	await ex.update(stories).set({ updatedAt: new Date() }).where(eq(stories.id, story.id));
}

/** Swaps a photo with its neighbour before or after it. */
export async function movePhoto(
	ex: Executor,
	story: OwnedStory,
	photoId: string,
	direction: 'earlier' | 'later'
) {
	const [photo] = await ex
		.select()
		.from(photos)
		.where(and(eq(photos.id, photoId), eq(photos.storyId, story.id)));
	if (!photo) return false;
	const [neighbour] = await ex
		.select()
		.from(photos)
		.where(
			and(
				eq(photos.storyId, story.id),
				direction === 'earlier'
					? lt(photos.position, photo.position)
					: gt(photos.position, photo.position)
			)
		)
		.orderBy(direction === 'earlier' ? desc(photos.position) : asc(photos.position))
		.limit(1);
	if (!neighbour) return false;
	await ex.update(photos).set({ position: neighbour.position }).where(eq(photos.id, photo.id));
	await ex.update(photos).set({ position: photo.position }).where(eq(photos.id, neighbour.id));
	return true;
}

/** Deletes one photo and its rows; returns its stored files to delete. */
export async function deletePhoto(ex: Executor, story: OwnedStory, photoId: string) {
	const [photo] = await ex
		.select({ id: photos.id })
		.from(photos)
		.where(and(eq(photos.id, photoId), eq(photos.storyId, story.id)));
	if (!photo) return undefined;
	const files = await filesOf(ex, [photo.id]);
	await ex.delete(photos).where(eq(photos.id, photo.id));
	await ex.update(stories).set({ updatedAt: new Date() }).where(eq(stories.id, story.id));
	return files;
}

/**
 * Replaces a photo's framing and derivatives with a new version. Returns the files of the old
 * version to delete, or undefined when the photo changed meanwhile (version mismatch).
 */
export async function replaceFraming(
	ex: Executor,
	story: OwnedStory,
	photo: Pick<PhotoRow, 'id' | 'version'>,
	next: {
		framing: Framing;
		width: number;
		height: number;
		thumbhash: string;
		derivatives: NewPhoto['derivatives'];
		/** The strictest variant's key, when it changes with the framing (releases). */
		peopleKey?: string;
		/** The stricter framing for wider audiences, when it changes with the framing. */
		stricter?: Stricter;
	}
) {
	const version = photo.version + 1;
	const [updated] = await ex
		.update(photos)
		.set({
			framing: next.framing,
			version,
			width: next.width,
			height: next.height,
			thumbhash: next.thumbhash,
			...(next.peopleKey === undefined ? {} : { peopleKey: next.peopleKey }),
			...(next.stricter === undefined ? {} : { stricter: next.stricter }),
			updatedAt: new Date()
		})
		.where(
			and(eq(photos.id, photo.id), eq(photos.storyId, story.id), eq(photos.version, photo.version))
		)
		.returning({ id: photos.id });
	if (!updated) return undefined;
	// The editor image does not depend on framing: it moves to the new version unchanged.
	const old = await ex
		.select({
			id: photoDerivatives.id,
			key: photoDerivatives.storageKey,
			kind: photoDerivatives.kind
		})
		.from(photoDerivatives)
		.where(and(eq(photoDerivatives.photoId, photo.id), lt(photoDerivatives.version, version)));
	const editor = old.filter((d) => d.kind === 'editor');
	if (editor.length > 0)
		await ex
			.update(photoDerivatives)
			.set({ version })
			.where(
				inArray(
					photoDerivatives.id,
					editor.map((d) => d.id)
				)
			);
	const stale = old.filter((d) => d.kind !== 'editor');
	if (stale.length > 0)
		await ex.delete(photoDerivatives).where(
			inArray(
				photoDerivatives.id,
				stale.map((d) => d.id)
			)
		);
	if (next.derivatives.length > 0)
		await ex
			.insert(photoDerivatives)
			.values(next.derivatives.map((d) => ({ ...d, photoId: photo.id, version })));
	await ex.update(stories).set({ updatedAt: new Date() }).where(eq(stories.id, story.id));
	return stale.map((d) => d.key);
}

export { SHOWED_STEPS };
