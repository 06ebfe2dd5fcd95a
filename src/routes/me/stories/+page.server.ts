import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { mineActions, myStories } from '$lib/server/consent/mine';
import { withdrawEverythingWords } from '$lib/consent-text';

export const load = (async (event) => {
	const user = requireUser(event);
	const mine = await myStories(user);
	return {
		stories: mine.map(({ story, initiative, visibility, requests, editHref }) => ({
			id: story.id,
			title: story.title,
			language: story.language,
			status: story.status,
			initiativeTitle: initiative.title,
			initiativeArchived: initiative.archivedAt !== null,
			visibility,
			requests: requests.map((r) => ({ id: r.placement.id, exhibitionTitle: r.exhibition.title })),
			editHref
		})),
		withdrawAllWords: withdrawEverythingWords(event.locals.locale),
		done: event.url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	withdraw: async (event) => mineActions.withdraw(event, requireUser(event)),
	unshare: async (event) => mineActions.unshare(event, requireUser(event)),
	withdrawStory: async (event) => mineActions.withdrawStory(event, requireUser(event)),
	withdrawAll: async (event) => mineActions.withdrawAll(event, requireUser(event))
} satisfies Actions;
