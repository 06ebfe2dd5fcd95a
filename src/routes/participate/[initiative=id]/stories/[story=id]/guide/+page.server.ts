import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { SHOWED_STEPS, saveShowedAnswer, weaveShowedIntoNarrative } from '$lib/server/stories';
import { field } from '$lib/server/forms';

function stepIndex(value: string | null): number | 'done' {
	if (value === 'done') return 'done';
	const n = Number(value);
	return Number.isInteger(n) && n >= 1 && n <= SHOWED_STEPS.length ? n : 1;
}

export const load = (async (event) => {
	const { story } = await requireOwnStory(event);
	return {
		step: stepIndex(event.url.searchParams.get('step')),
		answers: story.showed,
		woven: event.url.searchParams.has('woven')
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const { story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const index = stepIndex(field(form, 'step'));
		if (index !== 'done') {
			const step = SHOWED_STEPS[index - 1];
			if (step) await saveShowedAnswer(db(), story, step, field(form, 'answer'));
		}
		const go = field(form, 'go');
		const current = index === 'done' ? SHOWED_STEPS.length + 1 : index;
		const next = go === 'back' ? Math.max(1, current - 1) : current + 1;
		redirect(303, `${event.url.pathname}?step=${next > SHOWED_STEPS.length ? 'done' : next}`);
	},
	weave: async (event) => {
		const { story } = await requireOwnStory(event);
		await weaveShowedIntoNarrative(db(), story);
		redirect(303, `${event.url.pathname}?step=done&woven=1`);
	}
} satisfies Actions;
