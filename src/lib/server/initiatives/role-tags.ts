// The roles people play — in The Roles We Play, people were photographed as parents,
// neighbours, carers, dreamers… Each initiative starts with this list; admins edit it.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { initiatives, roleTags } from '../db/schema';
import { newId } from '../ids';
import type { LocalizedText } from '../../localized';

export const DEFAULT_ROLE_TAGS: LocalizedText[] = [
	{ en: 'parent', he: 'הורה', ar: 'والد/ة' },
	{ en: 'grandparent', he: 'סבא/סבתא', ar: 'جد/ة' },
	{ en: 'neighbour', he: 'שכן/ה', ar: 'جار/ة' },
	{ en: 'volunteer', he: 'מתנדב/ת', ar: 'متطوع/ة' },
	{ en: 'carer', he: 'מטפל/ת', ar: 'مقدّم/ة رعاية' },
	{ en: 'worker', he: 'עובד/ת', ar: 'عامل/ة' },
	{ en: 'learner', he: 'לומד/ת', ar: 'متعلّم/ة' },
	{ en: 'dreamer', he: 'חולם/ת', ar: 'حالم/ة' },
	{ en: 'friend', he: 'חבר/ה', ar: 'صديق/ة' },
	{ en: 'activist', he: 'פעיל/ה', ar: 'ناشط/ة' }
];

/**
 * Gives an initiative the default role tags, once: when it is created, and on the pages where
 * its role tags are edited or chosen (an initiative from before seeding existed). It looks
 * first with a read. Pages that only show role tags never call it: a read path that writes
 * makes every reader take a turn at the write gate, and a participant's withdrawal queued
 * behind all of them (docs/safety.md).
 */
export async function seedRoleTags(ex: Executor, initiativeId: string) {
	const [initiative] = await ex
		.select({ seededAt: initiatives.roleTagsSeededAt })
		.from(initiatives)
		.where(eq(initiatives.id, initiativeId));
	if (!initiative || initiative.seededAt) return;
	const [claimed] = await ex
		.update(initiatives)
		.set({ roleTagsSeededAt: new Date() })
		.where(and(eq(initiatives.id, initiativeId), isNull(initiatives.roleTagsSeededAt)))
		.returning({ id: initiatives.id });
	if (!claimed) return;
	await ex
		.insert(roleTags)
		.values(
			DEFAULT_ROLE_TAGS.map((label, position) => ({ id: newId(), initiativeId, label, position }))
		);
}

/** An initiative's role tags, in order; reads only (see seedRoleTags). */
export async function listRoleTags(
	ex: Executor,
	initiativeId: string,
	opts: { includeArchived?: boolean } = {}
) {
	return ex
		.select()
		.from(roleTags)
		.where(
			and(
				eq(roleTags.initiativeId, initiativeId),
				opts.includeArchived ? undefined : isNull(roleTags.archivedAt)
			)
		)
		.orderBy(asc(roleTags.position), asc(roleTags.createdAt));
}

/** The role tags of many initiatives (not archived ones), by id, in one read. */
export async function roleTagsOf(ex: Executor, initiativeIds: string[]) {
	const ids = [...new Set(initiativeIds)];
	const found = new Map<string, { initiativeId: string; label: LocalizedText }>();
	if (ids.length === 0) return found;
	const rows = await ex
		.select({ id: roleTags.id, initiativeId: roleTags.initiativeId, label: roleTags.label })
		.from(roleTags)
		.where(and(inArray(roleTags.initiativeId, ids), isNull(roleTags.archivedAt)));
	for (const r of rows) found.set(r.id, { initiativeId: r.initiativeId, label: r.label });
	return found;
}

export interface RoleTagEdit {
	id: string;
	label: LocalizedText;
	archived: boolean;
}

/** Saves the edited list: labels and archiving of existing tags, and new tags at the end. */
export async function saveRoleTags(
	ex: Executor,
	initiativeId: string,
	edits: RoleTagEdit[],
	added: LocalizedText[]
) {
	await seedRoleTags(ex, initiativeId);
	const existing = await listRoleTags(ex, initiativeId, { includeArchived: true });
	const known = new Set(existing.map((t) => t.id));
	for (const edit of edits) {
		if (!known.has(edit.id)) continue;
		await ex
			.update(roleTags)
			.set({ label: edit.label, archivedAt: edit.archived ? new Date() : null })
			.where(and(eq(roleTags.id, edit.id), eq(roleTags.initiativeId, initiativeId)));
	}
	let position = existing.reduce((maxPos, t) => Math.max(maxPos, t.position), -1);
	for (const label of added) {
		position += 1;
		await ex.insert(roleTags).values({ id: newId(), initiativeId, label, position });
	}
}
