import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { PARTICIPANTS, requireRole } from '$lib/server/auth/guards';
import { listWorkingGroups } from '$lib/server/initiatives';
import { listMemberships, workingGroupIdsOf } from '$lib/server/people';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const [memberships, groups] = await Promise.all([
		listMemberships(db(), user.id),
		listWorkingGroups(db(), initiative.id)
	]);
	const membership = memberships.find(
		(ms) => ms.initiativeId === initiative.id && ms.role === 'participant'
	);
	const mine = membership ? new Set(await workingGroupIdsOf(db(), membership.id)) : new Set();
	return {
		initiative: { id: initiative.id, title: initiative.title, description: initiative.description },
		workingGroups: groups.filter((g) => mine.has(g.id)).map((g) => ({ id: g.id, title: g.title })),
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;
