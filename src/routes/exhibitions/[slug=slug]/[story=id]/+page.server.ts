// access: public — anyone may ask; the access gate decides, for this story in this exhibition.
import type { PageServerLoad } from './$types';
import { visitStory } from '$lib/server/exhibitions/visit';
import { db } from '$lib/server/db';
import { acceptsReflections, shownStoryReflections } from '$lib/server/access/reflections';
import { respondHref } from '$lib/server/responses/links';
import { veiled } from '$lib/server/stories/present';

export const load = (async ({ params, locals, setHeaders, url }) => {
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
	// A story with a content note: the note first, and the story only at ?shown=1 — a link, so
	// that it works without a script, and none of the story's bytes before (docs/content-notes.md).
	const shown = url.searchParams.get('shown') === '1';
	return {
		exhibition: { slug: exhibition.slug, title: exhibition.title },
		view: shown ? view : veiled(view),
		revealHref: view.note && !shown ? `/exhibitions/${exhibition.slug}/${view.id}?shown=1` : null,
		reflections,
		// Only for a signed-in viewer who may record a response on it (never in the anonymous cache).
		respondHref: await respondHref(locals.user, exhibition, view.id),
		indexable: exhibition.audience === 'public'
	};
}) satisfies PageServerLoad;
