// access: public — anyone may ask; the access gate decides, for this story in this exhibition.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import {
	inExhibition,
	readExhibitionBySlug,
	readPhotos,
	readStoryWithPlacement
} from '$lib/server/access';
import { presentStory } from '$lib/server/stories/present';
import { getUser } from '$lib/server/people';
import { auditStoryViews, exhibitionHeaders } from '$lib/server/exhibitions/visit';

export const load = (async ({ params, locals, setHeaders }) => {
	const exhibition = await readExhibitionBySlug(db(), locals.user, params.slug);
	if (!exhibition) error(404);
	const context = inExhibition(exhibition.id);
	const found = await readStoryWithPlacement(db(), locals.user, params.story, context);
	if (!found?.placement) error(404);
	const { story, placement } = found;
	const [photos, owner] = await Promise.all([
		readPhotos(db(), locals.user, story.id, context),
		getUser(db(), story.ownerId)
	]);
	const view = await presentStory(
		db(),
		story,
		photos,
		owner ?? { displayName: null, username: '' },
		locals.locale,
		{ kind: placement.attribution, pseudonym: placement.pseudonym },
		context
	);
	exhibitionHeaders(exhibition, setHeaders);
	await auditStoryViews(locals.user, exhibition, [story.id]);
	return {
		exhibition: { slug: exhibition.slug, title: exhibition.title },
		view,
		indexable: exhibition.audience === 'public'
	};
}) satisfies PageServerLoad;
