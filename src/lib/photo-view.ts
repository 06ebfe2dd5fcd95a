// What a page needs to draw one framed photo: sources for <picture>, its size for layout
// without shift, and a tiny placeholder. Built on the server from rows the gate returned.

export interface PhotoView {
	id: string;
	width: number;
	height: number;
	alt: string;
	caption: string;
	/** A blurred preview (data: URL) shown until the photo arrives. */
	placeholder: string;
	/** Where the eye should rest, in percent of the framed photo, for object-position. */
	focal: { x: number; y: number };
	avif: string | null;
	webp: string;
	jpeg: string;
	/** The JPEG that every browser can show. */
	fallback: string;
}

export const EXTENSIONS = { webp: 'webp', jpeg: 'jpg', avif: 'avif' } as const;

/**
 * Where a derivative is being shown, as its address says it: `pool`, `e.<exhibition>`,
 * `p.<exhibition>` (a curator's preview), or nothing for the owner. The server asks the gate
 * about exactly this context on every request.
 */
export type MediaContext = string | null;

/** A derivative's address. It carries the version, so a new framing is never served stale. */
export function derivativeUrl(
	photoId: string,
	version: number,
	kind: keyof typeof EXTENSIONS,
	width: number,
	context: MediaContext = null
): string {
	const path = `/media/${photoId}/${version}/${width}.${EXTENSIONS[kind]}`;
	return context ? `${path}?in=${context}` : path;
}

export function editorUrl(photoId: string, version: number): string {
	return `/media/${photoId}/${version}/editor.jpg`;
}
