import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/db';
import { whoCanSee } from '$lib/server/access';
import { unreadOwnerReflections } from '$lib/server/access/reflections';
import { requireOwnStory } from '$lib/server/stories/guard';

export const load = (async (event) => {
	const { user, initiative, story } = await requireOwnStory(event);
	// Who can see it now, from the gate itself: shown above every tab of the story.
	const [visibility, reflectionsUnread] = await Promise.all([
		whoCanSee(db(), user, story.id),
		unreadOwnerReflections(db(), user, story.id)
	]);
	if (!visibility) error(404);
	return {
		initiative: { id: initiative.id, title: initiative.title },
		story: {
			id: story.id,
			title: story.title,
			language: story.language,
			status: story.status
		},
		visibility,
		reflectionsUnread
	};
}) satisfies LayoutServerLoad;
