// Placeholders as small PNGs (src/lib/server/media/placeholder-png.ts): the same pixels as
// thumbhash's own data URL, in a fraction of its bytes.
import sharp from 'sharp';
import { rgbaToThumbHash, thumbHashToDataURL, thumbHashToRGBA } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { encodePng, pngDataUrl } from '../../src/lib/server/media/placeholder-png';
import { placeholder } from '../../src/lib/server/media/views';

/** A photo-like RGBA image: gradients and a disc, optionally with transparent corners. */
function image(width: number, height: number, seed: number, alpha = false) {
	const rgba = new Uint8Array(width * height * 4);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			const inDisc = (x - width / 2) ** 2 + (y - height / 3) ** 2 < (width / 4) ** 2;
			rgba[i] = (x * 3 + seed * 40) % 256;
			rgba[i + 1] = inDisc ? 230 : (y * 2 + seed * 17) % 256;
			rgba[i + 2] = inDisc ? 40 : 120 + seed;
			rgba[i + 3] = alpha && x < width / 5 && y < height / 5 ? 0 : 255;
		}
	return rgba;
}

async function decode(png: Buffer) {
	const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
	return { data: new Uint8Array(data), ...info };
}

describe('placeholder PNG', () => {
	for (const [seed, alpha] of [
		[1, false],
		[2, false],
		[3, true]
	] as const)
		it(`decodes to exactly thumbhash's pixels (${alpha ? 'with' : 'without'} transparency)`, async () => {
			const hash = rgbaToThumbHash(100, 75, image(100, 75, seed, alpha));
			const { w, h, rgba } = thumbHashToRGBA(hash);
			const decoded = await decode(encodePng(w, h, rgba));
			expect([decoded.width, decoded.height]).toEqual([w, h]);
			const opaque = rgba.every((v, i) => i % 4 !== 3 || v === 255);
			expect(decoded.channels).toBe(opaque ? 3 : 4);
			const expected = opaque ? rgba.filter((_, i) => i % 4 !== 3) : rgba;
			expect(Buffer.from(decoded.data).equals(Buffer.from(expected))).toBe(true);
			// The same image thumbhash's own encoder writes, in a fraction of the bytes.
			const theirs = await decode(Buffer.from(thumbHashToDataURL(hash).split(',')[1]!, 'base64'));
			const ours = decoded;
			const pixelsOf = (d: typeof ours) => (d.channels === 4 ? d.data : d.data.filter(() => true));
			expect(pixelsOf(ours).length).toBeGreaterThan(0);
			expect(theirs.width).toBe(ours.width);
			// On the app's own photos the ratio is 10–20 (docs/performance.md); these drawn
			// images, with their hard edges, compress less.
			const ourUrl = pngDataUrl(w, h, rgba);
			expect(ourUrl.startsWith('data:image/png;base64,')).toBe(true);
			expect(ourUrl.length).toBeLessThan(thumbHashToDataURL(hash).length / 2);
		});

	it('refuses pixels that do not match the size', () => {
		expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow();
		expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow();
	});

	it('is what the pages draw, and an unreadable thumbhash draws none', () => {
		const hash = Buffer.from(rgbaToThumbHash(64, 48, image(64, 48, 5))).toString('base64');
		const url = placeholder(hash);
		expect(url.startsWith('data:image/png;base64,')).toBe(true);
		expect(url.length).toBeLessThan(thumbHashToDataURL(Buffer.from(hash, 'base64')).length / 2);
		expect(placeholder('')).toBe('');
	});
});
