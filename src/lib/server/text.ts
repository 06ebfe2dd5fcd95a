// What text people type may hold (docs/safety.md, "Text"). Hebrew and Arabic mixed with
// English is normal and stays as typed; what is refused or removed is what cannot be seen.
import unhomoglyph from 'unhomoglyph';

/** One line (titles, names, labels) or several (narratives, descriptions, answers). */
export type TextKind = 'line' | 'text';

// Invisible characters that only serve to disguise: bidi embeddings and overrides (LRE, RLE,
// PDF, LRO, RLO), the zero-width space, word joiner and invisible operators, the deprecated
// format characters, the Mongolian vowel separator and the byte-order mark. Removed, since
// they come along unseen when text is pasted and nobody could find them to delete them.
// Kept: the bidi isolates (LRI, RLI, FSI, PDI) and marks (LRM, RLM, ALM) people use to write
// mixed-direction text, and ZWJ/ZWNJ, which emoji sequences and Persian spelling need.
const DISGUISE = /[\u202a-\u202e\u200b\u2060-\u2064\u206a-\u206f\u180e\ufeff]/g;

// C0 controls but tab, LF and CR; DEL; C1 controls. In one line, tab, LF and CR too.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;

/** With the u flag a valid pair is one code point: this matches only halves left alone. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** The text without disguising characters; in multi-line text, line ends as \n. */
export function cleanText(value: string, kind: TextKind = 'line'): string {
	const cleaned = value.replace(DISGUISE, '');
	return kind === 'text' ? cleaned.replace(/\r\n?/g, '\n') : cleaned;
}

/** A problem with what is left after cleanText, as a message key; null when it is fine. */
export function textProblem(value: string, kind: TextKind = 'line'): 'text_control_chars' | null {
	if ((kind === 'text' ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value))
		return 'text_control_chars';
	// A lone surrogate (only possible through JSON) is not text.
	if (LONE_SURROGATE.test(value)) return 'text_control_chars';
	return null;
}

/** Any control character a form field may never carry, whatever its kind (see hooks). */
export function hasForbiddenControl(value: string): boolean {
	return CONTROL_IN_TEXT.test(value);
}

/**
 * A message key with its inputs, as it travels from a form action to the page: `key?max=200`.
 * `message()` in $lib/i18n reads it back.
 */
export function problem(key: string, inputs: Record<string, string | number>): string {
	const query = new URLSearchParams(
		Object.entries(inputs).map(([name, value]) => [name, String(value)])
	);
	return `${key}?${query}`;
}

/** "At most `max` characters", as a message key with its limit. */
export const tooLong = (max: number, key = 'text_too_long') => problem(key, { max });

/** What is wrong with a value already read (too long, control characters); undefined if fine. */
export function limitProblem(value: string, max: number, kind: TextKind = 'line') {
	return value.length > max ? tooLong(max) : (textProblem(value, kind) ?? undefined);
}

/** A field read, cleaned and checked: its value and its problem, if any. */
export function checkText(
	raw: string,
	rule: { max: number; kind?: TextKind; key?: string }
): { value: string; error?: string } {
	const value = cleanText(raw, rule.kind).trim();
	if (value.length > rule.max) return { value, error: tooLong(rule.max, rule.key) };
	const bad = textProblem(value, rule.kind);
	return bad ? { value, error: bad } : { value };
}

// ---------------------------------------------------------------------------------------
// Usernames: one script, and not confusable with another person's (Unicode TR39).

/** Scripts a username may be written in; Common and Inherited characters go with any. */
const SCRIPTS = [
	'Latin',
	'Hebrew',
	'Arabic',
	'Cyrillic',
	'Greek',
	'Armenian',
	'Georgian',
	'Ethiopic',
	'Devanagari',
	'Bengali',
	'Tamil',
	'Thai',
	'Hangul',
	'Han',
	'Hiragana',
	'Katakana'
] as const;
const SCRIPT_RES = SCRIPTS.map(
	(name) => [name, new RegExp(`\\p{Script_Extensions=${name}}`, 'u')] as const
);
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** Japanese is written in Han, Hiragana and Katakana together: one writing system. */
const JAPANESE = new Set(['Han', 'Hiragana', 'Katakana']);

/**
 * Whether the username mixes scripts (as `аdmin` with a Cyrillic а does): every letter must
 * share one script with all the others, by Unicode's Script_Extensions.
 */
export function mixesScripts(username: string): boolean {
	let common: Set<string> | undefined;
	for (const char of username.normalize('NFC')) {
		if (NEUTRAL.test(char) && !SCRIPT_RES.some(([, re]) => re.test(char))) continue;
		const scripts = new Set<string>(
			SCRIPT_RES.filter(([, re]) => re.test(char)).map(([name]) => name)
		);
		if (scripts.size === 0) return true; // a script outside the list: refused rather than guessed
		if ([...scripts].some((s) => JAPANESE.has(s))) for (const s of JAPANESE) scripts.add(s);
		common = common ? new Set([...common].filter((s) => scripts.has(s))) : scripts;
		if (common.size === 0) return true;
	}
	return false;
}

/**
 * Unicode's skeleton (TR39 section 4): NFD, each character mapped to its confusable prototype
 * (Unicode's confusables data, as the unhomoglyph package ships it), NFD again. Two names that
 * look alike have the same skeleton: `admın`, `аdmin` and `admin` all give `adrnin`.
 */
export function skeleton(text: string): string {
	return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/** The skeletons a username is compared by: as typed (NFKC) and lower-cased. */
export function usernameSkeletons(username: string): Set<string> {
	const nfkc = username.normalize('NFKC');
	return new Set([skeleton(nfkc), skeleton(nfkc.toLowerCase())]);
}
