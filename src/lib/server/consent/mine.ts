// "My stories": what a person ever shared, in every initiative, whatever role they hold now —
// seen, withdrawn and deleted from pages that need only a login (docs/consent.md, "Ownership
// outlives membership").
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { inArray } from 'drizzle-orm';
import { db } from '../db';
import { initiatives } from '../db/schema';
import { listAllOwnStories, whoCanSee, type OwnedStory } from '../access';
import { listMemberships } from '../people';
import { field } from '../forms';
import {
	openRequests,
	recordExpiries,
	unshareStory,
	withdrawEverything,
	withdrawPlacement,
	withdrawStory
} from './index';
import { placementOfOwner } from './participant';
import {
	unshareWords,
	withdrawEverythingWords,
	withdrawPlacementWords,
	withdrawStoryWords
} from '../../consent-text';
import type { SessionUser } from '../auth/session';
import { ownStory } from '../access';

/** Every story of the person, newest first, with who can see it and what waits for them. */
export async function myStories(user: SessionUser) {
	const own = (await listAllOwnStories(db(), user)).reverse();
	const ids = own.map((s) => s.id);
	await recordExpiries(db(), ids);
	const [requests, memberships, initiativeRows, visibility] = await Promise.all([
		openRequests(db(), ids),
		listMemberships(db(), user.id),
		ids.length
			? db()
					.select({
						id: initiatives.id,
						title: initiatives.title,
						archivedAt: initiatives.archivedAt
					})
					.from(initiatives)
					.where(inArray(initiatives.id, [...new Set(own.map((s) => s.initiativeId))]))
			: [],
		Promise.all(own.map((s) => whoCanSee(db(), user, s.id)))
	]);
	return own.map((story, i) => ({
		story,
		initiative: initiativeRows.find((r) => r.id === story.initiativeId)!,
		visibility: visibility[i]!,
		requests: requests.filter((r) => r.placement.storyId === story.id),
		/** Where the story can still be edited: only while its author is a participant there. */
		editHref: memberships.some(
			(ms) =>
				ms.role === 'participant' &&
				ms.initiativeId === story.initiativeId &&
				!ms.initiativeArchivedAt
		)
			? `/participate/${story.initiativeId}/stories/${story.id}`
			: null
	}));
}

type Event = Pick<RequestEvent, 'locals' | 'url' | 'request'>;

/** The person's own story named by the form, in any initiative; 404 otherwise. */
async function storyFromForm(user: SessionUser, form: FormData): Promise<OwnedStory | undefined> {
	return ownStory(db(), user, field(form, 'storyId'));
}

/** The withdrawal and sharing actions of "My stories", for the list and for one story. */
export const mineActions = {
	async withdraw(event: Event, user: SessionUser) {
		const locale = event.locals.locale;
		const found = await placementOfOwner(
			db(),
			user,
			field(await event.request.formData(), 'placementId')
		);
		if (!found) return fail(404, { problem: 'decide_not_pending' });
		await withdrawPlacement(db(), found.story, found.placement.id, {
			text: withdrawPlacementWords(found.story.title || '—', found.exhibition.title, locale),
			locale
		});
		redirect(303, `${event.url.pathname}?done=withdrawn`);
	},
	async unshare(event: Event, user: SessionUser) {
		const locale = event.locals.locale;
		const story = await storyFromForm(user, await event.request.formData());
		if (!story) return fail(404, { problem: 'decide_not_pending' });
		await unshareStory(db(), story, { text: unshareWords(story.title || '—', locale), locale });
		redirect(303, `${event.url.pathname}?done=unshared`);
	},
	async withdrawStory(event: Event, user: SessionUser) {
		const locale = event.locals.locale;
		const story = await storyFromForm(user, await event.request.formData());
		if (!story) return fail(404, { problem: 'decide_not_pending' });
		await withdrawStory(db(), story, {
			text: withdrawStoryWords(story.title || '—', locale),
			locale
		});
		redirect(303, `${event.url.pathname}?done=withdrawn-story`);
	},
	async withdrawAll(event: Event, user: SessionUser) {
		const locale = event.locals.locale;
		const own = await listAllOwnStories(db(), user);
		await withdrawEverything(db(), own, { text: withdrawEverythingWords(locale), locale });
		redirect(303, `${event.url.pathname}?done=withdrawn-all`);
	}
};
