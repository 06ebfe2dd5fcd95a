// The server's caches and the fast path in front of SvelteKit (docs/performance.md).
//
// scripts/serve.js hands every request to `fastPath` first. It answers, without entering
// SvelteKit, only (a) an anonymous request for a public page rendered earlier at the current
// content version, and (b) an anonymous request for a picture in an exhibition that the gate
// allowed at the current content version. Each such answer reads the content version from the
// database first (one one-row read), so a withdrawal committed by any process takes effect on
// the very next request. Everything else goes on to SvelteKit, where hooks.server.ts fills the
// page cache.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { config } from '../config';
import { db, dbClient } from '../db';
import { MediaFastPath } from './media';
import { PageCache, answerFrom, cacheableRequest, type PageEntry } from './pages';
import { FreshRead, nextExpiry, type Validity } from './version';

let pages: PageCache | undefined;
let media: MediaFastPath | undefined;

export function pageCache(): PageCache {
	return (pages ??= new PageCache(config().pageCacheBytes));
}

function mediaPath(): MediaFastPath {
	return (media ??= new MediaFastPath(config().mediaCacheBytes, validityAt));
}

const VERSION_SQL = 'SELECT version FROM content_version WHERE id = 1';

/**
 * On the embedded database file, a read-only connection of its own with the statement prepared
 * once: about 8 µs a read instead of 60 µs through the client, which prepares it every time.
 * WAL gives each read the latest committed version, whoever committed it. On a libSQL server,
 * the client.
 */
let prepared: { get: () => unknown } | null | undefined;
function preparedRead(): { get: () => unknown } | null {
	if (prepared !== undefined) return prepared;
	const url = config().databaseUrl;
	if (!url.startsWith('file:') || url === 'file::memory:') return (prepared = null);
	const path = url.startsWith('file://') ? fileURLToPath(url) : url.slice(5).split('?')[0]!;
	const connection = new Database(path, { readonly: true, fileMustExist: true });
	return (prepared = connection.prepare(VERSION_SQL).raw(true));
}

/** Synchronous on the embedded file (one prepared statement); through the client elsewhere. */
function readVersion(): number | Promise<number> {
	const asNumber = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
	const statement = preparedRead();
	if (statement) return asNumber((statement.get() as unknown[] | undefined)?.[0]);
	return dbClient()
		.execute(VERSION_SQL)
		.then((result) => asNumber(result.rows[0]?.[0]));
}

const versions = new FreshRead(readVersion);

/**
 * The database's content version as of a read that started after this call: the fast path's
 * one statement, shared by the requests that arrived before it started (version.ts, FreshRead).
 */
export function currentVersion(): Promise<number> {
	return versions.next();
}

// The next consent expiry changes only with a write, that is with the version: computed once
// per version (and again once that moment has passed).
let expiry: Validity | undefined;

/** What an answer computed now, at `version` (read before computing it), is valid for. */
export async function validityAt(version: number): Promise<Validity> {
	const now = Date.now();
	if (!expiry || expiry.version !== version || now >= expiry.until)
		expiry = { version, until: await nextExpiry(db(), new Date(now)) };
	return expiry;
}

/** Pages being rendered on SvelteKit's side right now, by cache key. */
const filling = new Map<string, Promise<void>>();

const secure = () => (process.env.ORIGIN ?? '').startsWith('https:');

/**
 * Answers the request here, or hands it to SvelteKit with `next` (exactly one of the two).
 * A hit, of a picture or a page, involves no promise (version.ts, FreshRead.then).
 */
export function fastPath(req: IncomingMessage, res: ServerResponse, next: () => void): void {
	if ((req.url ?? '/').startsWith('/media/')) {
		if (!mediaPath().take(req, res, versions, next)) next();
		return;
	}
	const failed = (error: unknown) => {
		console.error('[fast path]', error);
		if (!res.headersSent) next();
		else res.destroy();
	};
	const cache = pageCache();
	if (!cache.enabled) return next();
	const url = req.url ?? '/';
	const cacheable = cacheableRequest(req.method ?? 'GET', url, {
		cookie: req.headers.cookie,
		acceptLanguage: req.headers['accept-language']
	});
	if (!cacheable) return next();
	// A hit is answered in the turn of the version read, with no promise in between (as for
	// pictures, cache/media.ts); a miss takes the slower way below.
	versions.then((version) => {
		try {
			const entry = cache.lookup(cacheable.key, version);
			if (entry) return answerPage(req, res, entry, cacheable);
			missedPage(req, res, cacheable).then((answered) => {
				if (!answered) next();
			}, failed);
		} catch (error) {
			failed(error);
		}
	}, failed);
}

type Cacheable = NonNullable<ReturnType<typeof cacheableRequest>>;

function answerPage(
	req: IncomingMessage,
	res: ServerResponse,
	entry: PageEntry,
	cacheable: Cacheable
) {
	const answer = answerFrom(entry, {
		method: req.method ?? 'GET',
		acceptEncoding: req.headers['accept-encoding'],
		ifNoneMatch: req.headers['if-none-match'],
		setsLocale: cacheable.setsLocale,
		locale: cacheable.locale,
		secure: secure()
	});
	res.writeHead(answer.status, answer.headers.flat());
	res.end(answer.body ?? undefined);
}

/**
 * Not in the cache at the version read: if the page is being rendered right now, wait for that
 * and look again with a version read after the wait; else let SvelteKit render it (false), and
 * hooks.server.ts keeps it.
 */
async function missedPage(
	req: IncomingMessage,
	res: ServerResponse,
	cacheable: Cacheable
): Promise<boolean> {
	const cache = pageCache();
	let entry: PageEntry | undefined;
	// One render per page at a time: those who ask while it renders wait for it, then look
	// again with a version read after they asked (so a change before they asked is seen).
	for (let waits = 0; !entry && waits < 3; waits++) {
		const rendering = filling.get(cacheable.key);
		if (!rendering) break;
		await rendering;
		entry = cache.lookup(cacheable.key, await currentVersion());
	}
	if (!entry) {
		if (req.method === 'GET' && !filling.has(cacheable.key)) {
			let done = () => {};
			const rendering = new Promise<void>((resolve) => (done = resolve));
			filling.set(cacheable.key, rendering);
			res.once('close', () => {
				if (filling.get(cacheable.key) === rendering) filling.delete(cacheable.key);
				done();
			});
		}
		return false; // SvelteKit renders it, and hooks.server.ts keeps it
	}
	answerPage(req, res, entry, cacheable);
	return true;
}
