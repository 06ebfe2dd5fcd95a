// index.html of "Download my data": one page, readable offline in the person's language. It
// loads nothing (no script, no font, no address outside the zip; images by relative path), and
// every text in it is escaped — titles, captions and words are other input, and a downloaded
// file opened from the disk must not run anything either. Its own policy forbids scripts.
import { STRICTER_AUDIENCES, cropsCloser, parentFraming } from '../../stricter';
import { m } from '../../paraglide/messages';
import { dirOf, paragraphsOf, pickText, type Locale, type LocalizedText } from '../../localized';
import { SHOWED_STEPS } from '../stories';
import type {
	ExportedPerson,
	ExportedPhoto,
	ExportedStory,
	GuideAnswers,
	PersonalData
} from './collect';
import { widestOf } from '../releases';
import type { ContentNote } from '../../content-note';
import { list } from '../../bidi';

type Messages = Record<
	string,
	(inputs?: Record<string, unknown>, o?: { locale?: Locale }) => string
>;
const messages = m as unknown as Messages;

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}
const e = escapeHtml;

const INTL: Record<Locale, string> = { he: 'he-IL', ar: 'ar-u-nu-latn', en: 'en-GB' };

const SHOWED_KEYS: Record<(typeof SHOWED_STEPS)[number], string> = {
	see: 'showed_see',
	happening: 'showed_happening',
	ourLives: 'showed_our_lives',
	why: 'showed_why',
	do: 'showed_do'
};

export function renderIndex(data: PersonalData, timeZone: string): string {
	const locale = data.language;
	/** A message in the page's language, escaped (inputs are escaped before they go in). */
	const t = (key: string, inputs: Record<string, unknown> = {}) => {
		const fn = messages[key];
		if (!fn) throw new Error(`Unknown message ${key}`);
		return e(fn(inputs, { locale }));
	};
	const date = (iso: string | null) =>
		iso
			? new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'long', timeZone }).format(new Date(iso))
			: '';
	const dateTime = (iso: string) =>
		new Intl.DateTimeFormat(INTL[locale], {
			dateStyle: 'medium',
			timeStyle: 'short',
			timeZone
		}).format(new Date(iso));
	/** Text an admin or curator wrote in several languages: the reader's, with its own dir. */
	const localized = (text: LocalizedText | null | undefined) => {
		const picked = pickText(text, locale);
		return picked.text
			? `<span lang="${picked.lang}" dir="${picked.dir}">${e(picked.text)}</span>`
			: '—';
	};
	/** The person's own text in a language: its paragraphs, each kept apart. */
	const paragraphs = (text: string, lang: Locale) =>
		paragraphsOf(text)
			.map((p) => `<p lang="${lang}" dir="${dirOf(lang)}">${e(p).replaceAll('\n', '<br>')}</p>`)
			.join('\n');
	const audience = (a: string | null) => (a ? t(`audience_${a}`) : '—');
	const row = (label: string, value: string) =>
		`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;

	function framing(photo: ExportedPhoto): string {
		const f = photo.framing;
		const parts: string[] = [];
		if (f.rotation) parts.push(t('export_framing_turned', { degrees: f.rotation }));
		const cropped = f.crop.x > 0 || f.crop.y > 0 || f.crop.w < 1 || f.crop.h < 1;
		parts.push(cropped ? t('export_framing_cropped') : t('export_framing_whole'));
		if (f.redactions.length) parts.push(t('export_framing_hidden', { count: f.redactions.length }));
		return parts.join(', ');
	}

	/** The guide's answers as a list of question and answer, or '' when there is none. */
	function answersHtml(answers: GuideAnswers, lang: Locale): string {
		return SHOWED_STEPS.filter((s) => answers[s])
			.map((s) => `<dt>${t(SHOWED_KEYS[s])}</dt><dd>${paragraphs(answers[s] ?? '', lang)}</dd>`)
			.join('\n');
	}

	/** A marked person's state as on the photo's page, for the widest audience agreed. */
	function releaseState(release: ExportedPerson['release']): string {
		switch (release.state) {
			case 'none':
				return t('inphoto_state_none');
			case 'asked':
				return t('inphoto_state_asked', { date: date(release.askedAt) });
			case 'agreed':
				return t(
					release.signer === 'guardian' ? 'inphoto_state_agreed_guardian' : 'inphoto_state_agreed',
					{
						date: date(release.decidedAt),
						audience: messages[`audience_${widestOf(release.audiencesAgreed)}`]!({}, { locale })
					}
				);
			case 'declined':
				return t('inphoto_state_declined', { date: date(release.decidedAt) });
			case 'withdrawn':
				return t('inphoto_state_withdrawn', { date: date(release.decidedAt) });
		}
	}

	/** The people marked in a photo and their releases (docs/releases.md), or '' for none. */
	function peopleHtml(people: ExportedPerson[]): string {
		if (people.length === 0) return '';
		const percent = (fraction: number) => Math.round(fraction * 100);
		const tables = people.map((person) => {
			const { release } = person;
			const rows = [
				row(t('inphoto_person', { n: person.number }), releaseState(release)),
				row(t('inphoto_who_label'), person.who ? `<span dir="auto">${e(person.who)}</span>` : '—'),
				row(
					t('export_person_where'),
					t('export_person_region', {
						left: percent(person.region.x),
						top: percent(person.region.y),
						width: percent(person.region.w),
						height: percent(person.region.h)
					})
				),
				row(t('export_person_style'), t(`export_person_style_${person.style}`))
			];
			if (release.audiencesAsked.length)
				rows.push(
					row(
						t('export_person_asked_for'),
						list(
							release.audiencesAsked.map((a) => audience(a)),
							locale
						)
					)
				);
			if (release.language)
				rows.push(row(t('inphoto_locale_label'), t(`language_name_${release.language}`)));
			if (release.askedAt) rows.push(row(t('export_person_asked'), e(date(release.askedAt))));
			if (release.signer)
				rows.push(row(t('export_person_signer'), t(`export_person_signer_${release.signer}`)));
			if (release.words)
				rows.push(row(t('export_person_words'), `<span dir="auto">${e(release.words)}</span>`));
			return `<table class="person">${rows.join('\n')}</table>`;
		});
		return `<dt>${t('inphoto_title')}</dt><dd><p>${t('export_people_files')}</p>
${tables.join('\n')}</dd>`;
	}

	/** The stricter framing for wider audiences, in words (docs/releases.md), or ''. */
	function stricterHtml(photo: ExportedPhoto): string {
		const layers = STRICTER_AUDIENCES.flatMap((a) => {
			const layer = photo.stricterFraming[a];
			if (!layer) return [];
			const parts: string[] = [];
			if (cropsCloser(parentFraming(photo.framing, photo.stricterFraming, a), layer))
				parts.push(t('stricter_closer'));
			const n = layer.redactions.length;
			if (n === 1) parts.push(t('stricter_hidden_one'));
			else if (n > 1) parts.push(t('stricter_hidden_many', { count: n }));
			return [`<li>${t(`stricter_for_${a}`)}: ${parts.join(' ')}</li>`];
		});
		if (layers.length === 0) return '';
		return `<dt>${t('stricter_title')}</dt><dd><p>${t('export_stricter_files')}</p><ul>${layers.join('')}</ul></dd>`;
	}

	function photoHtml(story: ExportedStory, photo: ExportedPhoto): string {
		const shown = photo.shown && !photo.shown.missing ? photo.shown : null;
		const image = shown
			? `<img src="${e(shown.file)}" width="${shown.width}" height="${shown.height}" alt="${e(photo.altText)}">`
			: '';
		const guide = answersHtml(photo.guideAnswers, story.language);
		const link = (label: string, file: { file: string; missing: boolean } | null) =>
			file
				? file.missing
					? `<li>${label}: ${t('export_missing')}</li>`
					: `<li><a href="${e(file.file)}">${label}</a></li>`
				: '';
		return `<figure class="photo">
<h5>${t('export_photo', { number: photo.number })}</h5>
${image}
<dl>
<dt>${t('export_caption')}</dt><dd dir="auto">${photo.caption ? e(photo.caption) : '—'}</dd>
<dt>${t('export_alt')}</dt><dd dir="auto">${photo.altText ? e(photo.altText) : '—'}</dd>
<dt>${t('export_framing')}</dt><dd>${framing(photo)}</dd>
${guide ? `<dt>${t('guide_export_title')}</dt><dd><dl>${guide}</dl></dd>` : ''}
${stricterHtml(photo)}
${peopleHtml(photo.people)}
</dl>
<ul>${link(t('export_shown_link'), photo.shown)}${link(t('export_original_link'), photo.original)}</ul>
</figure>`;
	}

	function placementsHtml(story: ExportedStory): string {
		if (story.placements.length === 0) return `<p>${t('export_no_placements')}</p>`;
		return story.placements
			.map((p) => {
				const decision =
					p.status === 'approved' && p.consentEndsAt
						? t('placement_status_approved_until', { date: date(p.consentEndsAt) })
						: t(`placement_status_${p.status}`);
				const rows = [
					row(t('export_placement_audience'), audience(p.exhibition.audience)),
					row(t('export_story_status'), t(`export_exhibition_status_${p.exhibition.status}`)),
					row(t('export_placement_decision'), decision)
				];
				if (p.approved && p.approved.photos.length)
					rows.push(
						row(
							t('export_photos_title'),
							t('export_placement_photos', {
								photos: p.approved.photos
									.map((n) => messages.export_photo!({ number: n }, { locale }))
									.join(', ')
							})
						)
					);
				const note = p.noteToYou
					? `<p>${t('export_placement_note')}:</p><blockquote dir="auto">${e(p.noteToYou)}</blockquote>`
					: '';
				return `<section class="placement"><h5>${localized(p.exhibition.title)}</h5>
<p>${t('export_placement_asked', { date: date(p.requestedAt) })}</p>
${note}
<table>${rows.join('\n')}</table></section>`;
			})
			.join('\n');
	}

	function consentsHtml(story: ExportedStory): string {
		if (story.consentEvents.length === 0) return `<p>${t('export_no_consents')}</p>`;
		const body = story.consentEvents
			.map((ev) => {
				const where = ev.exhibitionTitle
					? `${localized(ev.exhibitionTitle)}${ev.audience ? `<div>${audience(ev.audience)}</div>` : ''}`
					: '—';
				const words = ev.words
					? `<td${ev.wordsLanguage ? ` lang="${ev.wordsLanguage}" dir="${dirOf(ev.wordsLanguage)}"` : ' dir="auto"'}>${e(ev.words)}</td>`
					: '<td>—</td>';
				return `<tr><td>${e(dateTime(ev.at))}</td><td>${t(`consent_kind_${ev.kind}`)}</td><td>${t(`export_by_${ev.by}`)}</td><td>${where}</td>${words}</tr>`;
			})
			.join('\n');
		return `<table class="consents"><thead><tr><th scope="col">${t('consents_when')}</th><th scope="col">${t('consents_what')}</th><th scope="col">${t('export_consent_who')}</th><th scope="col">${t('consents_where')}</th><th scope="col">${t('consents_words')}</th></tr></thead>
<tbody>${body}</tbody></table>`;
	}

	/** A content note (docs/content-notes.md): its subjects in the page's language, the words in the story's. */
	function noteHtml(note: ContentNote, lang: Locale): string {
		const subjects = note.kinds.length
			? t('note_speaks_of', {
					list: list(
						note.kinds.map((k) => t(`note_kind_${k}`)),
						locale
					)
				})
			: '';
		const words = note.words
			? ` <span lang="${lang}" dir="${dirOf(lang)}">${e(note.words)}</span>`
			: '';
		return `${subjects}${words}`;
	}

	function storyHtml(story: ExportedStory): string {
		const lang = story.language;
		const title = story.title.trim()
			? `<span lang="${lang}" dir="${dirOf(lang)}">${e(story.title)}</span>`
			: t('export_untitled');
		const name =
			story.attribution === 'own_name'
				? t('story_attribution_own_name', {
						name: data.account.displayName || data.account.username
					})
				: story.attribution === 'pseudonym'
					? t('export_story_pseudonym', { name: story.pseudonym })
					: t('story_attribution_anonymous');
		const tags = [
			...story.roleTags.map((tag) => localized(tag)),
			...story.ownTags.map((tag) => `<span dir="auto">${e(tag)}</span>`)
		];
		const answers = answersHtml(story.guideAnswers, lang);
		return `<article class="story" id="story-${story.number}">
<h3>${title}</h3>
<table>
${row(t('export_story_initiative'), localized(story.initiative))}
${row(t('export_story_status'), t(`story_status_${story.status}`))}
${row(t('export_story_created'), e(date(story.createdAt)))}
${row(t('export_story_updated'), e(date(story.updatedAt)))}
${row(t('export_story_shared'), story.sharedWithCuratorsSince ? t('export_story_shared_since', { date: date(story.sharedWithCuratorsSince) }) : t('export_story_not_shared'))}
${row(t('export_story_name'), name)}
${tags.length ? row(t('export_story_tags'), tags.join(', ')) : ''}
${story.contentNote ? row(t('note_heading'), noteHtml(story.contentNote, lang)) : ''}
${story.contentNoteSuggestion ? row(t('note_export_suggestion'), noteHtml(story.contentNoteSuggestion, lang)) : ''}
</table>
<h4>${t('export_story_text')}</h4>
${paragraphs(story.narrative, lang) || `<p>${t('export_empty_text')}</p>`}
${answers ? `<h4>${t('showed_title')}</h4>\n<dl>${answers}</dl>` : ''}
<h4>${t('export_photos_title')}</h4>
${story.photos.length ? story.photos.map((p) => photoHtml(story, p)).join('\n') : `<p>${t('export_no_photos')}</p>`}
<h4>${t('export_placements_title')}</h4>
${placementsHtml(story)}
<h4>${t('export_consents_title')}</h4>
${consentsHtml(story)}
</article>`;
	}

	const account = data.account;
	const roles = [
		...account.roles.map(
			(r) =>
				`<li>${t('export_role_in', {
					role: messages[`role_${r.role}`]!({}, { locale }),
					initiative: pickText(r.initiative, locale).text || '—'
				})}${r.initiativeArchived ? ` ${t('export_role_archived')}` : ''}</li>`
		),
		...(account.isAdmin ? [`<li>${t('export_admin')}</li>`] : [])
	];
	const notices = data.notices.map((n) => {
		const details = (n.details ?? {}) as Record<string, unknown>;
		const role = typeof details.role === 'string' ? messages[`role_${details.role}`] : undefined;
		const initiative = pickText(n.initiative, locale).text || '—';
		const text =
			n.kind === 'membership_removed'
				? t('notice_membership_removed', { role: role ? role({}, { locale }) : '—', initiative })
				: e(n.kind);
		return `<li><span>${e(dateTime(n.createdAt))}</span> — ${text}</li>`;
	});

	return `<!doctype html>
<html lang="${locale}" dir="${dirOf(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<title>${t('export_title')}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${t('export_title')}</h1>
<p>${t('export_made', { date: date(data.madeAt), username: account.username })}</p>
${data.part.of > 1 ? `<p class="note">${t('export_part', { part: data.part.number, parts: data.part.of })}</p>` : ''}
<p class="note">${t('export_offline')}</p>
<section>
<h2>${t('export_about_title')}</h2>
<ul>
<li>${t('export_about_original')}</li>
<li>${t('export_about_shown')}</li>
<li>${t('export_about_json')}</li>
</ul>
</section>
<section>
<h2>${t('export_account_title')}</h2>
<table>
${row(t('export_username'), `<span dir="auto">${e(account.username)}</span>`)}
${row(t('export_display_name'), account.displayName ? `<span dir="auto">${e(account.displayName)}</span>` : '—')}
${row(t('export_language'), t(`language_name_${locale}`))}
${row(t('export_created'), e(date(account.createdAt)))}
${row(t('export_roles'), roles.length ? `<ul>${roles.join('')}</ul>` : t('export_none'))}
</table>
</section>
<section>
<h2>${t('export_stories_title')}</h2>
${data.stories.length ? data.stories.map(storyHtml).join('\n') : `<p>${t('export_no_stories')}</p>`}
</section>
<section>
<h2>${t('export_notices_title')}</h2>
${notices.length ? `<ul>${notices.join('')}</ul>` : `<p>${t('export_no_notices')}</p>`}
</section>
</main>
</body>
</html>
`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #1a1a1a; background: #fff; }
main { max-inline-size: 50rem; margin-inline: auto; padding: 1rem; }
h1, h2, h3, h4 { line-height: 1.25; }
h2 { border-block-end: 2px solid #444; padding-block-end: 0.25rem; margin-block-start: 2rem; }
.story { border-block-start: 1px solid #999; padding-block: 1rem; }
.note { background: #fff4d6; padding: 0.5rem 0.75rem; border-inline-start: 4px solid #8a6d00; }
table { border-collapse: collapse; inline-size: 100%; margin-block: 0.5rem; }
th, td { text-align: start; vertical-align: top; padding: 0.25rem 0.5rem; border: 1px solid #bbb; }
.consents { display: block; overflow-x: auto; }
img { max-inline-size: 100%; block-size: auto; display: block; }
figure { margin: 1rem 0; }
dt { font-weight: bold; }
dd { margin-inline-start: 1rem; }
a { color: #0645ad; }
`;
