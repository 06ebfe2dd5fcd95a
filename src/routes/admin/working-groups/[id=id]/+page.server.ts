import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import {
	createTheme,
	getInitiative,
	getWorkingGroup,
	listThemes,
	setWorkingGroupArchived,
	updateWorkingGroup
} from '$lib/server/initiatives';
import { readTextFields } from '$lib/server/forms';

async function found(id: string) {
	const group = await getWorkingGroup(db(), id);
	if (!group) error(404);
	return group;
}

export const load = (async (event) => {
	requireAdmin(event);
	const group = await found(event.params.id);
	const [initiative, themes] = await Promise.all([
		getInitiative(db(), group.initiativeId),
		listThemes(db(), [group.id], { includeArchived: true })
	]);
	return {
		group: {
			id: group.id,
			title: group.title,
			description: group.description,
			archived: Boolean(group.archivedAt)
		},
		initiative: { id: group.initiativeId, title: initiative?.title ?? {} },
		themes: themes.map((t) => ({
			id: t.id,
			title: t.title,
			description: t.description,
			archived: Boolean(t.archivedAt)
		})),
		created: event.url.searchParams.has('created')
	};
}) satisfies PageServerLoad;

export const actions = {
	update: async (event) => {
		const admin = requireAdmin(event);
		const group = await found(event.params.id);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { update: { values: text.values, error: text.error } });
		await db().transaction((tx) => updateWorkingGroup(tx, admin.id, group, text.values));
		return { update: { saved: true } };
	},
	archive: async (event) => {
		const admin = requireAdmin(event);
		const group = await found(event.params.id);
		await db().transaction((tx) => setWorkingGroupArchived(tx, admin.id, group, true));
		return { archived: true };
	},
	restore: async (event) => {
		const admin = requireAdmin(event);
		const group = await found(event.params.id);
		await db().transaction((tx) => setWorkingGroupArchived(tx, admin.id, group, false));
		return { restored: true };
	},
	createTheme: async (event) => {
		const admin = requireAdmin(event);
		const group = await found(event.params.id);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { theme: { values: text.values, error: text.error } });
		const id = await db().transaction((tx) => createTheme(tx, admin.id, group, text.values));
		redirect(303, `/admin/themes/${id}?created=1`);
	}
} satisfies Actions;
