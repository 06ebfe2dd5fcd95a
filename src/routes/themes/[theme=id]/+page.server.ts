// access: public — a theme of the common agenda, with only the exhibitions and stories this
// viewer may see (each through the access gate), and of those only the stories whose
// placement informs the theme (docs/consent.md).
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getInitiative, getTheme, getWorkingGroup } from '$lib/server/initiatives';
import { inExhibition, listThemeStories } from '$lib/server/access';
import { presentPlacements } from '$lib/server/exhibitions/present';
import { auditStoryViews } from '$lib/server/exhibitions/visit';
import { rolesIn } from '$lib/server/people';

export const load = (async ({ params, locals, setHeaders }) => {
	const found = await getTheme(db(), params.theme);
	if (!found || found.theme.archivedAt) error(404);
	const [group, initiative] = await Promise.all([
		getWorkingGroup(db(), found.theme.workingGroupId),
		getInitiative(db(), found.initiativeId)
	]);
	if (!group || group.archivedAt || !initiative || initiative.archivedAt) error(404);
	// Only stories whose placement informs this theme, as their participants agreed.
	const pages = await listThemeStories(db(), locals.user, {
		id: found.theme.id,
		initiativeId: initiative.id
	});
	// Someone outside the initiative learns of a theme only through an exhibition they may see.
	const insider =
		locals.user &&
		(locals.user.isAdmin || (await rolesIn(db(), locals.user.id, initiative.id)).length > 0);
	if (pages.length === 0 && !insider) error(404);
	const exhibitions = await Promise.all(
		pages.map(async ({ exhibition: e, items }) => {
			const shown = await presentPlacements(
				db(),
				locals.user,
				items,
				inExhibition(e.id),
				locals.locale
			);
			// Partner views of non-public stories are audited here as on the exhibition page.
			await auditStoryViews(
				locals.user,
				e,
				shown.map((i) => i.view.id)
			);
			return {
				slug: e.slug,
				title: e.title,
				introduction: e.introduction,
				audience: e.audience,
				stories: shown.map((i) => ({
					id: i.view.id,
					title: i.view.title,
					language: i.view.language,
					byline: i.view.byline,
					photo: i.view.photos[0] ?? null
				}))
			};
		})
	);
	// What a viewer sees here depends on who they are: never shared by a cache, never indexed.
	setHeaders({ 'Cache-Control': 'private, no-cache', 'X-Robots-Tag': 'noindex' });
	return {
		theme: { title: found.theme.title, question: found.theme.description },
		group: { title: group.title },
		initiative: { title: initiative.title },
		exhibitions
	};
}) satisfies PageServerLoad;
