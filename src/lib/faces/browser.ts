// What the framing editor calls: the editor's image, scaled down, goes to the detector's worker
// in this browser; rectangles come back. Imported with import() only by the framing editor, so
// no other page loads a byte of it (docs/redaction.md).
import type { FaceSuggestion } from './detect';

/** The detector shrinks every photo to 416 px anyway; more than this only costs memory. */
const LONGEST = 1024;
/** A phone that takes longer than this has given up (or the worker never started). */
const TIMEOUT_MS = 60_000;

export async function findFaces(image: HTMLImageElement): Promise<FaceSuggestion[]> {
	const scale = Math.min(1, LONGEST / Math.max(image.naturalWidth, image.naturalHeight));
	const width = Math.max(1, Math.round(image.naturalWidth * scale));
	const height = Math.max(1, Math.round(image.naturalHeight * scale));
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	if (!ctx) throw new Error('No 2D canvas');
	ctx.drawImage(image, 0, 0, width, height);
	const { data } = ctx.getImageData(0, 0, width, height);
	const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
	try {
		return await new Promise<FaceSuggestion[]>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('Face detection timed out')), TIMEOUT_MS);
			worker.onmessage = (event: MessageEvent<{ faces?: FaceSuggestion[]; error?: string }>) => {
				clearTimeout(timer);
				if (event.data.faces) resolve(event.data.faces);
				else reject(new Error(event.data.error ?? 'Face detection failed'));
			};
			worker.onerror = (event) => {
				clearTimeout(timer);
				reject(new Error(event.message || 'Face detection worker failed'));
			};
			worker.postMessage({ data, width, height, channels: 4 }, [data.buffer]);
		});
	} finally {
		worker.terminate();
	}
}
