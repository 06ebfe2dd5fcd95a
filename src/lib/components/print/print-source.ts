import type { PhotoView } from '$lib/photo-view';

/** The widest JPEG of a photo (paper wants every pixel; JPEG prints everywhere). */
export function printSource(photo: PhotoView): string {
	let best = { url: photo.fallback, width: 0 };
	for (const candidate of photo.jpeg.split(',')) {
		const [url, descriptor] = candidate.trim().split(/\s+/);
		const width = Number.parseInt(descriptor ?? '', 10);
		if (url && Number.isFinite(width) && width > best.width) best = { url, width };
	}
	return best.url;
}
