// The placement request page, for both places it is reached from: a participant's own
// initiative pages, and "My stories", which needs only a login (docs/consent.md, "Ownership
// outlives membership"). The page shows the terms, carries them and their digest with its
// form, and an approval is taken only for exactly those terms.
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { db } from '../db';
import { config } from '../config';
import { exhibitionSections, exhibitions, themes, workingGroups } from '../db/schema';
import { OWNER, readPhotos, type OwnedStory, type PlacementRow } from '../access';
import { consentEnd, decidePlacement, isOpenRequest, type ConsentLength } from './index';
import { showTerms } from './terms';
import { layoutForParticipant } from '../exhibitions/present';
import { presentStory } from '../stories/present';
import { readPeople } from '../releases/people';
import { mustHide } from '../releases/variants';
import { levelFor, normalizeStricter } from '../../stricter';
import { ATTRIBUTIONS, type Attribution } from '../db/schema';
import { field } from '../forms';
import { formatDate } from '../../i18n';
import { approvalWords, audienceWords, declineWords } from '../../consent-text';
import {
	changedTerms,
	decodeTerms,
	encodeTerms,
	type PlacementTerms,
	type TermKey
} from '../../consent-terms';
import { m } from '../../paraglide/messages';
import { pickText, type Locale, type LocalizedText } from '../../localized';
import type { SessionUser } from '../auth/session';

export interface OwnRequest {
	user: SessionUser;
	initiative: { id: string; title: LocalizedText };
	placement: PlacementRow;
	exhibition: typeof exhibitions.$inferSelect;
	story: OwnedStory;
}

type Event = Pick<RequestEvent, 'locals' | 'url' | 'request'>;

/** The terms in words, in the participant's language: what the page shows for each. */
async function describeTerms(
	terms: PlacementTerms,
	initiativeTitle: LocalizedText,
	locale: Locale
): Promise<
	Record<TermKey, string> & { themeTitles: LocalizedText[]; sectionTitle: LocalizedText }
> {
	const o = { locale };
	const [groups, themeRows, section] = await Promise.all([
		terms.workingGroupIds.length
			? db()
					.select({ id: workingGroups.id, title: workingGroups.title })
					.from(workingGroups)
					.where(inArray(workingGroups.id, terms.workingGroupIds))
			: [],
		terms.themeIds.length
			? db()
					.select({ id: themes.id, title: themes.title })
					.from(themes)
					.where(inArray(themes.id, terms.themeIds))
			: [],
		terms.sectionId
			? db()
					.select({ title: exhibitionSections.title })
					.from(exhibitionSections)
					.where(
						and(
							eq(exhibitionSections.id, terms.sectionId),
							eq(exhibitionSections.exhibitionId, terms.exhibitionId)
						)
					)
			: []
	]);
	const ordered = <T extends { id: string }>(rows: T[], ids: string[]) =>
		ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is T => r !== undefined);
	const themeTitles = ordered(themeRows, terms.themeIds).map((t) => t.title);
	const sectionTitle = section[0]?.title ?? {};
	const audience = audienceWords(
		terms.audience,
		{ initiativeTitle, groupTitles: ordered(groups, terms.workingGroupIds).map((g) => g.title) },
		locale
	);
	const sizeName = {
		small: m.size_small,
		medium: m.size_medium,
		large: m.size_large,
		full: m.size_full
	}[terms.size];
	return {
		title: pickText(terms.title, locale).text,
		audience,
		workingGroupIds: audience,
		themeIds: themeTitles.length
			? themeTitles.map((t) => pickText(t, locale).text).join(', ')
			: m.request_themes_none({}, o),
		sectionId: pickText(sectionTitle, locale).text || '—',
		size: sizeName({}, o),
		endsAt: terms.endsAt
			? formatDate(terms.endsAt, locale, config().timeZone)
			: m.request_no_end_date({}, o),
		photos:
			terms.photos.length === 1
				? m.consent_photos_one({}, o)
				: m.consent_photos_many({ count: terms.photos.length }, o),
		ownName: terms.ownName,
		themeTitles,
		sectionTitle
	};
}

const CHANGE_LABELS: Record<TermKey, (o: { locale: Locale }) => string> = {
	title: (o) => m.request_change_title({}, o),
	audience: (o) => m.request_who({}, o),
	workingGroupIds: (o) => m.request_who({}, o),
	themeIds: (o) => m.request_themes({}, o),
	sectionId: (o) => m.request_change_section({}, o),
	size: (o) => m.request_change_size({}, o),
	endsAt: (o) => m.request_change_ends({}, o),
	photos: (o) => m.request_change_photos({}, o),
	ownName: (o) => m.request_change_name({}, o)
};

export async function loadRequest(event: Pick<RequestEvent, 'locals' | 'url'>, found: OwnRequest) {
	const { user, initiative, placement, exhibition, story } = found;
	const locale = event.locals.locale;
	const [photoRows, layout, shown] = await Promise.all([
		readPhotos(db(), user, story.id, OWNER),
		layoutForParticipant(db(), exhibition.id, placement.id),
		showTerms(db(), placement.id)
	]);
	const terms = shown!.terms;
	const words = await describeTerms(terms, initiative.title, locale);
	// The photos as this audience will get them (docs/releases.md): its stricter framing, and
	// the people whose release does not cover it hidden — the files the gate will serve.
	const [view, people] = await Promise.all([
		presentStory(db(), story, photoRows, user, locale, undefined, {
			kind: 'owner',
			as: terms.audience
		}),
		readPeople(
			db(),
			photoRows.filter((p) => p.peopleKey !== '').map((p) => p.id)
		)
	]);
	const photoNotes = photoRows.map((p) => ({
		id: p.id,
		stricter: levelFor(normalizeStricter(p.stricter), terms.audience) !== '',
		hidden: mustHide(people.get(p.id) ?? [], { audience: terms.audience }).length
	}));
	const { open, renewal } = isOpenRequest(placement, terms);
	return {
		placement: {
			id: placement.id,
			status: placement.status,
			expired: renewal,
			open,
			note: placement.note,
			size: terms.size,
			sectionTitle: words.sectionTitle
		},
		exhibition: {
			title: terms.title,
			introduction: exhibition.introduction,
			audience: terms.audience,
			status: exhibition.status,
			endsAt: terms.endsAt === null ? null : new Date(terms.endsAt),
			themes: layout.themes,
			sections: layout.sections
		},
		/** The themes this story would be said to inform (the placement's, not the exhibition's). */
		informs: words.themeTitles,
		audienceWords: words.audience,
		shown: { terms: encodeTerms(terms), digest: shown!.digest },
		story: {
			title: story.title,
			attribution: renewal ? placement.attribution : story.attribution,
			pseudonym: renewal ? placement.pseudonym : story.pseudonym,
			ownName: terms.ownName,
			approvedPhotoIds: renewal ? placement.photoIds : null
		},
		photoAlt: photoRows.map((p) => ({ id: p.id, hasAlt: Boolean(p.altText.trim()) })),
		photoNotes,
		view,
		declineWords: declineWords(story.title || '—', exhibition.title, locale),
		done: event.url.searchParams.get('done')
	};
}

function readChoice(form: FormData) {
	const attribution = field(form, 'attribution');
	const length = field(form, 'length');
	return {
		photoIds: form
			.getAll('photoIds')
			.filter((x): x is string => typeof x === 'string')
			.slice(0, 50),
		attribution: ((ATTRIBUTIONS as readonly string[]).includes(attribution)
			? attribution
			: 'anonymous') as Attribution,
		pseudonym: field(form, 'pseudonym').slice(0, 60),
		length: (['none', 'exhibition_end', 'one_year'].includes(length)
			? length
			: 'none') as ConsentLength
	};
}

/**
 * Approves for exactly the terms the page showed. When they changed meanwhile, nothing is
 * approved: the page is drawn again with the new terms and a list of what changed.
 */
export async function approveRequest(event: Event, found: OwnRequest) {
	const { initiative, placement, story, user } = found;
	const locale = event.locals.locale;
	const form = await event.request.formData();
	const choice = readChoice(form);
	const shownTerms = decodeTerms(field(form, 'terms'));
	const shownDigest = field(form, 'digest');
	const current = await showTerms(db(), placement.id);
	if (!current) return fail(404, { problem: 'decide_not_pending', choice, changes: [] });
	if (!shownTerms || shownDigest !== current.digest) {
		const [before, after] = await Promise.all([
			shownTerms ? describeTerms(shownTerms, initiative.title, locale) : undefined,
			describeTerms(current.terms, initiative.title, locale)
		]);
		const keys = shownTerms ? changedTerms(shownTerms, current.terms) : [];
		const seen = new Set<string>();
		const changes = keys
			.map((key) => (key === 'workingGroupIds' ? 'audience' : key))
			.filter((key) => !seen.has(key) && (seen.add(key), true))
			.map((key) => ({
				label: CHANGE_LABELS[key]({ locale }),
				before: before?.[key] ?? '',
				after: after[key]
			}));
		return fail(409, { problem: 'decide_terms_changed', choice, changes });
	}
	const terms = shownTerms;
	const expiresAt = consentEnd(
		choice.length,
		terms.endsAt === null ? null : new Date(terms.endsAt)
	);
	const name =
		choice.attribution === 'anonymous'
			? null
			: choice.attribution === 'pseudonym'
				? choice.pseudonym.trim() || null
				: terms.ownName || user.username;
	const described = await describeTerms(terms, initiative.title, locale);
	const text = approvalWords(
		{
			story: story.title || '—',
			exhibition: terms.title,
			audience: described.audience,
			photoCount: choice.photoIds.length,
			name,
			until: expiresAt ? formatDate(expiresAt, locale, config().timeZone) : null
		},
		locale
	);
	const result = await decidePlacement(
		db(),
		story,
		placement.id,
		{
			approve: {
				photoIds: choice.photoIds,
				attribution: choice.attribution,
				pseudonym: choice.pseudonym,
				expiresAt
			},
			shown: { terms, digest: shownDigest }
		},
		{ text, locale }
	);
	// Changed between the check above and the transaction: the same answer, drawn again.
	if (result === 'decide_terms_changed') return approveRequestChanged(choice);
	if (result !== 'ok') return fail(400, { problem: result, choice, changes: [] });
	redirect(303, `${event.url.pathname}?done=approved`);
}

function approveRequestChanged(choice: ReturnType<typeof readChoice>) {
	return fail(409, { problem: 'decide_terms_changed' as const, choice, changes: [] });
}

export async function declineRequest(event: Event, found: OwnRequest) {
	const { placement, exhibition, story } = found;
	const locale = event.locals.locale;
	const result = await decidePlacement(
		db(),
		story,
		placement.id,
		{ decline: true },
		{ text: declineWords(story.title || '—', exhibition.title, locale), locale }
	);
	if (result !== 'ok') return fail(400, { problem: result, choice: undefined, changes: [] });
	redirect(303, `${event.url.pathname}?done=declined`);
}
