// The demo's knowledge returns (docs/knowledge-returns.md): the partner's working group records
// a couple of responses on stories it saw in the exhibitions, updates each once, and one
// participant answers — through the same domain functions the pages use, so a visitor of the
// demo sees the whole loop (the partner's impact section, the theme pages, the participant's
// home and story).
import type { Db } from '../../src/lib/server/db';
import {
	inExhibition,
	listExhibitionStories,
	listResponses,
	readExhibitionBySlug,
	recordingChoices
} from '../../src/lib/server/access';
import { addEntry, answerEntry, recordResponse } from '../../src/lib/server/responses';
import type { Locale } from '../../src/lib/localized';

interface Person {
	id: string;
	isAdmin: boolean;
}

const WORDS: {
	kind: 'insight' | 'decision' | 'action';
	language: Locale;
	first: string;
	update: { status: 'discussed' | 'acted_on'; language: Locale; body: string };
}[] = [
	{
		kind: 'insight',
		language: 'he',
		first:
			'הסיפור הזה הראה לנו שבדידות מתחילה לפעמים במקום שבו אין איפה לשבת יחד. נביא אותו לדיון הבא של הקבוצה.',
		update: {
			status: 'discussed',
			language: 'he',
			body: 'דנו בסיפור בישיבת הקבוצה. הוחלט למפות את המקומות בשכונה שבהם אפשר להיפגש בלי לשלם.'
		}
	},
	{
		kind: 'action',
		language: 'ar',
		first: 'سنقترح على البلدية وضع مقاعد في الساحة التي تظهر في الصورة.',
		update: {
			status: 'acted_on',
			language: 'en',
			body: 'The city agreed: four benches will be placed in the square this spring.'
		}
	}
];

/** Records the demo's responses; returns how many. */
export async function seedResponses(
	db: Db,
	partner: Person,
	exhibitionSlugs: string[],
	ownerOf: (storyId: string) => Person | undefined
): Promise<number> {
	let recorded = 0;
	for (const slug of exhibitionSlugs) {
		if (recorded >= WORDS.length) break;
		const exhibition = await readExhibitionBySlug(db, partner, slug);
		if (!exhibition) continue;
		const shown = await listExhibitionStories(db, partner, inExhibition(exhibition.id));
		for (const { story } of shown) {
			const words = WORDS[recorded];
			if (!words) break;
			const choices = await recordingChoices(db, partner, {
				exhibitionId: exhibition.id,
				storyId: story.id
			});
			const group = choices?.groups.find((g) => g.themes.length > 0) ?? choices?.groups[0];
			if (!group) continue;
			const result = await recordResponse(db, partner, {
				exhibitionId: exhibition.id,
				storyId: story.id,
				workingGroupId: group.id,
				themeId: group.themes[0]?.id ?? null,
				kind: words.kind,
				status: 'noted',
				body: words.first,
				language: words.language,
				link: ''
			});
			if (!result.ok)
				throw new Error(`Recording a demo response failed: ${JSON.stringify(result)}`);
			const updated = await addEntry(db, partner, exhibition.initiativeId, result.id, {
				...words.update,
				link: words.update.status === 'acted_on' ? 'https://example.org/council-minutes' : ''
			});
			if (!updated.ok) throw new Error('Updating a demo response failed');
			// The first story's participant thanks the group for its first entry.
			if (recorded === 0) {
				const owner = ownerOf(story.id);
				if (owner) {
					const [view] = await listResponses(db, owner, { storyId: story.id, mine: true });
					const entryId = view?.entries[0]?.entry.id;
					if (entryId) {
						const answered = await answerEntry(db, owner, story.id, entryId, {
							kind: 'thanks',
							body: 'תודה שהקשבתם. חשוב לי שזה יגיע גם לשכנים.',
							language: 'he'
						});
						if (!answered.ok) throw new Error('Answering a demo response failed');
					}
				}
			}
			recorded++;
		}
	}
	return recorded;
}
