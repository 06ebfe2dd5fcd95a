import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import {
	getUser,
	listUsers,
	mayIssueReset,
	setAccountDisabled,
	setAdmin
} from '$lib/server/people';
import { getInitiative } from '$lib/server/initiatives';
import {
	endMembership,
	readPlacementsChoice,
	removalPreview
} from '$lib/server/consent/membership';
import { createPasswordReset } from '$lib/server/auth/password-resets';
import { field } from '$lib/server/forms';

export const load = (async (event) => {
	const admin = requireAdmin(event);
	const users = await listUsers(db());
	// Removing a role is confirmed on this page first (?remove=<membership>), with what it means.
	const removeId = event.url.searchParams.get('remove');
	const preview = removeId ? await removalPreview(db(), removeId) : undefined;
	const initiative = preview
		? await getInitiative(db(), preview.membership.initiativeId)
		: undefined;
	return {
		users: users.map((u) => ({ ...u, self: u.id === admin.id })),
		removal: preview && initiative ? { ...preview, initiativeTitle: initiative.title } : null,
		done: event.url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	grantAdmin: async (event) => {
		const admin = requireAdmin(event);
		const userId = field(await event.request.formData(), 'userId');
		if (!(await getUser(db(), userId))) error(404);
		await db().transaction((tx) => setAdmin(tx, admin.id, userId, true));
		return { changed: true };
	},
	revokeAdmin: async (event) => {
		const admin = requireAdmin(event);
		const userId = field(await event.request.formData(), 'userId');
		if (!(await getUser(db(), userId))) error(404);
		const result = await db().transaction((tx) => setAdmin(tx, admin.id, userId, false));
		if (result === 'last_admin') return fail(400, { lastAdmin: true });
		return { changed: true };
	},
	removeMembership: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const choice = readPlacementsChoice(field(form, 'placements'));
		const removed = await db().transaction((tx) =>
			endMembership(tx, admin.id, field(form, 'membershipId'), choice)
		);
		if (!removed) error(404);
		redirect(303, '/admin/users?done=removed');
	},
	disable: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const userId = field(form, 'userId');
		const result = await db().transaction((tx) =>
			setAccountDisabled(tx, admin.id, userId, true, field(form, 'reason'))
		);
		if (result === 'disable_unknown') error(404);
		if (result !== 'ok') return fail(400, { disable: { userId, problem: result } });
		redirect(303, '/admin/users?done=disabled');
	},
	enable: async (event) => {
		const admin = requireAdmin(event);
		const userId = field(await event.request.formData(), 'userId');
		const result = await db().transaction((tx) =>
			setAccountDisabled(tx, admin.id, userId, false, '')
		);
		if (result === 'disable_unknown') error(404);
		if (result !== 'ok') return fail(400, { disable: { userId, problem: result } });
		redirect(303, '/admin/users?done=enabled');
	},
	reset: async (event) => {
		const admin = requireAdmin(event);
		const userId = field(await event.request.formData(), 'userId');
		const target = await getUser(db(), userId);
		if (!target || !(await mayIssueReset(db(), admin, userId))) error(404);
		const reset = await db().transaction((tx) =>
			createPasswordReset(tx, { userId, createdBy: admin.id })
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
