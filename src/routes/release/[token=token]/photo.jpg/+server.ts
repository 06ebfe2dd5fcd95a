// access: public — guarded by the release link's secret: the photo of that release only, as the
// person asked would be shown (others marked in it hidden), made for this request, never kept.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { releaseByToken } from '$lib/server/releases';
import { renderReleasePreview } from '$lib/server/media/photos';

export const GET: RequestHandler = async ({ params }) => {
	const release = await releaseByToken(db(), params.token);
	if (!release) error(404);
	const data = await renderReleasePreview(db(), release.photoId, release.personId);
	if (!data) error(404);
	return new Response(new Uint8Array(data), {
		headers: {
			'Content-Type': 'image/jpeg',
			'Content-Length': String(data.length),
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'",
			'X-Content-Type-Options': 'nosniff',
			'Cross-Origin-Resource-Policy': 'same-origin',
			'Referrer-Policy': 'no-referrer'
		}
	});
};
