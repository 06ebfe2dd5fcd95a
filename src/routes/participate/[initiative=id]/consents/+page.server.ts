import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { PARTICIPANTS, requireRole } from '$lib/server/auth/guards';
import { listAllOwnStories, listOwnStories } from '$lib/server/access';
import { consentHistory, recordExpiries, withdrawEverything } from '$lib/server/consent';
import { withdrawEverythingWords } from '$lib/consent-text';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const own = await listOwnStories(db(), user, initiative.id);
	await recordExpiries(
		db(),
		own.map((s) => s.id)
	);
	const events = await consentHistory(
		db(),
		own.map((s) => s.id)
	);
	return {
		stories: own
			.map((story) => ({
				id: story.id,
				title: story.title,
				language: story.language,
				events: events
					.filter((e) => e.storyId === story.id)
					.map((e) => ({
						id: e.id,
						at: e.at,
						kind: e.kind,
						exhibitionTitle: e.exhibitionTitle,
						audience: e.audience,
						text: e.text,
						locale: e.locale
					}))
			}))
			.filter((s) => s.events.length > 0),
		name: user.displayName || user.username,
		words: withdrawEverythingWords(event.locals.locale),
		done: event.url.searchParams.has('withdrawn')
	};
}) satisfies PageServerLoad;

export const actions = {
	withdrawAll: async (event) => {
		const { user } = await requireRole(event, event.params.initiative, PARTICIPANTS);
		const locale = event.locals.locale;
		// Everything means everything: every story of this person, in every initiative.
		const own = await listAllOwnStories(db(), user);
		await withdrawEverything(db(), own, { text: withdrawEverythingWords(locale), locale });
		redirect(303, `${event.url.pathname}?withdrawn`);
	}
} satisfies Actions;
