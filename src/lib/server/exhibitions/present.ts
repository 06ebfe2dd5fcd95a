// An exhibition as one viewer sees it: its words, the themes it informs, and — through the
// gate, in the exhibition's context — only the stories, photos and names its participants
// approved for it.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionSections,
	exhibitionThemes,
	placements,
	themes,
	users,
	workingGroups
} from '../db/schema';
import {
	listExhibitionStories,
	standingPlacementIds,
	type ExhibitionContext,
	type ExhibitionRow,
	type PhotoRow,
	type PlacementRow,
	type StoryContext,
	type StoryRow,
	type Viewer
} from '../access';
import { presentStories, presentStory, veiled } from '../stories/present';
import { noteOf } from '../stories/content-notes';
import { photoViews } from '../media/views';
import type { Locale } from '../../localized';

export async function exhibitionThemesOf(ex: Executor, exhibitionIds: string[]) {
	if (exhibitionIds.length === 0) return [];
	return (
		ex
			.select({
				exhibitionId: exhibitionThemes.exhibitionId,
				id: themes.id,
				title: themes.title,
				question: themes.description,
				workingGroupId: workingGroups.id,
				workingGroupTitle: workingGroups.title
			})
			.from(exhibitionThemes)
			.innerJoin(themes, eq(themes.id, exhibitionThemes.themeId))
			.innerJoin(workingGroups, eq(workingGroups.id, themes.workingGroupId))
			// An archived theme or working group is no longer on the common agenda (its page is gone).
			.where(
				and(
					inArray(exhibitionThemes.exhibitionId, exhibitionIds),
					isNull(themes.archivedAt),
					isNull(workingGroups.archivedAt)
				)
			)
			.orderBy(asc(themes.createdAt))
	);
}

export type StoryModel = Awaited<ReturnType<typeof presentStory>>;

/**
 * Stories the gate returned for an exhibition context, each as its participant approved it
 * there: only the approved photos (as the gate returned them with the story), under the name
 * chosen for this exhibition. A constant number of statements for any number of stories.
 */
export async function presentPlacements(
	ex: Executor,
	shown: { story: StoryRow; placement: PlacementRow; photos: PhotoRow[] }[],
	context: ExhibitionContext | ((placement: PlacementRow) => ExhibitionContext),
	locale: Locale
) {
	const ownerIds = [...new Set(shown.map((s) => s.story.ownerId))];
	const owners = ownerIds.length
		? await ex
				.select({ id: users.id, displayName: users.displayName, username: users.username })
				.from(users)
				.where(inArray(users.id, ownerIds))
		: [];
	const byId = new Map(owners.map((o) => [o.id, o]));
	const views = await presentStories(
		ex,
		shown.map(({ story, placement, photos }) => ({
			story,
			photos,
			owner: byId.get(story.ownerId) ?? { displayName: null, username: '' },
			attribution: { kind: placement.attribution, pseudonym: placement.pseudonym },
			context: typeof context === 'function' ? context(placement) : context
		})),
		locale
	);
	return shown.map(({ placement }, i) => ({
		placementId: placement.id,
		exhibitionId: placement.exhibitionId,
		sectionId: placement.sectionId,
		size: placement.size,
		view: views[i]!
	}));
}

export async function presentExhibition(
	ex: Executor,
	viewer: Viewer,
	exhibition: ExhibitionRow,
	context: Extract<StoryContext, { kind: 'exhibition' | 'preview' }>,
	locale: Locale
) {
	const [sections, themeRows, shown] = await Promise.all([
		ex
			.select()
			.from(exhibitionSections)
			.where(eq(exhibitionSections.exhibitionId, exhibition.id))
			.orderBy(asc(exhibitionSections.position)),
		exhibitionThemesOf(ex, [exhibition.id]),
		listExhibitionStories(ex, viewer, context)
	]);
	// The cover only if it is among the photos the gate just returned: approved for a placement
	// that stands here, for this viewer (as readCover decides it).
	// Never the photo of a story with a content note: it would be seen before the note
	// (docs/content-notes.md).
	const coverRow = exhibition.coverPhotoId
		? shown
				.filter((s) => !noteOf(s.story))
				.flatMap((s) => s.photos)
				.find((p) => p.id === exhibition.coverPhotoId)
		: undefined;
	const [items, coverViews] = await Promise.all([
		presentPlacements(ex, shown, context, locale),
		coverRow ? photoViews(ex, [coverRow], context) : Promise.resolve([])
	]);
	const cover = coverViews[0] ?? null;
	const firstSection = sections[0]?.id ?? null;
	return {
		id: exhibition.id,
		slug: exhibition.slug,
		title: exhibition.title,
		introduction: exhibition.introduction,
		audience: exhibition.audience,
		endsAt: exhibition.endsAt,
		wallContentNotes: exhibition.wallContentNotes,
		cover,
		themes: themeRows.map((t) => ({
			id: t.id,
			title: t.title,
			question: t.question,
			workingGroupTitle: t.workingGroupTitle
		})),
		sections: sections.map((section) => ({
			id: section.id,
			title: section.title,
			body: section.body,
			items: items.filter((i) => (i.sectionId ?? firstSection) === section.id)
		}))
	};
}

export type ExhibitionModel = Awaited<ReturnType<typeof presentExhibition>>;

/**
 * The exhibition page as visitors get it: every story with a content note behind it, without
 * its photos or words (docs/content-notes.md). The wall and the print view show the note their
 * own way.
 */
export function veilNoted<M extends { sections: { items: { view: StoryModel }[] }[] }>(model: M) {
	return {
		...model,
		sections: model.sections.map((s) => ({
			...s,
			items: s.items.map((i) => ({ ...i, view: veiled(i.view) }))
		}))
	};
}

/**
 * The frame of an exhibition for a participant deciding about one placement: its sections and
 * the places of the stories its audience would see, with only the participant's own story
 * marked — other people's stories are places, never content.
 */
export async function layoutForParticipant(
	ex: Executor,
	exhibitionId: string,
	placementId: string
) {
	const [sections, rows, themeRows, standing] = await Promise.all([
		ex
			.select()
			.from(exhibitionSections)
			.where(eq(exhibitionSections.exhibitionId, exhibitionId))
			.orderBy(asc(exhibitionSections.position)),
		ex
			.select({
				id: placements.id,
				sectionId: placements.sectionId,
				size: placements.size
			})
			.from(placements)
			.where(eq(placements.exhibitionId, exhibitionId))
			.orderBy(asc(placements.position)),
		exhibitionThemesOf(ex, [exhibitionId]),
		standingPlacementIds(ex, [exhibitionId])
	]);
	const shown = rows.filter((r) => r.id === placementId || standing.has(r.id));
	const firstSection = sections[0]?.id ?? null;
	return {
		themes: themeRows.map((t) => ({
			id: t.id,
			title: t.title,
			question: t.question,
			workingGroupTitle: t.workingGroupTitle
		})),
		sections: sections.map((s) => ({
			id: s.id,
			title: s.title,
			body: s.body,
			places: shown
				.filter((r) => (r.sectionId ?? firstSection) === s.id)
				.map((r) => ({ placementId: r.id, size: r.size, mine: r.id === placementId }))
		}))
	};
}
