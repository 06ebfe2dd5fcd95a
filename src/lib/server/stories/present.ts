import type { Executor } from '../db';
import type { PhotoRow, StoryContext, StoryRow } from '../access';
import { roleTagsOf } from '../initiatives/role-tags';
import { photoViewsOf } from '../media/views';
import { pickText, type Locale, type LocalizedText } from '../../localized';
import { noteOf } from './content-notes';

type Attribution = { kind: StoryRow['attribution']; pseudonym: string };
type Owner = { displayName: string | null; username: string };

/**
 * A story as others see it, from rows the access gate returned: the name follows the
 * participant's choice (own name, pseudonym or none), never more.
 */
export async function presentStory(
	ex: Executor,
	story: StoryRow,
	photoRows: PhotoRow[],
	owner: Owner,
	locale: Locale,
	attribution: Attribution = {
		kind: story.attribution,
		pseudonym: story.pseudonym
	},
	context: StoryContext = { kind: 'owner' }
) {
	return (
		await presentStories(ex, [{ story, photos: photoRows, owner, attribution, context }], locale)
	)[0]!;
}

/**
 * Many stories at once, each as presentStory shows it: the role tags of every initiative and
 * the derivatives of every photo are read together (one statement each).
 */
export async function presentStories(
	ex: Executor,
	items: {
		story: StoryRow;
		photos: PhotoRow[];
		owner: Owner;
		attribution?: Attribution;
		context?: StoryContext;
	}[],
	locale: Locale
) {
	const [tags, views] = await Promise.all([
		roleTagsOf(
			ex,
			items.filter((i) => i.story.roleTagIds.length > 0).map((i) => i.story.initiativeId)
		),
		photoViewsOf(
			ex,
			items.map((i) => ({ photos: i.photos, context: i.context ?? { kind: 'owner' } }))
		)
	]);
	return items.map((item, index) => storyView(item, tags, views[index]!, locale));
}

function storyView(
	item: { story: StoryRow; owner: Owner; attribution?: Attribution },
	tags: Map<string, { initiativeId: string; label: LocalizedText }>,
	photos: Awaited<ReturnType<typeof photoViewsOf>>[number],
	locale: Locale
) {
	const { story, owner } = item;
	const attribution = item.attribution ?? { kind: story.attribution, pseudonym: story.pseudonym };
	const roles = [
		...story.roleTagIds
			.map((id) => tags.get(id))
			.filter((tag) => tag !== undefined && tag.initiativeId === story.initiativeId)
			.map((tag) => tag!.label)
			.map((label) => {
				const t = pickText(label, locale);
				return { text: t.text, lang: t.lang };
			}),
		...story.freeTags.map((text) => ({ text, lang: story.language }))
	];
	const byline =
		attribution.kind === 'own_name'
			? owner.displayName || owner.username
			: attribution.kind === 'pseudonym'
				? attribution.pseudonym.trim() || null
				: null;
	return {
		id: story.id,
		title: story.title,
		narrative: story.narrative,
		language: story.language,
		byline,
		roles,
		photos,
		/** The content note visitors see first (docs/content-notes.md); null: none. */
		note: noteOf(story)
	};
}

/**
 * A story with a content note as a visitor gets it before they choose to read it
 * (docs/content-notes.md): its title, name, roles and note, and nothing of its words or photos
 * — not a placeholder, not an address — so that none of it is in the page's bytes.
 */
export function veiled<T extends { note: unknown; photos: unknown[]; narrative: string }>(
	view: T
): T & { veiled: boolean } {
	return view.note
		? { ...view, photos: [], narrative: '', veiled: true }
		: { ...view, veiled: false };
}
