// access: public — anyone may ask; the access gate decides (a published exhibition the visitor
// may see, for the public or the initiative's members, and the story, if any, visible there).
// Forbidden and missing are the same 404. docs/reflections.md.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { readReflectionTarget } from '$lib/server/access/reflections';
import {
	REFLECTION_MAX,
	REFLECTION_NAME_MAX,
	reflectionClientKey,
	reflectionThrottled,
	sendReflection
} from '$lib/server/exhibitions/reflections';
import { parseForm, rawField } from '$lib/server/forms';
import { cleanText, textProblem } from '$lib/server/text';
import { reflectionSchema } from './schema';

/** `?story=<id>`: a well-formed id, or none. */
function storyParam(url: URL): string | null {
	const id = url.searchParams.get('story');
	if (id === null) return null;
	if (!/^[a-z2-7]{16}$/.test(id)) error(404);
	return id;
}

async function target(
	event: Pick<RequestEvent, 'locals' | 'params' | 'url'> & { params: { slug: string } }
) {
	const found = await readReflectionTarget(
		db(),
		event.locals.user,
		event.params.slug,
		storyParam(event.url)
	);
	if (!found) error(404);
	return found;
}

export const load = (async (event) => {
	const { exhibition, story } = await target(event);
	// The form is the same for everyone, but never kept by a shared cache; the fast path does
	// not keep this address either (docs/performance.md).
	event.setHeaders({ 'Cache-Control': 'private, no-cache' });
	if (exhibition.audience !== 'public') event.setHeaders({ 'X-Robots-Tag': 'noindex' });
	return {
		exhibition: { slug: exhibition.slug, title: exhibition.title },
		story,
		sent: event.url.searchParams.has('sent'),
		limits: { body: REFLECTION_MAX, name: REFLECTION_NAME_MAX }
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		// The text as typed (line ends made plain, invisible disguising characters removed) and
		// its length checked before anything else is done.
		const values = {
			kind: rawField(form, 'kind'),
			body: cleanText(rawField(form, 'body'), 'text').trim(),
			name: cleanText(rawField(form, 'name')).trim()
		};
		const parsed = parseForm(reflectionSchema, values);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		const bad = textProblem(values.body, 'text') ?? textProblem(values.name);
		if (bad) return fail(400, { values, errors: { body: bad } });
		const { exhibition, story } = await target(event);
		const clientKey = reflectionClientKey(event.getClientAddress());
		if (await reflectionThrottled(db(), clientKey))
			return fail(429, { values, errors: { form: 'refl_too_frequent' } });
		const sent = await sendReflection(db(), {
			exhibition,
			storyId: story?.id ?? null,
			kind: parsed.data.kind,
			body: parsed.data.body,
			authorName: parsed.data.name,
			language: event.locals.locale,
			clientKey
		});
		if (!sent.ok) return fail(429, { values, errors: { form: 'refl_too_frequent' } });
		const query = new URLSearchParams(story ? { story: story.id, sent: '1' } : { sent: '1' });
		redirect(303, `/exhibitions/${exhibition.slug}/reflect?${query}`);
	}
} satisfies Actions;
