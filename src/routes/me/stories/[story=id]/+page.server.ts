import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireStoryOfOwner } from '$lib/server/consent/participant';
import { OWNER, readPhotos, whoCanSee } from '$lib/server/access';
import { consentHistory, openRequests, recordExpiries } from '$lib/server/consent';
import { mineActions } from '$lib/server/consent/mine';
import { presentStory } from '$lib/server/stories/present';
import { deleteStory } from '$lib/server/stories';
import { scheduleFileDeletion, wakeJobs } from '$lib/server/media/photos';
import { listMemberships } from '$lib/server/people';
import { field } from '$lib/server/forms';
import { setFlash } from '$lib/server/flash';
import { withdrawStoryWords } from '$lib/consent-text';

export const load = (async (event) => {
	const { user, story, initiative } = await requireStoryOfOwner(event);
	await recordExpiries(db(), [story.id]);
	const [photoRows, visibility, requests, events, memberships] = await Promise.all([
		readPhotos(db(), user, story.id, OWNER),
		whoCanSee(db(), user, story.id),
		openRequests(db(), [story.id]),
		consentHistory(db(), [story.id]),
		listMemberships(db(), user.id)
	]);
	const view = await presentStory(db(), story, photoRows, user, event.locals.locale);
	const participant = memberships.some(
		(ms) =>
			ms.role === 'participant' && ms.initiativeId === initiative.id && !ms.initiativeArchivedAt
	);
	return {
		story: {
			id: story.id,
			title: story.title,
			language: story.language,
			status: story.status,
			shared: story.sharedAt !== null
		},
		initiative: { title: initiative.title, archived: initiative.archivedAt !== null },
		view,
		visibility: visibility!,
		requests: requests.map((r) => ({
			id: r.placement.id,
			renewal: r.renewal,
			exhibitionTitle: r.exhibition.title
		})),
		events: events.map((e) => ({
			id: e.id,
			at: e.at,
			kind: e.kind,
			exhibitionTitle: e.exhibitionTitle,
			audience: e.audience,
			text: e.text,
			locale: e.locale
		})),
		editHref: participant ? `/participate/${initiative.id}/stories/${story.id}` : null,
		withdrawStoryWords: withdrawStoryWords(story.title || '—', event.locals.locale),
		done: event.url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	withdraw: async (event) => mineActions.withdraw(event, (await requireStoryOfOwner(event)).user),
	unshare: async (event) => mineActions.unshare(event, (await requireStoryOfOwner(event)).user),
	withdrawStory: async (event) =>
		mineActions.withdrawStory(event, (await requireStoryOfOwner(event)).user),
	delete: async (event) => {
		const { story } = await requireStoryOfOwner(event);
		const form = await event.request.formData();
		if (field(form, 'confirm') !== 'yes') return fail(400, { delete: { unconfirmed: true } });
		await db().transaction(async (tx) => {
			await scheduleFileDeletion(tx, await deleteStory(tx, story));
		});
		wakeJobs();
		setFlash(event.cookies, 'story_deleted', event.url.protocol === 'https:');
		redirect(303, '/me/stories');
	}
} satisfies Actions;
