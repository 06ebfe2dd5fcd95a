import { thumbHashToDataURL } from 'thumbhash';
import type { Executor } from '../db';
import { readDerivativesOf, type PhotoRow, type StoryContext } from '../access';
import { derivativeUrl, type MediaContext, type PhotoView } from '../../photo-view';
import { focalInCrop } from '../../framing';

function placeholder(thumbhash: string): string {
	try {
		return thumbHashToDataURL(Buffer.from(thumbhash, 'base64'));
	} catch {
		return '';
	}
}

/** How a context is written in a derivative's address (see photo-view.ts). */
export function mediaContext(context: StoryContext): MediaContext {
	switch (context.kind) {
		case 'owner':
			return null;
		case 'pool':
			return 'pool';
		case 'exhibition':
			return `e.${context.exhibitionId}`;
		case 'preview':
			return `p.${context.exhibitionId}`;
	}
}

/** The context a derivative's address names; null for one that is not a context at all. */
export function parseMediaContext(value: string | null): StoryContext | null {
	if (value === null || value === '') return { kind: 'owner' };
	if (value === 'pool') return { kind: 'pool' };
	const match = /^([ep])\.([a-z2-7]{16})$/.exec(value);
	if (!match) return null;
	return match[1] === 'e'
		? { kind: 'exhibition', exhibitionId: match[2]! }
		: { kind: 'preview', exhibitionId: match[2]! };
}

/**
 * Views of photos the caller got from the access gate in `context`, with their current
 * derivatives; their addresses name the same context.
 */
export async function photoViews(
	ex: Executor,
	photoRows: PhotoRow[],
	context: StoryContext = { kind: 'owner' }
): Promise<PhotoView[]> {
	const where = mediaContext(context);
	const derivatives = await readDerivativesOf(ex, photoRows);
	return photoRows.map((photo) => {
		const mine = derivatives.filter((d) => d.photoId === photo.id);
		const srcset = (kind: 'webp' | 'jpeg' | 'avif') =>
			mine
				.filter((d) => d.kind === kind)
				.sort((a, b) => a.width - b.width)
				.map((d) => `${derivativeUrl(photo.id, photo.version, kind, d.width, where)} ${d.width}w`)
				.join(', ');
		const jpegs = mine.filter((d) => d.kind === 'jpeg').sort((a, b) => a.width - b.width);
		const fallbackWidth = (jpegs.find((d) => d.width >= 1024) ?? jpegs[jpegs.length - 1])?.width;
		return {
			id: photo.id,
			width: photo.width,
			height: photo.height,
			alt: photo.altText,
			caption: photo.caption,
			placeholder: placeholder(photo.thumbhash),
			focal: focalInCrop(photo.framing),
			avif: srcset('avif') || null,
			webp: srcset('webp'),
			jpeg: srcset('jpeg'),
			fallback: fallbackWidth
				? derivativeUrl(photo.id, photo.version, 'jpeg', fallbackWidth, where)
				: ''
		};
	});
}
