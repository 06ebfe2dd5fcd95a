// What "Download my data" holds: everything of the person's own, read through the access gate
// as its owner (docs/consent.md, "Ownership outlives membership": a login is enough, whatever
// role they hold now), and nothing of anyone else's — no other person's story, no curator's
// name or internal note beyond the words a curator wrote to them with a request.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import {
	initiatives,
	notices,
	users,
	type Attribution,
	type Audience,
	type ReleaseSigner,
	type ReleaseState
} from '../db/schema';
import {
	OWNER,
	listAllOwnStories,
	readDerivative,
	readDerivativesOf,
	readPhotos,
	type OwnedStory,
	type PhotoRow
} from '../access';
import { consentHistory, placementsOfOwner, recordExpiries } from '../consent';
import { listMemberships } from '../people';
import { listRoleTags } from '../initiatives/role-tags';
import { listThemes, listWorkingGroups } from '../initiatives';
import { mediaStorage } from '../media/photos';
import { SHOWED_STEPS } from '../stories';
import { noteOf, pendingSuggestion } from '../stories/content-notes';
import { readOwnersPeople, type OwnersPerson } from '../releases/people';
import type { ContentNote } from '../../content-note';
import type { Framing, Rect, RedactionStyle } from '../../framing';
import { normalizeStricter, type Stricter } from '../../stricter';
import type { Locale, LocalizedText } from '../../localized';
import type { Role } from '../../roles';

/** Whose data: a logged-in person, through the gate as the owner. */
export type Person = { id: string; isAdmin: boolean };

/** The shape of data.json; a change that a reader would notice gets a new version. */
// Version 2: the guide's answers are kept per photo (photos[].guideAnswers); a story's own
// guideAnswers hold only those given before that, while it had no photo (docs/guide.md).
// Fields added since without a new version, because nothing a version 2 reader knows changed
// meaning: stories[].contentNote and contentNoteSuggestion, photos[].people.
export const FORMAT = { name: 'photovoice-personal-data', version: 2 } as const;

export interface ExportFile {
	/** The path inside the zip (ASCII, from numbers only). */
	path: string;
	storageKey: string;
	bytes: number;
}

export interface PhotoFileInfo {
	file: string;
	width: number;
	height: number;
	/** The file was not found in storage when the download was made (docs/media.md). */
	missing: boolean;
}

export type GuideAnswers = Partial<Record<(typeof SHOWED_STEPS)[number], string>>;

/** The answers given, trimmed, in the order of the questions. */
function guideAnswersOf(showed: GuideAnswers): GuideAnswers {
	const answers: GuideAnswers = {};
	for (const step of SHOWED_STEPS) {
		const answer = showed[step]?.trim();
		if (answer) answers[step] = answer;
	}
	return answers;
}

/** A person the participant marked in a photo, and that person's release (docs/releases.md). */
export interface ExportedPerson {
	/** As on the photo's page: "Person 1", "Person 2", … */
	number: number;
	/** Fractions of the photo after it is turned upright and turned as framed (framing.ts). */
	region: Rect;
	/** How the person is hidden wherever their release does not reach. */
	style: RedactionStyle;
	/** Who it is, in the participant's own words: never shown to anyone else. */
	who: string;
	release: {
		state: ReleaseState;
		/** The audiences the release link asks for ([] before one is asked). */
		audiencesAsked: Audience[];
		/** The audiences that may see the person now: those asked for, once agreed; else []. */
		audiencesAgreed: Audience[];
		/** Who answered: the person, or a parent or guardian; null before an answer. */
		signer: ReleaseSigner | null;
		/** The language the release page opens in; null before a link is made. */
		language: Locale | null;
		askedAt: string | null;
		/** When they agreed or declined, or, for a withdrawn release, when they withdrew. */
		decidedAt: string | null;
		/** The exact words the person agreed to, as shown to them; null when they agreed to none. */
		words: string | null;
	};
}

export interface ExportedPhoto {
	number: number;
	caption: string;
	altText: string;
	createdAt: string;
	updatedAt: string;
	framing: Framing;
	/**
	 * Stricter framing for wider audiences (docs/releases.md): for partners, for the public, a
	 * closer crop and more hidden areas, each adding to the narrower audience's. {} for none.
	 */
	stricterFraming: Stricter;
	/** The person's answers to the guiding questions (SHOWeD) about this photo. */
	guideAnswers: GuideAnswers;
	/** The master: the person's own upload, upright, in sRGB, without any metadata. */
	original: PhotoFileInfo;
	/** The framed photo as audiences see it (crop, turn and blurring burnt in). */
	shown: (PhotoFileInfo & { format: 'jpeg' | 'webp' }) | null;
	/** The people marked in it; in the files of this download they are not hidden. */
	people: ExportedPerson[];
}

export interface ExportedPlacement {
	exhibition: {
		title: LocalizedText;
		audience: Audience;
		status: string;
		endsAt: string | null;
	};
	requestedAt: string;
	status: string;
	size: string;
	/** What the curator wrote to the person with the request (shown on their request page). */
	noteToYou: string;
	decidedAt: string | null;
	consentEndsAt: string | null;
	approved: {
		audience: Audience | null;
		workingGroups: LocalizedText[];
		themes: LocalizedText[];
		size: string | null;
		photos: number[];
		attribution: Attribution;
		pseudonym: string;
	} | null;
}

export interface ExportedConsentEvent {
	at: string;
	kind: string;
	/** Who acted: the person, someone else (a curator asking again, an admin), or nobody. */
	by: 'you' | 'someone_else' | 'automatic';
	exhibitionTitle: LocalizedText | null;
	audience: Audience | null;
	/** The exact words shown to the person when they decided, in the language shown. */
	words: string;
	wordsLanguage: Locale | null;
	terms: {
		title: LocalizedText;
		audience: Audience;
		workingGroups: LocalizedText[];
		themes: LocalizedText[];
		size: string;
		endsAt: string | null;
		photos: (number | null)[];
		ownName: string;
	} | null;
	/** The terms as stored, with their SHA-256 digest (docs/consent.md, "The terms"). */
	record: { terms: unknown; termsDigest: string | null; details: unknown };
}

export interface ExportedStory {
	number: number;
	folder: string;
	initiative: LocalizedText;
	title: string;
	narrative: string;
	language: Locale;
	status: string;
	createdAt: string;
	updatedAt: string;
	finishedAt: string | null;
	sharedWithCuratorsSince: string | null;
	attribution: Attribution;
	pseudonym: string;
	roleTags: LocalizedText[];
	ownTags: string[];
	/** The content note visitors see first (docs/content-notes.md); null: none. */
	contentNote: ContentNote | null;
	/** A curator's suggestion of a note, waiting for the person's answer; null: none. */
	contentNoteSuggestion: (ContentNote & { suggestedAt: string }) | null;
	/** Answers given before the guide asked per photo, while the story had no photo yet. */
	guideAnswers: GuideAnswers;
	photos: ExportedPhoto[];
	placements: ExportedPlacement[];
	consentEvents: ExportedConsentEvent[];
}

export interface PersonalData {
	format: typeof FORMAT;
	madeAt: string;
	language: Locale;
	part: { number: number; of: number };
	account: {
		username: string;
		displayName: string | null;
		createdAt: string;
		isAdmin: boolean;
		roles: { role: Role; initiative: LocalizedText; initiativeArchived: boolean }[];
	};
	stories: ExportedStory[];
	notices: {
		kind: string;
		initiative: LocalizedText | null;
		createdAt: string;
		readAt: string | null;
		details: unknown;
	}[];
	/** How working groups answered the stories: the platform records none yet. */
	responses: [];
}

export interface Collected {
	data: Omit<PersonalData, 'part'>;
	/** The photo files of each story, by story number. */
	files: Map<number, ExportFile[]>;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const pad = (n: number) => String(n).padStart(2, '0');

async function sizeOf(key: string): Promise<number | null> {
	return (await mediaStorage().stat(key))?.size ?? null;
}

/** The largest derivative audiences get, as the owner may fetch it through the gate. */
async function shownFile(db: Db, viewer: Person, photo: PhotoRow) {
	const derivatives = await readDerivativesOf(db, [photo]);
	const pick = (kind: 'jpeg' | 'webp') =>
		derivatives.filter((d) => d.kind === kind).sort((a, b) => b.width - a.width)[0];
	const best = pick('jpeg') ?? pick('webp');
	if (!best) return undefined;
	const kind = best.kind as 'jpeg' | 'webp';
	const row = await readDerivative(
		db,
		viewer,
		{ photoId: photo.id, version: photo.version, kind, width: best.width },
		OWNER
	);
	return row ? { row, kind, width: best.width, height: best.height } : undefined;
}

async function namesIn(db: Db, initiativeIds: string[]) {
	const groups = new Map<string, LocalizedText>();
	const themes = new Map<string, LocalizedText>();
	for (const initiativeId of initiativeIds) {
		const rows = await listWorkingGroups(db, initiativeId, { includeArchived: true });
		for (const g of rows) groups.set(g.id, g.title);
		const themeRows = await listThemes(
			db,
			rows.map((g) => g.id),
			{ includeArchived: true }
		);
		for (const t of themeRows) themes.set(t.id, t.title);
	}
	return { groups, themes };
}

const folderOf = (number: number) => `stories/${pad(number)}`;

/** A story's photos as the owner sees them, and the files of each: original and shown. */
async function storyFiles(db: Db, viewer: Person, story: OwnedStory, number: number) {
	const folder = folderOf(number);
	const photoRows = await readPhotos(db, viewer, story.id, OWNER);
	const files: ExportFile[] = [];
	const photos: Omit<ExportedPhoto, 'people'>[] = [];
	for (const [i, photo] of photoRows.entries()) {
		const n = i + 1;
		const originalPath = `${folder}/photo-${pad(n)}-original.jpg`;
		const originalBytes = await sizeOf(photo.masterKey);
		if (originalBytes !== null)
			files.push({ path: originalPath, storageKey: photo.masterKey, bytes: originalBytes });
		const shown = await shownFile(db, viewer, photo);
		let shownInfo: ExportedPhoto['shown'] = null;
		if (shown) {
			const path = `${folder}/photo-${pad(n)}-shown.${shown.kind === 'jpeg' ? 'jpg' : 'webp'}`;
			const bytes = await sizeOf(shown.row.storageKey);
			if (bytes !== null) files.push({ path, storageKey: shown.row.storageKey, bytes });
			shownInfo = {
				file: path,
				width: shown.width,
				height: shown.height,
				format: shown.kind,
				missing: bytes === null
			};
		}
		photos.push({
			number: n,
			caption: photo.caption,
			altText: photo.altText,
			createdAt: iso(photo.createdAt)!,
			updatedAt: iso(photo.updatedAt)!,
			framing: photo.framing,
			stricterFraming: normalizeStricter(photo.stricter),
			guideAnswers: guideAnswersOf(photo.showed),
			original: {
				file: originalPath,
				width: photo.masterWidth,
				height: photo.masterHeight,
				missing: originalBytes === null
			},
			shown: shownInfo
		});
	}
	return { photoRows, files, photos };
}

/** For the page, without writing anything: how much there is, and in how many parts. */
export async function exportPlan(db: Db, viewer: Person, maxPartBytes: number) {
	const own = await listAllOwnStories(db, viewer);
	const sizes: { number: number; bytes: number }[] = [];
	let photoCount = 0;
	for (const [i, story] of own.entries()) {
		const { files, photos } = await storyFiles(db, viewer, story, i + 1);
		photoCount += photos.length;
		sizes.push({ number: i + 1, bytes: files.reduce((sum, f) => sum + f.bytes, 0) });
	}
	return {
		stories: own.length,
		photos: photoCount,
		bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
		parts: splitIntoParts(sizes, maxPartBytes).length
	};
}

function personOf(person: OwnersPerson, i: number): ExportedPerson {
	return {
		number: i + 1,
		region: person.region,
		style: person.style,
		who: person.who,
		release: {
			state: person.state,
			audiencesAsked: person.audiences,
			audiencesAgreed: person.state === 'agreed' ? person.audiences : [],
			signer: person.signer,
			language: person.state === 'none' ? null : person.locale,
			askedAt: iso(person.askedAt),
			decidedAt: iso(person.decidedAt),
			words: person.words || null
		}
	};
}

async function collectStory(
	db: Db,
	viewer: Person,
	story: OwnedStory,
	number: number,
	lookups: {
		initiatives: Map<string, LocalizedText>;
		groups: Map<string, LocalizedText>;
		themes: Map<string, LocalizedText>;
		roleTags: Map<string, LocalizedText>;
	}
): Promise<{ story: ExportedStory; files: ExportFile[] }> {
	const [{ photoRows, files, photos }, placementRows, events, suggestion] = await Promise.all([
		storyFiles(db, viewer, story, number),
		placementsOfOwner(db, story),
		consentHistory(db, [story.id]),
		pendingSuggestion(db, story)
	]);
	const folder = folderOf(number);
	const people = await readOwnersPeople(
		db,
		photoRows.map((p) => p.id)
	);
	const photoNumber = new Map(photoRows.map((p, i) => [p.id, i + 1]));
	const names = (ids: string[], from: Map<string, LocalizedText>) =>
		ids.map((id) => from.get(id)).filter((t): t is LocalizedText => t !== undefined);
	const placements: ExportedPlacement[] = placementRows.map(({ placement, exhibition }) => ({
		exhibition: {
			title: exhibition.title,
			audience: exhibition.audience,
			status: exhibition.status,
			endsAt: iso(exhibition.endsAt)
		},
		requestedAt: iso(placement.createdAt)!,
		status: placement.status,
		size: placement.size,
		noteToYou: placement.note,
		decidedAt: iso(placement.decidedAt),
		consentEndsAt: iso(placement.consentExpiresAt),
		approved:
			placement.decidedAt && placement.approvedAudience
				? {
						audience: placement.approvedAudience,
						workingGroups: names(placement.approvedWorkingGroupIds, lookups.groups),
						themes: names(placement.approvedThemeIds, lookups.themes),
						size: placement.approvedSize,
						photos: placement.photoIds
							.map((id) => photoNumber.get(id))
							.filter((n): n is number => n !== undefined),
						attribution: placement.attribution,
						pseudonym: placement.pseudonym
					}
				: null
	}));
	const consentEvents: ExportedConsentEvent[] = events.map((e) => ({
		at: iso(e.at)!,
		kind: e.kind,
		by: e.actorId === null ? 'automatic' : e.actorId === viewer.id ? 'you' : 'someone_else',
		exhibitionTitle: e.exhibitionTitle,
		audience: e.audience,
		words: e.text,
		wordsLanguage: e.locale,
		terms: e.terms
			? {
					title: e.terms.title,
					audience: e.terms.audience,
					workingGroups: names(e.terms.workingGroupIds, lookups.groups),
					themes: names(e.terms.themeIds, lookups.themes),
					size: e.terms.size,
					endsAt: e.terms.endsAt === null ? null : new Date(e.terms.endsAt).toISOString(),
					photos: e.terms.photos.map((p) => photoNumber.get(p.id) ?? null),
					ownName: e.terms.ownName
				}
			: null,
		record: { terms: e.terms, termsDigest: e.termsDigest, details: e.details }
	}));
	const guideAnswers = guideAnswersOf(story.showed);
	return {
		files,
		story: {
			number,
			folder,
			initiative: lookups.initiatives.get(story.initiativeId) ?? {},
			title: story.title,
			narrative: story.narrative,
			language: story.language,
			status: story.status,
			createdAt: iso(story.createdAt)!,
			updatedAt: iso(story.updatedAt)!,
			finishedAt: iso(story.finishedAt),
			sharedWithCuratorsSince: iso(story.sharedAt),
			attribution: story.attribution,
			pseudonym: story.pseudonym,
			roleTags: story.roleTagIds
				.map((id) => lookups.roleTags.get(id))
				.filter((t): t is LocalizedText => t !== undefined),
			ownTags: story.freeTags,
			contentNote: noteOf(story),
			contentNoteSuggestion: suggestion && {
				kinds: suggestion.kinds,
				words: suggestion.words,
				suggestedAt: iso(suggestion.createdAt)!
			},
			guideAnswers,
			photos: photos.map((photo, i) => ({
				...photo,
				people: (people.get(photoRows[i]!.id) ?? []).map(personOf)
			})),
			placements,
			consentEvents
		}
	};
}

/** Everything of the person's own, with the photo files to put beside it. */
export async function collectPersonalData(
	db: Db,
	viewer: Person,
	locale: Locale,
	now = new Date()
): Promise<Collected> {
	const [account] = await db
		.select({
			username: users.username,
			displayName: users.displayName,
			createdAt: users.createdAt,
			isAdmin: users.isAdmin
		})
		.from(users)
		.where(eq(users.id, viewer.id));
	if (!account) throw new Error('No such account');
	const own = await listAllOwnStories(db, viewer);
	// Consents that ran out are written down first, as My stories does, so the history is whole.
	await recordExpiries(
		db,
		own.map((s) => s.id),
		now
	);
	const initiativeIds = [...new Set(own.map((s) => s.initiativeId))];
	const [memberships, noticeRows, initiativeRows, names] = await Promise.all([
		listMemberships(db, viewer.id),
		db
			.select({
				kind: notices.kind,
				initiativeTitle: initiatives.title,
				createdAt: notices.createdAt,
				readAt: notices.readAt,
				details: notices.details
			})
			.from(notices)
			.leftJoin(initiatives, eq(initiatives.id, notices.initiativeId))
			.where(and(eq(notices.userId, viewer.id)))
			.orderBy(asc(notices.createdAt)),
		Promise.all(
			initiativeIds.map(async (id) => {
				const [row] = await db
					.select({ id: initiatives.id, title: initiatives.title })
					.from(initiatives)
					.where(eq(initiatives.id, id));
				return row;
			})
		),
		namesIn(db, initiativeIds)
	]);
	const roleTags = new Map<string, LocalizedText>();
	for (const id of initiativeIds)
		for (const tag of await listRoleTags(db, id, { includeArchived: true }))
			roleTags.set(tag.id, tag.label);
	const lookups = {
		initiatives: new Map(initiativeRows.filter((r) => r !== undefined).map((r) => [r.id, r.title])),
		...names,
		roleTags
	};
	const files = new Map<number, ExportFile[]>();
	const stories: ExportedStory[] = [];
	for (const [i, story] of own.entries()) {
		const collected = await collectStory(db, viewer, story, i + 1, lookups);
		stories.push(collected.story);
		files.set(collected.story.number, collected.files);
	}
	return {
		files,
		data: {
			format: FORMAT,
			madeAt: now.toISOString(),
			language: locale,
			account: {
				username: account.username,
				displayName: account.displayName,
				createdAt: account.createdAt.toISOString(),
				isAdmin: account.isAdmin,
				roles: memberships.map((ms) => ({
					role: ms.role,
					initiative: ms.initiativeTitle,
					initiativeArchived: ms.initiativeArchivedAt !== null
				}))
			},
			stories,
			notices: noticeRows.map((n) => ({
				kind: n.kind,
				initiative: n.initiativeTitle,
				createdAt: n.createdAt.toISOString(),
				readAt: iso(n.readAt),
				details: n.details
			})),
			responses: []
		}
	};
}

/** Headroom for the zip's own headers and the texts, beside the photos' bytes. */
const TEXT_ALLOWANCE = 64 * 1024 * 1024;

/**
 * Stories (by number, with the bytes of their photos) split into parts whose photos fit in
 * `maxBytes` each (a zip without ZIP64 holds at most 4 GiB, and FAT-formatted memory cards
 * refuse files of 4 GiB); a story is never split. Most people get one part.
 */
export function splitIntoParts(
	stories: { number: number; bytes: number }[],
	maxBytes: number
): number[][] {
	const parts: number[][] = [];
	let current: number[] = [];
	let size = 0;
	const room = Math.max(1, maxBytes - Math.min(TEXT_ALLOWANCE, maxBytes / 2));
	for (const story of stories) {
		if (current.length > 0 && size + story.bytes > room) {
			parts.push(current);
			current = [];
			size = 0;
		}
		current.push(story.number);
		size += story.bytes;
	}
	parts.push(current);
	return parts;
}
