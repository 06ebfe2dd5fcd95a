// Reading back what Chromium's page.pdf() wrote: its pages and the text on each of them.
import { inflateSync } from 'node:zlib';

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes). */
export function pdfPageCount(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/**
 * The text of each page of a PDF as Chromium writes it: every page's content stream, with the
 * glyphs of its fonts mapped back to characters through their ToUnicode maps. Enough to read
 * page numbers and titles; not a general PDF reader.
 */
export function pdfPageTexts(pdf: Buffer): string[] {
	const source = pdf.toString('latin1');
	const objects = new Map<number, { dict: string; stream: Buffer | null }>();
	for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
		const body = match[2] ?? '';
		const streamAt = body.indexOf('stream');
		let stream: Buffer | null = null;
		if (streamAt >= 0) {
			const start = (match.index ?? 0) + match[0].indexOf(body) + streamAt + 'stream'.length;
			const begin = source[start] === '\r' ? start + 2 : start + 1;
			const end = source.indexOf('endstream', begin);
			const raw = pdf.subarray(begin, end);
			try {
				stream = /\/FlateDecode/.test(body.slice(0, streamAt)) ? inflateSync(raw) : raw;
			} catch {
				stream = raw;
			}
		}
		objects.set(Number(match[1]), {
			dict: streamAt >= 0 ? body.slice(0, streamAt) : body,
			stream
		});
	}
	const ref = (dict: string, key: string) =>
		Number(new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict)?.[1] ?? NaN);
	const dictOf = (dict: string, key: string) => {
		const at = dict.indexOf(`/${key}`);
		if (at < 0) return '';
		const rest = dict.slice(at + key.length + 1).trimStart();
		if (/^\d+ 0 R/.test(rest)) return objects.get(Number(/^(\d+)/.exec(rest)![1]))?.dict ?? '';
		let depth = 0;
		for (let i = 0; i < rest.length; i++) {
			if (rest.startsWith('<<', i)) {
				depth++;
				i++;
			} else if (rest.startsWith('>>', i)) {
				depth--;
				i++;
				if (depth === 0) return rest.slice(0, i + 1);
			}
		}
		return '';
	};
	const cmapOf = (fontId: number) => {
		const map = new Map<number, string>();
		const font = objects.get(fontId);
		const cmap = font ? objects.get(ref(font.dict, 'ToUnicode'))?.stream?.toString('latin1') : '';
		const hex = (h: string) => {
			let s = '';
			for (let i = 0; i + 4 <= h.length; i += 4)
				s += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
			return s;
		};
		for (const block of (cmap ?? '').matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
			for (const [, from, to] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
				map.set(parseInt(from!, 16), hex(to!));
		for (const block of (cmap ?? '').matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
			for (const [, lo, hi, to] of block[1]!.matchAll(
				/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g
			))
				for (let g = parseInt(lo!, 16); g <= parseInt(hi!, 16); g++)
					map.set(g, String.fromCharCode(parseInt(to!, 16) + g - parseInt(lo!, 16)));
		return map;
	};
	const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict));
	// Chromium lists pages in order in the page tree; object order follows it.
	return pages.map((page) => {
		const fonts = new Map<string, Map<number, string>>();
		const fontDict = dictOf(dictOf(page.dict, 'Resources'), 'Font');
		for (const [, name, id] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g))
			fonts.set(name!, cmapOf(Number(id)));
		const contents =
			/\/Contents\s+\[([^\]]*)\]/.exec(page.dict)?.[1] ?? `${ref(page.dict, 'Contents')} 0 R`;
		let out = '';
		for (const [, id] of contents.matchAll(/(\d+) 0 R/g)) {
			const content = objects.get(Number(id))?.stream?.toString('latin1') ?? '';
			let font = new Map<number, string>();
			for (const token of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>|(ET)/g)) {
				if (token[1]) font = fonts.get(token[1]) ?? new Map();
				else if (token[2] !== undefined)
					for (let i = 0; i + 4 <= token[2].length; i += 4)
						out += font.get(parseInt(token[2].slice(i, i + 4), 16)) ?? '';
				else out += ' ';
			}
		}
		return out.replace(/\s+/g, ' ').trim();
	});
}

const FOLIO = {
	he: (n: number, of: number) => `עמוד ${n} מתוך ${of}`,
	ar: (n: number, of: number) => `صفحة ${n} من ${of}`,
	en: (n: number, of: number) => `Page ${n} of ${of}`
};

/**
 * A catalogue page's number as the PDF holds it: the sentence of messages/*.json
 * (type_print_page) in visual order — a right-to-left line is stored from its left end, so the
 * Hebrew sentence reads back reversed ("4 ךותמ 3 דומע" is "עמוד 3 מתוך 4" on paper). Arabic
 * letters come back as contextual presentation forms, so for Arabic only the numbers' visual
 * order is compared: the total on the left, a word, then this page's number.
 */
export function folio(locale: 'he' | 'ar' | 'en', n: number, of: number): RegExp {
	const text = FOLIO[locale](n, of);
	if (locale === 'ar') return new RegExp(`(^|\\D)${of}\\s+\\S+\\s+${n}(\\D|$)`);
	// Digits keep their left-to-right order inside the reversed line.
	const visual = locale === 'en' ? text : (text.match(/\d+|./gu) ?? []).reverse().join('');
	return new RegExp(visual.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
