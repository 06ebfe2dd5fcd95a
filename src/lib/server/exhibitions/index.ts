// Exhibitions from the curators' side. A curator can only propose: every change that would
// show a story differently from what its participant approved (its size, its section, a wider
// audience, a theme it informs) puts the placement back to "awaiting approval". The gate does
// not rely on that: it shows a placement only while every approved term holds
// (docs/consent.md).
import { and, asc, eq, gt, inArray, lt, max, desc } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionSections,
	exhibitionThemes,
	exhibitionWorkingGroups,
	exhibitions,
	placementThemes,
	placements,
	stories,
	themes,
	workingGroups,
	type Audience,
	type ExhibitionStatus,
	type PlacementSize,
	type WallContentNotes
} from '../db/schema';
import { newId } from '../ids';
import { audit } from '../audit';
import { recordConsentEvent } from '../consent';
import { notify } from '../notifications';
import type { LocalizedText } from '../../localized';

export interface ExhibitionFields {
	title: LocalizedText;
	introduction: LocalizedText;
	audience: Audience;
	workingGroupIds: string[];
	themeIds: string[];
	endsAt: Date | null;
}

const AUDIENCE_RANK: Record<Audience, number> = { working_group: 1, partners: 2, public: 3 };

/** Whether showing to `next` reaches anyone that `approved` did not. */
export function widens(
	approved: { audience: Audience; workingGroupIds: string[] },
	next: { audience: Audience; workingGroupIds: string[] }
): boolean {
	if (AUDIENCE_RANK[next.audience] !== AUDIENCE_RANK[approved.audience])
		return AUDIENCE_RANK[next.audience] > AUDIENCE_RANK[approved.audience];
	if (next.audience !== 'working_group') return false;
	return next.workingGroupIds.some((id) => !approved.workingGroupIds.includes(id));
}

/** A readable address part from the title: latin letters and digits, then a short random tail. */
export function makeSlug(title: LocalizedText): string {
	const base = (title.en ?? '')
		.normalize('NFKD')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	const tail = newId().slice(0, 6);
	return base ? `${base}-${tail}` : `exhibition-${tail}`;
}

/** Working groups and themes chosen for an exhibition must belong to its initiative. */
async function ownGroupsAndThemes(ex: Executor, initiativeId: string, fields: ExhibitionFields) {
	const groups = fields.workingGroupIds.length
		? await ex
				.select({ id: workingGroups.id })
				.from(workingGroups)
				.where(
					and(
						inArray(workingGroups.id, fields.workingGroupIds),
						eq(workingGroups.initiativeId, initiativeId)
					)
				)
		: [];
	const themeRows = fields.themeIds.length
		? await ex
				.select({ id: themes.id })
				.from(themes)
				.innerJoin(workingGroups, eq(workingGroups.id, themes.workingGroupId))
				.where(
					and(inArray(themes.id, fields.themeIds), eq(workingGroups.initiativeId, initiativeId))
				)
		: [];
	return { workingGroupIds: groups.map((g) => g.id), themeIds: themeRows.map((t) => t.id) };
}

export async function createExhibition(
	ex: Executor,
	actorId: string,
	initiativeId: string,
	fields: ExhibitionFields,
	firstSectionTitle: LocalizedText
): Promise<string> {
	const id = newId();
	const now = new Date();
	const { workingGroupIds, themeIds } = await ownGroupsAndThemes(ex, initiativeId, fields);
	await ex.insert(exhibitions).values({
		id,
		initiativeId,
		slug: makeSlug(fields.title),
		title: fields.title,
		introduction: fields.introduction,
		audience: fields.audience,
		endsAt: fields.endsAt,
		createdBy: actorId,
		updatedAt: now
	});
	if (workingGroupIds.length)
		await ex
			.insert(exhibitionWorkingGroups)
			.values(workingGroupIds.map((workingGroupId) => ({ exhibitionId: id, workingGroupId })));
	if (themeIds.length)
		await ex
			.insert(exhibitionThemes)
			.values(themeIds.map((themeId) => ({ exhibitionId: id, themeId })));
	await ex
		.insert(exhibitionSections)
		.values({ id: newId(), exhibitionId: id, title: firstSectionTitle, body: {}, position: 0 });
	await audit(ex, {
		actorId,
		action: 'exhibition.created',
		initiativeId,
		details: { exhibitionId: id }
	});
	return id;
}

export async function listExhibitionsForCurator(ex: Executor, initiativeId: string) {
	return ex
		.select()
		.from(exhibitions)
		.where(eq(exhibitions.initiativeId, initiativeId))
		.orderBy(desc(exhibitions.createdAt));
}

export async function getExhibition(ex: Executor, initiativeId: string, exhibitionId: string) {
	const [row] = await ex
		.select()
		.from(exhibitions)
		.where(and(eq(exhibitions.id, exhibitionId), eq(exhibitions.initiativeId, initiativeId)));
	if (!row) return undefined;
	const [groups, themeRows, sections, placementRows, links] = await Promise.all([
		ex
			.select({ id: exhibitionWorkingGroups.workingGroupId })
			.from(exhibitionWorkingGroups)
			.where(eq(exhibitionWorkingGroups.exhibitionId, row.id)),
		ex
			.select({ id: exhibitionThemes.themeId })
			.from(exhibitionThemes)
			.where(eq(exhibitionThemes.exhibitionId, row.id)),
		ex
			.select()
			.from(exhibitionSections)
			.where(eq(exhibitionSections.exhibitionId, row.id))
			.orderBy(asc(exhibitionSections.position)),
		ex
			.select()
			.from(placements)
			.where(eq(placements.exhibitionId, row.id))
			.orderBy(asc(placements.position)),
		ex
			.select({ placementId: placementThemes.placementId, themeId: placementThemes.themeId })
			.from(placementThemes)
			.innerJoin(placements, eq(placements.id, placementThemes.placementId))
			.where(eq(placements.exhibitionId, row.id))
	]);
	return {
		...row,
		workingGroupIds: groups.map((g) => g.id),
		themeIds: themeRows.map((t) => t.id),
		sections,
		placements: placementRows.map((p) => ({
			...p,
			/** The themes of this exhibition the placement says the story informs. */
			themeIds: links.filter((l) => l.placementId === p.id).map((l) => l.themeId)
		}))
	};
}

export type FullExhibition = NonNullable<Awaited<ReturnType<typeof getExhibition>>>;

async function askAgain(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	placementIds: string[],
	reason: string
) {
	if (placementIds.length === 0) return;
	const now = new Date();
	const changed = await ex
		.update(placements)
		.set({ status: 'pending', updatedAt: now })
		.where(and(inArray(placements.id, placementIds), eq(placements.status, 'approved')))
		.returning({ id: placements.id, storyId: placements.storyId });
	const owners = await ownersOf(
		ex,
		changed.map((p) => p.storyId)
	);
	for (const p of changed) {
		await recordConsentEvent(
			ex,
			{
				storyId: p.storyId,
				actorId,
				kind: 'reapproval_requested',
				exhibition: { id: exhibition.id, title: exhibition.title, audience: exhibition.audience },
				placementId: p.id,
				details: { reason }
			},
			now
		);
		// The participant must decide again: a notification they cannot turn off.
		const ownerId = owners.get(p.storyId);
		if (ownerId)
			await notify(ex, {
				userId: ownerId,
				kind: 'placement_changed',
				initiativeId: exhibition.initiativeId,
				params: { placementId: p.id, exhibitionId: exhibition.id, storyId: p.storyId }
			});
	}
}

/** Who owns each of these stories (to tell them of a request about it). */
async function ownersOf(ex: Executor, storyIds: string[]): Promise<Map<string, string>> {
	if (storyIds.length === 0) return new Map();
	const rows = await ex
		.select({ id: stories.id, ownerId: stories.ownerId })
		.from(stories)
		.where(inArray(stories.id, [...new Set(storyIds)]));
	return new Map(rows.map((r) => [r.id, r.ownerId]));
}

/**
 * Saves an exhibition's details. If the audience now reaches anyone an approval did not cover,
 * those placements go back to awaiting approval; a narrower audience asks nothing.
 */
export async function updateExhibition(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	fields: ExhibitionFields
) {
	const { workingGroupIds, themeIds } = await ownGroupsAndThemes(
		ex,
		exhibition.initiativeId,
		fields
	);
	await ex
		.update(exhibitions)
		.set({
			title: fields.title,
			introduction: fields.introduction,
			audience: fields.audience,
			endsAt: fields.endsAt,
			updatedAt: new Date()
		})
		.where(eq(exhibitions.id, exhibition.id));
	await ex
		.delete(exhibitionWorkingGroups)
		.where(eq(exhibitionWorkingGroups.exhibitionId, exhibition.id));
	if (workingGroupIds.length)
		await ex
			.insert(exhibitionWorkingGroups)
			.values(
				workingGroupIds.map((workingGroupId) => ({ exhibitionId: exhibition.id, workingGroupId }))
			);
	await ex.delete(exhibitionThemes).where(eq(exhibitionThemes.exhibitionId, exhibition.id));
	if (themeIds.length)
		await ex
			.insert(exhibitionThemes)
			.values(themeIds.map((themeId) => ({ exhibitionId: exhibition.id, themeId })));
	// A theme the exhibition no longer informs is no longer informed by its stories either
	// (narrower than what was approved: nobody is asked again).
	const unlinked = exhibition.placements.flatMap((p) =>
		p.themeIds.filter((t) => !themeIds.includes(t)).map((t) => ({ placementId: p.id, themeId: t }))
	);
	for (const link of unlinked)
		await ex
			.delete(placementThemes)
			.where(
				and(
					eq(placementThemes.placementId, link.placementId),
					eq(placementThemes.themeId, link.themeId)
				)
			);
	const next = { audience: fields.audience, workingGroupIds };
	const wider = exhibition.placements.filter(
		(p) =>
			p.status === 'approved' &&
			widens(
				{
					audience: p.approvedAudience ?? exhibition.audience,
					workingGroupIds: p.approvedWorkingGroupIds
				},
				next
			)
	);
	await askAgain(
		ex,
		actorId,
		{ ...exhibition, ...fields, workingGroupIds },
		wider.map((p) => p.id),
		'audience'
	);
}

export async function setExhibitionStatus(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	status: ExhibitionStatus
) {
	const now = new Date();
	await ex
		.update(exhibitions)
		.set({
			status,
			updatedAt: now,
			publishedAt: status === 'published' ? (exhibition.publishedAt ?? now) : exhibition.publishedAt
		})
		.where(eq(exhibitions.id, exhibition.id));
	const action =
		status === 'published'
			? 'exhibition.published'
			: status === 'archived'
				? 'exhibition.archived'
				: 'exhibition.unpublished';
	await audit(ex, {
		actorId,
		action,
		initiativeId: exhibition.initiativeId,
		details: { exhibitionId: exhibition.id }
	});
}

// Sections

export async function addSection(
	ex: Executor,
	exhibition: FullExhibition,
	title: LocalizedText,
	body: LocalizedText
) {
	const [row] = await ex
		.select({ last: max(exhibitionSections.position) })
		.from(exhibitionSections)
		.where(eq(exhibitionSections.exhibitionId, exhibition.id));
	const id = newId();
	await ex
		.insert(exhibitionSections)
		.values({ id, exhibitionId: exhibition.id, title, body, position: (row?.last ?? -1) + 1 });
	return id;
}

export async function updateSection(
	ex: Executor,
	exhibition: FullExhibition,
	sectionId: string,
	title: LocalizedText,
	body: LocalizedText
) {
	await ex
		.update(exhibitionSections)
		.set({ title, body })
		.where(
			and(eq(exhibitionSections.id, sectionId), eq(exhibitionSections.exhibitionId, exhibition.id))
		);
}

export async function moveSection(
	ex: Executor,
	exhibition: FullExhibition,
	sectionId: string,
	direction: 'earlier' | 'later'
) {
	const index = exhibition.sections.findIndex((s) => s.id === sectionId);
	const other = exhibition.sections[direction === 'earlier' ? index - 1 : index + 1];
	const section = exhibition.sections[index];
	if (!section || !other) return;
	await ex
		.update(exhibitionSections)
		.set({ position: other.position })
		.where(eq(exhibitionSections.id, section.id));
	await ex
		.update(exhibitionSections)
		.set({ position: section.position })
		.where(eq(exhibitionSections.id, other.id));
}

/** Deletes a section; its stories move to the first remaining section (and are asked again). */
export async function deleteSection(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	sectionId: string
) {
	const rest = exhibition.sections.filter((s) => s.id !== sectionId);
	const target = rest[0];
	if (!target) return false;
	const moved = exhibition.placements.filter((p) => p.sectionId === sectionId);
	for (const p of moved)
		await ex
			.update(placements)
			.set({ sectionId: target.id, updatedAt: new Date() })
			.where(eq(placements.id, p.id));
	await ex.delete(exhibitionSections).where(eq(exhibitionSections.id, sectionId));
	await askAgain(
		ex,
		actorId,
		exhibition,
		moved.filter((p) => p.approvedSectionId !== target.id).map((p) => p.id),
		'section'
	);
	return true;
}

// Placements

export type ProposeProblem =
	'propose_already' | 'propose_no_section' | 'propose_closed' | 'propose_declined';

/**
 * Proposes a story from the pool for the exhibition; the participant decides. A no is a no for
 * that exhibition: after a decline or a withdrawal, the story can be proposed there again only
 * once its participant has shared it anew.
 */
export async function proposePlacement(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	story: { id: string; sharedAt: Date | null; ownerId?: string },
	input: { sectionId: string; size: PlacementSize; note: string; themeIds?: string[] }
): Promise<'ok' | ProposeProblem> {
	if (exhibition.status === 'archived') return 'propose_closed';
	if (!exhibition.sections.some((s) => s.id === input.sectionId)) return 'propose_no_section';
	const existing = exhibition.placements.find((p) => p.storyId === story.id);
	if (existing && (existing.status === 'pending' || existing.status === 'approved'))
		return 'propose_already';
	if (existing) {
		const sharedAgain =
			story.sharedAt !== null &&
			existing.decidedAt !== null &&
			story.sharedAt.getTime() > existing.decidedAt.getTime();
		if (!sharedAgain) return 'propose_declined';
	}
	const [row] = await ex
		.select({ last: max(placements.position) })
		.from(placements)
		.where(eq(placements.exhibitionId, exhibition.id));
	const now = new Date();
	const fields = {
		sectionId: input.sectionId,
		position: (row?.last ?? -1) + 1,
		size: input.size,
		note: input.note.slice(0, 2000),
		requestedBy: actorId,
		status: 'pending' as const,
		updatedAt: now
	};
	const placementId = existing?.id ?? newId();
	if (existing) await ex.update(placements).set(fields).where(eq(placements.id, existing.id));
	else
		await ex
			.insert(placements)
			.values({ id: placementId, exhibitionId: exhibition.id, storyId: story.id, ...fields });
	await setPlacementThemes(ex, exhibition, placementId, input.themeIds ?? []);
	// The participant decides: a notification they cannot turn off (docs/notifications.md).
	const ownerId = story.ownerId ?? (await ownersOf(ex, [story.id])).get(story.id);
	if (ownerId)
		await notify(ex, {
			userId: ownerId,
			kind: 'placement_requested',
			initiativeId: exhibition.initiativeId,
			params: { placementId, exhibitionId: exhibition.id, storyId: story.id }
		});
	return 'ok';
}

/** The themes a placement says its story informs: only themes its exhibition informs. */
async function setPlacementThemes(
	ex: Executor,
	exhibition: Pick<FullExhibition, 'themeIds'>,
	placementId: string,
	themeIds: string[]
) {
	const chosen = [...new Set(themeIds)].filter((t) => exhibition.themeIds.includes(t));
	await ex.delete(placementThemes).where(eq(placementThemes.placementId, placementId));
	if (chosen.length)
		await ex.insert(placementThemes).values(chosen.map((themeId) => ({ placementId, themeId })));
	return chosen;
}

/**
 * Changes where and how large a story is shown, and (when given) which themes it informs; a
 * changed size or section, or a theme its participant did not agree to, asks again.
 */
export async function updatePlacement(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	placementId: string,
	input: { sectionId: string; size: PlacementSize; themeIds?: string[] }
) {
	const placement = exhibition.placements.find((p) => p.id === placementId);
	if (!placement || !exhibition.sections.some((s) => s.id === input.sectionId)) return false;
	await ex
		.update(placements)
		.set({ sectionId: input.sectionId, size: input.size, updatedAt: new Date() })
		.where(eq(placements.id, placementId));
	const themeIds = input.themeIds
		? await setPlacementThemes(ex, exhibition, placementId, input.themeIds)
		: placement.themeIds;
	const reason =
		input.size !== placement.approvedSize
			? 'size'
			: input.sectionId !== placement.approvedSectionId
				? 'section'
				: themeIds.some((t) => !placement.approvedThemeIds.includes(t))
					? 'themes'
					: null;
	if (placement.status === 'approved' && reason)
		await askAgain(ex, actorId, exhibition, [placementId], reason);
	return true;
}

/** Moves a story before or after its neighbour in the same section: no new approval needed. */
export async function movePlacement(
	ex: Executor,
	exhibition: FullExhibition,
	placementId: string,
	direction: 'earlier' | 'later'
) {
	const placement = exhibition.placements.find((p) => p.id === placementId);
	if (!placement) return false;
	const [neighbour] = await ex
		.select()
		.from(placements)
		.where(
			and(
				eq(placements.exhibitionId, exhibition.id),
				placement.sectionId === null ? undefined : eq(placements.sectionId, placement.sectionId),
				direction === 'earlier'
					? lt(placements.position, placement.position)
					: gt(placements.position, placement.position)
			)
		)
		.orderBy(direction === 'earlier' ? desc(placements.position) : asc(placements.position))
		.limit(1);
	if (!neighbour) return false;
	await ex
		.update(placements)
		.set({ position: neighbour.position })
		.where(eq(placements.id, placement.id));
	await ex
		.update(placements)
		.set({ position: placement.position })
		.where(eq(placements.id, neighbour.id));
	return true;
}

/**
 * Takes a story out of the exhibition (its consent history stays with the participant). A
 * declined or withdrawn request stays, as the record that the answer there was no.
 */
export async function removePlacement(
	ex: Executor,
	exhibition: FullExhibition,
	placementId: string
) {
	const removed = await ex
		.delete(placements)
		.where(
			and(
				eq(placements.id, placementId),
				eq(placements.exhibitionId, exhibition.id),
				inArray(placements.status, ['pending', 'approved'])
			)
		)
		.returning({ id: placements.id });
	return removed.length > 0;
}

/**
 * Whether the wall holds stories with a content note (the note first, then the story) or
 * leaves them out (docs/content-notes.md). The curator's choice, per exhibition.
 */
export async function setWallContentNotes(
	ex: Executor,
	exhibition: { id: string },
	choice: WallContentNotes
) {
	await ex
		.update(exhibitions)
		.set({ wallContentNotes: choice, updatedAt: new Date() })
		.where(eq(exhibitions.id, exhibition.id));
}
