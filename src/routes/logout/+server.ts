// access: public — ending one's own session needs no more than the session itself.
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { invalidateSession } from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/auth/cookies';

/**
 * Logging out (and quick exit, which sends this as a beacon on its way out) also asks the
 * browser to forget what this site stored: its cache, its cookies, its storage.
 * See docs/safety.md.
 */
const CLEAR_SITE_DATA = '"cache", "cookies", "storage"';

export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) await invalidateSession(db(), locals.session.id);
	deleteSessionCookie(cookies);
	const headers = new Headers({
		'Clear-Site-Data': CLEAR_SITE_DATA,
		'Cache-Control': 'no-store'
	});
	// Quick exit's beacon (?quick) has no page to go to; the logout button's form post goes home.
	if (url.searchParams.has('quick')) return new Response(null, { status: 204, headers });
	headers.set('Location', '/');
	return new Response(null, { status: 303, headers });
};
