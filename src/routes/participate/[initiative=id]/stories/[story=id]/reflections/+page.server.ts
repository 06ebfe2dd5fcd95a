import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { ownerReflections } from '$lib/server/access/reflections';
import { markReflectionsRead, showReflection } from '$lib/server/exhibitions/reflections';
import { field } from '$lib/server/forms';

// What visitors wrote about this story, once a curator approved it; the participant decides
// whether each is shown publicly under the story (docs/reflections.md).
export const load = (async (event) => {
	const { user, story } = await requireOwnStory(event);
	const items = await ownerReflections(db(), user, story.id);
	// Seen now: the tab's count goes to zero (this page's data overrides the layout's).
	await markReflectionsRead(db(), story);
	return {
		reflections: items.map((r) => ({ ...r, unread: r.ownerReadAt === null })),
		reflectionsUnread: 0
	};
}) satisfies PageServerLoad;

export const actions = {
	show: async (event) => {
		const { story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const show = field(form, 'show') === '1';
		const changed = await showReflection(db(), story, field(form, 'reflectionId'), show);
		if (!changed) return fail(404, { gone: true });
		return { shown: show };
	}
} satisfies Actions;
