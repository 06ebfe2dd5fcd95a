import { json } from '@sveltejs/kit';
import { rm } from 'node:fs/promises';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { requireOwnStory } from '$lib/server/stories/guard';
import { photoCount } from '$lib/server/stories';
import { PROBLEM_STATUS, PhotoRefused, addPhoto, receiveUpload } from '$lib/server/media/photos';
import { admitUpload } from '$lib/server/media/uploads';
import { formatTime } from '$lib/i18n';

/**
 * One photo per request, as the raw body (so the browser can report real progress). The
 * answer is JSON: the new photo's id, or the problem as a message key (with the numbers its
 * message names) for the page to show in the participant's language. Nothing of a refused,
 * cancelled or failed upload is kept: its temporary file is removed on every path out, and
 * the startup sweep removes what a crash left (docs/media.md).
 */
export const POST: RequestHandler = async (event) => {
	const { user, story } = await requireOwnStory(event);
	// Only this site's own pages may upload (SvelteKit checks form posts; this is not one).
	if (event.request.headers.get('origin') !== event.url.origin)
		return json({ problem: 'upload_forbidden' }, { status: 403 });
	const settings = config();
	const max = settings.maxUploadBytes;
	const maxPhotos = settings.maxPhotosPerStory;
	const refuse = (problem: string, details: Record<string, number | string> = {}) =>
		json(
			{ problem, maxMb: Math.round(max / 1024 / 1024), maxPhotos, ...details },
			{
				status: PROBLEM_STATUS[problem as keyof typeof PROBLEM_STATUS] ?? 400,
				headers: details.retryAfter ? { 'Retry-After': String(details.retryAfter) } : {}
			}
		);
	const declared = event.request.headers.get('content-length');
	const length = declared === null ? undefined : Number(declared);
	if (length !== undefined && !(Number.isSafeInteger(length) && length >= 0))
		return refuse('upload_empty');
	if ((length ?? 0) > max) return refuse('upload_too_large');
	if ((await photoCount(db(), story)) >= maxPhotos) return refuse('upload_too_many_photos');
	const admitted = await admitUpload(db(), user.id, settings.maxUploadsPerHour);
	if (!admitted.ok)
		return refuse('upload_rate_limited', {
			maxPerHour: settings.maxUploadsPerHour,
			retryAfter: admitted.retryAfterMinutes * 60,
			time: formatTime(
				Date.now() + admitted.retryAfterMinutes * 60_000,
				event.locals.locale,
				settings.timeZone
			)
		});

	let path: string | undefined;
	try {
		path = await receiveUpload(event.request.body, max, { expectedBytes: length });
		const photo = await addPhoto(db(), story, path, maxPhotos);
		return json({ photoId: photo.id }, { status: 201 });
	} catch (error) {
		if (error instanceof PhotoRefused) return refuse(error.problem, error.details);
		throw error;
	} finally {
		if (path) await rm(path, { force: true });
	}
};
