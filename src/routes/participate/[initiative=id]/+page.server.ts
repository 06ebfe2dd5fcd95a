import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { PARTICIPANTS, requireRole } from '$lib/server/auth/guards';
import { listWorkingGroups } from '$lib/server/initiatives';
import { listMemberships, workingGroupIdsOf } from '$lib/server/people';
import { listOwnStories, readPhotos, whoCanSee, OWNER } from '$lib/server/access';
import { openRequests, recordExpiries } from '$lib/server/consent';
import { createStoryWithinLimit, TITLE_MAX } from '$lib/server/stories';
import { config } from '$lib/server/config';
import { field } from '$lib/server/forms';
import { isLocale } from '$lib/localized';
import { limitProblem } from '$lib/server/text';
import { ownResponsesSummary } from '$lib/server/responses';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const [memberships, groups, stories] = await Promise.all([
		listMemberships(db(), user.id),
		listWorkingGroups(db(), initiative.id),
		listOwnStories(db(), user, initiative.id)
	]);
	const membership = memberships.find(
		(ms) => ms.initiativeId === initiative.id && ms.role === 'participant'
	);
	const mine = membership ? new Set(await workingGroupIdsOf(db(), membership.id)) : new Set();
	await recordExpiries(
		db(),
		stories.map((s) => s.id)
	);
	const requests = await openRequests(
		db(),
		stories.map((s) => s.id)
	);
	const [photoCounts, visibility, responses] = await Promise.all([
		Promise.all(stories.map(async (s) => (await readPhotos(db(), user, s.id, OWNER)).length)),
		Promise.all(stories.map((s) => whoCanSee(db(), user, s.id))),
		ownResponsesSummary(db(), user, initiative.id)
	]);
	return {
		initiative: { id: initiative.id, title: initiative.title, description: initiative.description },
		workingGroups: groups.filter((g) => mine.has(g.id)).map((g) => ({ id: g.id, title: g.title })),
		stories: stories.map((s, i) => ({
			id: s.id,
			title: s.title,
			language: s.language,
			status: s.status,
			updatedAt: s.updatedAt,
			photoCount: photoCounts[i] ?? 0,
			shared: s.sharedAt !== null,
			visibility: visibility[i]!
		})),
		requests: requests.map((r) => ({
			id: r.placement.id,
			renewal: r.renewal,
			storyTitle: stories.find((s) => s.id === r.placement.storyId)?.title ?? '',
			exhibitionTitle: r.exhibition.title
		})),
		// Responses about their stories (docs/knowledge-returns.md): never who wrote them.
		responses: {
			unread: responses.unread,
			latest: responses.latest.flatMap((r) =>
				r.response.subject === 'story' && r.story
					? [
							{
								id: r.response.id,
								kind: r.response.kind,
								storyId: r.story.id,
								storyTitle: r.story.title,
								storyLanguage: r.story.language,
								workingGroup: r.workingGroup.title,
								status: r.entries[r.entries.length - 1]?.entry.status ?? 'noted',
								updatedAt: r.response.updatedAt,
								unread: r.entries.filter((e) => e.entry.ownerReadAt === null).length
							}
						]
					: []
			)
		},
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
		const form = await event.request.formData();
		const title = field(form, 'title');
		const language = field(form, 'language');
		const guide = field(form, 'guide') === 'yes';
		const errors: Record<string, string> = {};
		const titleProblem = limitProblem(title, TITLE_MAX);
		if (titleProblem) errors.title = titleProblem;
		if (!isLocale(language)) errors.language = 'error_required';
		if (Object.keys(errors).length > 0 || !isLocale(language))
			return fail(400, { create: { title, language, errors } });
		const maxStories = config().maxStoriesPerPerson;
		const id = await createStoryWithinLimit(
			db(),
			user,
			{ initiativeId: initiative.id, title, language },
			maxStories
		);
		if (id === null) return fail(409, { create: { title, language, errors }, maxStories });
		redirect(303, `/participate/${initiative.id}/stories/${id}${guide ? '/guide' : ''}`);
	}
} satisfies Actions;
