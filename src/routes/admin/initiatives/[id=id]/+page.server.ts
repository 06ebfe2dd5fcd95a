import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import {
	createWorkingGroup,
	getInitiative,
	listThemes,
	listWorkingGroups,
	setInitiativeArchived,
	updateInitiative
} from '$lib/server/initiatives';
import { readTextFields } from '$lib/server/forms';

export const load = (async (event) => {
	requireAdmin(event);
	const initiative = await getInitiative(db(), event.params.id);
	if (!initiative) error(404);
	const groups = await listWorkingGroups(db(), initiative.id, { includeArchived: true });
	const themes = await listThemes(
		db(),
		groups.map((g) => g.id)
	);
	return {
		initiative: {
			id: initiative.id,
			title: initiative.title,
			description: initiative.description,
			archived: Boolean(initiative.archivedAt)
		},
		workingGroups: groups.map((g) => ({
			id: g.id,
			title: g.title,
			archived: Boolean(g.archivedAt),
			themeCount: themes.filter((t) => t.workingGroupId === g.id).length
		})),
		created: event.url.searchParams.has('created')
	};
}) satisfies PageServerLoad;

async function found(id: string) {
	const initiative = await getInitiative(db(), id);
	if (!initiative) error(404);
	return initiative;
}

export const actions = {
	update: async (event) => {
		const admin = requireAdmin(event);
		const initiative = await found(event.params.id);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { update: { values: text.values, error: text.error } });
		await db().transaction((tx) => updateInitiative(tx, admin.id, initiative.id, text.values));
		return { update: { saved: true } };
	},
	archive: async (event) => {
		const admin = requireAdmin(event);
		const initiative = await found(event.params.id);
		await db().transaction((tx) => setInitiativeArchived(tx, admin.id, initiative.id, true));
		return { archived: true };
	},
	restore: async (event) => {
		const admin = requireAdmin(event);
		const initiative = await found(event.params.id);
		await db().transaction((tx) => setInitiativeArchived(tx, admin.id, initiative.id, false));
		return { restored: true };
	},
	createGroup: async (event) => {
		const admin = requireAdmin(event);
		const initiative = await found(event.params.id);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { group: { values: text.values, error: text.error } });
		const id = await db().transaction((tx) =>
			createWorkingGroup(tx, admin.id, initiative.id, text.values)
		);
		redirect(303, `/admin/working-groups/${id}?created=1`);
	}
} satisfies Actions;
