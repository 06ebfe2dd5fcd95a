// access: public — the home page lists exhibitions anyone may see, through the access gate.
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listVisibleExhibitions } from '$lib/server/access';

export const load = (async ({ setHeaders }) => {
	// The same list for everyone, asked for again every time (a withdrawal shows at once).
	setHeaders({ 'Cache-Control': 'no-cache' });
	// Asked as an anonymous visitor: the home page lists public exhibitions only, for everyone.
	const exhibitions = await listVisibleExhibitions(db(), null);
	return {
		exhibitions: exhibitions.map((e) => ({
			slug: e.slug,
			title: e.title,
			introduction: e.introduction
		}))
	};
}) satisfies PageServerLoad;
