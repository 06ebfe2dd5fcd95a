import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import {
	INVITATION_DAYS_DEFAULT,
	INVITATION_DAYS_MAX,
	createInvitation,
	listInvitations,
	revokeInvitation,
	validWorkingGroupIds
} from '$lib/server/auth/invitations';
import { listWorkingGroups } from '$lib/server/initiatives';
import { field, parseForm } from '$lib/server/forms';
import { invitationSchema } from './schema';

export const load = (async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	const [invitations, groups] = await Promise.all([
		listInvitations(db(), initiative.id),
		listWorkingGroups(db(), initiative.id)
	]);
	return {
		invitations,
		workingGroups: groups.map((g) => ({ id: g.id, title: g.title })),
		defaults: { days: INVITATION_DAYS_DEFAULT, maxDays: INVITATION_DAYS_MAX }
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const form = await event.request.formData();
		const input = {
			role: field(form, 'role'),
			days: field(form, 'days'),
			label: field(form, 'label'),
			workingGroupIds: form.getAll('workingGroupIds').filter((x) => typeof x === 'string')
		};
		const parsed = parseForm(invitationSchema, input);
		if (!parsed.ok) return fail(400, { values: input, errors: parsed.errors });
		const workingGroupIds = await validWorkingGroupIds(
			db(),
			initiative.id,
			parsed.data.workingGroupIds
		);
		const created = await db().transaction((tx) =>
			createInvitation(tx, {
				initiativeId: initiative.id,
				role: parsed.data.role,
				workingGroupIds,
				label: parsed.data.label,
				days: parsed.data.days,
				createdBy: user.id
			})
		);
		return {
			created: {
				url: `${event.url.origin}/join/${created.token}`,
				role: parsed.data.role,
				expiresAt: created.expiresAt
			}
		};
	},
	revoke: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const form = await event.request.formData();
		await db().transaction((tx) =>
			revokeInvitation(tx, user.id, initiative.id, field(form, 'invitationId'))
		);
		return { revoked: true };
	}
} satisfies Actions;
