// Arranging an exhibition in the builder: a story moved to a place (section and position) in
// one step, the cover chosen among approved photos, and the texts saved as the curator types.
// Each takes an exhibition read by getExhibition (so, of the curator's initiative) and touches
// only that exhibition's rows. Callers run them in a transaction.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitionSections, exhibitions, placements } from '../db/schema';
import { inPreview, listExhibitionStories, type PhotoRow, type Viewer } from '../access';
import { isEmptyText } from '../forms';
import { updatePlacement, type FullExhibition } from './index';
import type { LocalizedText } from '../../localized';

type Placement = FullExhibition['placements'][number];

/**
 * The exhibition's placements section by section, in order. A placement whose section is gone
 * stands in the first section, as the exhibition page shows it.
 */
export function placementsBySection(exhibition: Pick<FullExhibition, 'sections' | 'placements'>) {
	const first = exhibition.sections[0]?.id ?? null;
	const ordered = [...exhibition.placements].sort(
		(a, b) => a.position - b.position || a.id.localeCompare(b.id)
	);
	return new Map(
		exhibition.sections.map((s) => [
			s.id,
			ordered.filter((p) => (p.sectionId ?? first) === s.id) as Placement[]
		])
	);
}

export type ArrangeResult =
	| { ok: false }
	| {
			ok: true;
			sectionId: string;
			/** 1-based, in the target section. */
			position: number;
			count: number;
			moved: boolean;
			/** An approved story went to another section: its participant is asked again. */
			askedAgain: boolean;
	  };

/**
 * Moves a story to `index` (0-based, counted without the story itself) in `sectionId`. Its
 * section changes through updatePlacement, so an approved story that changes section goes back
 * to awaiting approval with a 'reapproval_requested' consent event, as everywhere else. Then
 * every placement of this exhibition is numbered again, section by section, so that positions
 * stay unique; only rows whose position changes are written.
 */
export async function arrangePlacement(
	ex: Executor,
	actorId: string,
	exhibition: FullExhibition,
	placementId: string,
	target: { sectionId: string; index: number }
): Promise<ArrangeResult> {
	const placement = exhibition.placements.find((p) => p.id === placementId);
	if (!placement || !exhibition.sections.some((s) => s.id === target.sectionId))
		return { ok: false };
	const bySection = placementsBySection(exhibition);
	const fromSection = [...bySection.entries()].find(([, list]) =>
		list.some((p) => p.id === placementId)
	)?.[0];
	const before = bySection.get(target.sectionId)!.map((p) => p.id);
	for (const [id, list] of bySection)
		bySection.set(
			id,
			list.filter((p) => p.id !== placementId)
		);
	const list = bySection.get(target.sectionId)!;
	const index = Math.max(
		0,
		Math.min(Number.isFinite(target.index) ? target.index : 0, list.length)
	);
	list.splice(index, 0, placement);

	const changesSection = fromSection !== target.sectionId;
	const moved = changesSection || before.join() !== list.map((p) => p.id).join();
	if (changesSection)
		await updatePlacement(ex, actorId, exhibition, placementId, {
			sectionId: target.sectionId,
			size: placement.size
		});

	let position = 0;
	for (const section of exhibition.sections)
		for (const p of bySection.get(section.id) ?? []) {
			if (p.position !== position)
				await ex
					.update(placements)
					.set({ position })
					.where(and(eq(placements.id, p.id), eq(placements.exhibitionId, exhibition.id)));
			position += 1;
		}

	const [after] = await ex
		.select({ status: placements.status })
		.from(placements)
		.where(and(eq(placements.id, placementId), eq(placements.exhibitionId, exhibition.id)));
	return {
		ok: true,
		sectionId: target.sectionId,
		position: index + 1,
		count: list.length,
		moved,
		askedAgain: placement.status === 'approved' && after?.status === 'pending'
	};
}

/**
 * The photos a cover may be chosen from: per standing approved placement, the photos its
 * participant approved for this exhibition, read through the gate in the curator's preview.
 */
export async function coverChoices(ex: Executor, viewer: Viewer, exhibition: FullExhibition) {
	const bySection = placementsBySection(exhibition);
	// The gate decides, for every placement at once: nothing of one that does not stand comes back.
	const standing = new Map(
		(await listExhibitionStories(ex, viewer, inPreview(exhibition.id))).map((s) => [
			s.story.id,
			s.photos
		])
	);
	const choices: { placementId: string; storyId: string; photos: PhotoRow[] }[] = [];
	for (const section of exhibition.sections)
		for (const p of bySection.get(section.id) ?? []) {
			const photos = standing.get(p.storyId) ?? [];
			if (photos.length > 0) choices.push({ placementId: p.id, storyId: p.storyId, photos });
		}
	return choices;
}

/**
 * Sets the exhibition's cover to one of the photos its participants approved for it, or none.
 * Anything else is refused. (The gate checks again whenever the cover is shown: a withdrawal
 * hides it at once, even before a curator chooses another.)
 */
export async function setCover(
	ex: Executor,
	viewer: Viewer,
	exhibition: FullExhibition,
	photoId: string | null
): Promise<boolean> {
	if (photoId !== null) {
		const choices = await coverChoices(ex, viewer, exhibition);
		if (!choices.some((c) => c.photos.some((p) => p.id === photoId))) return false;
	}
	await ex
		.update(exhibitions)
		.set({ coverPhotoId: photoId, updatedAt: new Date() })
		.where(eq(exhibitions.id, exhibition.id));
	return true;
}

export type TextProblem = 'error_title_required' | 'autosave_section_gone';

/**
 * Saves words only — the exhibition's title and introduction, or a section's title and text —
 * never its audience, themes or dates (a wider audience asks participants again, so it changes
 * only through the details form). A title is needed in at least one language.
 */
export async function saveTexts(
	ex: Executor,
	exhibition: FullExhibition,
	input:
		| { kind: 'exhibition'; title: LocalizedText; introduction: LocalizedText }
		| { kind: 'section'; sectionId: string; title: LocalizedText; body: LocalizedText }
): Promise<'ok' | TextProblem> {
	if (isEmptyText(input.title)) return 'error_title_required';
	if (input.kind === 'exhibition') {
		await ex
			.update(exhibitions)
			.set({ title: input.title, introduction: input.introduction, updatedAt: new Date() })
			.where(eq(exhibitions.id, exhibition.id));
		return 'ok';
	}
	if (!exhibition.sections.some((s) => s.id === input.sectionId)) return 'autosave_section_gone';
	await ex
		.update(exhibitionSections)
		.set({ title: input.title, body: input.body })
		.where(
			and(
				eq(exhibitionSections.id, input.sectionId),
				eq(exhibitionSections.exhibitionId, exhibition.id)
			)
		);
	return 'ok';
}
