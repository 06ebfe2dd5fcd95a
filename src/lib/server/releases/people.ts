// Reading the people marked in photos (docs/releases.md): one statement for any set of photos.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { photoPeople } from '../db/schema';
import type { MarkedPerson } from './variants';

export async function readPeople(
	ex: Executor,
	photoIds: readonly string[]
): Promise<Map<string, MarkedPerson[]>> {
	const byPhoto = new Map<string, MarkedPerson[]>();
	if (photoIds.length === 0) return byPhoto;
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
	for (const { photoId, ...person } of rows) {
		const list = byPhoto.get(photoId) ?? [];
		list.push(person);
		byPhoto.set(photoId, list);
	}
	return byPhoto;
}
