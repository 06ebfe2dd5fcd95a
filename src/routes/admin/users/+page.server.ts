import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { getUser, listUsers, mayIssueReset, removeMembership, setAdmin } from '$lib/server/people';
import { createPasswordReset } from '$lib/server/auth/password-resets';
import { field } from '$lib/server/forms';

export const load = (async (event) => {
	const admin = requireAdmin(event);
	const users = await listUsers(db());
	return { users: users.map((u) => ({ ...u, self: u.id === admin.id })) };
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
		const membershipId = field(await event.request.formData(), 'membershipId');
		const removed = await db().transaction((tx) => removeMembership(tx, admin.id, membershipId));
		if (!removed) error(404);
		return { changed: true };
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
