import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { POOL, readPhotos, readStory, type Viewer } from '$lib/server/access';
import { presentStory } from '$lib/server/stories/present';
import {
	getExhibition,
	listExhibitionsForCurator,
	proposePlacement
} from '$lib/server/exhibitions';
import { ownersOf, placementStates } from '$lib/server/exhibitions/curator';
import { PLACEMENT_SIZES, type PlacementSize } from '$lib/server/db/schema';
import { field } from '$lib/server/forms';
import { exhibitionChoices } from '../../exhibitions/choices';
import {
	NOTE_WORDS_MAX,
	readNote,
	suggestContentNote,
	suggestionWaits
} from '$lib/server/stories/content-notes';

const NOTE_MAX = 2000;

/**
 * Whether this story can be proposed for an exhibition with these placements: not if it is
 * there already, nor after a no there — unless the participant has shared it again since.
 */
function mayPropose(
	placements: { storyId: string; status: string; decidedAt: Date | null }[],
	story: { id: string; sharedAt: Date | null }
) {
	const existing = placements.find((p) => p.storyId === story.id);
	if (!existing) return true;
	if (existing.status === 'pending' || existing.status === 'approved') return false;
	return Boolean(
		story.sharedAt && existing.decidedAt && story.sharedAt.getTime() > existing.decidedAt.getTime()
	);
}

/** The story, if it is in this curator's pool for this initiative; otherwise 404. */
async function pooledStory(viewer: Viewer, initiativeId: string, storyId: string) {
	const story = await readStory(db(), viewer, storyId, POOL);
	if (!story || story.initiativeId !== initiativeId) error(404);
	return story;
}

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const story = await pooledStory(user, initiative.id, event.params.story);
	const [photoRows, owner, exhibitionRows, states, choices, noteWaits] = await Promise.all([
		readPhotos(db(), user, story.id, POOL),
		ownersOf(db(), [story.ownerId]),
		listExhibitionsForCurator(db(), initiative.id),
		placementStates(db(), initiative.id),
		exhibitionChoices(initiative.id),
		suggestionWaits(db(), story)
	]);
	const themeTitles = new Map(
		choices.themeGroups.flatMap((g) => g.themes.map((t) => [t.id, t.title] as const))
	);
	const view = await presentStory(
		db(),
		story,
		photoRows,
		owner(story.ownerId),
		event.locals.locale,
		undefined,
		POOL
	);
	const open = exhibitionRows.filter((e) => e.status !== 'archived');
	const full = await Promise.all(open.map((e) => getExhibition(db(), initiative.id, e.id)));
	const targets = full
		.filter((e) => e !== undefined)
		.filter((e) => mayPropose(e.placements, story))
		.map((e) => ({
			id: e.id,
			title: e.title,
			status: e.status,
			sections: e.sections.map((s) => ({ id: s.id, title: s.title })),
			/** The themes the exhibition informs: the curator says which this story informs. */
			themes: e.themeIds
				.filter((id) => themeTitles.has(id))
				.map((id) => ({ id, title: themeTitles.get(id)! }))
		}));
	return {
		story: view,
		sharedAt: story.sharedAt,
		placements: states
			.filter((p) => p.storyId === story.id)
			.map((p) => ({
				id: p.id,
				exhibitionId: p.exhibitionId,
				exhibitionTitle: p.exhibitionTitle,
				status: p.status,
				expiresAt: p.consentExpiresAt
			})),
		targets,
		hasOpenExhibitions: open.length > 0,
		sizes: PLACEMENT_SIZES,
		noteMax: NOTE_MAX,
		done: event.url.searchParams.get('done') === 'proposed',
		noteWaits,
		noteWordsMax: NOTE_WORDS_MAX,
		noteSent: event.url.searchParams.get('done') === 'note'
	};
}) satisfies PageServerLoad;

export const actions = {
	/** A content note suggested to the participant (docs/content-notes.md): applies only once
	 * they accept it. */
	suggestNote: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const form = await event.request.formData();
		const { note, error: problem } = readNote(form.getAll('noteKinds'), field(form, 'noteWords'));
		if (problem) return fail(400, { suggest: { values: note, error: problem } });
		const result = await db().transaction((tx) =>
			suggestContentNote(tx, user, initiative.id, event.params.story, note)
		);
		if (result === 'not_found') error(404);
		if (result === 'empty') return fail(400, { suggest: { values: note, error: 'note_empty' } });
		redirect(303, `${event.url.pathname}?done=note#suggest-note`);
	},
	propose: async (event) => {
		const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
		const story = await pooledStory(user, initiative.id, event.params.story);
		const form = await event.request.formData();
		const values = {
			target: field(form, 'target'),
			size: field(form, 'size'),
			note: field(form, 'note').slice(0, NOTE_MAX),
			// "exhibitionId:themeId", so that the form works without JavaScript for every target.
			themes: form
				.getAll('themeIds')
				.filter((x): x is string => typeof x === 'string')
				.slice(0, 200)
		};
		const errors: Partial<Record<'target' | 'size', string>> = {};
		const [exhibitionId, sectionId] = values.target.split(':');
		if (!exhibitionId || !sectionId) errors.target = 'pool_where_required';
		if (!(PLACEMENT_SIZES as readonly string[]).includes(values.size))
			errors.size = 'pool_size_required';
		if (!exhibitionId || !sectionId || errors.size)
			return fail(400, { values, errors, problem: null });
		const result = await db().transaction(async (tx) => {
			const exhibition = await getExhibition(tx, initiative.id, exhibitionId);
			if (!exhibition) return 'propose_closed' as const;
			return proposePlacement(tx, user.id, exhibition, story, {
				sectionId,
				size: values.size as PlacementSize,
				note: values.note,
				themeIds: values.themes
					.filter((t) => t.startsWith(`${exhibitionId}:`))
					.map((t) => t.slice(exhibitionId.length + 1))
			});
		});
		if (result !== 'ok') return fail(400, { values, errors, problem: `pool_${result}` });
		redirect(303, `${event.url.pathname}?done=proposed`);
	}
} satisfies Actions;
