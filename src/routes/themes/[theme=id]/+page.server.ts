// access: public — a theme of the common agenda, with only the exhibitions and stories this
// viewer may see (each through the access gate), and of those only the stories whose
// placement informs the theme (docs/consent.md).
import type { PageServerLoad } from './$types';
import { visitTheme } from '$lib/server/exhibitions/visit';
import { requestedPage } from '$lib/server/paging';

export const load = (async ({ params, locals, setHeaders, url }) =>
	visitTheme(
		locals.user,
		params.theme,
		locals.locale,
		setHeaders,
		requestedPage(url.searchParams)
	)) satisfies PageServerLoad;
