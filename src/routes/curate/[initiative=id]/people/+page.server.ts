import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { listInitiativeMembers, mayIssueReset } from '$lib/server/people';
import { listWorkingGroups } from '$lib/server/initiatives';
import { createPasswordReset, RESET_HOURS } from '$lib/server/auth/password-resets';
import { field } from '$lib/server/forms';
import {
	endMembership,
	readPlacementsChoice,
	removalPreview
} from '$lib/server/consent/membership';

/**
 * A curator ends only participants' memberships, in their own initiative (other roles are the
 * admins' to change).
 */
async function participantMembership(initiativeId: string, membershipId: string | null) {
	if (!membershipId) return undefined;
	const preview = await removalPreview(db(), membershipId);
	if (!preview || preview.membership.initiativeId !== initiativeId) return undefined;
	return preview.membership.role === 'participant' ? preview : undefined;
}

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	const [members, groups] = await Promise.all([
		listInitiativeMembers(db(), initiative.id),
		listWorkingGroups(db(), initiative.id, { includeArchived: true })
	]);
	const people = new Map<
		string,
		{
			userId: string;
			username: string;
			displayName: string | null;
			roles: string[];
			workingGroupIds: string[];
			since: Date;
			canReset: boolean;
			participantMembershipId: string | null;
		}
	>();
	for (const member of members) {
		const person = people.get(member.userId) ?? {
			userId: member.userId,
			username: member.username,
			displayName: member.displayName,
			roles: [],
			workingGroupIds: [],
			since: member.since,
			canReset: false,
			participantMembershipId: null
		};
		person.roles.push(member.role);
		if (member.role === 'participant') person.participantMembershipId = member.membershipId;
		person.workingGroupIds.push(...member.workingGroupIds);
		if (member.since < person.since) person.since = member.since;
		people.set(member.userId, person);
	}
	const list = [...people.values()];
	await Promise.all(
		list.map(async (p) => {
			p.canReset = await mayIssueReset(db(), user, p.userId);
		})
	);
	const removal = await participantMembership(initiative.id, event.url.searchParams.get('remove'));
	return {
		people: list,
		removal,
		removed: event.url.searchParams.get('done') === 'removed',
		workingGroups: Object.fromEntries(groups.map((g) => [g.id, g.title])),
		resetHours: RESET_HOURS
	};
}) satisfies PageServerLoad;

export const actions = {
	removeMembership: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const form = await event.request.formData();
		const membership = await participantMembership(initiative.id, field(form, 'membershipId'));
		if (!membership) error(404);
		await db().transaction((tx) =>
			endMembership(
				tx,
				user.id,
				membership.membership.id,
				readPlacementsChoice(field(form, 'placements'))
			)
		);
		redirect(303, `/curate/${initiative.id}/people?done=removed`);
	},
	reset: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const form = await event.request.formData();
		const targetId = field(form, 'userId');
		const members = await listInitiativeMembers(db(), initiative.id);
		const target = members.find((mb) => mb.userId === targetId);
		// Someone outside this initiative, or not this curator's to reset: as if absent.
		if (!target || !(await mayIssueReset(db(), user, targetId))) error(404);
		const reset = await db().transaction((tx) =>
			createPasswordReset(tx, { userId: targetId, createdBy: user.id, initiativeId: initiative.id })
		);
		return {
			reset: {
				username: target.username,
				url: `${event.url.origin}/reset/${reset.token}`,
				expiresAt: reset.expiresAt
			}
		};
	}
} satisfies Actions;
