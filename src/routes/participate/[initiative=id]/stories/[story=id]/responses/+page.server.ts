// The participant's view of every response about their story (docs/knowledge-returns.md): the
// words, the working group, the date — never who wrote it — and an answer form per entry.
// Opening the page marks its entries read.
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listResponses } from '$lib/server/access';
import { requireOwnStory } from '$lib/server/stories/guard';
import { answerEntry, markRead, ANSWER_BODY_MAX } from '$lib/server/responses';
import { presentResponse } from '$lib/server/responses/present';
import { field } from '$lib/server/forms';

export const load = (async (event) => {
	const { user, story } = await requireOwnStory(event);
	const views = await listResponses(db(), user, { storyId: story.id, mine: true });
	const responses = views.filter((v) => v.asOwner).map(presentResponse);
	// Shown as new this once: read from now on.
	await markRead(db(), user, story.id);
	return {
		responses,
		answered: event.url.searchParams.has('answered'),
		limits: { answer: ANSWER_BODY_MAX }
	};
}) satisfies PageServerLoad;

export const actions = {
	answer: async (event) => {
		const { user, initiative, story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const entryId = field(form, 'entryId');
		const values = {
			entryId,
			kind: field(form, 'kind'),
			body: field(form, 'body'),
			language: field(form, 'language')
		};
		const result = await answerEntry(db(), user, story.id, entryId, values);
		if (!result.ok) {
			if (result.notFound) error(404);
			return fail(result.already ? 409 : 400, { values, errors: result.problems });
		}
		redirect(303, `/participate/${initiative.id}/stories/${story.id}/responses?answered`);
	}
} satisfies Actions;
