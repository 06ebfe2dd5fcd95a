// access: public — guarded by the invitation token itself; 404 for an unknown one.
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import {
	InvitationUnavailable,
	findInvitation,
	joinWithExistingAccount,
	joinWithNewAccount
} from '$lib/server/auth/invitations';
import { getInitiative } from '$lib/server/initiatives';
import { readNewAccountForm } from '$lib/server/auth/account-form';
import { hashPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { describeDevice } from '$lib/server/auth/device';
import { roleHome } from '$lib/role-home';
import { requireUser } from '$lib/server/auth/guards';

export const load = (async ({ params, locals }) => {
	const invitation = await findInvitation(db(), params.token);
	if (!invitation) error(404);
	const initiative = await getInitiative(db(), invitation.initiativeId);
	if (!initiative || initiative.archivedAt) error(404);
	return {
		status: invitation.status,
		role: invitation.role,
		initiative: { title: initiative.title, description: initiative.description },
		workingGroups: invitation.workingGroups.map((g) => g.title),
		loggedInAs: locals.user?.username ?? null
	};
}) satisfies PageServerLoad;

function isUniqueViolation(e: unknown): boolean {
	const text =
		String((e as { message?: unknown })?.message ?? '') +
		String((e as { cause?: unknown })?.cause ?? '');
	return text.includes('UNIQUE constraint failed');
}

export const actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const account = await readNewAccountForm(db(), form);
		if (!account.ok) return fail(400, { values: account.values, errors: account.errors });
		const passwordHash = await hashPassword(account.password);
		let joined;
		try {
			joined = await joinWithNewAccount(db(), event.params.token, {
				...account.values,
				passwordHash
			});
		} catch (e) {
			if (e instanceof InvitationUnavailable) return fail(410, { unavailable: true });
			if (isUniqueViolation(e))
				return fail(400, { values: account.values, errors: { username: 'username_taken' } });
			throw e;
		}
		const device = describeDevice(event.request.headers.get('user-agent'));
		const { token, session } = await createSession(db(), joined.user, device);
		setSessionCookie(event, token, session);
		redirect(303, roleHome(joined.role, joined.initiativeId) + '?welcome=1');
	},
	accept: async (event) => {
		const user = requireUser(event);
		try {
			const joined = await joinWithExistingAccount(db(), event.params.token, user.id);
			redirect(303, roleHome(joined.role, joined.initiativeId) + '?welcome=1');
		} catch (e) {
			if (e instanceof InvitationUnavailable) return fail(410, { unavailable: true });
			throw e;
		}
	}
} satisfies Actions;
