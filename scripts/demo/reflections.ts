// The demo's guest book (docs/reflections.md): a few visitors' reflections on the public
// exhibition, through the same domain functions the pages use — some approved and shown, one
// approved and waiting for its participant's choice, one still waiting for the curator.
import type { Db } from '../../src/lib/server/db';
import { ownStory, readExhibitionBySlug } from '../../src/lib/server/access';
import {
	moderateReflection,
	reflectionClientKey,
	sendReflection,
	showReflection
} from '../../src/lib/server/exhibitions/reflections';
import type { ReflectionKind } from '../../src/lib/server/db/schema';
import type { Locale } from '../../src/lib/localized';

interface DemoReflection {
	/** On the whole exhibition, or on the story given to seedReflections. */
	onStory: boolean;
	kind: ReflectionKind;
	body: string;
	language: Locale;
	authorName: string;
	/** pending: waits for the curator; approved; shown: approved and shown by the participant. */
	state: 'pending' | 'approved' | 'shown';
}

const REFLECTIONS: DemoReflection[] = [
	{
		onStory: false,
		kind: 'reflection',
		body: 'יצאתי מהתערוכה עם הרבה שאלות על מי מקבל את ההחלטות בשכונה שלי, ועל מי שלא שואלים אותו.',
		language: 'he',
		authorName: 'דנה',
		state: 'approved'
	},
	{
		onStory: false,
		kind: 'commitment',
		body: 'At our next parents’ committee meeting I will ask who was not invited, and invite them.',
		language: 'en',
		authorName: '',
		state: 'approved'
	},
	{
		onStory: true,
		kind: 'reflection',
		body: 'الشبّاك والنباتات ذكّرتني بأمي. شكرًا لأنك شاركتِ هذه اللحظة الهادئة.',
		language: 'ar',
		authorName: 'سلمى',
		state: 'shown'
	},
	{
		onStory: true,
		kind: 'commitment',
		body: 'אני עובד ברשות הדיור. אבקש שבפגישה הבאה ישמעו גם את הדיירות החדשות.',
		language: 'he',
		authorName: '',
		state: 'approved'
	},
	{
		onStory: false,
		kind: 'reflection',
		body: 'Thank you all. See www.example.org for our tenants’ group.',
		language: 'en',
		authorName: 'Sam',
		state: 'pending'
	}
];

export async function seedReflections(
	db: Db,
	ctx: {
		slug: string;
		curatorId: string;
		/** The story the story reflections are about, and its participant. */
		storyId: string;
		owner: { id: string; isAdmin: boolean };
	}
) {
	const exhibition = await readExhibitionBySlug(db, null, ctx.slug);
	if (!exhibition) throw new Error('The public exhibition is not visible');
	for (const [i, r] of REFLECTIONS.entries()) {
		const sent = await sendReflection(db, {
			exhibition,
			storyId: r.onStory ? ctx.storyId : null,
			kind: r.kind,
			body: r.body,
			language: r.language,
			authorName: r.authorName,
			clientKey: reflectionClientKey(`demo-visitor-${i}`)
		});
		if (!sent.ok) throw new Error('A demo reflection was refused');
		if (r.state === 'pending') continue;
		await moderateReflection(db, ctx.curatorId, exhibition.initiativeId, sent.id, 'approved');
		if (r.state !== 'shown') continue;
		const story = await ownStory(db, ctx.owner, ctx.storyId);
		if (!story || !(await showReflection(db, story, sent.id, true)))
			throw new Error('A demo reflection could not be shown');
	}
	return REFLECTIONS.length;
}
