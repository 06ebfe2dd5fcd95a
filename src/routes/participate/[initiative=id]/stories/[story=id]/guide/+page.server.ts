import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { OWNER, readPhotos } from '$lib/server/access';
import { photoViews } from '$lib/server/media/views';
import { weaveShowedIntoNarrative } from '$lib/server/stories';

// The guide's start: with no photo yet, "add a photo"; then every photo, beside what was
// answered about it, and the way into the questions (docs/guide.md).
export const load = (async (event) => {
	const { user, story } = await requireOwnStory(event);
	const rows = await readPhotos(db(), user, story.id, OWNER);
	const views = await photoViews(db(), rows);
	return {
		photos: views.map((view, i) => ({
			view,
			altText: rows[i]?.altText ?? '',
			answers: rows[i]?.showed ?? {}
		})),
		/** Answers given before the guide asked per photo; they go to the first photo added. */
		earlier: story.showed,
		finished: event.url.searchParams.has('finished'),
		woven: event.url.searchParams.has('woven')
	};
}) satisfies PageServerLoad;

export const actions = {
	weave: async (event) => {
		const { user, story } = await requireOwnStory(event);
		const rows = await readPhotos(db(), user, story.id, OWNER);
		await weaveShowedIntoNarrative(db(), story, rows);
		redirect(303, `${event.url.pathname}?woven=1#answers`);
	}
} satisfies Actions;
