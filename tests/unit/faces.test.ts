// The face detector the framing editor runs in the browser (src/lib/faces/detect.ts), here in
// Node on the same model file from the npm package, on photos with faces at known places.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Detector, FaceSuggestion, Pixels } from '../../src/lib/faces/detect';
import { FACES, FACE_MODEL_PATH, WALL, emptyWallJpeg, twoFacesJpeg } from '../fixtures/faces';

// TensorFlow.js picks its platform when it loads: the package's browser bundle has no Node
// platform inside, so the test declares the same worker scope the browser runs it in.
(globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope ??= class {};
const { createDetector, detectFaces } = await import('../../src/lib/faces/detect');

async function pixelsOf(jpeg: Buffer): Promise<Pixels> {
	const { data, info } = await sharp(jpeg)
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height, channels: 4 };
}

/** The centre of a suggestion, in pixels of the wall. */
const centre = (r: FaceSuggestion) => ({
	x: (r.x + r.w / 2) * WALL.width,
	y: (r.y + r.h / 2) * WALL.height
});

describe('face detection', () => {
	let detector: Detector;
	beforeAll(async () => {
		const file = await readFile(FACE_MODEL_PATH);
		detector = await createDetector(
			file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer
		);
	}, 60_000);

	it('suggests a region around each face, and none elsewhere', async () => {
		const found = await detectFaces(detector, await pixelsOf(await twoFacesJpeg()));
		expect(found).toHaveLength(FACES.length);
		for (const face of FACES) {
			const middle = { x: face.x + face.width / 2, y: face.y + face.height / 2 };
			const near = found.filter((r) => {
				const c = centre(r);
				// Within a fifth of the face's size of its middle.
				return (
					Math.abs(c.x - middle.x) < face.width / 5 && Math.abs(c.y - middle.y) < face.height / 5
				);
			});
			expect(near, `a suggestion at ${middle.x},${middle.y}`).toHaveLength(1);
			const region = near[0]!;
			// It covers the whole face (with a margin), and is not much more than twice its size.
			expect(region.x * WALL.width).toBeLessThanOrEqual(face.x);
			expect(region.y * WALL.height).toBeLessThanOrEqual(face.y);
			expect((region.x + region.w) * WALL.width).toBeGreaterThanOrEqual(face.x + face.width);
			expect((region.y + region.h) * WALL.height).toBeGreaterThanOrEqual(face.y + face.height);
			expect(region.w * WALL.width).toBeLessThan(face.width * 2);
			expect(region.score).toBeGreaterThan(0.5);
		}
	}, 60_000);

	it('suggests nothing on a plain wall', async () => {
		expect(await detectFaces(detector, await pixelsOf(await emptyWallJpeg()))).toEqual([]);
	}, 60_000);

	it('refuses pixels that do not match their size', async () => {
		await expect(
			detectFaces(detector, { data: new Uint8Array(10), width: 4, height: 4, channels: 4 })
		).rejects.toThrow(/wrong size/);
	});
});
