// Long lists are shown a page at a time (`?page=2`, plain links that work without JavaScript):
// the pool, a theme page, the home page. PAGE_SIZE items per page (src/lib/server/config.ts).
import { config } from './config';

export interface Page {
	/** 1-based; a page past the end shows the last one. */
	number: number;
	count: number;
	total: number;
	/** 1-based positions of the first and last item shown (0 and 0 when there are none). */
	from: number;
	to: number;
}

/** The page number asked for in `?page=`, 1 when it is missing or not a whole number ≥ 1. */
export function requestedPage(params: URLSearchParams): number {
	const raw = params.get('page') ?? '';
	return /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : 1;
}

export function pageOf<T>(
	items: T[],
	requested: number,
	size = config().pageSize
): { items: T[]; page: Page } {
	const total = items.length;
	const count = Math.max(1, Math.ceil(total / size));
	const number = Math.min(Math.max(1, requested), count);
	const start = (number - 1) * size;
	const shown = items.slice(start, start + size);
	return {
		items: shown,
		page: {
			number,
			count,
			total,
			from: shown.length > 0 ? start + 1 : 0,
			to: start + shown.length
		}
	};
}

/** The query of `url` without its page, for the pager's links to keep the filters. */
export function queryWithoutPage(url: URL): string {
	const params = new URLSearchParams(url.searchParams);
	params.delete('page');
	return params.toString();
}
