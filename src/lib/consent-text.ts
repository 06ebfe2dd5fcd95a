// The words a participant agrees to, in their language. The same function draws them on the
// page and, when the participant decides, again on the server to store with the decision — so
// what is stored is exactly what was shown.
import { m } from '$lib/paraglide/messages';
import { pickText, type Locale, type LocalizedText } from './localized';
import { isolate, list } from './bidi';

// Names and titles are isolated (docs/bidi.md): the stored words read as they were shown.

type Options = { locale: Locale };

export function audienceWords(
	audience: 'public' | 'partners' | 'working_group',
	context: { initiativeTitle: LocalizedText; groupTitles: LocalizedText[] },
	locale: Locale
): string {
	const o: Options = { locale };
	if (audience === 'public') return m.consent_audience_public({}, o);
	if (audience === 'partners')
		return m.consent_audience_partners(
			{ initiative: isolate(pickText(context.initiativeTitle, locale).text) },
			o
		);
	const groups = list(
		context.groupTitles.map((g) => pickText(g, locale).text),
		locale
	);
	return m.consent_audience_groups({ groups }, o);
}

export function shareWords(story: string, initiativeTitle: LocalizedText, locale: Locale) {
	return m.consent_share_text(
		{ story: isolate(story), initiative: isolate(pickText(initiativeTitle, locale).text) },
		{ locale }
	);
}

export function unshareWords(story: string, locale: Locale) {
	return m.consent_unshare_text({ story: isolate(story) }, { locale });
}

export function approvalWords(
	input: {
		story: string;
		exhibition: LocalizedText;
		audience: string;
		photoCount: number;
		/** The name to be shown, or null for none. */
		name: string | null;
		/** The last day, formatted, or null for "until I withdraw it". */
		until: string | null;
	},
	locale: Locale
) {
	const o: Options = { locale };
	return m.consent_approve_text(
		{
			story: isolate(input.story),
			exhibition: isolate(pickText(input.exhibition, locale).text),
			audience: input.audience,
			photos:
				input.photoCount === 1
					? m.consent_photos_one({}, o)
					: m.consent_photos_many({ count: input.photoCount }, o),
			name: input.name
				? m.consent_name_as({ name: isolate(input.name) }, o)
				: m.consent_name_none({}, o),
			until: input.until
				? m.consent_until_date({ date: input.until }, o)
				: m.consent_until_withdrawn({}, o)
		},
		o
	);
}

export function declineWords(story: string, exhibition: LocalizedText, locale: Locale) {
	return m.consent_decline_text(
		{ story: isolate(story), exhibition: isolate(pickText(exhibition, locale).text) },
		{ locale }
	);
}

export function withdrawPlacementWords(story: string, exhibition: LocalizedText, locale: Locale) {
	return m.consent_withdraw_placement_text(
		{ story: isolate(story), exhibition: isolate(pickText(exhibition, locale).text) },
		{ locale }
	);
}

export function withdrawStoryWords(story: string, locale: Locale) {
	return m.consent_withdraw_story_text({ story: isolate(story) }, { locale });
}

export function withdrawEverythingWords(locale: Locale) {
	return m.consent_withdraw_everything_text({}, { locale });
}
