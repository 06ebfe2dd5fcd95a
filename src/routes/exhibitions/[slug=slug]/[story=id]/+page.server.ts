// access: public — anyone may ask; the access gate decides, for this story in this exhibition.
import type { PageServerLoad } from './$types';
import { visitStory } from '$lib/server/exhibitions/visit';
import { db } from '$lib/server/db';
import { acceptsReflections, shownStoryReflections } from '$lib/server/access/reflections';
import { respondHref } from '$lib/server/responses/links';

export const load = (async ({ params, locals, setHeaders }) => {
	const { exhibition, view } = await visitStory(
		locals.user,
		params.slug,
		params.story,
		locals.locale,
		setHeaders
	);
	// Under the story: the approved reflections its participant chose to show, while the gate
	// shows the story (docs/reflections.md).
	const reflections = acceptsReflections(exhibition)
		? {
				items:
					(await shownStoryReflections(db(), locals.user, exhibition.id, [view.id])).get(view.id) ??
					[]
			}
		: null;
	return {
		exhibition: { slug: exhibition.slug, title: exhibition.title },
		view,
		reflections,
		// Only for a signed-in viewer who may record a response on it (never in the anonymous cache).
		respondHref: await respondHref(locals.user, exhibition, view.id),
		indexable: exhibition.audience === 'public'
	};
}) satisfies PageServerLoad;
