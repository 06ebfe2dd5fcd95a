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
import { stillValid, type Validity } from './version';
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
	/** The answers' headers (200 and 304), made once per decision. */
	ok: Record<string, string>;
	notModified: Record<string, string>;
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
	 * Answers the request when it is an anonymous one for a picture in an exhibition that the
	 * gate allows; false leaves it to SvelteKit (logged in, another context, refused, missing).
	 */
	async serve(req: IncomingMessage, res: ServerResponse, version: () => Promise<number>) {
		if (req.method !== 'GET' && req.method !== 'HEAD') return false;
		const match = MEDIA_URL.exec(req.url ?? '');
		if (!match) return false;
		if (parseCookies(req.headers.cookie).has(SESSION_COOKIE)) return false;
		const [, photoId, versionText, widthText, extension, exhibitionId] = match;
		const current = await version();
		const key = match[0];
		let allowed = this.#allowed.get(key);
		let from = 'hit';
		if (!allowed || !stillValid(allowed, current)) {
			from = 'miss';
			this.#allowed.delete(key);
			const validity = await this.validity(current);
			const kind: DerivativeKind = extension === 'jpg' ? 'jpeg' : (extension as DerivativeKind);
			const derivative = await readDerivative(
				db(),
				null,
				{ photoId: photoId!, version: Number(versionText), kind, width: Number(widthText) },
				{ kind: 'exhibition', exhibitionId: exhibitionId! }
			);
			if (!derivative) return false;
			// The same strong tag as the media route: the bytes of a (photo, framing version, kind,
			// width) never change.
			const etag = `"${photoId}-${versionText}-${kind}-${derivative.width}-${derivative.bytes}"`;
			allowed = {
				...validity,
				storageKey: derivative.storageKey,
				bytes: derivative.bytes,
				etag,
				notModified: headersFor(TYPES[kind]!, etag),
				ok: {
					...headersFor(TYPES[kind]!, etag),
					'Content-Length': String(derivative.bytes)
				}
			};
			this.#allowed.set(key, allowed, 1);
		}
		const fresh = { 'Server-Timing': `gate;desc="${from}"` };
		if (matchesEtag(req.headers['if-none-match'], allowed.etag)) {
			res.writeHead(304, { ...allowed.notModified, ...fresh }).end();
			return true;
		}
		const headers = { ...allowed.ok, ...fresh };
		let kept = this.#bytes.get(allowed.storageKey);
		let stream: Readable | undefined;
		if (!kept) {
			try {
				stream = await mediaStorage().get(allowed.storageKey);
			} catch (e) {
				if (!(e instanceof StorageNotFound)) throw e;
				reportMissing(allowed.storageKey, `photo ${photoId}`);
				this.#allowed.delete(key);
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
		res.writeHead(200, headers);
		if (req.method === 'HEAD') {
			stream?.destroy();
			res.end();
		} else if (kept) res.end(kept);
		else stream!.pipe(res);
		return true;
	}
}
