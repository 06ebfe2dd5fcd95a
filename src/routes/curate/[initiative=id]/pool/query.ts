import { db } from '$lib/server/db';
import { listPool, type Viewer } from '$lib/server/access';
import { placementStates } from '$lib/server/exhibitions/curator';
import { exhibitionLinks, placementThemeLinks } from '$lib/server/exhibitions/links';
import { listRoleTags } from '$lib/server/initiatives/role-tags';
import { exhibitionChoices } from '../exhibitions/choices';
import { passes, readPoolFilters, relatedTo } from './filters';

/**
 * The pool as the filters in the address narrow it, most recently shared first: the pool page
 * and the exhibition board's pool panel both list it (a page at a time). Every story comes
 * from the gate (listPool); the filters only narrow what it returned.
 */
export async function filteredPool(viewer: Viewer, initiativeId: string, params: URLSearchParams) {
	const [pool, states, links, themesOf, roleTags, choices] = await Promise.all([
		listPool(db(), viewer, initiativeId),
		placementStates(db(), initiativeId),
		exhibitionLinks(db(), initiativeId),
		placementThemeLinks(db(), initiativeId),
		listRoleTags(db(), initiativeId),
		exhibitionChoices(initiativeId)
	]);
	const filters = readPoolFilters(params, {
		roleIds: roleTags.map((t) => t.id),
		themeIds: choices.themeGroups.flatMap((g) => g.themes.map((t) => t.id)),
		groupIds: choices.workingGroups.map((g) => g.id)
	});
	const shown = pool.filter((story) =>
		passes(
			{
				roleTagIds: story.roleTagIds,
				language: story.language,
				...relatedTo(
					states.filter((p) => p.storyId === story.id),
					themesOf,
					links
				)
			},
			filters
		)
	);
	return { pool, shown: shown.reverse(), states, filters, roleTags, choices };
}
