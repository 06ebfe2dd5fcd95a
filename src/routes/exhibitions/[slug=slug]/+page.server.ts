// access: public — anyone may ask; the access gate decides (published, in the audience,
// approved placements only). Forbidden and missing are the same 404.
import type { PageServerLoad } from './$types';
import { visitExhibition } from '$lib/server/exhibitions/visit';
import { db } from '$lib/server/db';
import { acceptsReflections, guestBook } from '$lib/server/access/reflections';
import { respondHref } from '$lib/server/responses/links';
import { veilNoted } from '$lib/server/exhibitions/present';

/** How many reflections the exhibition page shows (the newest). */
const GUEST_BOOK_SHOWN = 10;

export const load = (async ({ params, locals, setHeaders, url }) => {
	const { exhibition, model } = await visitExhibition(
		locals.user,
		params.slug,
		locals.locale,
		setHeaders
	);
	// Social previews only for a public exhibition, and only with the cover a curator chose
	// among photos their participants approved: a social network keeps its copy of a preview
	// image, so no photo becomes one by default.
	const ogPhoto = model.cover;
	return {
		exhibition: veilNoted(model),
		// The guest book (docs/reflections.md): approved reflections on the whole exhibition.
		reflections: acceptsReflections(exhibition)
			? { items: await guestBook(db(), locals.user, exhibition.id, GUEST_BOOK_SHOWN) }
			: null,
		indexable: exhibition.audience === 'public',
		// Only for a signed-in viewer who may record a response on it (never in the anonymous cache).
		respondHref: await respondHref(locals.user, exhibition, null),
		og:
			exhibition.audience === 'public'
				? {
						url: `${url.origin}/exhibitions/${exhibition.slug}`,
						image: ogPhoto?.fallback ? `${url.origin}${ogPhoto.fallback}` : null,
						imageAlt: ogPhoto?.alt ?? '',
						imageWidth: ogPhoto?.width ?? null,
						imageHeight: ogPhoto?.height ?? null
					}
				: null
	};
}) satisfies PageServerLoad;
