import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOwnStory } from '$lib/server/stories/guard';
import { ownPhoto } from '$lib/server/access';
import { photoViews } from '$lib/server/media/views';
import { reframePhoto, setStricter } from '$lib/server/media/photos';
import { editorUrl } from '$lib/photo-view';
import { normalizeFraming, type Framing } from '$lib/framing';
import {
	STRICTER_AUDIENCES,
	cropsCloser,
	framingFor,
	isStricterAudience,
	layerFrom,
	levelFor,
	normalizeStricter,
	parentFraming,
	type Stricter,
	type StricterAudience
} from '$lib/stricter';
import { field, rawField } from '$lib/server/forms';
import {
	MAX_WHO,
	askRelease,
	describePerson,
	markPerson,
	peopleOfOwnPhoto,
	unmarkPerson,
	widestOf
} from '$lib/server/releases';
import { AUDIENCES, type Audience } from '$lib/server/db/schema';
import { isLocale } from '$lib/localized';

async function found(event: Parameters<typeof requireOwnStory>[0] & { params: { photo: string } }) {
	const { user, story } = await requireOwnStory(event);
	const owned = await ownPhoto(db(), user, story.id, event.params.photo);
	if (!owned) error(404);
	return owned;
}

/** The editor for an audience's layer: starting from its framing, resetting to the narrower one's. */
function stricterEditor(base: Framing, stricter: Stricter, audience: StricterAudience) {
	const start = parentFraming(base, stricter, audience);
	return {
		audience,
		framing: framingFor(base, stricter, audience),
		start,
		kept: start.redactions.length
	};
}

export const load = (async (event) => {
	await requireOwnStory(event);
	const { photo } = await found(event);
	const stricter = normalizeStricter(photo.stricter);
	const [[view], people, ...asAudience] = await Promise.all([
		photoViews(db(), [photo]),
		peopleOfOwnPhoto(db(), photo),
		// Each wider audience's picture, as the gate will serve it to them.
		...STRICTER_AUDIENCES.map((as) => photoViews(db(), [photo], { kind: 'owner', as }))
	]);
	const asked = event.url.searchParams.get('stricter') ?? '';
	const editing = isStricterAudience(asked) ? asked : null;
	return {
		// Stricter framing for wider audiences (docs/releases.md).
		stricter: STRICTER_AUDIENCES.map((audience, i) => {
			const layer = stricter[audience];
			const parent = parentFraming(photo.framing, stricter, audience);
			return {
				audience,
				own: layer ? { closer: cropsCloser(parent, layer), hidden: layer.redactions.length } : null,
				/** The public without a layer of its own still gets the partners' framing. */
				inherits: !layer && levelFor(stricter, audience) !== '',
				view: asAudience[i]![0] ?? null
			};
		}),
		stricterEditor: editing ? stricterEditor(photo.framing, stricter, editing) : null,
		stricterSaved: event.url.searchParams.get('saved') === 'stricter',
		// The people marked in the photo and the hidden areas that could be one (docs/releases.md).
		areas: photo.framing.redactions.map((r, index) => ({ index, style: r.style })),
		people: people.map((p) => ({
			id: p.id,
			who: p.who,
			state: p.state,
			widest: p.audiences.length > 0 ? widestOf(p.audiences) : null,
			locale: p.locale,
			signer: p.signer,
			askedAt: p.askedAt?.getTime() ?? null,
			decidedAt: p.decidedAt?.getTime() ?? null
		})),
		maxWho: MAX_WHO,
		/** Where the marked people are: the editor does not suggest their faces again. */
		markedRegions: people.map((p) => p.region),
		photo: {
			id: photo.id,
			src: editorUrl(photo.id, photo.version),
			width: photo.masterWidth,
			height: photo.masterHeight,
			framing: photo.framing,
			altText: photo.altText
		},
		result: view,
		saved: event.url.searchParams.has('saved')
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		await requireOwnStory(event);
		const { story, photo } = await found(event);
		const form = await event.request.formData();
		let framing: ReturnType<typeof normalizeFraming>;
		try {
			framing = normalizeFraming(JSON.parse(rawField(form, 'framing')));
		} catch {
			framing = null;
		}
		if (!framing) return fail(400, { invalid: true });
		await reframePhoto(db(), story, photo, framing);
		redirect(303, `${event.url.pathname}?saved=1#result`);
	},
	/** A stricter framing for an audience and wider ones; only ever adds (src/lib/stricter.ts). */
	stricter: async (event) => {
		await requireOwnStory(event);
		const { story, photo } = await found(event);
		const form = await event.request.formData();
		const audience = field(form, 'audience');
		let framing: ReturnType<typeof normalizeFraming>;
		try {
			framing = normalizeFraming(JSON.parse(rawField(form, 'framing')));
		} catch {
			framing = null;
		}
		if (!isStricterAudience(audience) || !framing || framing.rotation !== photo.framing.rotation)
			return fail(400, { stricterInvalid: true });
		const parent = parentFraming(photo.framing, normalizeStricter(photo.stricter), audience);
		await setStricter(db(), story, photo, audience, layerFrom(parent, framing));
		redirect(303, `${event.url.pathname}?saved=stricter#stricter-${audience}`);
	},
	/** Back to the narrower audience's framing for this audience. */
	plain: async (event) => {
		await requireOwnStory(event);
		const { story, photo } = await found(event);
		const audience = field(await event.request.formData(), 'audience');
		if (!isStricterAudience(audience)) return fail(400, { stricterInvalid: true });
		await setStricter(db(), story, photo, audience, null);
		redirect(303, `${event.url.pathname}?saved=stricter#stricter-${audience}`);
	},
	mark: async (event) => {
		const { user } = await requireOwnStory(event);
		const { story, photo } = await found(event);
		const form = await event.request.formData();
		const index = Number(field(form, 'area'));
		const who = field(form, 'who');
		if (who.length > MAX_WHO) return fail(400, { whoTooLong: true, area: index });
		const id = Number.isInteger(index)
			? await markPerson(db(), user.id, story, photo, index, who)
			: undefined;
		if (!id) return fail(409, { peopleStale: true });
		redirect(303, `${event.url.pathname}#person-${id}`);
	},
	unmark: async (event) => {
		const { user } = await requireOwnStory(event);
		const { story, photo } = await found(event);
		const form = await event.request.formData();
		const ok = await unmarkPerson(db(), user.id, story, photo, field(form, 'person'));
		if (!ok) return fail(409, { peopleStale: true });
		redirect(303, `${event.url.pathname}#people`);
	},
	describe: async (event) => {
		await requireOwnStory(event);
		const { photo } = await found(event);
		const form = await event.request.formData();
		const person = field(form, 'person');
		const who = field(form, 'who');
		if (who.length > MAX_WHO) return fail(400, { whoTooLong: true, person });
		if (!(await describePerson(db(), photo.id, person, who)))
			return fail(409, { peopleStale: true });
		return { described: person };
	},
	ask: async (event) => {
		const { user } = await requireOwnStory(event);
		const { story, photo } = await found(event);
		const form = await event.request.formData();
		const person = field(form, 'person');
		const widest = field(form, 'widest');
		const locale = field(form, 'locale');
		if (!(AUDIENCES as readonly string[]).includes(widest) || !isLocale(locale))
			return fail(400, { askInvalid: true, person });
		const token = await askRelease(db(), user.id, story, photo, person, {
			widest: widest as Audience,
			locale
		});
		if (!token) return fail(409, { peopleStale: true });
		return { asked: person, link: `${event.url.origin}/release/${token}` };
	}
} satisfies Actions;
