import type { Locale } from '$lib/localized';
import type { PhotoView } from '$lib/photo-view';
import type { ContentNote } from '$lib/content-note';

/** A story as a wall shows it: the approved photos and the chosen name, no narrative. */
export interface WallStory {
	placementId: string;
	id: string;
	title: string;
	language: Locale;
	/** The chosen name, or null when the story is shown without a name. */
	byline: string | null;
	photos: PhotoView[];
	/** Held on the wall: this note alone first, for NOTE_SECONDS (docs/content-notes.md). */
	note?: ContentNote | null;
}

/** How long a story's content note is on screen before the story, on a wall that holds them. */
export const NOTE_SECONDS = 6;

/** One photo of one story on the screen (a story without a photo is one slide of words). */
export interface WallSlide {
	key: string;
	story: WallStory;
	photo: PhotoView | null;
	/** The story's content note, shown before its photos. */
	note?: ContentNote;
}

/** The slides of the stories in exhibition order: story by story, each story's photos in order. */
export function slidesOf(stories: WallStory[]): WallSlide[] {
	return stories.flatMap((story): WallSlide[] => [
		...(story.note
			? [{ key: `${story.placementId}:note`, story, photo: null, note: story.note }]
			: []),
		...(story.photos.length > 0
			? story.photos.map((photo) => ({ key: `${story.placementId}:${photo.id}`, story, photo }))
			: [{ key: story.placementId, story, photo: null }])
	]);
}
