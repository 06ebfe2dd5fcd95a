// Content notes (docs/content-notes.md): what a story speaks of, told to visitors before it.
// Only the participant sets a story's note. A curator of the story's initiative may suggest
// one; it is shown to the participant alone and applies only when they accept it.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { CONTENT_NOTE_KINDS, contentNoteSuggestions, stories } from '../db/schema';
import { POOL, readStory, type OwnedStory, type StoryRow, type Viewer } from '../access';
import { audit } from '../audit';
import { notify } from '../notifications';
import { checkText } from '../text';
import type { ContentNote } from '../../content-note';

/** The participant's own words: one line, short enough to read before a story. */
export const NOTE_WORDS_MAX = 200;

export type { ContentNote };

export const NO_NOTE: ContentNote = { kinds: [], words: '' };

export function hasNote(note: ContentNote | null | undefined): note is ContentNote {
	return Boolean(note && (note.kinds.length > 0 || note.words.trim() !== ''));
}

/** A story's note as the gate returned the story; null when it has none. */
export function noteOf(story: Pick<StoryRow, 'contentNoteKinds' | 'contentNoteWords'>) {
	const note = {
		kinds: CONTENT_NOTE_KINDS.filter((k) => story.contentNoteKinds.includes(k)),
		words: story.contentNoteWords
	};
	return hasNote(note) ? note : null;
}

/**
 * A note from a form's fields: only kinds of the list (in the list's order, once each), the
 * words through the text rules (docs/safety.md, "Text").
 */
export function readNote(kinds: unknown[], words: string): { note: ContentNote; error?: string } {
	const chosen = CONTENT_NOTE_KINDS.filter((k) => kinds.includes(k));
	const checked = checkText(words, { max: NOTE_WORDS_MAX });
	return { note: { kinds: chosen, words: checked.value }, error: checked.error };
}

/** The participant sets (or, with an empty note, removes) their story's note. */
export async function setContentNote(ex: Executor, story: OwnedStory, note: ContentNote) {
	await ex
		.update(stories)
		.set({ contentNoteKinds: note.kinds, contentNoteWords: note.words, updatedAt: new Date() })
		.where(eq(stories.id, story.id));
}

export type SuggestResult = 'ok' | 'not_found' | 'empty';

/**
 * A curator suggests a note. Only for a story the gate shows them in their initiative's pool
 * (so: a curator of that initiative, or an admin); anyone else gets 'not_found', as for a story
 * that does not exist. Replaces a suggestion still waiting. Told to the participant, audited.
 */
export async function suggestContentNote(
	ex: Executor,
	curator: NonNullable<Viewer>,
	initiativeId: string,
	storyId: string,
	note: ContentNote
): Promise<SuggestResult> {
	const story = await readStory(ex, curator, storyId, POOL);
	if (!story || story.initiativeId !== initiativeId) return 'not_found';
	if (!hasNote(note)) return 'empty';
	const row = {
		suggestedBy: curator.id,
		kinds: note.kinds,
		words: note.words,
		createdAt: new Date()
	};
	await ex
		.insert(contentNoteSuggestions)
		.values({ storyId: story.id, ...row })
		.onConflictDoUpdate({ target: contentNoteSuggestions.storyId, set: row });
	await audit(ex, {
		actorId: curator.id,
		action: 'content_note.suggested',
		initiativeId: story.initiativeId,
		targetUserId: story.ownerId,
		details: { storyId: story.id }
	});
	await notify(ex, {
		userId: story.ownerId,
		kind: 'content_note_suggested',
		initiativeId: story.initiativeId,
		params: { storyId: story.id }
	});
	return 'ok';
}

/** The suggestion waiting for the story's owner, if any (for the owner's pages and export). */
export async function pendingSuggestion(
	ex: Executor,
	story: OwnedStory
): Promise<(ContentNote & { createdAt: Date }) | null> {
	const [row] = await ex
		.select()
		.from(contentNoteSuggestions)
		.where(eq(contentNoteSuggestions.storyId, story.id));
	return row ? { kinds: row.kinds, words: row.words, createdAt: row.createdAt } : null;
}

/** Whether a suggestion waits for this story: for the curator who may see it in the pool. */
export async function suggestionWaits(ex: Executor, story: StoryRow): Promise<boolean> {
	const [row] = await ex
		.select({ storyId: contentNoteSuggestions.storyId })
		.from(contentNoteSuggestions)
		.where(eq(contentNoteSuggestions.storyId, story.id));
	return Boolean(row);
}

/**
 * The participant decides: accept (the note they send, which may be the suggestion as it was
 * or as they changed it) or decline. Either way the suggestion goes. 'gone' when none waits.
 * The curator who suggested it is told which (ids and the choice only, never the note's words);
 * nobody is told when their account is gone, nor when the owner suggested it themself.
 */
export async function decideSuggestion(
	ex: Executor,
	story: OwnedStory,
	decision: { accept: true; note: ContentNote } | { accept: false }
): Promise<'ok' | 'gone' | 'empty'> {
	const [waiting] = await ex
		.select({ suggestedBy: contentNoteSuggestions.suggestedBy })
		.from(contentNoteSuggestions)
		.where(eq(contentNoteSuggestions.storyId, story.id));
	if (!waiting) return 'gone';
	if (decision.accept && !hasNote(decision.note)) return 'empty';
	if (decision.accept) await setContentNote(ex, story, decision.note);
	await ex.delete(contentNoteSuggestions).where(eq(contentNoteSuggestions.storyId, story.id));
	await audit(ex, {
		actorId: story.ownerId,
		action: decision.accept ? 'content_note.approved' : 'content_note.declined',
		initiativeId: story.initiativeId,
		targetUserId: story.ownerId,
		details: { storyId: story.id }
	});
	if (waiting.suggestedBy && waiting.suggestedBy !== story.ownerId)
		await notify(ex, {
			userId: waiting.suggestedBy,
			kind: 'content_note_answered',
			initiativeId: story.initiativeId,
			params: { storyId: story.id, choice: decision.accept ? 'accepted' : 'declined' }
		});
	return 'ok';
}
