// What every page that shows an exhibition to its audience does around the gate: the headers
// (nothing cached without asking again, nothing non-public indexed) and, for a non-public
// exhibition, an audit entry per story shown (who saw which story, in which exhibition, when).
// The exhibition page, its story page, the wall, the print view and the theme page share it.
import { error } from '@sveltejs/kit';
import { and, eq, gte } from 'drizzle-orm';
import { db } from '../db';
import { auditLog } from '../db/schema';
import { inExhibition, readExhibitionBySlug, type ExhibitionRow, type Viewer } from '../access';
import { audit } from '../audit';
import { presentExhibition } from './present';
import type { Locale } from '../../localized';

type SetHeaders = (headers: Record<string, string>) => void;

/** Cache and robots headers for a page showing this exhibition's stories. */
export function exhibitionHeaders(exhibition: Pick<ExhibitionRow, 'audience'>, set: SetHeaders) {
	if (exhibition.audience !== 'public')
		set({ 'Cache-Control': 'private, no-cache', 'X-Robots-Tag': 'noindex' });
	// Pages are asked for again every time: a withdrawal must show on the very next request.
	else set({ 'Cache-Control': 'no-cache' });
}

/**
 * Writes who saw which non-public story of this exhibition; a public one is not audited. With
 * `quietMinutes`, a story this viewer was already recorded seeing in this exhibition within that
 * time is not written again (a wall that asks again every minute, for days, would otherwise bury
 * every other entry).
 */
export async function auditStoryViews(
	viewer: Viewer,
	exhibition: Pick<ExhibitionRow, 'id' | 'audience' | 'initiativeId'>,
	storyIds: string[],
	quietMinutes = 0
) {
	if (exhibition.audience === 'public' || storyIds.length === 0) return;
	await db().transaction(async (tx) => {
		const recent = new Set<unknown>();
		if (quietMinutes > 0 && viewer)
			for (const row of await tx
				.select({ details: auditLog.details })
				.from(auditLog)
				.where(
					and(
						eq(auditLog.action, 'story.viewed'),
						gte(auditLog.at, new Date(Date.now() - quietMinutes * 60_000)),
						eq(auditLog.actorId, viewer.id)
					)
				))
				if (row.details.exhibitionId === exhibition.id) recent.add(row.details.storyId);
		for (const storyId of storyIds.filter((id) => !recent.has(id)))
			await audit(tx, {
				actorId: viewer?.id ?? null,
				action: 'story.viewed',
				initiativeId: exhibition.initiativeId,
				details: { storyId, exhibitionId: exhibition.id }
			});
	});
}

/**
 * The exhibition at `slug` as this viewer may see it, with the headers set and the views
 * audited; 404 when it is missing or not for them.
 */
export async function visitExhibition(
	viewer: Viewer,
	slug: string,
	locale: Locale,
	setHeaders: SetHeaders,
	options: { quietMinutes?: number } = {}
) {
	const exhibition = await readExhibitionBySlug(db(), viewer, slug);
	if (!exhibition) error(404);
	const model = await presentExhibition(
		db(),
		viewer,
		exhibition,
		inExhibition(exhibition.id),
		locale
	);
	exhibitionHeaders(exhibition, setHeaders);
	await auditStoryViews(
		viewer,
		exhibition,
		model.sections.flatMap((s) => s.items.map((i) => i.view.id)),
		options.quietMinutes
	);
	return { exhibition, model };
}
