import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolate, list, ltr, pieces } from '../../src/lib/bidi';

// The rules of docs/bidi.md that a message file or a source file can break by itself.
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
const patterns: string[] = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
function messages(locale: string): [string, string][] {
	const out: [string, string][] = [];
	for (const pattern of patterns) {
		const file = JSON.parse(readFileSync(pattern.replace('{locale}', locale), 'utf8'));
		for (const [key, value] of Object.entries(file))
			if (key !== '$schema') out.push([key, JSON.stringify(value)]);
	}
	return out;
}
const he = messages('he');
const ar = messages('ar');
const offending = (list: [string, string][], pattern: RegExp) =>
	list.filter(([, value]) => pattern.test(value)).map(([key, value]) => `${key}: ${value}`);

describe('Hebrew and Arabic messages', () => {
	it('never leave a one-letter prefix apart from the name or number after it', () => {
		// "ב {initiative}", "ל„{story}”", or a message that ends in "… ב" for the page to add a
		// name: rewrite the sentence ("ביוזמה {initiative}", "להצגת „{story}”").
		expect(offending(he, /(^"|[\s(„"])[בלמשהוכ][\s„"“]+\{/)).toEqual([]);
		expect(offending(he, /(^"|\s)[בלמשהוכ]"$/)).toEqual([]);
		// Nor glued to a name someone wrote ("ב{initiative}"): it may start with a Latin letter.
		const named = '(story|exhibition|initiative|name|username|groups?|section|title)';
		expect(offending(he, new RegExp(`(^"|[\\s(])[בלמשהוכ]\\{${named}\\}`))).toEqual([]);
		// A prefix is joined with a maqaf to a number or a date: "ב־{date}", never "ב-{date}".
		expect(offending(he, /(^"|[\s(])[בלמשהוכ]-\{/)).toEqual([]);
		// Arabic: "لـ {name}", "بـ „x”", "الـ{count}".
		expect(offending(ar, /(^"|\s)[بلك]ـ?\s+[«"„]?\{/)).toEqual([]);
		expect(offending(ar, /(^"|\s)[بلك]ـ?"$/)).toEqual([]);
		expect(offending(ar, /الـ\{/)).toEqual([]);
		// Quotation marks of the language: «…» in Arabic, „…” in Hebrew.
		expect(offending(ar, /„/)).toEqual([]);
	});

	it('say a position in words, never as an ambiguous “9 / 1”', () => {
		for (const list of [he, ar]) expect(offending(list, /\{\w+\}\s*\/\s*\{\w+\}/)).toEqual([]);
	});

	it('keep a number with its Latin unit in a left-to-right isolate: “עד 25 MB”', () => {
		// An unit in Latin letters after a number or a number's parameter, outside LRI … PDI.
		const bare = /(?<!\u2066[^\u2069]*)(\{\w+\}|\d)\s?(MB|KB|GB|px)\b/;
		for (const list of [he, ar]) expect(offending(list, bare)).toEqual([]);
	});

	it('point no arrow the English way in a right-to-left message', () => {
		// "←" at the start of a Hebrew or Arabic line points into the text, not back.
		for (const list of [he, ar]) expect(offending(list, /^"←/)).toEqual([]);
	});
});

describe('source files', () => {
	const files = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
			e.isDirectory()
				? e.name === 'paraglide'
					? []
					: files(join(dir, e.name))
				: /\.(svelte|ts|js)$/.test(e.name)
					? [join(dir, e.name)]
					: []
		);
	const sources = [...files('src'), ...files('static/js')].map(
		(path) => [path, readFileSync(path, 'utf8')] as const
	);

	it('build no counter as “n / total” (a message says “1 of 9”)', () => {
		const found = sources
			.filter(([, code]) => /\$\{\w+\} \/ \$\{\w+\}/.test(code))
			.map(([path]) => path);
		expect(found).toEqual([]);
	});

	it('print page numbers in words or inside a left-to-right isolate', () => {
		const found = sources
			// The catalogue's page numbers are a sentence, from a message (type_print_page):
			// print/page-css.ts writes that message's words around the counters.
			.filter(([path]) => !path.endsWith('print/page-css.ts'))
			.filter(([, code]) => /counter\(page\)/.test(code))
			.filter(([, code]) => !/'\\2066' counter\(page\)[^;]*'\\2069'/.test(code))
			.map(([path]) => path);
		expect(found).toEqual([]);
	});

	it('write no arrow glyph straight into markup (the Arrow component turns with the page)', () => {
		const found = sources
			.filter(([path]) => path.endsWith('.svelte') && !path.endsWith('Arrow.svelte'))
			.filter(([, code]) =>
				/[←→]/.test(code.replace(/<!--[\s\S]*?-->|\/\/.*|\/\*[\s\S]*?\*\//g, ''))
			)
			.map(([path]) => path);
		expect(found).toEqual([]);
	});
});

describe('isolates', () => {
	it('mark a user-written value, and leave an empty one empty', () => {
		expect(isolate('נוגה')).toBe('\u2068נוגה\u2069');
		expect(isolate('')).toBe('');
		expect(isolate(null)).toBe('');
		expect(ltr('25 MB')).toBe('\u206625 MB\u2069');
	});

	it('split a message into its text and its isolates, for <bdi>', () => {
		expect(pieces(`By ${isolate('נוגה')}.`)).toEqual([
			{ text: 'By ', dir: null },
			{ text: 'נוגה', dir: 'auto' },
			{ text: '.', dir: null }
		]);
		expect(pieces('עד \u206625 MB\u2069 כל אחת')).toEqual([
			{ text: 'עד ', dir: null },
			{ text: '25 MB', dir: 'ltr' },
			{ text: ' כל אחת', dir: null }
		]);
		// A stray mark (an unclosed isolate) is dropped rather than shown.
		expect(pieces('a \u2068b')).toEqual([{ text: 'a b', dir: null }]);
		expect(pieces('plain')).toEqual([{ text: 'plain', dir: null }]);
	});

	it('join a list in the reader’s language, each item isolated', () => {
		expect(list(['Housing', 'קבוצת בריאות'], 'en')).toBe(
			'\u2068Housing\u2069 and \u2068קבוצת בריאות\u2069'
		);
		expect(pieces(list(['א', 'ב', 'ג'], 'he')).map((p) => p.text)).toEqual([
			'א',
			', ',
			'ב',
			' ו',
			'ג'
		]);
		expect(list(['דיור', 'Health'], 'he')).toBe('\u2068דיור\u2069 ו-\u2068Health\u2069');
	});
});
