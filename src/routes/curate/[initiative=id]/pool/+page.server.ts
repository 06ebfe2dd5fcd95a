import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { POOL } from '$lib/server/access';
import { presentStories } from '$lib/server/stories/present';
import { pageOf, queryWithoutPage, requestedPage } from '$lib/server/paging';
import { ownersOf } from '$lib/server/exhibitions/curator';
import { isFiltered } from './filters';
import { filteredPool } from './query';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const { pool, shown, states, filters, roleTags, choices } = await filteredPool(
		user,
		initiative.id,
		event.url.searchParams
	);
	// Most recently shared first, a page at a time.
	const { items: onPage, page } = pageOf(shown, requestedPage(event.url.searchParams));
	const owner = await ownersOf(
		db(),
		onPage.map((s) => s.ownerId)
	);
	// No photos are drawn here: only their number.
	const views = await presentStories(
		db(),
		onPage.map((story) => ({ story, photos: [], owner: owner(story.ownerId), context: POOL })),
		event.locals.locale
	);
	const stories = onPage.map((story, i) => {
		const view = views[i]!;
		return {
			id: story.id,
			title: view.title,
			language: view.language,
			byline: view.byline,
			roles: view.roles,
			photoCount: story.photoCount,
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
	});
	return {
		stories,
		shownCount: shown.length,
		page,
		query: queryWithoutPage(event.url),
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
