import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { endOwnSession, invalidateUserSessions, listUserSessions } from '$lib/server/auth/session';
import { DISPLAY_NAME_MAX, changePassword, setDisplayName } from '$lib/server/auth/accounts';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { field, rawField } from '$lib/server/forms';
import { checkText } from '$lib/server/text';

export const load = (async (event) => {
	const user = requireUser(event);
	const sessions = await listUserSessions(db(), user.id);
	return {
		// Session ids are hashes of the tokens: safe to use as form values for "end this one".
		sessions: sessions.map((s) => ({ ...s, current: s.id === event.locals.session?.id }))
	};
}) satisfies PageServerLoad;

export const actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const displayName = checkText(field(form, 'displayName'), { max: DISPLAY_NAME_MAX });
		if (displayName.error)
			return fail(400, { profile: { errors: { displayName: displayName.error } } });
		await setDisplayName(db(), user.id, displayName.value);
		return { profile: { saved: true } };
	},
	endSession: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const sessionId = field(form, 'sessionId');
		await endOwnSession(db(), user.id, sessionId);
		if (sessionId === event.locals.session?.id) {
			deleteSessionCookie(event.cookies);
			redirect(303, '/');
		}
		return { sessions: { ended: true } };
	},
	endOthers: async (event) => {
		const user = requireUser(event);
		await invalidateUserSessions(db(), user.id, event.locals.session?.id);
		return { sessions: { ended: true } };
	},
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const password = rawField(form, 'password');
		if (password !== rawField(form, 'passwordConfirm'))
			return fail(400, { password: { errors: { passwordConfirm: 'password_mismatch' } } });
		const result = await changePassword(db(), {
			userId: user.id,
			sessionId: event.locals.session?.id ?? '',
			current: rawField(form, 'current'),
			password
		});
		if (!result.ok) return fail(400, { password: { errors: { [result.field]: result.problem } } });
		return { password: { changed: true } };
	}
} satisfies Actions;
