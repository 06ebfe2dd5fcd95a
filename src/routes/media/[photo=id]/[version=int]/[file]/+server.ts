// access: public — anyone may ask; the access gate decides for every single request.
import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { readDerivative } from '$lib/server/access';
import { parseMediaContext } from '$lib/server/media/views';
import { mediaStorage, reportMissing } from '$lib/server/media/photos';
import { StorageNotFound } from '$lib/server/media/storage';
import type { DerivativeKind } from '$lib/server/db/schema';

const FILE = /^(?:(\d{2,5})\.(webp|jpg|avif)|editor\.jpg)$/;
const TYPES: Record<DerivativeKind, string> = {
	webp: 'image/webp',
	jpeg: 'image/jpeg',
	avif: 'image/avif',
	editor: 'image/jpeg'
};

export const GET: RequestHandler = async ({ params, locals, request, url }) => {
	const match = FILE.exec(params.file);
	if (!match) error(404);
	const kind: DerivativeKind = match[2]
		? match[2] === 'jpg'
			? 'jpeg'
			: (match[2] as DerivativeKind)
		: 'editor';
	const width = match[1] ? Number(match[1]) : null;
	const version = Number(params.version);
	// The address says where the photo is being shown; the gate decides for that context.
	const context = parseMediaContext(url.searchParams.get('in'));
	if (!context) error(404);
	const request_ = { photoId: params.photo, version, kind, width };
	const derivative = await readDerivative(db(), locals.user, request_, context);
	if (!derivative) error(404);
	// Every answer is asked for again before it is used (docs/consent.md, "Caches"): a browser
	// or a proxy may keep the bytes, but must revalidate, and after a withdrawal the gate above
	// answers 404 — never 304. Only what anybody may see right now may be kept by a shared cache.
	const isPublic =
		context.kind === 'exhibition' &&
		(locals.user === null || (await readDerivative(db(), null, request_, context)) !== undefined);

	// Strong: the bytes of a (photo, framing version, variant, kind, width) never change.
	const etag = derivative.etag;
	const headers = new Headers({
		'Content-Type': TYPES[kind],
		'Cache-Control': isPublic ? 'public, no-cache' : 'private, no-cache',
		ETag: etag,
		'Content-Security-Policy': "default-src 'none'",
		'X-Content-Type-Options': 'nosniff',
		'Cross-Origin-Resource-Policy': 'same-origin',
		Vary: 'Cookie'
	});
	if (isPublic) headers.delete('Vary');
	const ifNoneMatch = request.headers.get('if-none-match') ?? '';
	if (ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*'))
		return new Response(null, { status: 304, headers });
	headers.set('Content-Length', String(derivative.bytes));
	let stream: Readable;
	try {
		stream = await mediaStorage().get(derivative.storageKey);
	} catch (e) {
		// A row whose file is gone (a restore, a disk): not found, and logged (docs/media.md).
		if (!(e instanceof StorageNotFound)) throw e;
		reportMissing(derivative.storageKey, `photo ${params.photo}`);
		error(404);
	}
	return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
};
