// Bidirectional text: how a name, a title or a number keeps its own direction inside a
// sentence of the interface. The rules are in docs/bidi.md.
//
// A value written by a user (a name, a title, a file name) goes into a message as an
// isolate: `m.story_by({ name: isolate(byline) })`. The Unicode isolate marks (FSI … PDI)
// keep "By נוגה" in order wherever the string ends up: a text node, an attribute, a live
// announcement, the lightbox. Shown in markup through <Bidi text={…} />, each isolate
// becomes a <bdi> element instead, and the marks are gone from the page's text.
// A number with its Latin unit is written in the message itself as a left-to-right
// isolate (LRI … PDI: "עד \u2066{max} MB\u2069"), so it reads "25 MB" in any direction.

/** First strong isolate: the value takes the direction of its first letter. */
export const FSI = '\u2068';
/** Left-to-right isolate: numbers with a Latin unit, codes. */
export const LRI = '\u2066';
/** Right-to-left isolate. */
export const RLI = '\u2067';
/** Pop directional isolate: the end of any of the three. */
export const PDI = '\u2069';

/** A user-written value, isolated for a message parameter. Empty stays empty. */
export function isolate(text: string | null | undefined): string {
	return text ? `${FSI}${text}${PDI}` : '';
}

/** A number and its unit (or any left-to-right token) that must read left to right. */
export function ltr(text: string | number): string {
	return `${LRI}${text}${PDI}`;
}

export type Piece = { text: string; dir: 'auto' | 'ltr' | 'rtl' | null };

const OPEN: Record<string, Piece['dir']> = { [FSI]: 'auto', [LRI]: 'ltr', [RLI]: 'rtl' };
const MARKED = /([\u2066\u2067\u2068])([^\u2066-\u2069]*)\u2069/g;

/**
 * A message split into its plain text and its isolates (not nested: a message's isolates
 * hold user text, which never carries marks of its own — stray marks are dropped).
 */
export function pieces(message: string): Piece[] {
	const out: Piece[] = [];
	let at = 0;
	const plain = (text: string) => {
		const clean = text.replace(/[\u2066-\u2069]/g, '');
		if (clean) out.push({ text: clean, dir: null });
	};
	for (const match of message.matchAll(MARKED)) {
		plain(message.slice(at, match.index));
		if (match[2]) out.push({ text: match[2], dir: OPEN[match[1]!] ?? 'auto' });
		at = match.index + match[0].length;
	}
	plain(message.slice(at));
	return out;
}

/**
 * A list in the reader's language ("א, ב וג", "A, B and C"), each item isolated. The items
 * are formatted as they are (Hebrew "ו" before a Hebrew word, "ו-" before a Latin one) and
 * isolated afterwards.
 */
export function list(
	items: readonly string[],
	locale: string,
	type: 'conjunction' | 'unit' = 'conjunction'
): string {
	return new Intl.ListFormat(locale, { style: 'long', type })
		.formatToParts(items)
		.map((part) => (part.type === 'element' ? isolate(part.value) : part.value))
		.join('');
}
