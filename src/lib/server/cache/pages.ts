// The page cache (docs/performance.md): rendered public pages, for anonymous visitors, kept in
// this process's memory and used only while the content version they were rendered at is
// still the database's current one (and no consent has run out since). A withdrawal bumps the
// version in its own transaction, so the very next request renders afresh and cannot contain
// the withdrawn story. Only answers the route itself marked `no-cache` (public exhibitions and
// what every visitor may see) are kept; nothing about a logged-in person ever is.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { SizedLru } from './lru';
import { matchesEtag, parseCookies, pickEncoding, type Encoding } from './http';
import { stillValid, type Validity } from './version';
import { LOCALE_COOKIE, negotiateLocale } from '../locale';
import type { Locale } from '../../localized';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Pages that are the same for every anonymous visitor in a language. */
const CACHEABLE_PATH =
	/^\/(?:|safety|themes\/[a-z2-7]{16}|exhibitions\/[a-z0-9-]{1,120}(?:\/(?:[a-z2-7]{16}|print))?)$/;
/** The only query a cached page may have: a page number of a list. */
// ?shown=1: a story with a content note, revealed (docs/content-notes.md).
const CACHEABLE_QUERY = /^(?:|\?page=[1-9]\d{0,4}|\?shown=1)$/;

export interface Cacheable {
	key: string;
	locale: Locale;
	/** The request had no language cookie: the answer sets it, as the locale hook would. */
	setsLocale: boolean;
}

/**
 * Whether this request may be answered from (and fill) the cache: GET or HEAD of a public page,
 * with no cookie but the language (no session, no flash message, nothing personal).
 */
export function cacheableRequest(
	method: string,
	pathAndQuery: string,
	headers: { cookie?: string | null; acceptLanguage?: string | null }
): Cacheable | null {
	if (method !== 'GET' && method !== 'HEAD') return null;
	const q = pathAndQuery.indexOf('?');
	const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
	const query = q < 0 ? '' : pathAndQuery.slice(q);
	if (!CACHEABLE_PATH.test(path) || !CACHEABLE_QUERY.test(query)) return null;
	const cookies = parseCookies(headers.cookie);
	for (const name of cookies.keys()) if (name !== LOCALE_COOKIE) return null;
	const { locale, fromCookie } = negotiateLocale(
		cookies.get(LOCALE_COOKIE),
		headers.acceptLanguage ?? null
	);
	if (cookies.has(LOCALE_COOKIE) && !fromCookie) return null; // a language we do not speak
	return { key: `${locale} ${path}${query}`, locale, setsLocale: !fromCookie };
}

export interface PageEntry extends Validity {
	tag: string;
	status: number;
	headers: [string, string][];
	bodies: Record<Encoding, Buffer>;
}

/** Headers that belong to one answer, not to the page. */
const NOT_KEPT = new Set([
	'set-cookie',
	'content-length',
	'content-encoding',
	'transfer-encoding',
	'connection',
	'keep-alive',
	'date',
	'etag',
	'vary'
]);

export class PageCache {
	#entries: SizedLru<PageEntry>;

	constructor(budgetBytes: number) {
		this.#entries = new SizedLru(budgetBytes);
	}

	get enabled() {
		return this.#entries.budget > 0;
	}

	/** The entry for this key if it is still valid at this version; forgets a stale one. */
	lookup(key: string, version: number): PageEntry | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		if (stillValid(entry, version)) return entry;
		this.#entries.delete(key);
		return undefined;
	}

	/** Keeps a rendered page, made at `validity` (read before it was rendered). */
	async store(
		key: string,
		validity: Validity,
		status: number,
		headers: Iterable<[string, string]>,
		body: Buffer
	): Promise<PageEntry> {
		const [gz, br] = await Promise.all([
			gzipAsync(body, { level: 6 }),
			brotliAsync(body, {
				params: {
					[constants.BROTLI_PARAM_QUALITY]: 6,
					[constants.BROTLI_PARAM_SIZE_HINT]: body.length
				}
			})
		]);
		const tag = `h-${createHash('sha256').update(body).digest('base64url').slice(0, 27)}`;
		const entry: PageEntry = {
			...validity,
			tag,
			status,
			headers: [...headers].filter(([name]) => !NOT_KEPT.has(name.toLowerCase())),
			bodies: { identity: body, gzip: gz, br }
		};
		this.#entries.set(key, entry, body.length + gz.length + br.length + 512);
		return entry;
	}

	clear() {
		this.#entries.clear();
	}
}

export interface CachedAnswer {
	status: number;
	headers: [string, string][];
	body: Buffer | null;
}

const SUFFIX: Record<Encoding, string> = { identity: '', gzip: '.gz', br: '.br' };

/** The cookie the locale hook sets on a first visit (hooks.server.ts), for the same answer. */
export function localeCookie(locale: Locale, secure: boolean): string {
	return `${LOCALE_COOKIE}=${locale}; Max-Age=${60 * 60 * 24 * 400}; Path=/; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** How to answer this request from the entry: 304 when the client's copy is current. */
export function answerFrom(
	entry: PageEntry,
	request: {
		method: string;
		acceptEncoding?: string | null;
		ifNoneMatch?: string | null;
		setsLocale: boolean;
		locale: Locale;
		secure: boolean;
		/** Said in Server-Timing: answered from the cache, or rendered just now. */
		from?: 'hit' | 'miss';
	}
): CachedAnswer {
	const encoding = pickEncoding(request.acceptEncoding);
	const etag = `"${entry.tag}${SUFFIX[encoding]}"`;
	const headers: [string, string][] = [
		...entry.headers,
		['ETag', etag],
		['Vary', 'Accept-Encoding, Accept-Language, Cookie'],
		['Server-Timing', `cache;desc="${request.from ?? 'hit'}"`]
	];
	if (request.setsLocale)
		headers.push(['Set-Cookie', localeCookie(request.locale, request.secure)]);
	const variants = [`"${entry.tag}"`, `"${entry.tag}.gz"`, `"${entry.tag}.br"`];
	if (matchesEtag(request.ifNoneMatch, ...variants))
		return {
			status: 304,
			headers: headers.filter(([n]) => !/^content-type$/i.test(n)),
			body: null
		};
	const body = entry.bodies[encoding];
	if (encoding !== 'identity') headers.push(['Content-Encoding', encoding]);
	headers.push(['Content-Length', String(body.length)]);
	return { status: entry.status, headers, body: request.method === 'HEAD' ? null : body };
}
