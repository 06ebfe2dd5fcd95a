import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { requireOwnPlacement } from '$lib/server/consent/participant';
import { OWNER, readPhotos } from '$lib/server/access';
import { consentEnd, decidePlacement, type ConsentLength } from '$lib/server/consent';
import { layoutForParticipant } from '$lib/server/exhibitions/present';
import { presentStory } from '$lib/server/stories/present';
import { listWorkingGroups } from '$lib/server/initiatives';
import { getExhibition } from '$lib/server/exhibitions';
import { ATTRIBUTIONS, type Attribution } from '$lib/server/db/schema';
import { field } from '$lib/server/forms';
import { formatDate } from '$lib/i18n';
import { approvalWords, audienceWords, declineWords } from '$lib/consent-text';
import type { Locale, LocalizedText } from '$lib/localized';
import type { exhibitions } from '$lib/server/db/schema';

type Exhibition = typeof exhibitions.$inferSelect;

async function audienceOf(
	exhibition: Exhibition,
	initiative: { title: LocalizedText },
	locale: Locale
) {
	const [groups, full] = await Promise.all([
		listWorkingGroups(db(), exhibition.initiativeId, { includeArchived: true }),
		getExhibition(db(), exhibition.initiativeId, exhibition.id)
	]);
	const groupTitles = groups
		.filter((g) => full?.workingGroupIds.includes(g.id))
		.map((g) => g.title);
	return audienceWords(
		exhibition.audience,
		{ initiativeTitle: initiative.title, groupTitles },
		locale
	);
}

function readChoice(form: FormData) {
	const attribution = field(form, 'attribution');
	const length = field(form, 'length');
	return {
		photoIds: form.getAll('photoIds').filter((x): x is string => typeof x === 'string'),
		attribution: ((ATTRIBUTIONS as readonly string[]).includes(attribution)
			? attribution
			: 'anonymous') as Attribution,
		pseudonym: field(form, 'pseudonym').slice(0, 60),
		length: (['none', 'exhibition_end', 'one_year'].includes(length)
			? length
			: 'none') as ConsentLength
	};
}

export const load = (async (event) => {
	const { user, initiative, placement, exhibition, story } = await requireOwnPlacement(event);
	const locale = event.locals.locale;
	const [photoRows, layout, audience] = await Promise.all([
		readPhotos(db(), user, story.id, OWNER),
		layoutForParticipant(db(), exhibition.id, placement.id),
		audienceOf(exhibition, initiative, locale)
	]);
	const view = await presentStory(db(), story, photoRows, user, locale);
	const section = layout.sections.find((s) => s.places.some((p) => p.mine)) ?? layout.sections[0];
	const expired =
		placement.status === 'approved' &&
		placement.consentExpiresAt !== null &&
		placement.consentExpiresAt.getTime() <= Date.now();
	return {
		placement: {
			id: placement.id,
			status: placement.status,
			expired,
			open: placement.status === 'pending' || expired,
			note: placement.note,
			size: placement.size,
			sectionTitle: section?.title ?? {}
		},
		exhibition: {
			title: exhibition.title,
			introduction: exhibition.introduction,
			audience: exhibition.audience,
			endsAt: exhibition.endsAt,
			themes: layout.themes,
			sections: layout.sections
		},
		audienceWords: audience,
		story: {
			title: story.title,
			attribution: expired ? placement.attribution : story.attribution,
			pseudonym: expired ? placement.pseudonym : story.pseudonym,
			ownName: user.displayName || user.username,
			approvedPhotoIds: expired ? placement.photoIds : null
		},
		photoAlt: photoRows.map((p) => ({ id: p.id, hasAlt: Boolean(p.altText.trim()) })),
		view,
		declineWords: declineWords(story.title || '—', exhibition.title, locale),
		done: event.url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	approve: async (event) => {
		const { initiative, placement, exhibition, story } = await requireOwnPlacement(event);
		const locale = event.locals.locale;
		const choice = readChoice(await event.request.formData());
		const expiresAt = consentEnd(choice.length, exhibition.endsAt);
		const name =
			choice.attribution === 'anonymous'
				? null
				: choice.attribution === 'pseudonym'
					? choice.pseudonym.trim() || null
					: event.locals.user?.displayName || event.locals.user?.username || null;
		const text = approvalWords(
			{
				story: story.title || '—',
				exhibition: exhibition.title,
				audience: await audienceOf(exhibition, initiative, locale),
				photoCount: choice.photoIds.length,
				name,
				until: expiresAt ? formatDate(expiresAt, locale, config().timeZone) : null
			},
			locale
		);
		const result = await decidePlacement(
			db(),
			story,
			placement.id,
			{
				approve: {
					photoIds: choice.photoIds,
					attribution: choice.attribution,
					pseudonym: choice.pseudonym,
					expiresAt
				}
			},
			{ text, locale }
		);
		if (result !== 'ok') return fail(400, { problem: result, choice });
		redirect(303, `${event.url.pathname}?done=approved`);
	},
	decline: async (event) => {
		const { placement, exhibition, story } = await requireOwnPlacement(event);
		const locale = event.locals.locale;
		const result = await decidePlacement(
			db(),
			story,
			placement.id,
			{ decline: true },
			{ text: declineWords(story.title || '—', exhibition.title, locale), locale }
		);
		if (result !== 'ok') return fail(400, { problem: result, choice: undefined });
		redirect(303, `${event.url.pathname}?done=declined`);
	}
} satisfies Actions;
