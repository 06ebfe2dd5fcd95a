import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { listInvitations } from '$lib/server/auth/invitations';
import { listInitiativeMembers } from '$lib/server/people';
import { listWorkingGroups } from '$lib/server/initiatives';

export const load = (async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	const [members, invitations, groups] = await Promise.all([
		listInitiativeMembers(db(), initiative.id),
		listInvitations(db(), initiative.id),
		listWorkingGroups(db(), initiative.id)
	]);
	const count = (role: string) => members.filter((mb) => mb.role === role).length;
	return {
		counts: {
			participants: count('participant'),
			curators: count('curator'),
			partners: count('partner'),
			openInvitations: invitations.filter((i) => i.status === 'open').length,
			workingGroups: groups.length
		},
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;
