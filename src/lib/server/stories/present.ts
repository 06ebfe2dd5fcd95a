import type { Executor } from '../db';
import type { PhotoRow, StoryContext, StoryRow } from '../access';
import { listRoleTags } from '../initiatives/role-tags';
import { photoViews } from '../media/views';
import { pickText, type Locale } from '../../localized';

/**
 * A story as others see it, from rows the access gate returned: the name follows the
 * participant's choice (own name, pseudonym or none), never more.
 */
export async function presentStory(
	ex: Executor,
	story: StoryRow,
	photoRows: PhotoRow[],
	owner: { displayName: string | null; username: string },
	locale: Locale,
	attribution: { kind: StoryRow['attribution']; pseudonym: string } = {
		kind: story.attribution,
		pseudonym: story.pseudonym
	},
	context: StoryContext = { kind: 'owner' }
) {
	const tags = await listRoleTags(ex, story.initiativeId);
	const byTag = new Map(tags.map((t) => [t.id, t.label]));
	const roles = [
		...story.roleTagIds
			.map((id) => byTag.get(id))
			.filter((label) => label !== undefined)
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
		photos: await photoViews(ex, photoRows, context)
	};
}
