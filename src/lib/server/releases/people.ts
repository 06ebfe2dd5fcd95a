// Reading the people marked in photos (docs/releases.md): one statement for any set of photos.
import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { photoPeople } from '../db/schema';
import type { MarkedPerson } from './variants';

/** Rows grouped by their photo, in the order read, without the photo's id. */
function byPhoto<T extends { photoId: string }>(rows: T[]): Map<string, Omit<T, 'photoId'>[]> {
	const grouped = new Map<string, Omit<T, 'photoId'>[]>();
	for (const { photoId, ...person } of rows) {
		const list = grouped.get(photoId) ?? [];
		list.push(person);
		grouped.set(photoId, list);
	}
	return grouped;
}

export async function readPeople(
	ex: Executor,
	photoIds: readonly string[]
): Promise<Map<string, MarkedPerson[]>> {
	if (photoIds.length === 0) return new Map();
	const rows = await ex
		.select({
			id: photoPeople.id,
			photoId: photoPeople.photoId,
			region: photoPeople.region,
			style: photoPeople.style,
			state: photoPeople.state,
			audiences: photoPeople.audiences
		})
		.from(photoPeople)
		.where(inArray(photoPeople.photoId, [...new Set(photoIds)]));
	return byPhoto(rows);
}

/** A marked person and their release as the photo's owner may know it: all but the link's hash. */
export type OwnersPerson = Omit<typeof photoPeople.$inferSelect, 'tokenHash' | 'photoId'>;

/**
 * The people marked in the owner's photos, with their releases, in the order of the photo's
 * page ("Person 1", …): for "Download my data". Never the hash of the release link, which
 * stays on the server. The caller holds the photos through the gate as their owner.
 */
export async function readOwnersPeople(
	ex: Executor,
	photoIds: readonly string[]
): Promise<Map<string, OwnersPerson[]>> {
	if (photoIds.length === 0) return new Map();
	const rows = await ex
		.select({
			id: photoPeople.id,
			photoId: photoPeople.photoId,
			region: photoPeople.region,
			style: photoPeople.style,
			who: photoPeople.who,
			state: photoPeople.state,
			audiences: photoPeople.audiences,
			locale: photoPeople.locale,
			signer: photoPeople.signer,
			words: photoPeople.words,
			askedAt: photoPeople.askedAt,
			decidedAt: photoPeople.decidedAt,
			createdAt: photoPeople.createdAt
		})
		.from(photoPeople)
		.where(inArray(photoPeople.photoId, [...new Set(photoIds)]))
		.orderBy(asc(photoPeople.createdAt), asc(photoPeople.id));
	return byPhoto(rows);
}
