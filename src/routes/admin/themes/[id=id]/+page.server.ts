import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { getTheme, getWorkingGroup, setThemeArchived, updateTheme } from '$lib/server/initiatives';
import { readTextFields } from '$lib/server/forms';

async function found(id: string) {
	const row = await getTheme(db(), id);
	if (!row) error(404);
	return { id: row.theme.id, initiativeId: row.initiativeId, theme: row.theme };
}

export const load = (async (event) => {
	requireAdmin(event);
	const { theme } = await found(event.params.id);
	const group = await getWorkingGroup(db(), theme.workingGroupId);
	return {
		theme: {
			id: theme.id,
			title: theme.title,
			description: theme.description,
			archived: Boolean(theme.archivedAt)
		},
		group: { id: theme.workingGroupId, title: group?.title ?? {} },
		created: event.url.searchParams.has('created')
	};
}) satisfies PageServerLoad;

export const actions = {
	update: async (event) => {
		const admin = requireAdmin(event);
		const theme = await found(event.params.id);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { update: { values: text.values, error: text.error } });
		await db().transaction((tx) => updateTheme(tx, admin.id, theme, text.values));
		return { update: { saved: true } };
	},
	archive: async (event) => {
		const admin = requireAdmin(event);
		const theme = await found(event.params.id);
		await db().transaction((tx) => setThemeArchived(tx, admin.id, theme, true));
		return { archived: true };
	},
	restore: async (event) => {
		const admin = requireAdmin(event);
		const theme = await found(event.params.id);
		await db().transaction((tx) => setThemeArchived(tx, admin.id, theme, false));
		return { restored: true };
	}
} satisfies Actions;
