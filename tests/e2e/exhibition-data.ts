// A published exhibition with approved stories, arranged through the domain modules, for the
// viewing tests: two sections, sizes of every kind, names as their participants chose.
import { appDb } from './fixtures';
import { approve, chooseCover, propose, publish, sharedStory } from './arrange';
import { giveRole, makeUser, text, type TestUser, type World } from '../fixtures/factories';
import { addSection, createExhibition, getExhibition } from '../../src/lib/server/exhibitions';
import type { Audience, Attribution, PlacementSize } from '../../src/lib/server/db/schema';
import type { Locale } from '../../src/lib/localized';

export interface StorySpec {
	title: string;
	language: Locale;
	narrative: string;
	photos: number;
	/** How many of its photos the participant approves (the first ones). */
	approve: number;
	size: PlacementSize;
	section: 0 | 1;
	attribution: Attribution;
	pseudonym?: string;
	displayName?: string;
	state?: 'approved' | 'pending';
	/** Each photo's width and height (else landscape photos of slightly different sizes). */
	photoSizes?: { width: number; height: number }[];
}

export const STORIES: StorySpec[] = [
	{
		title: 'The last working swing',
		language: 'en',
		narrative:
			'In our neighbourhood there is one swing that still works.\n\nEvery afternoon the children queue for it, and the grandmothers keep count.',
		photos: 2,
		approve: 1,
		size: 'large',
		section: 0,
		attribution: 'pseudonym',
		pseudonym: 'Noa'
	},
	{
		title: 'ספסל ליד הדואר',
		language: 'he',
		narrative:
			'כל בוקר אני יושבת על הספסל ליד הדואר.\n\nשם אני פוגשת את השכנות, ולפעמים זו השיחה היחידה שלי ביום.',
		photos: 1,
		approve: 1,
		size: 'small',
		section: 0,
		attribution: 'own_name',
		displayName: 'רחל כהן'
	},
	{
		title: 'مفتاح البيت',
		language: 'ar',
		narrative:
			'أحمل مفتاح البيت في جيبي طوال الوقت.\n\nهو ليس مجرد مفتاح، إنه الأمان الذي بنيته بيدي.',
		photos: 1,
		approve: 1,
		size: 'medium',
		section: 0,
		attribution: 'anonymous'
	},
	{
		title: 'Stars over the school roof',
		language: 'en',
		narrative:
			'We built a telescope from a kit in the science club.\n\nNow the roof is our classroom at night.',
		photos: 2,
		approve: 2,
		size: 'full',
		section: 1,
		attribution: 'own_name',
		displayName: 'Amir S.'
	},
	{
		title: 'Waiting to be asked',
		language: 'en',
		narrative: 'This one is still waiting for its author.',
		photos: 1,
		approve: 1,
		size: 'small',
		section: 1,
		attribution: 'anonymous',
		state: 'pending'
	}
];

export async function publishedExhibition(
	world: World,
	opts: {
		audience?: Audience;
		stories?: StorySpec[];
		cover?: boolean;
		/** Every placement informs the exhibition's theme (world.themeIds[0]): its page lists them. */
		informTheme?: boolean;
	} = {}
) {
	const db = await appDb();
	const curator = await makeUser(db);
	await giveRole(db, curator, world.initiativeId, 'curator');
	const title = `Roles we play ${Date.now()}`;
	const id = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text(title, 'התפקידים שאנחנו ממלאים', 'الأدوار التي نؤديها'),
			introduction: text(
				'People photographed in the roles they play, shown as they chose to be shown.',
				'אנשים שצילמו את עצמם בתפקידים שהם ממלאים, כפי שבחרו להיראות.',
				'أناس صوّروا أنفسهم في الأدوار التي يؤدونها، كما اختاروا أن يظهروا.'
			),
			audience: opts.audience ?? 'public',
			workingGroupIds: opts.audience === 'working_group' ? [world.workingGroupIds[0]] : [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		text('Everyday places', 'מקומות יומיומיים', 'أماكن يومية')
	);
	await addSection(
		db,
		(await getExhibition(db, world.initiativeId, id))!,
		text('Looking up', 'להרים את הראש', 'رفع الرأس'),
		text('Science, at night.')
	);
	const owners: TestUser[] = [];
	const shown: {
		spec: StorySpec;
		storyId: string;
		approvedPhotoIds: string[];
		otherPhotoIds: string[];
	}[] = [];
	for (const [i, spec] of (opts.stories ?? STORIES).entries()) {
		const owner = await makeUser(db, { displayName: spec.displayName });
		await giveRole(db, owner, world.initiativeId, 'participant');
		owners.push(owner);
		const { storyId, photoIds } = await sharedStory(world, owner, {
			title: spec.title,
			language: spec.language,
			narrative: spec.narrative,
			photos: Array.from({ length: spec.photos }, (_, p) => ({
				width: spec.photoSizes?.[p]?.width ?? 1200 + p * 200,
				height: spec.photoSizes?.[p]?.height ?? 800 + i * 60,
				alt: `${spec.title}, photo ${p + 1}`,
				caption: p === 0 ? `Caption of ${spec.title}` : ''
			})),
			freeTags: ['neighbour'],
			attribution: 'own_name'
		});
		const placementId = await propose(world, curator.id, id, storyId, {
			section: spec.section,
			size: spec.size,
			themeIds: opts.informTheme ? [world.themeIds[0]!] : []
		});
		const approvedPhotoIds = photoIds.slice(0, spec.approve);
		if ((spec.state ?? 'approved') === 'approved')
			await approve(owner, storyId, placementId, {
				photoIds: approvedPhotoIds,
				attribution: spec.attribution,
				pseudonym: spec.pseudonym
			});
		shown.push({ spec, storyId, approvedPhotoIds, otherPhotoIds: photoIds.slice(spec.approve) });
	}
	const slug = await publish(world, curator.id, id);
	if (opts.cover) await chooseCover(world, curator.id, id, shown[0]!.approvedPhotoIds[0]!);
	return { id, slug, title, curator, owners, shown };
}
