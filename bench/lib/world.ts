// Writes bench content through the app's own domain modules, as its people would in the app:
// a participant writes a story (photos through the real ingest path, alt text, words), finishes
// and shares it; a curator proposes it for an exhibition; the participant approves; the curator
// publishes. Used by bench/run.ts (the 60-story exhibition) and bench/scale-data.ts.
//
// Call these only after DATA_DIR is set: the media storage reads it once (seedDemo sets it).
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '../../src/lib/server/config';
import type { Db } from '../../src/lib/server/db';
import { ownStory, type OwnedStory } from '../../src/lib/server/access';
import {
	createStory,
	setStoryStatus,
	updatePhotoText,
	updateStoryText
} from '../../src/lib/server/stories';
import { addPhoto } from '../../src/lib/server/media/photos';
import { decidePlacement, shareStory, showTerms } from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import type { Audience, PlacementSize } from '../../src/lib/server/db/schema';
import type { Locale, LocalizedText } from '../../src/lib/localized';

const SENTENCES: Record<Locale, string[]> = {
	en: [
		'The kitchen window faces the yard where the children used to play.',
		'I took this photo on the morning I decided to leave.',
		'For a long time nobody asked me what I needed.',
		'The bus stop was the first place I felt safe again.',
		'My sister kept a key for me, just in case.',
		'These shoes walked me to the shelter and back to work.',
		'It took three years before I could sleep with the light off.',
		'The social worker listened, and that changed everything.'
	],
	he: [
		'חלון המטבח פונה לחצר שבה הילדים שיחקו פעם.',
		'צילמתי את התמונה הזאת בבוקר שבו החלטתי לעזוב.',
		'הרבה זמן אף אחד לא שאל מה אני צריכה.',
		'תחנת האוטובוס הייתה המקום הראשון שבו הרגשתי שוב בטוחה.',
		'אחותי שמרה בשבילי מפתח, ליתר ביטחון.',
		'הנעליים האלה הובילו אותי למקלט וחזרה לעבודה.',
		'עברו שלוש שנים עד שיכולתי לישון עם האור כבוי.',
		'העובדת הסוציאלית הקשיבה, וזה שינה הכול.'
	],
	ar: [
		'نافذة المطبخ تطل على الساحة التي كان الأطفال يلعبون فيها.',
		'التقطت هذه الصورة في الصباح الذي قررت فيه أن أغادر.',
		'لوقت طويل لم يسألني أحد عمّا أحتاجه.',
		'كانت محطة الحافلات أول مكان شعرت فيه بالأمان من جديد.',
		'احتفظت أختي بمفتاح لي، تحسبًا لأي طارئ.',
		'هذا الحذاء أوصلني إلى الملجأ ثم إلى العمل.',
		'مرت ثلاث سنوات قبل أن أستطيع النوم والضوء مطفأ.',
		'استمعت إليّ العاملة الاجتماعية، وهذا غيّر كل شيء.'
	]
};
export const LOCALES: Locale[] = ['he', 'ar', 'en'];

/** A narrative of `sentences` sentences in `language`, different for different `seed`s. */
export function narrative(language: Locale, seed: number, sentences = 12): string {
	const bank = SENTENCES[language];
	const out: string[] = [];
	for (let i = 0; i < sentences; i++) out.push(bank[(seed * 7 + i * 3) % bank.length]!);
	// Paragraphs of four sentences.
	const paragraphs: string[] = [];
	for (let i = 0; i < out.length; i += 4) paragraphs.push(out.slice(i, i + 4).join(' '));
	return paragraphs.join('\n\n');
}

export function localized(en: string, he: string, ar: string): LocalizedText {
	return { en, he, ar };
}

export interface WrittenStory {
	id: string;
	ownerId: string;
	photoIds: string[];
	sharedAt: Date | null;
}

/**
 * One participant writes a story: each photo as an upload would arrive (a file under
 * DATA_DIR/tmp, ingested by addPhoto, which deletes it), its alt text, the words; then
 * finished and, if `share`, shared with the curators.
 */
export async function writeStory(
	db: Db,
	owner: { id: string; isAdmin: boolean },
	input: {
		initiativeId: string;
		title: string;
		language: Locale;
		narrative: string;
		photos: { data: Buffer; ext: 'jpg' | 'png' }[];
		roleTagIds?: string[];
		share?: boolean;
		finish?: boolean;
	}
): Promise<WrittenStory> {
	const id = await createStory(db, owner, {
		initiativeId: input.initiativeId,
		title: input.title,
		language: input.language
	});
	const own = async (): Promise<OwnedStory> => {
		const story = await ownStory(db, owner, id);
		if (!story) throw new Error(`story ${id} is not its owner's`);
		return story;
	};
	const tmp = join(config().dataDir, 'tmp');
	await mkdir(tmp, { recursive: true });
	const photoIds: string[] = [];
	for (const [i, photo] of input.photos.entries()) {
		const upload = join(tmp, `bench-${randomUUID()}.${photo.ext}`);
		await writeFile(upload, photo.data);
		let row;
		try {
			row = await addPhoto(db, await own(), upload);
		} finally {
			await rm(upload, { force: true });
		}
		await updatePhotoText(db, await own(), row.id, {
			altText: `${input.title}: photo ${i + 1}`,
			caption: ''
		});
		photoIds.push(row.id);
	}
	await updateStoryText(db, await own(), {
		title: input.title,
		narrative: input.narrative,
		language: input.language,
		roleTagIds: input.roleTagIds ?? [],
		freeTags: [],
		attribution: 'anonymous',
		pseudonym: ''
	});
	if (input.finish === false) return { id, ownerId: owner.id, photoIds, sharedAt: null };
	await setStoryStatus(db, await own(), 'finished');
	if (input.share === false) return { id, ownerId: owner.id, photoIds, sharedAt: null };
	const sharedAt = new Date();
	const shared = await shareStory(db, await own(), {
		text: `I share "${input.title}" with the curators.`,
		locale: input.language
	});
	if (shared !== 'ok') throw new Error(`sharing ${id} refused: ${shared}`);
	return { id, ownerId: owner.id, photoIds, sharedAt };
}

export interface BenchExhibition {
	id: string;
	slug: string;
	placed: number;
	approved: number;
}

/**
 * A curator builds an exhibition of `stories` (proposals from the pool), each participant
 * approves (all photos, anonymous, no end) unless `approve(i)` says they have not answered
 * yet, and the curator publishes it unless `publish` is false.
 */
export async function buildExhibition(
	db: Db,
	curatorId: string,
	input: {
		initiativeId: string;
		title: LocalizedText;
		introduction: LocalizedText;
		audience: Audience;
		workingGroupIds?: string[];
		themeIds: string[];
		stories: WrittenStory[];
		approve?: (index: number) => boolean;
		publish?: boolean;
		sizes?: PlacementSize[];
	}
): Promise<BenchExhibition> {
	const id = await createExhibition(
		db,
		curatorId,
		input.initiativeId,
		{
			title: input.title,
			introduction: input.introduction,
			audience: input.audience,
			workingGroupIds: input.workingGroupIds ?? [],
			themeIds: input.themeIds,
			endsAt: null
		},
		localized('Stories', 'סיפורים', 'قصص')
	);
	const current = async () => {
		const exhibition = await getExhibition(db, input.initiativeId, id);
		if (!exhibition) throw new Error(`exhibition ${id} is gone`);
		return exhibition;
	};
	const sizes = input.sizes ?? ['medium', 'small', 'large', 'medium', 'full'];
	let exhibition = await current();
	for (const [i, story] of input.stories.entries()) {
		const proposed = await proposePlacement(
			db,
			curatorId,
			exhibition,
			{ id: story.id, sharedAt: story.sharedAt },
			{
				sectionId: exhibition.sections[0]!.id,
				size: sizes[i % sizes.length]!,
				note: '',
				themeIds: input.themeIds
			}
		);
		if (proposed !== 'ok') throw new Error(`proposal of ${story.id} refused: ${proposed}`);
		// The next proposal checks this one's row (positions, "already proposed").
		if (i < input.stories.length - 1) exhibition = await current();
	}
	exhibition = await current();
	let approved = 0;
	for (const [i, story] of input.stories.entries()) {
		if (input.approve && !input.approve(i)) continue;
		const placementId = exhibition.placements.find((p) => p.storyId === story.id)!.id;
		const own = await ownStory(db, { id: story.ownerId, isAdmin: false }, story.id);
		if (!own) throw new Error(`story ${story.id} is not its owner's`);
		const decided = await decidePlacement(
			db,
			own as OwnedStory,
			placementId,
			{
				approve: {
					photoIds: story.photoIds,
					attribution: 'anonymous',
					pseudonym: '',
					expiresAt: null
				},
				shown: (await showTerms(db, placementId))!
			},
			{ text: 'I agree that my story is shown in this exhibition.', locale: own.language }
		);
		if (decided !== 'ok') throw new Error(`approval of ${story.id} refused: ${decided}`);
		approved++;
	}
	if (input.publish !== false)
		await setExhibitionStatus(db, curatorId, await current(), 'published');
	const { slug } = await current();
	return { id, slug, placed: input.stories.length, approved };
}
