// access: public — the account is gone; this page only confirms it, to the browser that did it.
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { DELETED_COOKIE } from './marker';

export const load = (async ({ cookies, locals, setHeaders }) => {
	if (locals.user || cookies.get(DELETED_COOKIE) !== '1') redirect(303, '/');
	cookies.delete(DELETED_COOKIE, { path: '/account/deleted' });
	// As logout does (docs/safety.md): the browser forgets this site's cache, cookies, storage.
	setHeaders({ 'Clear-Site-Data': '"cache", "cookies", "storage"', 'Cache-Control': 'no-store' });
	return {};
}) satisfies PageServerLoad;
