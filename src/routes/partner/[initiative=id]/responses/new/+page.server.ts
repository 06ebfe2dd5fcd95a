// Recording a working group's response on a story seen in an exhibition, or on the exhibition
// (docs/knowledge-returns.md, "Who records"). The gate decides who may, on what, for which
// working groups and themes; anyone else gets 404.
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guards';
import { recordingChoices } from '$lib/server/access';
import { recordResponse, RESPONSE_BODY_MAX, LINK_MAX } from '$lib/server/responses';
import { field } from '$lib/server/forms';
import { parseForm } from '$lib/server/forms';
import { formValues, recordSchema } from '../schema';

const WRITERS = ['partner', 'curator'] as const;
const FIELDS = ['kind', 'status', 'body', 'language', 'link', 'workingGroupId', 'themeId'] as const;

function targetOf(url: URL) {
	const exhibitionId = url.searchParams.get('exhibition') ?? '';
	const storyId = url.searchParams.get('story') || null;
	return { exhibitionId, storyId };
}

async function choicesFor(
	user: { id: string; isAdmin: boolean },
	initiativeId: string,
	target: { exhibitionId: string; storyId: string | null }
) {
	if (!target.exhibitionId) error(404);
	const choices = await recordingChoices(db(), user, target);
	if (!choices || choices.exhibition.initiativeId !== initiativeId) error(404);
	return choices;
}

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, WRITERS);
	const choices = await choicesFor(user, initiative.id, targetOf(event.url));
	return {
		initiative: { id: initiative.id, title: initiative.title },
		exhibition: {
			id: choices.exhibition.id,
			slug: choices.exhibition.slug,
			title: choices.exhibition.title
		},
		story: choices.story,
		groups: choices.groups,
		limits: { body: RESPONSE_BODY_MAX, link: LINK_MAX }
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, WRITERS);
		const target = targetOf(event.url);
		await choicesFor(user, initiative.id, target);
		const form = await event.request.formData();
		const values = formValues(form, FIELDS);
		const parsed = parseForm(recordSchema, values);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		const result = await recordResponse(db(), user, {
			...target,
			...parsed.data,
			body: field(form, 'body'),
			link: field(form, 'link'),
			themeId: parsed.data.themeId || null
		});
		if (!result.ok) {
			if (result.notFound) error(404);
			return fail(400, { values, errors: result.problems });
		}
		redirect(303, `/partner/${initiative.id}/responses/${result.id}?recorded`);
	}
} satisfies Actions;
