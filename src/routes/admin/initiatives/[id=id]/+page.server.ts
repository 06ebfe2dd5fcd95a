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
import { field, isEmptyText, readLocalized, readTextFields } from '$lib/server/forms';
import { listRoleTags, saveRoleTags, seedRoleTags } from '$lib/server/initiatives/role-tags';
import { audit } from '$lib/server/audit';

/** A role tag's label, in each language. */
const ROLE_TAG_MAX = 40;

export const load = (async (event) => {
	requireAdmin(event);
	const initiative = await getInitiative(db(), event.params.id);
	if (!initiative) error(404);
	const groups = await listWorkingGroups(db(), initiative.id, { includeArchived: true });
	// Where role tags are edited, an initiative from before seeding gets the default ones.
	await seedRoleTags(db(), initiative.id);
	const [themes, roleTags] = await Promise.all([
		listThemes(
			db(),
			groups.map((g) => g.id)
		),
		listRoleTags(db(), initiative.id, { includeArchived: true })
	]);
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
		roleTags: roleTags.map((t) => ({ id: t.id, label: t.label, archived: Boolean(t.archivedAt) })),
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
	roleTags: async (event) => {
		const admin = requireAdmin(event);
		const initiative = await found(event.params.id);
		const form = await event.request.formData();
		const ids = form.getAll('tagId').filter((x): x is string => typeof x === 'string');
		const read = ids.map((id) => ({
			id,
			label: readLocalized(form, `tag_${id}`, { max: ROLE_TAG_MAX }),
			archived: field(form, `hide_${id}`) === 'yes'
		}));
		const newTag = readLocalized(form, 'newTag', { max: ROLE_TAG_MAX });
		const problem = read.find((r) => r.label.error)?.label.error ?? newTag.error;
		if (problem) return fail(400, { roleTags: { saved: false, error: problem } });
		const edits = read
			.map((r) => ({ id: r.id, label: r.label.text, archived: r.archived }))
			.filter((edit) => !isEmptyText(edit.label));
		const added = newTag.text;
		await db().transaction(async (tx) => {
			await saveRoleTags(tx, initiative.id, edits, isEmptyText(added) ? [] : [added]);
			await audit(tx, {
				actorId: admin.id,
				action: 'role_tags.updated',
				initiativeId: initiative.id
			});
		});
		return { roleTags: { saved: true, error: undefined } };
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
