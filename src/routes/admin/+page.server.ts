import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { createInitiative, listInitiatives } from '$lib/server/initiatives';
import { readTextFields } from '$lib/server/forms';

export const load = (async (event) => {
	requireAdmin(event);
	const initiatives = await listInitiatives(db(), { includeArchived: true });
	return {
		initiatives: initiatives.map((i) => ({
			id: i.id,
			title: i.title,
			description: i.description,
			archived: Boolean(i.archivedAt)
		})),
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { values: text.values, error: text.error });
		const id = await db().transaction((tx) => createInitiative(tx, admin.id, text.values));
		redirect(303, `/admin/initiatives/${id}?created=1`);
	}
} satisfies Actions;
