import { describe, expect, it } from 'vitest';
import { pageOf, queryWithoutPage, requestedPage } from '../../src/lib/server/paging';

const items = Array.from({ length: 7 }, (_, i) => i + 1);

describe('pages of a long list', () => {
	it('show PAGE_SIZE items, say which, and keep a page past the end on the last one', () => {
		expect(pageOf(items, 1, 3)).toEqual({
			items: [1, 2, 3],
			page: { number: 1, count: 3, total: 7, from: 1, to: 3 }
		});
		expect(pageOf(items, 3, 3)).toEqual({
			items: [7],
			page: { number: 3, count: 3, total: 7, from: 7, to: 7 }
		});
		expect(pageOf(items, 99, 3).page.number).toBe(3);
		expect(pageOf([], 2, 3)).toEqual({
			items: [],
			page: { number: 1, count: 1, total: 0, from: 0, to: 0 }
		});
	});

	it('read ?page= as a whole number from 1, anything else as the first page', () => {
		const page = (q: string) => requestedPage(new URLSearchParams(q));
		expect(page('page=4')).toBe(4);
		for (const q of ['', 'page=0', 'page=-2', 'page=2.5', 'page=x', 'page=99999999999'])
			expect(page(q), q).toBe(1);
	});

	it('keep the other parameters in the links', () => {
		expect(queryWithoutPage(new URL('http://x/pool?language=en&page=3&theme=t'))).toBe(
			'language=en&theme=t'
		);
	});
});
