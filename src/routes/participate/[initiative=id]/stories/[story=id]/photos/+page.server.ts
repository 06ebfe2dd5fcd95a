import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { requireOwnStory } from '$lib/server/stories/guard';
import { OWNER, readPhotos } from '$lib/server/access';
import { ALT_MAX, CAPTION_MAX, deletePhoto, movePhoto, updatePhotoText } from '$lib/server/stories';
import { photoViews } from '$lib/server/media/views';
import { scheduleFileDeletion, wakeJobs } from '$lib/server/media/photos';
import { field } from '$lib/server/forms';
import { limitProblem } from '$lib/server/text';

export const load = (async (event) => {
	const { user, story } = await requireOwnStory(event);
	const rows = await readPhotos(db(), user, story.id, OWNER);
	const views = await photoViews(db(), rows);
	return {
		photos: views.map((v, i) => ({
			...v,
			altText: rows[i]?.altText ?? '',
			caption: rows[i]?.caption ?? ''
		})),
		maxPhotos: config().maxPhotosPerStory,
		maxBytes: config().maxUploadBytes,
		saved: event.url.searchParams.get('saved'),
		deleted: event.url.searchParams.has('deleted')
	};
}) satisfies PageServerLoad;

export const actions = {
	text: async (event) => {
		const { story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const photoId = field(form, 'photoId');
		const altText = field(form, 'altText');
		const caption = field(form, 'caption');
		const errors: Record<string, string> = {};
		const altProblem = limitProblem(altText, ALT_MAX, 'text');
		const captionProblem = limitProblem(caption, CAPTION_MAX, 'text');
		if (altProblem) errors.altText = altProblem;
		if (captionProblem) errors.caption = captionProblem;
		if (Object.keys(errors).length > 0)
			return fail(400, { text: { photoId, altText, caption, errors } });
		await updatePhotoText(db(), story, photoId, { altText, caption });
		redirect(303, `${event.url.pathname}?saved=${photoId}#photo-${photoId}`);
	},
	move: async (event) => {
		const { story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const photoId = field(form, 'photoId');
		const direction = field(form, 'direction') === 'earlier' ? 'earlier' : 'later';
		await db().transaction((tx) => movePhoto(tx, story, photoId, direction));
		redirect(303, `${event.url.pathname}#photo-${photoId}`);
	},
	delete: async (event) => {
		const { story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const photoId = field(form, 'photoId');
		await db().transaction(async (tx) => {
			const files = await deletePhoto(tx, story, photoId);
			if (files) await scheduleFileDeletion(tx, files);
		});
		wakeJobs();
		redirect(303, `${event.url.pathname}?deleted=1`);
	}
} satisfies Actions;
