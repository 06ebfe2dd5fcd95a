// Public pictures on the fast path (docs/performance.md): an anonymous request for a derivative
// shown in an exhibition asks the gate once per content version — its "yes" is kept while the
// version it was given at is current — and the bytes of public derivatives are kept in memory
// (a derivative's file never changes: a new framing is a new version and a new key). A "no" is
// never kept: such requests go on to SvelteKit's media route, which asks the gate itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { db } from '../db';
import { readDerivative } from '../access';
import type { DerivativeKind } from '../db/schema';
import { mediaStorage, reportMissing } from '../media/photos';
import { StorageNotFound } from '../media/storage';
import { SizedLru } from './lru';
import { onFileDeleted } from './forget';
import { SECURITY_HEADERS, matchesEtag, parseCookies } from './http';
import { stillValid, type FreshRead, type Validity } from './version';
import { SESSION_COOKIE } from '../auth/session';

const MEDIA_URL =
	/^\/media\/([a-z2-7]{16})\/([1-9]\d{0,8})\/(\d{2,5})\.(webp|jpg|avif)\?in=e\.([a-z2-7]{16})$/;
const TYPES: Record<string, string> = {
	webp: 'image/webp',
	jpeg: 'image/jpeg',
	avif: 'image/avif'
};
/** Files larger than this are streamed, not kept. */
const KEEP_AT_MOST = 4 * 1024 * 1024;

interface Allowed extends Validity {
	storageKey: string;
	bytes: number;
	etag: string;
	/** The answers' headers (200 and 304), made once per decision, as flat name/value lists. */
	ok: string[];
	notModified: string[];
}

function headersFor(type: string, etag: string): Record<string, string> {
	return {
		...SECURITY_HEADERS,
		'Content-Type': type,
		// Anybody may see it right now, so a shared cache may keep it — and must ask again.
		'Cache-Control': 'public, no-cache',
		ETag: etag,
		'Content-Security-Policy': "default-src 'none'",
		'Cross-Origin-Resource-Policy': 'same-origin'
	};
}

const flat = (headers: Record<string, string>) => Object.entries(headers).flat();
const HIT = ['Server-Timing', 'gate;desc="hit"'];
const MISS = ['Server-Timing', 'gate;desc="miss"'];

/** Whether the request names `etag` in If-None-Match (the common case first: just that tag). */
function revalidates(req: IncomingMessage, etag: string): boolean {
	const ifNoneMatch = req.headers['if-none-match'];
	return ifNoneMatch === etag || matchesEtag(ifNoneMatch, etag);
}

/** Whether the request carries a session cookie (the common anonymous case without parsing). */
function signedIn(cookie: string | undefined): boolean {
	return !!cookie && cookie.includes(SESSION_COOKIE) && parseCookies(cookie).has(SESSION_COOKIE);
}

export class MediaFastPath {
	#allowed = new SizedLru<Allowed>(100_000);
	#bytes: SizedLru<Buffer>;

	constructor(
		bytesBudget: number,
		private readonly validity: (version: number) => Promise<Validity>
	) {
		this.#bytes = new SizedLru(bytesBudget);
		onFileDeleted((storageKey) => this.forget(storageKey));
	}

	/** Forgets the bytes of a file that is being deleted (media/photos.ts, files.ts). */
	forget(storageKey: string) {
		this.#bytes.delete(storageKey);
	}

	/**
	 * Takes the request when it is an anonymous one for a picture in an exhibition (false: not
	 * ours, SvelteKit answers it). A taken request is answered here once the content version,
	 * read after it arrived, says the gate's yes still holds — or handed to `pass` (SvelteKit's
	 * media route, which asks the gate itself) when the gate refuses, the file is missing, or
	 * something fails before an answer began.
	 *
	 * A hit (the gate's yes at the current version, the bytes in memory or a 304) is answered
	 * synchronously in the turn the version read ends: no promise, no file read.
	 */
	take(
		req: IncomingMessage,
		res: ServerResponse,
		versions: FreshRead<number>,
		pass: () => void
	): boolean {
		if (req.method !== 'GET' && req.method !== 'HEAD') return false;
		const url = req.url ?? '';
		const match = MEDIA_URL.exec(url);
		if (!match || signedIn(req.headers.cookie)) return false;
		const failed = (error: unknown) => {
			console.error('[fast path]', error);
			if (!res.headersSent) pass();
			else res.destroy();
		};
		versions.then((current) => {
			const allowed = this.#allowed.get(url);
			if (allowed && stillValid(allowed, current) && this.#answerHit(req, res, allowed)) return;
			this.#answer(req, res, match, current, allowed).then((answered) => {
				if (!answered) pass();
			}, failed);
		}, failed);
		return true;
	}

	/** A 304, or the bytes kept in memory; false when the file must be read. */
	#answerHit(req: IncomingMessage, res: ServerResponse, allowed: Allowed): boolean {
		if (revalidates(req, allowed.etag)) {
			res.writeHead(304, [...allowed.notModified, ...HIT]).end();
			return true;
		}
		const kept = this.#bytes.get(allowed.storageKey);
		if (!kept) return false;
		res.writeHead(200, [...allowed.ok, ...HIT]);
		res.end(req.method === 'HEAD' ? undefined : kept);
		return true;
	}

	async #answer(
		req: IncomingMessage,
		res: ServerResponse,
		match: RegExpExecArray,
		current: number,
		known: Allowed | undefined
	): Promise<boolean> {
		const [key, photoId, versionText, widthText, extension, exhibitionId] = match;
		let allowed = known && stillValid(known, current) ? known : undefined;
		const from = allowed ? HIT : MISS;
		if (!allowed) {
			this.#allowed.delete(key!);
			const validity = await this.validity(current);
			const kind: DerivativeKind = extension === 'jpg' ? 'jpeg' : (extension as DerivativeKind);
			const derivative = await readDerivative(
				db(),
				null,
				{ photoId: photoId!, version: Number(versionText), kind, width: Number(widthText) },
				{ kind: 'exhibition', exhibitionId: exhibitionId! }
			);
			if (!derivative) return false;
			// The gate's strong tag, as the media route sends it: the bytes of a (photo, framing
			// version, variant, kind, width) never change.
			const etag = derivative.etag;
			allowed = {
				...validity,
				storageKey: derivative.storageKey,
				bytes: derivative.bytes,
				etag,
				notModified: flat(headersFor(TYPES[kind]!, etag)),
				ok: flat({
					...headersFor(TYPES[kind]!, etag),
					'Content-Length': String(derivative.bytes)
				})
			};
			this.#allowed.set(key!, allowed, 1);
		}
		if (revalidates(req, allowed.etag)) {
			res.writeHead(304, [...allowed.notModified, ...from]).end();
			return true;
		}
		let kept = this.#bytes.get(allowed.storageKey);
		let stream: Readable | undefined;
		if (!kept) {
			try {
				stream = await mediaStorage().get(allowed.storageKey);
			} catch (e) {
				if (!(e instanceof StorageNotFound)) throw e;
				reportMissing(allowed.storageKey, `photo ${photoId}`);
				this.#allowed.delete(key!);
				return false; // the media route answers 404 for a missing file, in its own words
			}
			if (allowed.bytes <= KEEP_AT_MOST && this.#bytes.budget > 0) {
				const chunks: Buffer[] = [];
				for await (const chunk of stream) chunks.push(chunk as Buffer);
				kept = Buffer.concat(chunks);
				this.#bytes.set(allowed.storageKey, kept, kept.length);
				stream = undefined;
			}
		}
		res.writeHead(200, [...allowed.ok, ...from]);
		if (req.method === 'HEAD') {
			stream?.destroy();
			res.end();
		} else if (kept) res.end(kept);
		else stream!.pipe(res);
		return true;
	}
}
