// access: public — says who is logged in (if anyone) and which language and controls to show.
import type { LayoutServerLoad } from './$types';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db';
import { frameFor } from '$lib/server/layout';
import { flashText, takeFlash } from '$lib/server/flash';

export const load = (async ({ locals, cookies }) => {
	const frame = await frameFor(db(), locals.user);
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
		ownsStories: frame.ownsStories
	};
}) satisfies LayoutServerLoad;
