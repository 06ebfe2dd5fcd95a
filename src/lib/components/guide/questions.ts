// The five SHOWeD questions as the guide shows them, in their order (docs/guide.md).
import { m } from '$lib/paraglide/messages';

export type ShowedKey = 'see' | 'happening' | 'ourLives' | 'why' | 'do';
export type Answers = Partial<Record<ShowedKey, string>>;

export const QUESTIONS = [
	{ key: 'see', question: m.showed_see, hint: m.showed_see_hint },
	{ key: 'happening', question: m.showed_happening, hint: m.showed_happening_hint },
	{ key: 'ourLives', question: m.showed_our_lives, hint: m.showed_our_lives_hint },
	{ key: 'why', question: m.showed_why, hint: m.showed_why_hint },
	{ key: 'do', question: m.showed_do, hint: m.showed_do_hint }
] as const satisfies readonly { key: ShowedKey; question: () => string; hint: () => string }[];

export function answeredCount(answers: Answers): number {
	return QUESTIONS.filter((q) => answers[q.key]?.trim()).length;
}
