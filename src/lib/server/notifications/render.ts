// Notifications are drawn when they are looked at, in the recipient's language of the moment,
// from the event's kind and parameters (docs/notifications.md). The names in them are looked up
// here, for a whole page at once: one statement per kind of name (exhibitions, working groups,
// initiatives) and the gate's for story titles. A story is named only to its owner or to a
// curator of its initiative while it is in their pool, through the gate; otherwise — withdrawn,
// deleted, not theirs to see — it is "a story". Nothing here says who viewed a story.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { exhibitions, initiatives, workingGroups, RESPONSE_STATUSES } from '../db/schema';
import { ROLES } from '$lib/roles';
import { nameableStoryTitles, type Viewer } from '../access';
import { m } from '$lib/paraglide/messages';
import { pickText, type Locale, type LocalizedText } from '$lib/localized';
import { formatDate } from '$lib/i18n';
import type { NotificationRow } from '.';

/** A piece of a notification's text: the message's own words, or a name in its own language. */
export interface Part {
	text: string;
	lang?: Locale;
	dir?: 'rtl' | 'ltr';
}

export interface RenderedNotification {
	id: string;
	kind: NotificationRow['kind'];
	createdAt: Date;
	read: boolean;
	/** The whole text, as one string. */
	text: string;
	/** The same text in pieces, so that each name can carry its own lang and dir. */
	parts: Part[];
	href: string;
}

type Row = Pick<
	NotificationRow,
	'id' | 'kind' | 'params' | 'initiativeId' | 'createdAt' | 'readAt'
>;

const ID = /^[a-z2-7]{16}$/;
const idParam = (row: Pick<Row, 'params'>, name: string): string | null => {
	const value = row.params[name];
	return typeof value === 'string' && ID.test(value) ? value : null;
};

/**
 * Where a notification leads: the page of the thing it tells of (URLs in docs/notifications.md).
 * A link into the curators' pool is given only for a story the viewer may still see there
 * (`seen`: the stories nameableStoryTitles returned for them); otherwise it would be a 404.
 */
export function notificationHref(
	row: Pick<Row, 'kind' | 'params' | 'initiativeId'>,
	seen: { has(storyId: string): boolean } = new Set<string>()
): string {
	const initiative = row.initiativeId && ID.test(row.initiativeId) ? row.initiativeId : null;
	const placement = idParam(row, 'placementId');
	const exhibition = idParam(row, 'exhibitionId');
	const story = idParam(row, 'storyId');
	const response = idParam(row, 'responseId');
	switch (row.kind) {
		case 'placement_requested':
		case 'placement_changed':
		case 'consent_expiring':
			return placement ? `/me/requests/${placement}` : '/me';
		case 'placement_approved':
		case 'placement_declined':
		case 'placement_withdrawn':
			return initiative && exhibition ? `/curate/${initiative}/exhibitions/${exhibition}` : '/me';
		case 'response_recorded':
		case 'response_updated':
			if (!initiative) return '/me';
			return story
				? `/participate/${initiative}/stories/${story}/responses`
				: `/participate/${initiative}`;
		case 'response_answered':
			return initiative && response ? `/partner/${initiative}/responses/${response}` : '/me';
		case 'reflection_to_moderate':
			return initiative ? `/curate/${initiative}/reflections` : '/me';
		case 'reflection_approved':
			return initiative && story
				? `/participate/${initiative}/stories/${story}/reflections`
				: '/me';
		case 'content_note_suggested':
			return initiative && story
				? `/participate/${initiative}/stories/${story}#content-note`
				: '/me';
		case 'content_note_answered':
			return initiative && story && seen.has(story) ? `/curate/${initiative}/pool/${story}` : '/me';
		case 'release_answered': {
			const photo = idParam(row, 'photoId');
			return initiative && story && photo
				? `/participate/${initiative}/stories/${story}/photos/${photo}#people`
				: '/me';
		}
		case 'account_event':
			return String(row.params.event ?? '').startsWith('membership_') ? '/me' : '/account';
	}
}

interface Names {
	exhibitions: Map<string, LocalizedText>;
	groups: Map<string, LocalizedText>;
	initiatives: Map<string, LocalizedText>;
	stories: Map<string, { title: string; language: Locale }>;
}

/** Every name a page of notifications needs, in a constant number of statements. */
async function namesFor(ex: Executor, viewer: Viewer, rows: Row[]): Promise<Names> {
	const ids = (name: string) => [...new Set(rows.flatMap((r) => idParam(r, name) ?? []))];
	const exhibitionIds = ids('exhibitionId');
	const groupIds = ids('workingGroupId');
	const initiativeIds = [
		...new Set(rows.filter((r) => r.kind === 'account_event').flatMap((r) => r.initiativeId ?? []))
	];
	const [e, g, i, stories] = await Promise.all([
		exhibitionIds.length
			? ex
					.select({ id: exhibitions.id, title: exhibitions.title })
					.from(exhibitions)
					.where(inArray(exhibitions.id, exhibitionIds))
			: [],
		groupIds.length
			? ex
					.select({ id: workingGroups.id, title: workingGroups.title })
					.from(workingGroups)
					.where(inArray(workingGroups.id, groupIds))
			: [],
		initiativeIds.length
			? ex
					.select({ id: initiatives.id, title: initiatives.title })
					.from(initiatives)
					.where(inArray(initiatives.id, initiativeIds))
			: [],
		nameableStoryTitles(ex, viewer, ids('storyId'))
	]);
	const byId = (list: { id: string; title: LocalizedText }[]) =>
		new Map(list.map((x) => [x.id, x.title]));
	return { exhibitions: byId(e), groups: byId(g), initiatives: byId(i), stories };
}

// A name is put into a message as a marker, so that the text can afterwards be cut into the
// message's words and the names (each shown with its own dir). Markers cannot occur in names:
// user text is cleaned of control characters (src/lib/server/text.ts).
const MARK = '\u0001';
const marker = (n: number) => `${MARK}${n}${MARK}`;

/** Draws one notification. `names` come from namesFor; `options.locale` is the reader's. */
function draw(
	row: Row,
	names: Names,
	options: { locale: Locale; timeZone: string }
): { text: string; parts: Part[] } {
	const { locale } = options;
	const o = { locale };
	const inserted: Part[] = [];
	const name = (text: LocalizedText | null | undefined): string | null => {
		const picked = pickText(text, locale);
		if (!picked.text) return null;
		inserted.push({ text: picked.text, lang: picked.lang, dir: picked.dir });
		return marker(inserted.length - 1);
	};
	const storyId = idParam(row, 'storyId');
	const titled = storyId ? names.stories.get(storyId) : undefined;
	const storyName = titled?.title.trim()
		? name({ [titled.language]: titled.title } as LocalizedText)
		: null;
	// Curators are told of "the story", everyone else of "your story" (they own it).
	const toCurators =
		row.kind === 'placement_approved' ||
		row.kind === 'placement_declined' ||
		row.kind === 'content_note_answered';
	const story = toCurators
		? storyName
			? m.notif_story_titled({ title: storyName }, o)
			: m.notif_story_untitled({}, o)
		: storyName
			? m.notif_your_story_titled({ title: storyName }, o)
			: m.notif_your_story_untitled({}, o);
	const exhibitionId = idParam(row, 'exhibitionId');
	const exhibitionName = exhibitionId ? name(names.exhibitions.get(exhibitionId)) : null;
	const exhibition = exhibitionName
		? m.notif_named({ title: exhibitionName }, o)
		: m.notif_exhibition_gone({}, o);
	const groupId = idParam(row, 'workingGroupId');
	const groupName = groupId ? name(names.groups.get(groupId)) : null;
	const group = groupName ? m.notif_named({ title: groupName }, o) : m.notif_group_gone({}, o);

	let text: string;
	switch (row.kind) {
		case 'placement_requested':
			text = m.notif_placement_requested({ story, exhibition }, o);
			break;
		case 'placement_changed':
			text = m.notif_placement_changed({ story, exhibition }, o);
			break;
		case 'placement_approved':
			text = m.notif_placement_approved({ story, exhibition }, o);
			break;
		case 'placement_declined':
			text = m.notif_placement_declined({ story, exhibition }, o);
			break;
		case 'placement_withdrawn':
			// No story, no reason: only that one was withdrawn, and from where.
			text = m.notif_placement_withdrawn({ exhibition }, o);
			break;
		case 'response_recorded':
			text = storyId
				? m.notif_response_recorded_story({ group, story }, o)
				: m.notif_response_recorded_exhibition({ group, exhibition }, o);
			break;
		case 'response_updated': {
			const status = statusText(row.params.status, locale);
			text = storyId
				? m.notif_response_updated_story({ group, story, status }, o)
				: m.notif_response_updated_exhibition({ group, exhibition, status }, o);
			break;
		}
		case 'response_answered':
			text = m.notif_response_answered({ group }, o);
			break;
		case 'reflection_to_moderate':
			text = m.notif_reflection_to_moderate({ exhibition }, o);
			break;
		case 'reflection_approved':
			text = m.notif_reflection_approved({ story }, o);
			break;
		case 'content_note_suggested':
			text = m.note_notification({ story }, o);
			break;
		case 'content_note_answered':
			text =
				row.params.choice === 'accepted'
					? m.note_answered_accepted({ story }, o)
					: m.note_answered_declined({ story }, o);
			break;
		case 'release_answered':
			text =
				row.params.answer === 'agreed'
					? m.release_notif_agreed({ story }, o)
					: row.params.answer === 'declined'
						? m.release_notif_declined({ story }, o)
						: m.release_notif_withdrawn({ story }, o);
			break;
		case 'consent_expiring': {
			const expiresAt = Number(row.params.expiresAt);
			const days = Number(row.params.daysLeft);
			const date = Number.isFinite(expiresAt)
				? formatDate(expiresAt, locale, options.timeZone)
				: '';
			text =
				days <= 1
					? m.notif_consent_expiring_soon({ story, exhibition, date }, o)
					: m.notif_consent_expiring({ story, exhibition, days, date }, o);
			break;
		}
		case 'account_event':
			text = accountText(row, names, name, locale);
			break;
	}
	return { text: unmark(text, inserted), parts: cut(text, inserted) };
}

function statusText(status: unknown, locale: Locale): string {
	const o = { locale };
	const known = (RESPONSE_STATUSES as readonly unknown[]).includes(status) ? status : null;
	switch (known) {
		case 'noted':
			return m.notif_status_noted({}, o);
		case 'discussed':
			return m.notif_status_discussed({}, o);
		case 'acted_on':
			return m.notif_status_acted_on({}, o);
		case 'not_taken_forward':
			return m.notif_status_not_taken_forward({}, o);
		default:
			return m.notif_status_changed({}, o);
	}
}

function roleText(role: unknown, locale: Locale): string {
	const o = { locale };
	const known = (ROLES as readonly unknown[]).includes(role) ? role : null;
	switch (known) {
		case 'participant':
			return m.role_participant({}, o);
		case 'curator':
			return m.role_curator({}, o);
		case 'partner':
			return m.role_partner({}, o);
		default:
			return m.notif_role_unknown({}, o);
	}
}

function accountText(
	row: Row,
	names: Names,
	name: (text: LocalizedText | null | undefined) => string | null,
	locale: Locale
): string {
	const o = { locale };
	const initiativeName = row.initiativeId ? name(names.initiatives.get(row.initiativeId)) : null;
	const initiative = initiativeName
		? m.notif_named({ title: initiativeName }, o)
		: m.notif_initiative_gone({}, o);
	const role = roleText(row.params.role, locale);
	switch (row.params.event) {
		case 'password_changed':
			return m.notif_account_password_changed({}, o);
		case 'password_reset_issued':
			return m.notif_account_password_reset_issued({}, o);
		case 'membership_added':
			return m.notif_account_membership_added({ role, initiative }, o);
		case 'membership_removed':
			return m.notif_account_membership_removed({ role, initiative }, o);
		case 'account_enabled':
			return m.notif_account_enabled({}, o);
		default:
			return m.notif_account_other({}, o);
	}
}

function unmark(text: string, inserted: Part[]): string {
	// eslint-disable-next-line no-control-regex -- the marker is a control character on purpose
	return text.replace(/\u0001(\d+)\u0001/g, (_, n: string) => inserted[Number(n)]?.text ?? '');
}

function cut(text: string, inserted: Part[]): Part[] {
	const parts: Part[] = [];
	const pieces = text.split(MARK);
	pieces.forEach((piece, i) => {
		// Odd pieces are marker numbers, even ones the message's own words.
		if (i % 2 === 1) {
			const part = inserted[Number(piece)];
			if (part) parts.push(part);
		} else if (piece) parts.push({ text: piece });
	});
	return parts;
}

/**
 * Draws a page of notifications for the person they belong to, in `locale`. The viewer is the
 * recipient: story titles are looked up through the gate as them.
 */
export async function renderNotifications(
	ex: Executor,
	viewer: NonNullable<Viewer>,
	rows: Row[],
	options: { locale: Locale; timeZone: string }
): Promise<RenderedNotification[]> {
	if (rows.length === 0) return [];
	const names = await namesFor(ex, viewer, rows);
	return rows.map((row) => {
		const drawn = draw(row, names, options);
		return {
			id: row.id,
			kind: row.kind,
			createdAt: row.createdAt,
			read: row.readAt !== null,
			text: drawn.text,
			parts: drawn.parts,
			href: notificationHref(row, names.stories)
		};
	});
}

/** Where one notification leads for the viewer now (the redirect of /notifications/<id>). */
export async function notificationLink(
	ex: Executor,
	viewer: NonNullable<Viewer>,
	row: Pick<Row, 'kind' | 'params' | 'initiativeId'>
): Promise<string> {
	const story = row.kind === 'content_note_answered' ? idParam(row, 'storyId') : null;
	const seen = story ? await nameableStoryTitles(ex, viewer, [story]) : undefined;
	return notificationHref(row, seen);
}
