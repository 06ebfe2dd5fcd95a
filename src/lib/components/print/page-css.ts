// The words in the printed catalogue's page margins: the running header (the exhibition's
// title) and the page number. Chromium draws them in CSS `@page` margin boxes, whose `content`
// can only be a string in a stylesheet — so these rules are written per page and language, every
// character but letters and digits escaped, so that no title can end the string or the rule.
// The static look of the margins is in the print page's own styles (docs/typography.md).

const PAGE = '\u0001';
const PAGES = '\u0002';

/** A CSS string literal that holds `text` and nothing else. */
export function cssString(text: string): string {
	let out = '"';
	for (const ch of text) {
		out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${(ch.codePointAt(0) ?? 0).toString(16)} `;
	}
	return `${out}"`;
}

/**
 * `content` for the page number: the sentence of the page's language ("עמוד 3 מתוך 8", "Page 3
 * of 8") with the counters in it, so that the number reads in one order in every direction.
 */
export function folioContent(sentence: (inputs: { page: string; pages: string }) => string) {
	const text = sentence({ page: PAGE, pages: PAGES });
	const parts: string[] = [];
	let literal = '';
	for (const ch of text) {
		if (ch === PAGE || ch === PAGES) {
			if (literal) parts.push(cssString(literal));
			parts.push(ch === PAGE ? 'counter(page)' : 'counter(pages)');
			literal = '';
		} else literal += ch;
	}
	if (literal) parts.push(cssString(literal));
	return parts.join(' ');
}

/**
 * The catalogue's margin texts as a style element for the head: the title on top and the
 * number at the foot of every page but the cover.
 */
export function marginStyle(options: { title: string; folio: string; dir: 'rtl' | 'ltr' }): string {
	const rules =
		`@page catalogue{@top-center{content:${cssString(options.title)};direction:${options.dir}}` +
		`@bottom-center{content:${options.folio};direction:${options.dir}}}` +
		`@page catalogue:first{@top-center{content:none}@bottom-center{content:none}}`;
	return `<style>${rules}</style>`;
}
