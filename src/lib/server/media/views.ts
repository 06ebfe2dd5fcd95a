import { thumbHashToDataURL } from 'thumbhash';
import type { Executor } from '../db';
import { readDerivativesOf, type PhotoRow } from '../access';
import { derivativeUrl, type PhotoView } from '../../photo-view';
import { focalInCrop } from '../../framing';

function placeholder(thumbhash: string): string {
	try {
		return thumbHashToDataURL(Buffer.from(thumbhash, 'base64'));
	} catch {
		return '';
	}
}

/** Views of photos the caller got from the access gate, with their current derivatives. */
export async function photoViews(ex: Executor, photoRows: PhotoRow[]): Promise<PhotoView[]> {
	const derivatives = await readDerivativesOf(ex, photoRows);
	return photoRows.map((photo) => {
		const mine = derivatives.filter((d) => d.photoId === photo.id);
		const srcset = (kind: 'webp' | 'jpeg' | 'avif') =>
			mine
				.filter((d) => d.kind === kind)
				.sort((a, b) => a.width - b.width)
				.map((d) => `${derivativeUrl(photo.id, photo.version, kind, d.width)} ${d.width}w`)
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
			fallback: fallbackWidth ? derivativeUrl(photo.id, photo.version, 'jpeg', fallbackWidth) : ''
		};
	});
}
