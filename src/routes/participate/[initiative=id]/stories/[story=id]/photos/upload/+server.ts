import { json } from '@sveltejs/kit';
import { rm } from 'node:fs/promises';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { requireOwnStory } from '$lib/server/stories/guard';
import { MAX_PHOTOS, photoCount } from '$lib/server/stories';
import { PhotoRefused, addPhoto, receiveUpload } from '$lib/server/media/photos';

const STATUS: Record<string, number> = {
	upload_too_large: 413,
	upload_too_many_photos: 409,
	upload_too_many_pixels: 422,
	upload_not_image: 415,
	upload_unsupported_format: 415,
	upload_heic_unsupported: 415,
	upload_damaged: 422,
	upload_empty: 400
};

/**
 * One photo per request, as the raw body (so the browser can report real progress). The
 * answer is JSON: the new photo's id, or the problem as a message key for the page to show in
 * the participant's language. Nothing of a refused or cancelled upload is kept.
 */
export const POST: RequestHandler = async (event) => {
	const { story } = await requireOwnStory(event);
	// Only this site's own pages may upload (SvelteKit checks form posts; this is not one).
	if (event.request.headers.get('origin') !== event.url.origin)
		return json({ problem: 'upload_forbidden' }, { status: 403 });
	const max = config().maxUploadBytes;
	const refuse = (problem: string) =>
		json(
			{ problem, maxMb: Math.round(max / 1024 / 1024), maxPhotos: MAX_PHOTOS },
			{ status: STATUS[problem] ?? 400 }
		);
	if (Number(event.request.headers.get('content-length') ?? 0) > max)
		return refuse('upload_too_large');
	if ((await photoCount(db(), story)) >= MAX_PHOTOS) return refuse('upload_too_many_photos');

	let path: string | undefined;
	try {
		path = await receiveUpload(event.request.body, max);
		const photo = await addPhoto(db(), story, path);
		return json({ photoId: photo.id }, { status: 201 });
	} catch (error) {
		if (error instanceof PhotoRefused) return refuse(error.problem);
		throw error;
	} finally {
		if (path) await rm(path, { force: true });
	}
};
