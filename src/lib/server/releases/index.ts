// Releases from the people shown (docs/releases.md). A participant marks a person in one of
// their photos (a hidden area becomes a marked person: still hidden), describes them in their
// own words (never shown to anyone else), and asks for a release with a one-time link. The
// person agrees or declines on the link's page — a parent or guardian for a minor — and may
// withdraw there at any time. Until a release is agreed for an audience, the person is hidden
// in every file that audience receives; the gate (access/index.ts) picks the variant.
import { and, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import {
	AUDIENCES,
	photoPeople,
	photos,
	stories,
	users,
	type Audience,
	type ReleaseSigner
} from '../db/schema';
import { hashToken, newId, newToken } from '../ids';
import { enqueue } from '../jobs';
import { audit } from '../audit';
import { notify } from '../notifications';
import { rerender, wakeJobs } from '../media/photos';
import type { OwnedStory, PhotoRow } from '../access';
import type { Locale } from '../../localized';
import type { Framing } from '../../framing';
import { readPeople } from './people';

export const MAX_WHO = 200;

/**
 * The audiences a release for `widest` covers: everyone (public) includes the initiative's
 * partners and its working groups; partners include the working groups.
 */
export function audiencesUpTo(widest: Audience): Audience[] {
	const index = AUDIENCES.indexOf(widest);
	return AUDIENCES.slice(index) as Audience[];
}

/** The widest audience of a covered list ('working_group' for an empty one). */
export function widestOf(audiences: readonly Audience[]): Audience {
	return AUDIENCES.find((a) => audiences.includes(a)) ?? 'working_group';
}

export type PersonRow = typeof photoPeople.$inferSelect;

/** The people marked in one of the viewer's own photos (the caller holds the owned photo). */
export async function peopleOfOwnPhoto(ex: Executor, photo: Pick<PhotoRow, 'id'>) {
	return ex
		.select()
		.from(photoPeople)
		.where(eq(photoPeople.photoId, photo.id))
		.orderBy(photoPeople.createdAt, photoPeople.id);
}

const tidyWho = (who: string) => who.replace(/\s+/g, ' ').trim().slice(0, MAX_WHO);

/**
 * Marks the person in the photo's hidden area number `index` (0-based): the area leaves the
 * framing and becomes a marked person, hidden exactly as before for everyone but the owner
 * until a release says otherwise. Renders a new version (docs/releases.md, "Variants").
 */
export async function markPerson(
	db: Db,
	viewerId: string,
	story: OwnedStory,
	photo: PhotoRow,
	index: number,
	who: string
): Promise<string | undefined> {
	const area = photo.framing.redactions[index];
	if (!area) return undefined;
	const people = (await readPeople(db, [photo.id])).get(photo.id) ?? [];
	const id = newId();
	const { style, ...region } = area;
	const framing: Framing = {
		...photo.framing,
		redactions: photo.framing.redactions.filter((_, i) => i !== index)
	};
	await rerender(
		db,
		story,
		photo,
		{ framing, people: [...people, { id, region, style, state: 'none', audiences: [] }] },
		async (tx) => {
			await tx.insert(photoPeople).values({
				id,
				photoId: photo.id,
				region,
				style,
				who: tidyWho(who)
			});
			await audit(tx, {
				actorId: viewerId,
				action: 'person.marked',
				initiativeId: story.initiativeId,
				details: { story: story.id, photo: photo.id, person: id }
			});
		}
	);
	return id;
}

/**
 * Unmarks a person: their region goes back into the framing as a hidden area (hidden for
 * everyone, as before they were marked), and their release, whatever it was, is gone.
 */
export async function unmarkPerson(
	db: Db,
	viewerId: string,
	story: OwnedStory,
	photo: PhotoRow,
	personId: string
): Promise<boolean> {
	const people = (await readPeople(db, [photo.id])).get(photo.id) ?? [];
	const person = people.find((p) => p.id === personId);
	if (!person) return false;
	const framing: Framing = {
		...photo.framing,
		redactions: [...photo.framing.redactions, { ...person.region, style: person.style }]
	};
	await rerender(
		db,
		story,
		photo,
		{ framing, people: people.filter((p) => p.id !== personId) },
		async (tx) => {
			await tx
				.delete(photoPeople)
				.where(and(eq(photoPeople.id, personId), eq(photoPeople.photoId, photo.id)));
			await audit(tx, {
				actorId: viewerId,
				action: 'person.unmarked',
				initiativeId: story.initiativeId,
				details: { story: story.id, photo: photo.id, person: personId }
			});
		}
	);
	return true;
}

/** The participant's own words for who a person is. */
export async function describePerson(ex: Executor, photoId: string, personId: string, who: string) {
	const updated = await ex
		.update(photoPeople)
		.set({ who: tidyWho(who) })
		.where(and(eq(photoPeople.id, personId), eq(photoPeople.photoId, photoId)))
		.returning({ id: photoPeople.id });
	return updated.length > 0;
}

/**
 * A new release link for a marked person: the audiences up to `widest`, the page in `locale`.
 * Any earlier link stops working, and any earlier answer is gone with it (the person is
 * hidden again until they answer the new one). Returns the link's secret, shown once.
 */
export async function askRelease(
	db: Db,
	viewerId: string,
	story: OwnedStory,
	photo: Pick<PhotoRow, 'id'>,
	personId: string,
	ask: { widest: Audience; locale: Locale }
): Promise<string | undefined> {
	const token = newToken();
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ state: photoPeople.state })
			.from(photoPeople)
			.where(and(eq(photoPeople.id, personId), eq(photoPeople.photoId, photo.id)));
		if (!before) return undefined;
		await tx
			.update(photoPeople)
			.set({
				state: 'asked',
				tokenHash: hashToken(token),
				audiences: audiencesUpTo(ask.widest),
				locale: ask.locale,
				signer: null,
				words: '',
				askedAt: new Date(),
				decidedAt: null
			})
			.where(eq(photoPeople.id, personId));
		if (before.state === 'agreed')
			await enqueue(tx, 'render_variants', {
				photoId: photo.id,
				version: await versionOf(tx, photo.id)
			});
		await audit(tx, {
			actorId: viewerId,
			action: 'release.asked',
			initiativeId: story.initiativeId,
			details: { story: story.id, photo: photo.id, person: personId }
		});
		return token;
	});
}

async function versionOf(ex: Executor, photoId: string) {
	const [row] = await ex
		.select({ version: photos.version })
		.from(photos)
		.where(eq(photos.id, photoId));
	return row?.version ?? 0;
}

/** What the release page shows: never the participant's words for who the person is. */
export interface ReleaseRequest {
	personId: string;
	photoId: string;
	version: number;
	state: 'asked' | 'agreed' | 'declined' | 'withdrawn';
	audiences: Audience[];
	locale: Locale;
	signer: ReleaseSigner | null;
	words: string;
	decidedAt: Date | null;
	initiativeId: string;
	width: number;
	height: number;
}

/**
 * The release behind a link, or undefined for an unknown or replaced link, or one whose
 * participant's account is not active (then nobody but its owner sees the photo at all).
 */
export async function releaseByToken(
	ex: Executor,
	token: string
): Promise<ReleaseRequest | undefined> {
	const [row] = await ex
		.select({
			personId: photoPeople.id,
			photoId: photoPeople.photoId,
			state: photoPeople.state,
			audiences: photoPeople.audiences,
			locale: photoPeople.locale,
			signer: photoPeople.signer,
			words: photoPeople.words,
			decidedAt: photoPeople.decidedAt,
			version: photos.version,
			width: photos.width,
			height: photos.height,
			initiativeId: stories.initiativeId,
			ownerDisabledAt: users.disabledAt
		})
		.from(photoPeople)
		.innerJoin(photos, eq(photos.id, photoPeople.photoId))
		.innerJoin(stories, eq(stories.id, photos.storyId))
		.innerJoin(users, eq(users.id, stories.ownerId))
		.where(eq(photoPeople.tokenHash, hashToken(token)));
	if (!row || row.ownerDisabledAt !== null || row.state === 'none') return undefined;
	return {
		personId: row.personId,
		photoId: row.photoId,
		version: row.version,
		state: row.state,
		audiences: row.audiences,
		locale: row.locale,
		signer: row.signer,
		words: row.words,
		decidedAt: row.decidedAt,
		initiativeId: row.initiativeId,
		width: row.width,
		height: row.height
	};
}

export type Decision = 'agree' | 'decline';

/**
 * The person's answer on the link's page: once, while the link is asked. An agreement records
 * who gave it (the person, or a parent or guardian) and the exact words shown; the variants the
 * audiences now need are rendered in the background (until then, the person stays hidden).
 */
export async function decideRelease(
	db: Db,
	token: string,
	answer: { decision: Decision; signer: ReleaseSigner; words: string }
): Promise<boolean> {
	const decided = await db.transaction(async (tx) => {
		const [row] = await tx
			.update(photoPeople)
			.set({
				state: answer.decision === 'agree' ? 'agreed' : 'declined',
				signer: answer.signer,
				words: answer.decision === 'agree' ? answer.words : '',
				decidedAt: new Date()
			})
			.where(and(eq(photoPeople.tokenHash, hashToken(token)), eq(photoPeople.state, 'asked')))
			.returning({ id: photoPeople.id, photoId: photoPeople.photoId });
		if (!row) return false;
		await afterAnswer(tx, row, answer.decision === 'agree' ? 'release.agreed' : 'release.declined');
		return true;
	});
	if (decided) wakeJobs();
	return decided;
}

/** The person withdraws an agreement: hidden again from the very next request. */
export async function withdrawRelease(db: Db, token: string): Promise<boolean> {
	const withdrawn = await db.transaction(async (tx) => {
		const [row] = await tx
			.update(photoPeople)
			.set({ state: 'withdrawn', decidedAt: new Date() })
			.where(and(eq(photoPeople.tokenHash, hashToken(token)), eq(photoPeople.state, 'agreed')))
			.returning({ id: photoPeople.id, photoId: photoPeople.photoId });
		if (!row) return false;
		await afterAnswer(tx, row, 'release.withdrawn');
		return true;
	});
	if (withdrawn) wakeJobs();
	return withdrawn;
}

/** The variants to render, the audit line (ids only) and the participant's notification. */
async function afterAnswer(
	tx: Executor,
	row: { id: string; photoId: string },
	action: 'release.agreed' | 'release.declined' | 'release.withdrawn'
) {
	const [photo] = await tx
		.select({
			version: photos.version,
			storyId: photos.storyId,
			ownerId: stories.ownerId,
			initiativeId: stories.initiativeId
		})
		.from(photos)
		.innerJoin(stories, eq(stories.id, photos.storyId))
		.where(eq(photos.id, row.photoId));
	if (!photo) return;
	await enqueue(tx, 'render_variants', { photoId: row.photoId, version: photo.version });
	await audit(tx, {
		actorId: null,
		action,
		initiativeId: photo.initiativeId,
		details: { story: photo.storyId, photo: row.photoId, person: row.id }
	});
	await notify(tx, {
		userId: photo.ownerId,
		kind: 'release_answered',
		initiativeId: photo.initiativeId,
		params: {
			storyId: photo.storyId,
			photoId: row.photoId,
			answer: action.slice('release.'.length)
		}
	});
}
