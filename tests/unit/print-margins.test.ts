// The printed catalogue's margin texts (src/lib/components/print/page-css.ts): a title becomes
// a CSS string and nothing more, and the page number is the language's sentence with the
// counters in it (docs/typography.md).
import { describe, expect, it } from 'vitest';
import { cssString, folioContent, marginStyle } from '../../src/lib/components/print/page-css';

describe('print margins', () => {
	it('escapes every character but letters, digits and spaces', () => {
		expect(cssString('Roles 2026')).toBe('"Roles 2026"');
		expect(cssString('עמוד')).toBe('"\\5e2 \\5de \\5d5 \\5d3 "');
		const hostile = cssString('"; } body { display: none } </style><script>');
		expect(hostile.slice(1, -1)).not.toMatch(/["<>{};]/);
		expect(cssString('🙂')).toBe('"\\1f642 "');
	});

	it('puts the counters where the sentence has its numbers, in every language', () => {
		expect(folioContent(({ page, pages }) => `Page ${page} of ${pages}`)).toBe(
			'"Page " counter(page) " of " counter(pages)'
		);
		expect(folioContent(({ page, pages }) => `${page} / ${pages}`)).toBe(
			'counter(page) " \\2f  " counter(pages)'
		);
		// Hebrew: the words around the numbers stay in their order; the line's direction is rtl.
		const he = folioContent(({ page, pages }) => `עמוד ${page} מתוך ${pages}`);
		expect(he.startsWith('"\\5e2 ')).toBe(true);
		expect(he.indexOf('counter(page)')).toBeLessThan(he.indexOf('counter(pages)'));
	});

	it('writes one style element: header and number on every page but the first', () => {
		const style = marginStyle({ title: 'A </style> title', folio: 'counter(page)', dir: 'rtl' });
		expect(style.match(/<\/style>/g)).toHaveLength(1);
		expect(style.endsWith('</style>')).toBe(true);
		expect(style).toContain(
			'@page catalogue{@top-center{content:"A \\3c \\2f style\\3e  title";direction:rtl}'
		);
		expect(style).toContain('@bottom-center{content:counter(page);direction:rtl}');
		expect(style).toContain(
			'@page catalogue:first{@top-center{content:none}@bottom-center{content:none}}'
		);
	});
});
