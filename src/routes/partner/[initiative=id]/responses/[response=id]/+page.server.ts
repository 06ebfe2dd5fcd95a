// One response with its trail and the participant's answers, for the initiative's partners and
// curators (docs/knowledge-returns.md). The gate decides whether the story is still shown.
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guards';
import { addEntry, readResponse, RESPONSE_BODY_MAX, LINK_MAX } from '$lib/server/responses';
import { presentResponse } from '$lib/server/responses/present';
import { field, parseForm } from '$lib/server/forms';
import { entrySchema, formValues } from '../schema';

const READERS = ['partner', 'curator'] as const;

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, READERS);
	const view = await readResponse(db(), user, initiative.id, event.params.response);
	if (!view) error(404);
	return {
		initiative: { id: initiative.id, title: initiative.title },
		response: presentResponse(view),
		recorded: event.url.searchParams.has('recorded'),
		limits: { body: RESPONSE_BODY_MAX, link: LINK_MAX }
	};
}) satisfies PageServerLoad;

export const actions = {
	entry: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, READERS);
		const form = await event.request.formData();
		const values = formValues(form, ['status', 'body', 'language', 'link']);
		const parsed = parseForm(entrySchema, values);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		const result = await addEntry(db(), user, initiative.id, event.params.response, {
			...parsed.data,
			body: field(form, 'body'),
			link: field(form, 'link')
		});
		if (!result.ok) {
			if (result.notFound) error(404);
			return fail(400, { values, errors: result.problems });
		}
		redirect(303, `/partner/${initiative.id}/responses/${event.params.response}?updated`);
	}
} satisfies Actions;
