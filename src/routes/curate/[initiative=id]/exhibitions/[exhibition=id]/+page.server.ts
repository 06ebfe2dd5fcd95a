import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import {
	POOL,
	inPreview,
	readStory,
	readStoryWithPhotos,
	standingPlacementIds
} from '$lib/server/access';
import {
	addSection,
	deleteSection,
	proposePlacement,
	getExhibition,
	moveSection,
	movePlacement,
	removePlacement,
	setExhibitionStatus,
	updateExhibition,
	updatePlacement,
	updateSection,
	setWallContentNotes
} from '$lib/server/exhibitions';
import {
	EXHIBITION_STATUSES,
	PLACEMENT_SIZES,
	WALL_CONTENT_NOTES,
	type PlacementSize
} from '$lib/server/db/schema';
import { arrangePlacement, coverChoices, setCover } from '$lib/server/exhibitions/arrange';
import { photoViews } from '$lib/server/media/views';
import { presentExhibition } from '$lib/server/exhibitions/present';
import { ownersOf } from '$lib/server/exhibitions/curator';
import { presentStories } from '$lib/server/stories/present';
import { pageOf, requestedPage } from '$lib/server/paging';
import { isFiltered } from '../../pool/filters';
import { filteredPool } from '../../pool/query';
import { field, readTextFields } from '$lib/server/forms';
import type { Executor } from '$lib/server/db';
import { exhibitionChoices } from '../choices';
import { lastDay, readExhibitionForm } from '../schema';

async function exhibitionOr404(ex: Executor, initiativeId: string, exhibitionId: string) {
	const exhibition = await getExhibition(ex, initiativeId, exhibitionId);
	if (!exhibition) error(404);
	return exhibition;
}

/** Back to the builder with a notice, at the part that changed (if any). */
function done(event: RequestEvent, what: string, anchor?: string, extra = ''): never {
	const at = anchor ? `&at=${anchor}${extra}#${anchor}` : extra;
	redirect(303, `${event.url.pathname}?done=${what}${at}`);
}

function direction(form: FormData): 'earlier' | 'later' {
	return field(form, 'direction') === 'earlier' ? 'earlier' : 'later';
}

/** Stories a page of the pool panel shows at a time: the panel is a side column. */
const POOL_PANEL_SIZE = 8;

/**
 * The board's pool panel: the pool as its filters (the pool page's, in this page's address)
 * narrow it, without the stories already asked for or shown here, a page at a time, each with
 * its first photo as the pool draws it (through the gate, POOL).
 */
async function poolPanel(
	user: Parameters<typeof filteredPool>[0],
	initiativeId: string,
	exhibition: { placements: { storyId: string; status: string }[] },
	event: RequestEvent
) {
	const { pool, shown, filters, roleTags, choices } = await filteredPool(
		user,
		initiativeId,
		event.url.searchParams
	);
	const here = new Set(
		exhibition.placements
			.filter((p) => p.status === 'pending' || p.status === 'approved')
			.map((p) => p.storyId)
	);
	const open = shown.filter((story) => !here.has(story.id));
	const { items, page } = pageOf(open, requestedPage(event.url.searchParams), POOL_PANEL_SIZE);
	const owner = await ownersOf(
		db(),
		items.map((s) => s.ownerId)
	);
	const withPhotos = await Promise.all(
		items.map(
			async (story) => (await readStoryWithPhotos(db(), user, story.id, POOL))?.photos ?? []
		)
	);
	const views = await presentStories(
		db(),
		items.map((story, i) => ({
			story,
			photos: withPhotos[i]!.slice(0, 1),
			owner: owner(story.ownerId),
			context: POOL
		})),
		event.locals.locale
	);
	return {
		stories: views.map((view, i) => ({
			id: view.id,
			title: view.title,
			language: view.language,
			photo: view.photos[0] ?? null,
			photoCount: items[i]!.photoCount
		})),
		page,
		/** The filters only, for the pager's links (the page's notices are not carried along). */
		query: new URLSearchParams(
			Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1]))
		).toString(),
		shownCount: open.length,
		total: pool.length,
		filters,
		filtered: isFiltered(filters),
		roleTags: roleTags.map((t) => ({ id: t.id, label: t.label })),
		themeGroups: choices.themeGroups.map((g) => ({
			id: g.id,
			title: g.title,
			themes: g.themes.map((t) => ({ id: t.id, title: t.title }))
		}))
	};
}

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const [exhibition, choices] = await Promise.all([
		exhibitionOr404(db(), initiative.id, event.params.exhibition),
		exhibitionChoices(initiative.id)
	]);
	const [standing, shown] = await Promise.all([
		standingPlacementIds(db(), [exhibition.id]),
		// The stories as their audience will see them (the preview's own model): the photo each
		// card shows and the name its participant chose for this exhibition.
		presentExhibition(db(), user, exhibition, inPreview(exhibition.id), event.locals.locale)
	]);
	const shownViews = new Map(
		shown.sections.flatMap((s) => s.items).map((item) => [item.placementId, item.view])
	);
	// A story's title only where this curator may still see the story: in the pool, or in the
	// exhibition with a standing approval. Otherwise the place stays, without its content.
	const placements = await Promise.all(
		exhibition.placements.map(async (p) => {
			const pooled = await readStoryWithPhotos(db(), user, p.storyId, POOL);
			const story =
				pooled?.story ?? (await readStory(db(), user, p.storyId, inPreview(exhibition.id)));
			const view = shownViews.get(p.id);
			// Shown: its first approved photo, as the exhibition draws it. Still asked: its first
			// photo as the pool shows it to curators (both framed by the participant).
			const first = pooled?.photos[0];
			const photo = view
				? (view.photos[0] ?? null)
				: first
					? ((await photoViews(db(), [first], POOL))[0] ?? null)
					: null;
			return {
				id: p.id,
				sectionId: p.sectionId ?? exhibition.sections[0]?.id ?? null,
				size: p.size,
				status: p.status,
				expiresAt: p.consentExpiresAt,
				story: story ? { id: story.id, title: story.title, language: story.language } : null,
				inPool: Boolean(pooled),
				photo,
				/** The name chosen for this exhibition, once shown (null: anonymous or not shown). */
				byline: view ? view.byline : null,
				shown: Boolean(view),
				themeIds: p.themeIds,
				approvedThemeIds: p.approvedThemeIds,
				/** Shown to its audience now (the gate's rule): approved, and every term holding. */
				standing: standing.has(p.id)
			};
		})
	);
	const pool = await poolPanel(user, initiative.id, exhibition, event);
	// The cover can be any photo participants approved for this exhibition, drawn as its
	// audience would see it (preview addresses, through the gate).
	const covers = await Promise.all(
		(await coverChoices(db(), user, exhibition)).map(async (choice) => ({
			placementId: choice.placementId,
			photos: await photoViews(db(), choice.photos, inPreview(exhibition.id))
		}))
	);
	const coverPhotoId = exhibition.coverPhotoId;
	const timeZone = config().timeZone;
	return {
		exhibition: {
			id: exhibition.id,
			title: exhibition.title,
			introduction: exhibition.introduction,
			status: exhibition.status,
			audience: exhibition.audience,
			slug: exhibition.slug,
			endsAt: exhibition.endsAt,
			wallContentNotes: exhibition.wallContentNotes,
			publicUrl:
				exhibition.status === 'published'
					? `${event.url.origin}/exhibitions/${exhibition.slug}`
					: null
		},
		details: {
			title: exhibition.title,
			description: exhibition.introduction,
			audience: exhibition.audience,
			workingGroupIds: exhibition.workingGroupIds,
			themeIds: exhibition.themeIds,
			endsOn: lastDay(exhibition.endsAt, timeZone)
		},
		cover: {
			current: coverPhotoId,
			/** Chosen once, but no longer among the approved photos: not shown to anyone. */
			unavailable:
				coverPhotoId !== null && !covers.some((c) => c.photos.some((p) => p.id === coverPhotoId)),
			choices: covers.map((c) => {
				const placement = placements.find((p) => p.id === c.placementId);
				return { ...c, story: placement?.story ?? null };
			})
		},
		approvedCount: placements.filter((p) => p.standing).length,
		sections: exhibition.sections.map((s) => ({
			id: s.id,
			title: s.title,
			body: s.body,
			placements: placements.filter((p) => p.sectionId === s.id)
		})),
		sizes: PLACEMENT_SIZES,
		pool,
		...choices,
		done: event.url.searchParams.get('done'),
		doneCount: Number(event.url.searchParams.get('count') ?? 0),
		at: event.url.searchParams.get('at')
	};
}) satisfies PageServerLoad;

export const actions = {
	details: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const read = readExhibitionForm(await event.request.formData(), config().timeZone);
		if (!read.ok) return fail(400, { details: { values: read.values, errors: read.errors } });
		const askedAgain = await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			await updateExhibition(tx, user.id, exhibition, read.fields);
			const after = await exhibitionOr404(tx, initiative.id, exhibition.id);
			const approvedBefore = new Set(
				exhibition.placements.filter((p) => p.status === 'approved').map((p) => p.id)
			);
			return after.placements.filter((p) => approvedBefore.has(p.id) && p.status === 'pending')
				.length;
		});
		if (askedAgain > 0) done(event, 'asked_again', undefined, `&count=${askedAgain}`);
		done(event, 'saved');
	},
	status: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const status = field(await event.request.formData(), 'status');
		const next = EXHIBITION_STATUSES.find((s) => s === status);
		if (!next) error(400);
		await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			if (exhibition.status !== next) await setExhibitionStatus(tx, user.id, exhibition, next);
		});
		done(event, next);
	},
	addSection: async (event) => {
		const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const text = readTextFields(await event.request.formData());
		if (text.error) return fail(400, { addSection: { values: text.values, error: text.error } });
		const id = await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			return addSection(tx, exhibition, text.values.title, text.values.description);
		});
		done(event, 'section_added', `section-${id}`);
	},
	updateSection: async (event) => {
		const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const exhibition = await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const form = await event.request.formData();
		const sectionId = field(form, 'sectionId');
		if (!exhibition.sections.some((s) => s.id === sectionId)) error(404);
		const text = readTextFields(form);
		if (text.error)
			return fail(400, { section: { id: sectionId, values: text.values, error: text.error } });
		await db().transaction(async (tx) => {
			const fresh = await exhibitionOr404(tx, initiative.id, exhibition.id);
			await updateSection(tx, fresh, sectionId, text.values.title, text.values.description);
		});
		done(event, 'section_saved', `section-${sectionId}`);
	},
	moveSection: async (event) => {
		const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const form = await event.request.formData();
		const sectionId = field(form, 'sectionId');
		await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			await moveSection(tx, exhibition, sectionId, direction(form));
		});
		done(event, 'section_moved', `section-${sectionId}`);
	},
	deleteSection: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const exhibition = await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const sectionId = field(await event.request.formData(), 'sectionId');
		if (!exhibition.sections.some((s) => s.id === sectionId)) error(404);
		const deleted = await db().transaction(async (tx) => {
			const fresh = await exhibitionOr404(tx, initiative.id, exhibition.id);
			return deleteSection(tx, user.id, fresh, sectionId);
		});
		if (!deleted)
			return fail(400, { sectionProblem: { id: sectionId, problem: 'builder_section_last' } });
		done(event, 'section_deleted');
	},
	updatePlacement: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const exhibition = await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const form = await event.request.formData();
		const placementId = field(form, 'placementId');
		const sectionId = field(form, 'sectionId');
		const size = PLACEMENT_SIZES.find((s) => s === field(form, 'size'));
		// The form lists the exhibition's themes when it has any: then none ticked means none.
		const themeIds =
			field(form, 'themes') === 'shown'
				? form
						.getAll('themeIds')
						.filter((x): x is string => typeof x === 'string')
						.slice(0, 200)
				: undefined;
		if (!exhibition.placements.some((p) => p.id === placementId)) error(404);
		if (!size || !exhibition.sections.some((s) => s.id === sectionId))
			return fail(400, { placement: { id: placementId, problem: 'builder_placement_invalid' } });
		const askedAgain = await db().transaction(async (tx) => {
			const fresh = await exhibitionOr404(tx, initiative.id, exhibition.id);
			const before = fresh.placements.find((p) => p.id === placementId);
			await updatePlacement(tx, user.id, fresh, placementId, {
				sectionId,
				size: size as PlacementSize,
				themeIds
			});
			const after = await exhibitionOr404(tx, initiative.id, exhibition.id);
			const now = after.placements.find((p) => p.id === placementId);
			return before?.status === 'approved' && now?.status === 'pending';
		});
		done(event, askedAgain ? 'placement_asked' : 'placement_saved', `placement-${placementId}`);
	},
	movePlacement: async (event) => {
		const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const form = await event.request.formData();
		const placementId = field(form, 'placementId');
		const moved = await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			return movePlacement(tx, exhibition, placementId, direction(form));
		});
		done(event, moved ? 'placement_moved' : 'placement_not_moved', `placement-${placementId}`);
	},
	/** Moves a story to another section (at its end); with JavaScript, the board does this in place. */
	arrange: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const exhibition = await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const form = await event.request.formData();
		const placementId = field(form, 'placementId');
		const sectionId = field(form, 'sectionId');
		if (!exhibition.placements.some((p) => p.id === placementId)) error(404);
		if (!exhibition.sections.some((s) => s.id === sectionId))
			return fail(400, { placement: { id: placementId, problem: 'builder_placement_invalid' } });
		const result = await db().transaction(async (tx) => {
			const fresh = await exhibitionOr404(tx, initiative.id, exhibition.id);
			return arrangePlacement(tx, user.id, fresh, placementId, {
				sectionId,
				index: Number.MAX_SAFE_INTEGER
			});
		});
		if (!result.ok)
			return fail(400, { placement: { id: placementId, problem: 'builder_placement_invalid' } });
		done(
			event,
			result.askedAgain
				? 'placement_asked'
				: result.moved
					? 'placement_moved'
					: 'placement_not_moved',
			`placement-${placementId}`
		);
	},
	/**
	 * Proposes a story of the pool for a section (at its end, or at `index` when the board's drag
	 * says where), at a size: its participant is asked, as from the story's own page.
	 */
	propose: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const form = await event.request.formData();
		const storyId = field(form, 'storyId');
		const sectionId = field(form, 'sectionId');
		const size = PLACEMENT_SIZES.find((s) => s === field(form, 'size')) ?? 'medium';
		const rawIndex = field(form, 'index');
		const index = /^[0-9]{1,5}$/.test(rawIndex) ? Number(rawIndex) : null;
		const story = await readStory(db(), user, storyId, POOL);
		if (!story || story.initiativeId !== initiative.id) error(404);
		const result = await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			const proposed = await proposePlacement(tx, user.id, exhibition, story, {
				sectionId,
				size,
				note: ''
			});
			if (proposed !== 'ok') return { problem: proposed };
			const after = await exhibitionOr404(tx, initiative.id, exhibition.id);
			const placementId = after.placements.find((p) => p.storyId === story.id)!.id;
			if (index !== null)
				await arrangePlacement(tx, user.id, after, placementId, { sectionId, index });
			return { placementId };
		});
		if ('problem' in result)
			return fail(400, { propose: { storyId, problem: `pool_${result.problem}` } });
		done(event, 'proposed', `placement-${result.placementId}`);
	},
	/** The wall and stories with a content note: held or left out (docs/content-notes.md). */
	wallNotes: async (event) => {
		const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const exhibition = await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const choice = field(await event.request.formData(), 'wallContentNotes');
		const next = WALL_CONTENT_NOTES.find((c) => c === choice);
		if (!next) error(400);
		await setWallContentNotes(db(), exhibition, next);
		done(event, 'wall_notes_saved', 'wall-notes');
	},
	cover: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const photoId = field(await event.request.formData(), 'photoId') || null;
		const saved = await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			return setCover(tx, user, exhibition, photoId);
		});
		if (!saved) return fail(400, { cover: { problem: 'cover_not_allowed' } });
		done(event, photoId ? 'cover_saved' : 'cover_removed', 'cover');
	},
	removePlacement: async (event) => {
		const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
		await exhibitionOr404(db(), initiative.id, event.params.exhibition);
		const placementId = field(await event.request.formData(), 'placementId');
		await db().transaction(async (tx) => {
			const exhibition = await exhibitionOr404(tx, initiative.id, event.params.exhibition);
			await removePlacement(tx, exhibition, placementId);
		});
		done(event, 'placement_removed');
	}
} satisfies Actions;
