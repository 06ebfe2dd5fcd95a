import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { PARTNERS, requireRole } from '$lib/server/auth/guards';
import { listThemes, listWorkingGroups } from '$lib/server/initiatives';
import { listMemberships, workingGroupIdsOf } from '$lib/server/people';
import { listVisibleExhibitions } from '$lib/server/access';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTNERS);
	const [groups, memberships] = await Promise.all([
		listWorkingGroups(db(), initiative.id),
		listMemberships(db(), user.id)
	]);
	const membership = memberships.find(
		(ms) => ms.initiativeId === initiative.id && ms.role === 'partner'
	);
	const [themes, mine, exhibitions] = await Promise.all([
		listThemes(
			db(),
			groups.map((g) => g.id)
		),
		membership ? workingGroupIdsOf(db(), membership.id) : Promise.resolve([]),
		listVisibleExhibitions(db(), user, initiative.id)
	]);
	return {
		initiative: { id: initiative.id, title: initiative.title, description: initiative.description },
		workingGroups: groups.map((g) => ({
			id: g.id,
			title: g.title,
			description: g.description,
			mine: mine.includes(g.id),
			themes: themes
				.filter((t) => t.workingGroupId === g.id)
				.map((t) => ({ id: t.id, title: t.title, description: t.description }))
		})),
		exhibitions: exhibitions.map((e) => ({
			slug: e.slug,
			title: e.title,
			introduction: e.introduction,
			audience: e.audience
		})),
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;
