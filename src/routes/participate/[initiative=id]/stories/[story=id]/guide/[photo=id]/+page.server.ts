import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { OWNER, readPhotos } from '$lib/server/access';
import { photoViews } from '$lib/server/media/views';
import { ANSWER_MAX, SHOWED_STEPS, saveShowedAnswer } from '$lib/server/stories';
import { field } from '$lib/server/forms';
import { limitProblem } from '$lib/server/text';
import { nextPlace, placeUrl, previousPlace, skipPhoto, stepOf } from '$lib/guide';

/** The story's photos through the gate, and the one this page is about (404 when not its). */
async function walk(event: Parameters<typeof requireOwnStory>[0] & { params: { photo: string } }) {
	const { user, story } = await requireOwnStory(event);
	const rows = await readPhotos(db(), user, story.id, OWNER);
	const index = rows.findIndex((p) => p.id === event.params.photo);
	if (index < 0) error(404);
	return { story, rows, index, photo: rows[index]! };
}

const guideOf = (pathname: string) => pathname.replace(/\/[^/]+$/, '');

export const load = (async (event) => {
	await requireOwnStory(event);
	const { rows, index, photo } = await walk(event);
	const [view] = await photoViews(db(), [photo]);
	const guide = guideOf(event.url.pathname);
	const ids = rows.map((p) => p.id);
	return {
		photo: { view: view!, altText: photo.altText, caption: photo.caption },
		number: index + 1,
		total: rows.length,
		step: stepOf(event.url.searchParams.get('step')),
		answers: photo.showed,
		skipPhoto: placeUrl(guide, skipPhoto(index, rows.length), ids),
		lastPhoto: index === rows.length - 1
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		await requireOwnStory(event);
		const { story, rows, index, photo } = await walk(event);
		const form = await event.request.formData();
		const step = stepOf(field(form, 'step'));
		const go = field(form, 'go');
		const answer = field(form, 'answer');
		// Skipping keeps what was there; saving an empty answer removes it.
		if (go !== 'skip') {
			const problem = limitProblem(answer, ANSWER_MAX, 'text');
			if (problem) return fail(400, { step, answer, error: problem });
			await saveShowedAnswer(db(), story, photo.id, SHOWED_STEPS[step - 1]!, answer);
		}
		const place = go === 'back' ? previousPlace(index, step) : nextPlace(index, step, rows.length);
		redirect(
			303,
			placeUrl(
				guideOf(event.url.pathname),
				place,
				rows.map((p) => p.id)
			)
		);
	}
} satisfies Actions;
