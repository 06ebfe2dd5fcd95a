// access: public — the login page itself.
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { attemptLogin } from '$lib/server/auth/accounts';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { describeDevice } from '$lib/server/auth/device';
import { field, rawField, safeRedirect } from '$lib/server/forms';
import { loginFieldProblems } from '$lib/server/auth/account-form';
import { landingPage } from '$lib/server/landing';
import { inWords } from '$lib/server/problems';

export const load = (async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo'), '/me'));
	return { redirectTo: safeRedirect(url.searchParams.get('redirectTo'), '/me') };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = field(form, 'username');
		const password = rawField(form, 'password');
		const redirectTo = safeRedirect(field(form, 'redirectTo'), '/me');
		const limits = loginFieldProblems(username, password);
		if (limits)
			return fail(400, { username: [...username].slice(0, 32).join(''), errors: inWords(limits) });
		if (!username || !password) {
			return fail(400, {
				username,
				errors: inWords({
					username: username ? undefined : 'error_required',
					password: password ? undefined : 'error_required'
				})
			});
		}
		const result = await attemptLogin(db(), {
			username,
			password,
			address: event.getClientAddress()
		});
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 60000));
				return fail(429, { username, throttledMinutes: minutes, errors: {} });
			}
			if (result.reason === 'disabled') return fail(403, { username, disabled: true, errors: {} });
			return fail(400, { username, invalid: true, errors: {} });
		}
		const device = describeDevice(event.request.headers.get('user-agent'));
		const { token, session } = await createSession(db(), result.user, device);
		setSessionCookie(event, token, session);
		redirect(303, redirectTo === '/me' ? await landingPage(db(), result.user) : redirectTo);
	}
} satisfies Actions;
