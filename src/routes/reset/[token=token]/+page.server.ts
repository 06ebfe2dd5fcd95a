// access: public — guarded by the one-time reset token itself.
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { findUsableReset, usePasswordReset } from '$lib/server/auth/password-resets';
import { readNewPasswordForm } from '$lib/server/auth/account-form';
import { hashPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { describeDevice } from '$lib/server/auth/device';
import { setFlash } from '$lib/server/flash';
import { landingPage } from '$lib/server/landing';

export const load = (async ({ params }) => {
	const reset = await findUsableReset(db(), params.token);
	// An unusable link gets a kind page rather than a bare 404: the person did nothing wrong.
	return { username: reset?.username ?? null };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const reset = await findUsableReset(db(), event.params.token);
		if (!reset) return fail(410, { unavailable: true, errors: {} });
		const form = await event.request.formData();
		const input = readNewPasswordForm(form, reset.username);
		if (!input.ok) return fail(400, { errors: input.errors });
		const user = await usePasswordReset(
			db(),
			event.params.token,
			await hashPassword(input.password)
		);
		if (!user) return fail(410, { unavailable: true, errors: {} });
		const device = describeDevice(event.request.headers.get('user-agent'));
		const { token, session } = await createSession(db(), user, device);
		setSessionCookie(event, token, session);
		setFlash(event.cookies, 'reset_done', event.url.protocol === 'https:');
		redirect(303, await landingPage(db(), user));
	}
} satisfies Actions;
