// The roles people play — in The Roles We Play, people were photographed as parents,
// neighbours, carers, dreamers… Each initiative starts with this list; admins edit it.
import { and, asc, eq, isNull } from 'drizzle-orm';
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
 * Gives an initiative the default role tags, once. Every page that lists role tags calls
 * this, so it looks first with a read: a write on each page view made every reader take a turn
 * at the write gate, and a participant's withdrawal queued behind all of them (docs/safety.md).
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

export async function listRoleTags(
	ex: Executor,
	initiativeId: string,
	opts: { includeArchived?: boolean } = {}
) {
	await seedRoleTags(ex, initiativeId);
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
