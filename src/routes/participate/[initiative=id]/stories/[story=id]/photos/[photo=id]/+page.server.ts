import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { ownPhoto } from '$lib/server/access';
import { photoViews } from '$lib/server/media/views';
import { reframePhoto } from '$lib/server/media/photos';
import { editorUrl } from '$lib/photo-view';
import { normalizeFraming } from '$lib/framing';
import { rawField } from '$lib/server/forms';

async function found(event: Parameters<typeof requireOwnStory>[0] & { params: { photo: string } }) {
	const { user, story } = await requireOwnStory(event);
	const owned = await ownPhoto(db(), user, story.id, event.params.photo);
	if (!owned) error(404);
	return owned;
}

export const load = (async (event) => {
	await requireOwnStory(event);
	const { photo } = await found(event);
	const [view] = await photoViews(db(), [photo]);
	return {
		photo: {
			id: photo.id,
			src: editorUrl(photo.id, photo.version),
			width: photo.masterWidth,
			height: photo.masterHeight,
			framing: photo.framing,
			altText: photo.altText
		},
		result: view,
		saved: event.url.searchParams.has('saved')
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		await requireOwnStory(event);
		const { story, photo } = await found(event);
		const form = await event.request.formData();
		let framing: ReturnType<typeof normalizeFraming>;
		try {
			framing = normalizeFraming(JSON.parse(rawField(form, 'framing')));
		} catch {
			framing = null;
		}
		if (!framing) return fail(400, { invalid: true });
		await reframePhoto(db(), story, photo, framing);
		redirect(303, `${event.url.pathname}?saved=1#result`);
	}
} satisfies Actions;
