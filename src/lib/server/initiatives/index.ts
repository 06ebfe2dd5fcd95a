import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { initiatives, themes, workingGroups } from '../db/schema';
import { newId } from '../ids';
import { audit } from '../audit';
import type { LocalizedText } from '../../localized';
import { seedRoleTags } from './role-tags';

// Initiatives hold working groups; working groups hold themes. All three are archived,
// never deleted, so that what was linked to them keeps its context.

export interface TextFields {
	title: LocalizedText;
	description: LocalizedText;
}

export async function listInitiatives(ex: Executor, opts: { includeArchived?: boolean } = {}) {
	return ex
		.select()
		.from(initiatives)
		.where(opts.includeArchived ? undefined : isNull(initiatives.archivedAt))
		.orderBy(asc(initiatives.createdAt));
}

export async function getInitiative(ex: Executor, id: string) {
	const [row] = await ex.select().from(initiatives).where(eq(initiatives.id, id));
	return row;
}

export async function createInitiative(ex: Executor, actorId: string, fields: TextFields) {
	const id = newId();
	await ex.insert(initiatives).values({ id, ...fields });
	await seedRoleTags(ex, id);
	await audit(ex, { actorId, action: 'initiative.created', initiativeId: id });
	return id;
}

export async function updateInitiative(
	ex: Executor,
	actorId: string,
	id: string,
	fields: TextFields
) {
	await ex.update(initiatives).set(fields).where(eq(initiatives.id, id));
	await audit(ex, { actorId, action: 'initiative.updated', initiativeId: id });
}

export async function setInitiativeArchived(
	ex: Executor,
	actorId: string,
	id: string,
	archived: boolean
) {
	await ex
		.update(initiatives)
		.set({ archivedAt: archived ? new Date() : null })
		.where(eq(initiatives.id, id));
	await audit(ex, {
		actorId,
		action: archived ? 'initiative.archived' : 'initiative.restored',
		initiativeId: id
	});
}

export async function listWorkingGroups(
	ex: Executor,
	initiativeId: string,
	opts: { includeArchived?: boolean } = {}
) {
	return ex
		.select()
		.from(workingGroups)
		.where(
			and(
				eq(workingGroups.initiativeId, initiativeId),
				opts.includeArchived ? undefined : isNull(workingGroups.archivedAt)
			)
		)
		.orderBy(asc(workingGroups.createdAt));
}

export async function getWorkingGroup(ex: Executor, id: string) {
	const [row] = await ex.select().from(workingGroups).where(eq(workingGroups.id, id));
	return row;
}

export async function createWorkingGroup(
	ex: Executor,
	actorId: string,
	initiativeId: string,
	fields: TextFields
) {
	const id = newId();
	await ex.insert(workingGroups).values({ id, initiativeId, ...fields });
	await audit(ex, {
		actorId,
		action: 'working_group.created',
		initiativeId,
		details: { workingGroupId: id }
	});
	return id;
}

export async function updateWorkingGroup(
	ex: Executor,
	actorId: string,
	group: { id: string; initiativeId: string },
	fields: TextFields
) {
	await ex.update(workingGroups).set(fields).where(eq(workingGroups.id, group.id));
	await audit(ex, {
		actorId,
		action: 'working_group.updated',
		initiativeId: group.initiativeId,
		details: { workingGroupId: group.id }
	});
}

export async function setWorkingGroupArchived(
	ex: Executor,
	actorId: string,
	group: { id: string; initiativeId: string },
	archived: boolean
) {
	await ex
		.update(workingGroups)
		.set({ archivedAt: archived ? new Date() : null })
		.where(eq(workingGroups.id, group.id));
	await audit(ex, {
		actorId,
		action: archived ? 'working_group.archived' : 'working_group.restored',
		initiativeId: group.initiativeId,
		details: { workingGroupId: group.id }
	});
}

export async function listThemes(
	ex: Executor,
	workingGroupIds: string[],
	opts: { includeArchived?: boolean } = {}
) {
	if (workingGroupIds.length === 0) return [];
	return ex
		.select()
		.from(themes)
		.where(
			and(
				inArray(themes.workingGroupId, workingGroupIds),
				opts.includeArchived ? undefined : isNull(themes.archivedAt)
			)
		)
		.orderBy(asc(themes.createdAt));
}

export async function getTheme(ex: Executor, id: string) {
	const [row] = await ex
		.select({ theme: themes, initiativeId: workingGroups.initiativeId })
		.from(themes)
		.innerJoin(workingGroups, eq(workingGroups.id, themes.workingGroupId))
		.where(eq(themes.id, id));
	return row;
}

export async function createTheme(
	ex: Executor,
	actorId: string,
	group: { id: string; initiativeId: string },
	fields: TextFields
) {
	const id = newId();
	await ex.insert(themes).values({ id, workingGroupId: group.id, ...fields });
	await audit(ex, {
		actorId,
		action: 'theme.created',
		initiativeId: group.initiativeId,
		details: { themeId: id, workingGroupId: group.id }
	});
	return id;
}

export async function updateTheme(
	ex: Executor,
	actorId: string,
	theme: { id: string; initiativeId: string },
	fields: TextFields
) {
	await ex.update(themes).set(fields).where(eq(themes.id, theme.id));
	await audit(ex, {
		actorId,
		action: 'theme.updated',
		initiativeId: theme.initiativeId,
		details: { themeId: theme.id }
	});
}

export async function setThemeArchived(
	ex: Executor,
	actorId: string,
	theme: { id: string; initiativeId: string },
	archived: boolean
) {
	await ex
		.update(themes)
		.set({ archivedAt: archived ? new Date() : null })
		.where(eq(themes.id, theme.id));
	await audit(ex, {
		actorId,
		action: archived ? 'theme.archived' : 'theme.restored',
		initiativeId: theme.initiativeId,
		details: { themeId: theme.id }
	});
}
