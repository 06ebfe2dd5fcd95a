// access: public — the home page lists exhibitions anyone may see, through the access gate.
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listVisibleExhibitions } from '$lib/server/access';
import { pageOf, requestedPage } from '$lib/server/paging';

export const load = (async ({ url, setHeaders }) => {
	// The same list for everyone, asked for again every time (a withdrawal shows at once).
	setHeaders({ 'Cache-Control': 'no-cache' });
	// Asked as an anonymous visitor: the home page lists public exhibitions only, for everyone,
	// newest first, a page at a time.
	const { items, page } = pageOf(
		await listVisibleExhibitions(db(), null),
		requestedPage(url.searchParams)
	);
	return {
		exhibitions: items.map((e) => ({
			slug: e.slug,
			title: e.title,
			introduction: e.introduction
		})),
		page
	};
}) satisfies PageServerLoad;
