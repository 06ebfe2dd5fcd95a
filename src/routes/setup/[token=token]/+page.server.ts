// access: public — guarded by the one-time setup token itself; 404 without a valid one.
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { completeSetup, setupTokenValid } from '$lib/server/auth/setup';
import { readNewAccountForm } from '$lib/server/auth/account-form';
import { hashPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { describeDevice } from '$lib/server/auth/device';

export const load = (async ({ params }) => {
	if (!(await setupTokenValid(db(), params.token))) error(404);
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		if (!(await setupTokenValid(db(), event.params.token))) error(404);
		const form = await event.request.formData();
		const account = await readNewAccountForm(db(), form);
		if (!account.ok) return fail(400, { values: account.values, errors: account.errors });
		const passwordHash = await hashPassword(account.password);
		const user = await completeSetup(db(), event.params.token, { ...account.values, passwordHash });
		if (!user) error(404);
		const device = describeDevice(event.request.headers.get('user-agent'));
		const { token, session } = await createSession(db(), user, device);
		setSessionCookie(event, token, session);
		redirect(303, '/admin?welcome=1');
	}
} satisfies Actions;
