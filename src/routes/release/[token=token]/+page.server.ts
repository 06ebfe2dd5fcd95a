// access: public — guarded by the release link's secret itself; 404 for an unknown or replaced
// link (docs/releases.md). Shows the person asked nothing of the story but the photo, and never
// the participant's words for who they are.
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getInitiative } from '$lib/server/initiatives';
import { LOCALE_COOKIE, rememberLocale } from '$lib/server/locale';
import { field } from '$lib/server/forms';
import { parseCookies } from '$lib/server/cache/http';
import {
	decideRelease,
	releaseByToken,
	widestOf,
	withdrawRelease,
	type ReleaseRequest
} from '$lib/server/releases';
import { releaseWords } from '$lib/server/releases/words';
import { pickText } from '$lib/localized';
import { RELEASE_SIGNERS, type ReleaseSigner } from '$lib/server/db/schema';

async function found(token: string) {
	const release = await releaseByToken(db(), token);
	if (!release) error(404);
	const initiative = await getInitiative(db(), release.initiativeId);
	if (!initiative || initiative.archivedAt) error(404);
	return { release, initiative };
}

const wordsFor = (release: ReleaseRequest, initiativeTitle: string, locale: App.Locals['locale']) =>
	releaseWords(widestOf(release.audiences), initiativeTitle, locale);

export const load = (async ({ params, locals, cookies, url, request }) => {
	const { release, initiative } = await found(params.token);
	// The page opens in the language the participant chose for this person, unless the person
	// has chosen one here already (the language switcher sets the cookie; the request's own
	// cookies are read, since the locale hook sets one for a first visit).
	const chosen = parseCookies(request.headers.get('cookie')).has(LOCALE_COOKIE);
	if (!chosen && release.locale !== locals.locale) {
		rememberLocale(cookies, release.locale, url.protocol === 'https:');
		redirect(303, url.pathname);
	}
	const title = pickText(initiative.title, locals.locale).text;
	return {
		state: release.state,
		words: release.state === 'agreed' ? release.words : wordsFor(release, title, locals.locale),
		initiative: initiative.title,
		signer: release.signer,
		decidedAt: release.decidedAt?.getTime() ?? null,
		photo: {
			src: `/release/${params.token}/photo.jpg`,
			width: release.width,
			height: release.height
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	answer: async ({ params, request, locals }) => {
		const { release, initiative } = await found(params.token);
		const form = await request.formData();
		const decision = field(form, 'decision');
		const signer = field(form, 'signer');
		if (decision !== 'agree' && decision !== 'decline') return fail(400, { invalid: true });
		if (!(RELEASE_SIGNERS as readonly string[]).includes(signer))
			return fail(400, { noSigner: true, decision });
		const title = pickText(initiative.title, locals.locale).text;
		const ok = await decideRelease(db(), params.token, {
			decision,
			signer: signer as ReleaseSigner,
			words: wordsFor(release, title, locals.locale)
		});
		if (!ok) return fail(409, { stale: true });
		redirect(303, `/release/${params.token}`);
	},
	withdraw: async ({ params }) => {
		await found(params.token);
		const ok = await withdrawRelease(db(), params.token);
		if (!ok) return fail(409, { stale: true });
		redirect(303, `/release/${params.token}`);
	}
} satisfies Actions;
