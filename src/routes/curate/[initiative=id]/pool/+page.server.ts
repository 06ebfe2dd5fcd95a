import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { POOL, listPool, readPhotos } from '$lib/server/access';
import { presentStory } from '$lib/server/stories/present';
import { ownersOf, placementStates } from '$lib/server/exhibitions/curator';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const [pool, states] = await Promise.all([
		listPool(db(), user, initiative.id),
		placementStates(db(), initiative.id)
	]);
	const owner = await ownersOf(
		db(),
		pool.map((s) => s.ownerId)
	);
	const stories = await Promise.all(
		pool.map(async (story) => {
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
	// Most recently shared first.
	return { stories: stories.reverse() };
}) satisfies PageServerLoad;
