import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import {
	openRequests,
	placementsOfOwner,
	recordExpiries,
	shareStory,
	unshareStory,
	withdrawPlacement,
	withdrawStory
} from '$lib/server/consent';
import { field } from '$lib/server/forms';
import {
	shareWords,
	unshareWords,
	withdrawPlacementWords,
	withdrawStoryWords
} from '$lib/consent-text';

export const load = (async (event) => {
	const { initiative, story } = await requireOwnStory(event);
	await recordExpiries(db(), [story.id]);
	const locale = event.locals.locale;
	const title = story.title || '—';
	const [rows, open] = await Promise.all([
		placementsOfOwner(db(), story),
		openRequests(db(), [story.id])
	]);
	const asked = new Set(open.map((r) => r.placement.id));
	return {
		sharedAt: story.sharedAt,
		finished: story.status === 'finished',
		words: {
			share: shareWords(title, initiative.title, locale),
			unshare: unshareWords(title, locale),
			withdrawStory: withdrawStoryWords(title, locale)
		},
		placements: rows.map(({ placement, exhibition }) => ({
			id: placement.id,
			status: placement.status,
			expiresAt: placement.consentExpiresAt,
			/** Waiting for the participant: new, asked again, run out, or changed since approved. */
			open: asked.has(placement.id),
			exhibition: {
				title: exhibition.title,
				audience: exhibition.audience,
				status: exhibition.status
			},
			words: withdrawPlacementWords(title, exhibition.title, locale)
		})),
		done: event.url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	share: async (event) => {
		const { initiative, story } = await requireOwnStory(event);
		const locale = event.locals.locale;
		const result = await shareStory(db(), story, {
			text: shareWords(story.title || '—', initiative.title, locale),
			locale
		});
		if (result !== 'ok') return fail(400, { problem: result });
		redirect(303, `${event.url.pathname}?done=shared`);
	},
	unshare: async (event) => {
		const { story } = await requireOwnStory(event);
		const locale = event.locals.locale;
		await unshareStory(db(), story, { text: unshareWords(story.title || '—', locale), locale });
		redirect(303, `${event.url.pathname}?done=unshared`);
	},
	withdraw: async (event) => {
		const { story } = await requireOwnStory(event);
		const locale = event.locals.locale;
		const placementId = field(await event.request.formData(), 'placementId');
		const rows = await placementsOfOwner(db(), story);
		const row = rows.find((r) => r.placement.id === placementId);
		if (!row) return fail(404, { problem: 'decide_not_pending' });
		await withdrawPlacement(db(), story, placementId, {
			text: withdrawPlacementWords(story.title || '—', row.exhibition.title, locale),
			locale
		});
		redirect(303, `${event.url.pathname}?done=withdrawn`);
	},
	withdrawStory: async (event) => {
		const { story } = await requireOwnStory(event);
		const locale = event.locals.locale;
		await withdrawStory(db(), story, {
			text: withdrawStoryWords(story.title || '—', locale),
			locale
		});
		redirect(303, `${event.url.pathname}?done=withdrawn-story`);
	}
} satisfies Actions;
