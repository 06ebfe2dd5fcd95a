import type { Locale, LocalizedText } from '$lib/localized';
import type { PhotoView } from '$lib/photo-view';
import type { PlacementSize } from '$lib/curator-names';
import type { ContentNote } from '$lib/content-note';

export type { PlacementSize };

/** One story as an exhibition shows it (see src/lib/server/stories/present.ts). */
export interface StoryModel {
	id: string;
	title: string;
	narrative: string;
	language: Locale;
	byline: string | null;
	roles: { text: string; lang: Locale }[];
	photos: PhotoView[];
	/** Shown before the story; its photos and words come only once revealed (docs/content-notes.md). */
	note?: ContentNote | null;
	/** The photos and words were left out until the visitor reveals the story. */
	veiled?: boolean;
}

export interface ExhibitionItem {
	placementId: string;
	size: PlacementSize;
	/** null: a story the viewer of a preview may not see, drawn as a place only. */
	view: StoryModel | null;
	/** Marks the story being asked about in a participant's preview. */
	highlight?: boolean;
}

export interface ExhibitionModelView {
	title: LocalizedText;
	introduction: LocalizedText;
	cover?: PhotoView | null;
	themes: {
		id: string;
		title: LocalizedText;
		question: LocalizedText;
		workingGroupTitle: LocalizedText;
	}[];
	sections: { id: string; title: LocalizedText; body: LocalizedText; items: ExhibitionItem[] }[];
}

/** One photo in the exhibition's lightbox, with the story it belongs to. */
export interface Slide {
	photo: PhotoView;
	storyTitle: string;
	byline: string | null;
	language: Locale;
	storyHref: string | null;
}

/** Image widths for a card of each size, for srcset's sizes attribute: the page is at most
 * 110rem wide; twelve columns from 64rem, six from 40rem, one below (docs/layout.md). */
export const CARD_SIZES: Record<PlacementSize, string> = {
	small: '(min-width: 110rem) 38rem, (min-width: 64rem) 36vw, (min-width: 40rem) 50vw, 100vw',
	medium: '(min-width: 110rem) 56rem, (min-width: 64rem) 52vw, (min-width: 40rem) 50vw, 100vw',
	large: '(min-width: 110rem) 72rem, (min-width: 64rem) 68vw, 100vw',
	full: '(min-width: 110rem) 68rem, (min-width: 64rem) 62vw, 100vw'
};
