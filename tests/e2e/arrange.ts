// Arranging a world for the exhibition tests through the domain modules, as the people in it
// would: a participant writes, illustrates, finishes and shares a story; a curator proposes
// it; the participant approves with their conditions; the curator publishes. Each step checks
// that the domain said yes, so a test never starts from a world it did not mean.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appDb, expect } from './fixtures';
import type { TestUser, World } from '../fixtures/factories';
import { phoneJpeg } from '../fixtures/photos';
import {
	createStory,
	setStoryStatus,
	updatePhotoText,
	updateStoryText
} from '../../src/lib/server/stories';
import { addPhoto } from '../../src/lib/server/media/photos';
import { ownStory } from '../../src/lib/server/access';
import { decidePlacement, shareStory, showTerms } from '../../src/lib/server/consent';
import {
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import { setCover } from '../../src/lib/server/exhibitions/arrange';
import { listRoleTags } from '../../src/lib/server/initiatives/role-tags';
import type { Attribution, PlacementSize } from '../../src/lib/server/db/schema';
import type { Locale } from '../../src/lib/localized';

export interface PhotoSpec {
	width?: number;
	height?: number;
	alt: string;
	caption?: string;
}

export interface SharedStory {
	storyId: string;
	title: string;
	photoIds: string[];
}

/** A finished story with real photos (through the pipeline), shared with the curators. */
export async function sharedStory(
	world: World,
	owner: TestUser,
	opts: {
		title: string;
		language?: Locale;
		narrative?: string;
		/** Default: one 640×480 photo described as "<title>, a photo". */
		photos?: PhotoSpec[];
		/** Role tags by their English label, from the initiative's list. */
		roles?: string[];
		freeTags?: string[];
		attribution?: Attribution;
	}
): Promise<SharedStory> {
	const db = await appDb();
	const language = opts.language ?? 'en';
	const storyId = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: opts.title,
		language
	});
	const own = async () => (await ownStory(db, owner, storyId))!;
	const tmp = join(process.env.E2E_DATA_DIR as string, 'tmp');
	await mkdir(tmp, { recursive: true });
	const photoIds: string[] = [];
	for (const photo of opts.photos ?? [{ alt: `${opts.title}, a photo` }]) {
		const width = photo.width ?? 640;
		const path = join(tmp, `arranged-${randomUUID()}`);
		await writeFile(path, await phoneJpeg(width, photo.height ?? Math.round((width * 3) / 4)));
		try {
			const added = await addPhoto(db, await own(), path);
			await updatePhotoText(db, await own(), added.id, {
				altText: photo.alt,
				caption: photo.caption ?? ''
			});
			photoIds.push(added.id);
		} finally {
			await rm(path, { force: true });
		}
	}
	const tags = opts.roles?.length ? await listRoleTags(db, world.initiativeId) : [];
	await updateStoryText(db, await own(), {
		title: opts.title,
		narrative: opts.narrative ?? `The words of “${opts.title}”.`,
		language,
		roleTagIds: (opts.roles ?? []).map((role) => tags.find((t) => t.label.en === role)!.id),
		freeTags: opts.freeTags ?? [],
		attribution: opts.attribution ?? 'anonymous',
		pseudonym: ''
	});
	await setStoryStatus(db, await own(), 'finished');
	expect(await shareStory(db, await own(), { text: 'I share it.', locale: language })).toBe('ok');
	return { storyId, title: opts.title, photoIds };
}

/** The curator proposes the story for a section of the exhibition; returns the placement. */
export async function propose(
	world: World,
	curatorId: string,
	exhibitionId: string,
	storyId: string,
	opts: { section?: number; size?: PlacementSize; themeIds?: string[] } = {}
): Promise<string> {
	const db = await appDb();
	const exhibition = (await getExhibition(db, world.initiativeId, exhibitionId))!;
	expect(
		await proposePlacement(
			db,
			curatorId,
			exhibition,
			{ id: storyId, sharedAt: new Date(Date.now() - 1000) },
			{
				sectionId: exhibition.sections[opts.section ?? 0]!.id,
				size: opts.size ?? 'medium',
				note: '',
				themeIds: opts.themeIds ?? []
			}
		)
	).toBe('ok');
	return (await getExhibition(db, world.initiativeId, exhibitionId))!.placements.find(
		(p) => p.storyId === storyId
	)!.id;
}

/** The participant approves the placement with these photos and this name. */
export async function approve(
	owner: TestUser,
	storyId: string,
	placementId: string,
	opts: { photoIds: string[]; attribution: Attribution; pseudonym?: string }
) {
	const db = await appDb();
	expect(
		await decidePlacement(
			db,
			(await ownStory(db, owner, storyId))!,
			placementId,
			{
				approve: {
					photoIds: opts.photoIds,
					attribution: opts.attribution,
					pseudonym: opts.pseudonym ?? '',
					expiresAt: null
				},
				shown: (await showTerms(db, placementId))!
			},
			{ text: 'I agree.', locale: 'en' }
		)
	).toBe('ok');
}

/** The curator publishes the exhibition; returns its slug. */
export async function publish(world: World, curatorId: string, exhibitionId: string) {
	const db = await appDb();
	const exhibition = (await getExhibition(db, world.initiativeId, exhibitionId))!;
	await setExhibitionStatus(db, curatorId, exhibition, 'published');
	return exhibition.slug;
}

/** The curator chooses the cover, as the builder does (only an approved photo is taken). */
export async function chooseCover(
	world: World,
	curatorId: string,
	exhibitionId: string,
	photoId: string
) {
	const db = await appDb();
	const exhibition = (await getExhibition(db, world.initiativeId, exhibitionId))!;
	expect(await setCover(db, { id: curatorId, isAdmin: false }, exhibition, photoId)).toBe(true);
}
