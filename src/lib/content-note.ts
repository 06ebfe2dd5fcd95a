/**
 * The fixed part of a content note (docs/content-notes.md): what a story speaks of that a
 * reader may want to know before reading. Small on purpose; anything else in the person's
 * own words.
 */
export const CONTENT_NOTE_KINDS = [
	'violence',
	'sexual_violence',
	'abuse',
	'self_harm',
	'loss'
] as const;
export type ContentNoteKind = (typeof CONTENT_NOTE_KINDS)[number];

/** A story's content note: kinds of the list and the participant's own words. */
export interface ContentNote {
	kinds: ContentNoteKind[];
	words: string;
}
