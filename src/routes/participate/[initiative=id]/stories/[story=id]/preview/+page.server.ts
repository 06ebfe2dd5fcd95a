import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { OWNER, readPhotos } from '$lib/server/access';
import { presentStory } from '$lib/server/stories/present';

export const load = (async (event) => {
	const { user, story } = await requireOwnStory(event);
	const audience = event.url.searchParams.get('as') === 'partners' ? 'partners' : 'public';
	const photos = await readPhotos(db(), user, story.id, OWNER);
	return {
		audience,
		view: await presentStory(db(), story, photos, user, event.locals.locale)
	};
}) satisfies PageServerLoad;
