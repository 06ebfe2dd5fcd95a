// access: public — says who is logged in (if anyone) and which language and controls to show,
// and, to a signed-in person only, how many of their notifications are unread.
import type { LayoutServerLoad } from './$types';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db';
import { frameFor } from '$lib/server/layout';
import { flashText, takeFlash } from '$lib/server/flash';
import { unreadCount } from '$lib/server/notifications';

export const load = (async ({ locals, cookies, url }) => {
	// Signed in: read again on every navigation, so that the unread count stays current (one
	// indexed COUNT). Anonymous visitors get nothing per person (docs/notifications.md).
	if (locals.user) void url.pathname;
	const [frame, unread] = await Promise.all([
		frameFor(db(), locals.user),
		locals.user ? unreadCount(db(), locals.user.id) : null
	]);
	return {
		user: locals.user
			? {
					username: locals.user.username,
					displayName: locals.user.displayName,
					isAdmin: locals.user.isAdmin
				}
			: null,
		locale: locals.locale,
		timeZone: config().timeZone,
		flash: flashText(takeFlash(cookies)),
		quickExit: frame.quickExit ? config().quickExitUrl : null,
		ownsStories: frame.ownsStories,
		unread
	};
}) satisfies LayoutServerLoad;
