import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { confirmPassword } from '$lib/server/auth/accounts';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { listAllOwnStories } from '$lib/server/access';
import { listMemberships } from '$lib/server/people';
import { eraseAccount, isLastAdmin } from '$lib/server/people/erase';
import { scheduleFileDeletion, wakeJobs } from '$lib/server/media/photos';
import { rawField } from '$lib/server/forms';
import { DELETED_COOKIE } from '../deleted/marker';

// "Delete my account" (docs/data-lifecycle.md): the page says in plain words what goes, the
// password confirms it, and the person lands on /account/deleted, which clears the browser.

export const load = (async (event) => {
	const user = requireUser(event);
	const [stories, memberships, lastAdmin] = await Promise.all([
		listAllOwnStories(db(), user),
		listMemberships(db(), user.id),
		isLastAdmin(db(), user.id)
	]);
	const roles = new Set(memberships.map((ms) => ms.role));
	return {
		storyCount: stories.length,
		curator: roles.has('curator'),
		isAdmin: user.isAdmin,
		lastAdmin
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const password = rawField(form, 'password');
		if (!password) return fail(400, { problem: 'error_required' as const });
		if (password.length > 200)
			return fail(400, { problem: 'account_delete_wrong_password' as const });
		const confirmed = await confirmPassword(db(), {
			userId: user.id,
			password,
			address: event.getClientAddress()
		});
		if (!confirmed.ok) {
			if (confirmed.reason === 'throttled') {
				const minutes = Math.max(1, Math.ceil((confirmed.retryAt.getTime() - Date.now()) / 60000));
				return fail(429, { problem: 'account_delete_throttled' as const, minutes });
			}
			return fail(400, { problem: 'account_delete_wrong_password' as const });
		}
		const outcome = await db().transaction(async (tx) => {
			const erased = await eraseAccount(tx, user.id);
			if (typeof erased !== 'string') await scheduleFileDeletion(tx, erased.files);
			return erased;
		});
		if (outcome === 'last_admin')
			return fail(409, { problem: 'account_delete_last_admin' as const });
		if (outcome === 'unknown') redirect(303, '/');
		wakeJobs();
		// The sessions went with the account (ON DELETE CASCADE); the cookie goes now, and the
		// confirmation page asks the browser to forget everything else of this site.
		deleteSessionCookie(event.cookies);
		event.cookies.set(DELETED_COOKIE, '1', {
			path: '/account/deleted',
			httpOnly: true,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			maxAge: 120
		});
		redirect(303, '/account/deleted');
	}
} satisfies Actions;
