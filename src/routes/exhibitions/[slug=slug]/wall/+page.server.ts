// access: public — anyone may ask; the access gate decides (published, in the audience,
// approved placements only), exactly as for the exhibition page. Forbidden and missing are the
// same 404.
import type { PageServerLoad } from './$types';
import { visitExhibition } from '$lib/server/exhibitions/visit';
import { acceptsReflections } from '$lib/server/access/reflections';
import { qrCode } from '$lib/server/qr';

const DEFAULT_INTERVAL = 9;

/** Seconds per slide: `?interval=` between 2 and 120, else the default. */
function intervalFrom(value: string | null): number {
	const seconds = value === null || value.trim() === '' ? NaN : Number(value);
	if (!Number.isFinite(seconds)) return DEFAULT_INTERVAL;
	return Math.min(120, Math.max(2, seconds));
}

export const load = (async ({ params, locals, setHeaders, url }) => {
	const { exhibition, model } = await visitExhibition(
		locals.user,
		params.slug,
		locals.locale,
		setHeaders,
		// The wall asks again every minute: one audit entry per story per half hour is enough.
		{ quietMinutes: 30 }
	);
	// A wall shows photos and names, never the narratives: only what a slide draws is sent.
	// Stories with a content note are held (the note first, for a few seconds) or left out, as
	// the curator chose for this exhibition (docs/content-notes.md).
	const skip = exhibition.wallContentNotes === 'skip';
	const stories = model.sections.flatMap((section) =>
		section.items
			.filter(({ view }) => !(skip && view.note))
			.map(({ placementId, view }) => ({
				placementId,
				id: view.id,
				title: view.title,
				language: view.language,
				byline: view.byline,
				photos: view.photos,
				note: view.note
			}))
	);
	// In a corner: a QR code to the guest book's form, for a visitor's phone (docs/reflections.md).
	const reflectUrl = `${url.origin}/exhibitions/${exhibition.slug}/reflect`;
	return {
		exhibition: { slug: model.slug, title: model.title },
		stories,
		reflect: acceptsReflections(exhibition) ? { url: reflectUrl, qr: qrCode(reflectUrl) } : null,
		interval: intervalFrom(url.searchParams.get('interval')),
		indexable: exhibition.audience === 'public'
	};
}) satisfies PageServerLoad;
