// The terms of a placement request as they stand now (docs/consent.md, "The terms"): the
// request page shows them and carries them with its form, and an approval is taken only when
// the terms it was shown are still the terms — otherwise the participant is shown what
// changed and asked again.
import { asc, eq } from 'drizzle-orm';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';
import type { Executor } from '../db';
import {
	exhibitionWorkingGroups,
	exhibitions,
	photos,
	placementThemes,
	placements,
	stories,
	users
} from '../db/schema';
import { canonicalTerms, type PlacementTerms } from '../../consent-terms';

export type { PlacementTerms };

export function termsDigest(terms: PlacementTerms): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalTerms(terms))));
}

/** The terms of this placement now, or undefined when it (or its exhibition) is gone. */
export async function currentTerms(
	ex: Executor,
	placementId: string
): Promise<PlacementTerms | undefined> {
	const [row] = await ex
		.select({ placement: placements, exhibition: exhibitions })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(eq(placements.id, placementId));
	if (!row) return undefined;
	const { placement, exhibition } = row;
	const [groups, themeRows, photoRows, owner] = await Promise.all([
		ex
			.select({ id: exhibitionWorkingGroups.workingGroupId })
			.from(exhibitionWorkingGroups)
			.where(eq(exhibitionWorkingGroups.exhibitionId, exhibition.id)),
		ex
			.select({ id: placementThemes.themeId })
			.from(placementThemes)
			.where(eq(placementThemes.placementId, placement.id)),
		ex
			.select({ id: photos.id, version: photos.version })
			.from(photos)
			.where(eq(photos.storyId, placement.storyId))
			.orderBy(asc(photos.position)),
		ex
			.select({ displayName: users.displayName, username: users.username })
			.from(users)
			.innerJoin(stories, eq(stories.ownerId, users.id))
			.where(eq(stories.id, placement.storyId))
	]);
	return {
		v: 1,
		exhibitionId: exhibition.id,
		placementId: placement.id,
		title: exhibition.title,
		audience: exhibition.audience,
		workingGroupIds: exhibition.audience === 'working_group' ? groups.map((g) => g.id).sort() : [],
		themeIds: themeRows.map((t) => t.id).sort(),
		sectionId: placement.sectionId,
		size: placement.size,
		endsAt: exhibition.endsAt ? exhibition.endsAt.getTime() : null,
		photos: photoRows,
		ownName: owner[0]?.displayName || owner[0]?.username || ''
	};
}

/** The terms as a request page shows them now, with their digest (what its form carries). */
export async function showTerms(
	ex: Executor,
	placementId: string
): Promise<{ terms: PlacementTerms; digest: string } | undefined> {
	const terms = await currentTerms(ex, placementId);
	return terms && { terms, digest: termsDigest(terms) };
}
