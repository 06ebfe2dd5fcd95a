import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { POOL, listPool, readPhotos } from '$lib/server/access';
import { presentStory } from '$lib/server/stories/present';
import { ownersOf, placementStates } from '$lib/server/exhibitions/curator';
import { exhibitionLinks, placementThemeLinks } from '$lib/server/exhibitions/links';
import { listRoleTags } from '$lib/server/initiatives/role-tags';
import { exhibitionChoices } from '../exhibitions/choices';
import { isFiltered, passes, readPoolFilters, relatedTo } from './filters';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const [pool, states, links, themesOf, roleTags, choices] = await Promise.all([
		listPool(db(), user, initiative.id),
		placementStates(db(), initiative.id),
		exhibitionLinks(db(), initiative.id),
		placementThemeLinks(db(), initiative.id),
		listRoleTags(db(), initiative.id),
		exhibitionChoices(initiative.id)
	]);
	const filters = readPoolFilters(event.url.searchParams, {
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
	const owner = await ownersOf(
		db(),
		shown.map((s) => s.ownerId)
	);
	const stories = await Promise.all(
		shown.map(async (story) => {
			const photoRows = await readPhotos(db(), user, story.id, POOL);
			// No photos are drawn here: only their number.
			const view = await presentStory(
				db(),
				story,
				[],
				owner(story.ownerId),
				event.locals.locale,
				undefined,
				POOL
			);
			return {
				id: story.id,
				title: view.title,
				language: view.language,
				byline: view.byline,
				roles: view.roles,
				photoCount: photoRows.length,
				sharedAt: story.sharedAt,
				placements: states
					.filter((p) => p.storyId === story.id)
					.map((p) => ({
						id: p.id,
						exhibitionId: p.exhibitionId,
						exhibitionTitle: p.exhibitionTitle,
						status: p.status,
						expiresAt: p.consentExpiresAt
					}))
			};
		})
	);
	return {
		// Most recently shared first.
		stories: stories.reverse(),
		total: pool.length,
		filters,
		filtered: isFiltered(filters),
		roleTags: roleTags.map((t) => ({ id: t.id, label: t.label })),
		themeGroups: choices.themeGroups.map((g) => ({
			id: g.id,
			title: g.title,
			themes: g.themes.map((t) => ({ id: t.id, title: t.title }))
		})),
		workingGroups: choices.workingGroups
	};
}) satisfies PageServerLoad;
