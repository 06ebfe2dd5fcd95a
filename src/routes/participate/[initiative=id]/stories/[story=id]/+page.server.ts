import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { OWNER, readPhotos } from '$lib/server/access';
import {
	FREE_TAGS_MAX,
	FREE_TAG_MAX,
	NARRATIVE_MAX,
	PSEUDONYM_MAX,
	TITLE_MAX,
	deleteStory,
	finishProblems,
	setStoryStatus,
	updateStoryText
} from '$lib/server/stories';
import { listRoleTags, seedRoleTags } from '$lib/server/initiatives/role-tags';
import { scheduleFileDeletion, wakeJobs } from '$lib/server/media/photos';
import { ATTRIBUTIONS, type Attribution } from '$lib/server/db/schema';
import { field } from '$lib/server/forms';
import { setFlash } from '$lib/server/flash';
import { isLocale } from '$lib/localized';
import { limitProblem } from '$lib/server/text';
import {
	NOTE_WORDS_MAX,
	decideSuggestion,
	noteOf,
	pendingSuggestion,
	readNote,
	setContentNote
} from '$lib/server/stories/content-notes';

/** A content note from the form's fields (docs/content-notes.md). */
function noteFrom(form: FormData) {
	return readNote(form.getAll('noteKinds'), field(form, 'noteWords'));
}

export const load = (async (event) => {
	const { user, initiative, story } = await requireOwnStory(event);
	// Where a participant chooses role tags, an initiative from before seeding gets its own.
	await seedRoleTags(db(), initiative.id);
	const [tags, photos, suggestion] = await Promise.all([
		listRoleTags(db(), initiative.id),
		readPhotos(db(), user, story.id, OWNER),
		pendingSuggestion(db(), story)
	]);
	return {
		text: {
			title: story.title,
			narrative: story.narrative,
			language: story.language,
			roleTagIds: story.roleTagIds,
			freeTags: story.freeTags,
			attribution: story.attribution,
			pseudonym: story.pseudonym
		},
		roleTags: tags.map((t) => ({ id: t.id, label: t.label })),
		ownName: user.displayName || user.username,
		finishProblems: finishProblems(story, photos),
		saved: event.url.searchParams.has('saved'),
		note: noteOf(story),
		suggestion: suggestion && { kinds: suggestion.kinds, words: suggestion.words },
		noteWordsMax: NOTE_WORDS_MAX,
		noteDone: event.url.searchParams.get('note')
	};
}) satisfies PageServerLoad;

function readText(form: FormData, knownTags: Set<string>) {
	const language = field(form, 'language');
	const attribution = field(form, 'attribution');
	const free = field(form, 'freeTags')
		.split(/[,،\n]/)
		.map((t) => t.trim())
		.filter(Boolean);
	const values = {
		title: field(form, 'title'),
		narrative: field(form, 'narrative').replace(/\r\n/g, '\n'),
		language: isLocale(language) ? language : 'he',
		roleTagIds: form
			.getAll('roleTagIds')
			.filter((x): x is string => typeof x === 'string' && knownTags.has(x)),
		freeTags: [...new Set(free)],
		attribution: ((ATTRIBUTIONS as readonly string[]).includes(attribution)
			? attribution
			: 'anonymous') as Attribution,
		pseudonym: field(form, 'pseudonym')
	};
	const errors: Record<string, string> = {};
	const limits = {
		title: limitProblem(values.title, TITLE_MAX),
		narrative: limitProblem(values.narrative, NARRATIVE_MAX, 'text'),
		pseudonym: limitProblem(values.pseudonym, PSEUDONYM_MAX)
	};
	for (const [name, problem] of Object.entries(limits)) if (problem) errors[name] = problem;
	if (
		values.freeTags.length > FREE_TAGS_MAX ||
		values.freeTags.some((t) => t.length > FREE_TAG_MAX)
	)
		errors.freeTags = 'story_free_tags_invalid';
	if (values.attribution === 'pseudonym' && !values.pseudonym)
		errors.pseudonym = 'story_pseudonym_required';
	return { values, errors };
}

export const actions = {
	save: async (event) => {
		const { initiative, story } = await requireOwnStory(event);
		const form = await event.request.formData();
		const tags = await listRoleTags(db(), initiative.id);
		const { values, errors } = readText(form, new Set(tags.map((t) => t.id)));
		if (Object.keys(errors).length > 0)
			return fail(400, { text: { values: { ...values, freeTags: values.freeTags }, errors } });
		await updateStoryText(db(), story, values);
		redirect(303, `${event.url.pathname}?saved=1`);
	},
	note: async (event) => {
		const { story } = await requireOwnStory(event);
		const { note, error } = noteFrom(await event.request.formData());
		if (error) return fail(400, { note: { values: note, error } });
		await setContentNote(db(), story, note);
		redirect(303, `${event.url.pathname}?note=saved#content-note`);
	},
	acceptNote: async (event) => {
		const { story } = await requireOwnStory(event);
		// The participant may change the suggestion before accepting it: what they send applies.
		const { note, error } = noteFrom(await event.request.formData());
		if (error) return fail(400, { suggestion: { values: note, error } });
		const result = await db().transaction((tx) =>
			decideSuggestion(tx, story, { accept: true, note })
		);
		if (result === 'empty') return fail(400, { suggestion: { values: note, error: 'note_empty' } });
		redirect(303, `${event.url.pathname}?note=accepted#content-note`);
	},
	declineNote: async (event) => {
		const { story } = await requireOwnStory(event);
		await db().transaction((tx) => decideSuggestion(tx, story, { accept: false }));
		redirect(303, `${event.url.pathname}?note=declined#content-note`);
	},
	finish: async (event) => {
		const { user, story } = await requireOwnStory(event);
		const photos = await readPhotos(db(), user, story.id, OWNER);
		const problems = finishProblems(story, photos);
		if (problems.length > 0) return fail(400, { finish: { problems } });
		await setStoryStatus(db(), story, 'finished');
		redirect(303, event.url.pathname);
	},
	reopen: async (event) => {
		const { story } = await requireOwnStory(event);
		await setStoryStatus(db(), story, 'draft');
		redirect(303, event.url.pathname);
	},
	delete: async (event) => {
		const { initiative, story } = await requireOwnStory(event);
		const form = await event.request.formData();
		if (field(form, 'confirm') !== 'yes') return fail(400, { delete: { unconfirmed: true } });
		await db().transaction(async (tx) => {
			await scheduleFileDeletion(tx, await deleteStory(tx, story));
		});
		wakeJobs();
		setFlash(event.cookies, 'story_deleted', event.url.protocol === 'https:');
		redirect(303, `/participate/${initiative.id}`);
	}
} satisfies Actions;
