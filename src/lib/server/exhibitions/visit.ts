// What every page that shows an exhibition to its audience does around the gate: the headers
// (nothing cached without asking again, nothing non-public indexed) and, for a non-public
// exhibition, an audit entry per story shown (who saw which story, in which exhibition, when).
// The exhibition page, its story page, the wall, the print view and the theme page share it.
import { error } from '@sveltejs/kit';
import { and, eq, gte } from 'drizzle-orm';
import { db } from '../db';
import { auditLog } from '../db/schema';
import {
	inExhibition,
	listThemeStories,
	readExhibitionBySlug,
	readStoryWithPhotos,
	type ExhibitionRow,
	type Viewer
} from '../access';
import { audit } from '../audit';
import { getInitiative, getTheme, getWorkingGroup } from '../initiatives';
import { getUser, rolesIn } from '../people';
import { presentStory } from '../stories/present';
import { pageOf } from '../paging';
import { presentExhibition, presentPlacements } from './present';
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

/**
 * A story of the exhibition at `slug` as this viewer may see it there (the exhibition's story
 * page), with the headers set and the view audited; 404 when it is missing or not for them.
 */
export async function visitStory(
	viewer: Viewer,
	slug: string,
	storyId: string,
	locale: Locale,
	setHeaders: SetHeaders
) {
	const exhibition = await readExhibitionBySlug(db(), viewer, slug);
	if (!exhibition) error(404);
	const context = inExhibition(exhibition.id);
	const found = await readStoryWithPhotos(db(), viewer, storyId, context);
	if (!found?.placement) error(404);
	const { story, placement, photos } = found;
	const owner = await getUser(db(), story.ownerId);
	const view = await presentStory(
		db(),
		story,
		photos,
		owner ?? { displayName: null, username: '' },
		locale,
		{ kind: placement.attribution, pseudonym: placement.pseudonym },
		context
	);
	exhibitionHeaders(exhibition, setHeaders);
	await auditStoryViews(viewer, exhibition, [story.id]);
	return { exhibition, view };
}

/**
 * A theme page for this viewer: only the exhibitions and stories they may see (each through the
 * access gate), and of those only the stories whose placement informs the theme
 * (docs/consent.md). 404 when the theme is gone, or when someone outside the initiative would
 * learn of it through no exhibition they may see.
 */
export async function visitTheme(
	viewer: Viewer,
	themeId: string,
	locale: Locale,
	setHeaders: SetHeaders,
	pageNumber = 1
) {
	const found = await getTheme(db(), themeId);
	if (!found || found.theme.archivedAt) error(404);
	const [group, initiative] = await Promise.all([
		getWorkingGroup(db(), found.theme.workingGroupId),
		getInitiative(db(), found.initiativeId)
	]);
	if (!group || group.archivedAt || !initiative || initiative.archivedAt) error(404);
	// Only stories whose placement informs this theme, as their participants agreed.
	const pages = await listThemeStories(db(), viewer, {
		id: found.theme.id,
		initiativeId: initiative.id
	});
	// Someone outside the initiative learns of a theme only through an exhibition they may see.
	const insider =
		viewer && (viewer.isAdmin || (await rolesIn(db(), viewer.id, initiative.id)).length > 0);
	if (pages.length === 0 && !insider) error(404);
	// A page of the stories at a time, in the exhibitions' order; an exhibition with none of
	// them is listed on the first page.
	const { items: onPage, page } = pageOf(
		pages.flatMap((p) => p.items),
		pageNumber
	);
	const shown = await presentPlacements(
		db(),
		onPage,
		(placement) => inExhibition(placement.exhibitionId),
		locale
	);
	const listed = pages.filter(
		(p) =>
			onPage.some((i) => i.placement.exhibitionId === p.exhibition.id) ||
			(p.items.length === 0 && page.number === 1)
	);
	for (const { exhibition: e } of listed)
		// Partner views of non-public stories are audited here as on the exhibition page.
		await auditStoryViews(
			viewer,
			e,
			shown.filter((i) => i.exhibitionId === e.id).map((i) => i.view.id)
		);
	const exhibitions = listed.map(({ exhibition: e }) => ({
		slug: e.slug,
		title: e.title,
		introduction: e.introduction,
		audience: e.audience,
		stories: shown
			.filter((i) => i.exhibitionId === e.id)
			.map((i) => ({
				id: i.view.id,
				title: i.view.title,
				language: i.view.language,
				byline: i.view.byline,
				// Behind its content note: no photo here; its page shows the note first.
				noted: i.view.note !== null,
				photo: i.view.note ? null : (i.view.photos[0] ?? null)
			}))
	}));
	// What a viewer sees here depends on who they are: never shared by a cache, never indexed.
	setHeaders({ 'Cache-Control': 'private, no-cache', 'X-Robots-Tag': 'noindex' });
	return {
		themeId: found.theme.id,
		theme: { title: found.theme.title, question: found.theme.description },
		group: { title: group.title },
		initiative: { title: initiative.title },
		exhibitions,
		page
	};
}
