import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { createExhibition, listExhibitionsForCurator } from '$lib/server/exhibitions';
import { countByExhibition, placementStates } from '$lib/server/exhibitions/curator';
import { m } from '$lib/paraglide/messages';
import { LOCALES, type LocalizedText } from '$lib/localized';
import { exhibitionChoices } from './choices';
import { readExhibitionForm } from './schema';

export const load = (async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	const [exhibitions, states, choices] = await Promise.all([
		listExhibitionsForCurator(db(), initiative.id),
		placementStates(db(), initiative.id),
		exhibitionChoices(initiative.id)
	]);
	const counts = countByExhibition(states);
	return {
		exhibitions: exhibitions.map((e) => ({
			id: e.id,
			title: e.title,
			status: e.status,
			audience: e.audience,
			endsAt: e.endsAt,
			approved: counts.get(e.id)?.approved ?? 0,
			pending: counts.get(e.id)?.pending ?? 0
		})),
		...choices
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const read = readExhibitionForm(await event.request.formData(), config().timeZone);
		if (!read.ok) return fail(400, { values: read.values, errors: read.errors });
		// The first section is called "Stories", in every language.
		const firstSection: LocalizedText = Object.fromEntries(
			LOCALES.map((locale) => [locale, m.builder_first_section({}, { locale })])
		);
		const id = await db().transaction((tx) =>
			createExhibition(tx, user.id, initiative.id, read.fields, firstSection)
		);
		redirect(303, `/curate/${initiative.id}/exhibitions/${id}?done=created`);
	}
} satisfies Actions;
