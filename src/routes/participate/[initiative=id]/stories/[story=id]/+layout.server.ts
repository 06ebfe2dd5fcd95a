import type { LayoutServerLoad } from './$types';
import { requireOwnStory } from '$lib/server/stories/guard';

export const load = (async (event) => {
	const { initiative, story } = await requireOwnStory(event);
	return {
		initiative: { id: initiative.id, title: initiative.title },
		story: {
			id: story.id,
			title: story.title,
			language: story.language,
			status: story.status
		}
	};
}) satisfies LayoutServerLoad;
