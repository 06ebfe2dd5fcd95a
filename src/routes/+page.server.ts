// access: public — the home page lists exhibitions anyone may see, through the access gate.
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { inExhibition, listVisibleExhibitions, readCovers } from '$lib/server/access';
import { photoViewsOf } from '$lib/server/media/views';
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
	// Each with the cover its curator chose, if the gate still shows it there (an approved photo
	// of a placement that stands), as public derivatives of that exhibition: the same addresses
	// as on the exhibition page, so the fast path serves them (docs/performance.md).
	const covers = await readCovers(db(), null, items);
	const views = await photoViewsOf(
		db(),
		items.map((e) => ({
			photos: covers.has(e.id) ? [covers.get(e.id)!] : [],
			context: inExhibition(e.id)
		}))
	);
	return {
		exhibitions: items.map((e, i) => ({
			slug: e.slug,
			title: e.title,
			introduction: e.introduction,
			cover: views[i]![0] ?? null
		})),
		page
	};
}) satisfies PageServerLoad;
