// access: public — anyone may ask; the access gate decides (published, in the audience,
// approved placements only), exactly as for the exhibition page. Forbidden and missing are the
// same 404.
import type { PageServerLoad } from './$types';
import { visitExhibition } from '$lib/server/exhibitions/visit';

export const load = (async ({ params, locals, setHeaders }) => {
	const { exhibition, model } = await visitExhibition(
		locals.user,
		params.slug,
		locals.locale,
		setHeaders
	);
	return {
		exhibition: model,
		// The date a printed copy was made from: a copy does not follow later withdrawals.
		asOf: new Date(),
		indexable: exhibition.audience === 'public'
	};
}) satisfies PageServerLoad;
