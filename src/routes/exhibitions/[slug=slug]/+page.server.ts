// access: public — anyone may ask; the access gate decides (published, in the audience,
// approved placements only). Forbidden and missing are the same 404.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { inExhibition, readExhibitionBySlug } from '$lib/server/access';
import { presentExhibition } from '$lib/server/exhibitions/present';
import { audit } from '$lib/server/audit';

export const load = (async ({ params, locals, setHeaders }) => {
	const exhibition = await readExhibitionBySlug(db(), locals.user, params.slug);
	if (!exhibition) error(404);
	const model = await presentExhibition(
		db(),
		locals.user,
		exhibition,
		inExhibition(exhibition.id),
		locals.locale
	);
	if (exhibition.audience !== 'public') {
		setHeaders({ 'Cache-Control': 'private, no-cache', 'X-Robots-Tag': 'noindex' });
		// Who saw which non-public story, in which exhibition, and when.
		const stories = model.sections.flatMap((s) => s.items.map((i) => i.view.id));
		await db().transaction(async (tx) => {
			for (const storyId of stories)
				await audit(tx, {
					actorId: locals.user?.id ?? null,
					action: 'story.viewed',
					initiativeId: exhibition.initiativeId,
					details: { storyId, exhibitionId: exhibition.id }
				});
		});
	} else {
		// Pages are asked for again every time: a withdrawal must show on the very next request.
		setHeaders({ 'Cache-Control': 'no-cache' });
	}
	return { exhibition: model, indexable: exhibition.audience === 'public' };
}) satisfies PageServerLoad;
