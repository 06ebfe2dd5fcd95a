// access: public — anyone may ask; the access gate decides for every single request.
import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { OWNER, readDerivative } from '$lib/server/access';
import { mediaStorage } from '$lib/server/media/photos';
import type { DerivativeKind } from '$lib/server/db/schema';

const FILE = /^(?:(\d{2,5})\.(webp|jpg|avif)|editor\.jpg)$/;
const TYPES: Record<DerivativeKind, string> = {
	webp: 'image/webp',
	jpeg: 'image/jpeg',
	avif: 'image/avif',
	editor: 'image/jpeg'
};

export const GET: RequestHandler = async ({ params, locals, request }) => {
	const match = FILE.exec(params.file);
	if (!match) error(404);
	const kind: DerivativeKind = match[2]
		? match[2] === 'jpg'
			? 'jpeg'
			: (match[2] as DerivativeKind)
		: 'editor';
	const width = match[1] ? Number(match[1]) : null;
	const version = Number(params.version);
	// Stories are private to their authors for now: the owner's context is the only one.
	const derivative = await readDerivative(
		db(),
		locals.user,
		{ photoId: params.photo, version, kind, width },
		OWNER
	);
	if (!derivative) error(404);

	const etag = `"${params.photo}-${version}-${kind}-${derivative.width}"`;
	const headers = new Headers({
		'Content-Type': TYPES[kind],
		// Private and revalidated on every use: the gate is asked again each time, so a change
		// of mind takes effect on the very next request.
		'Cache-Control': 'private, no-cache',
		ETag: etag,
		'Content-Security-Policy': "default-src 'none'",
		'X-Content-Type-Options': 'nosniff',
		'Cross-Origin-Resource-Policy': 'same-origin',
		Vary: 'Cookie'
	});
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	headers.set('Content-Length', String(derivative.bytes));
	const stream = await mediaStorage().get(derivative.storageKey);
	return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
};
