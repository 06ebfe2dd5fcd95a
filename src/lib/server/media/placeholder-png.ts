// A photo's placeholder as a small PNG data URL (docs/performance.md, "Placeholders").
//
// thumbhash's own thumbHashToDataURL writes its 32×32-ish image as a PNG with *stored*
// (uncompressed) blocks: about 4.2 KB of base64 a photo, more than half of an exhibition page's
// HTML. The same pixels, filtered (Paeth) and deflated, take about 190 bytes. Synchronous and
// dependency-free (node:zlib), so that it can run where the page is drawn.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Encodes 8-bit RGBA pixels (row by row, no padding) as a PNG: RGB when every pixel is opaque,
 * RGBA otherwise; every row Paeth-filtered; deflated at level 9.
 */
export function encodePng(width: number, height: number, rgba: ArrayLike<number>): Buffer {
	if (!(width > 0 && height > 0) || rgba.length !== width * height * 4)
		throw new Error('encodePng: the pixels do not match the size');
	let opaque = true;
	for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) opaque = false;
	const channels = opaque ? 3 : 4;
	const stride = width * channels;
	const pixels = Buffer.alloc(stride * height);
	for (let p = 0, o = 0; p < width * height; p++)
		for (let c = 0; c < channels; c++) pixels[o++] = rgba[p * 4 + c]!;
	const filtered = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * stride;
		const out = y * (stride + 1);
		filtered[out] = 4; // Paeth
		for (let x = 0; x < stride; x++) {
			const left = x >= channels ? pixels[row + x - channels]! : 0;
			const up = y > 0 ? pixels[row - stride + x]! : 0;
			const upLeft = y > 0 && x >= channels ? pixels[row - stride + x - channels]! : 0;
			filtered[out + 1 + x] = (pixels[row + x]! - paeth(left, up, upLeft)) & 0xff;
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bits per sample
	header[9] = opaque ? 2 : 6; // truecolour, with alpha or not
	// compression, filter method and interlace: 0
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(filtered, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

export function pngDataUrl(width: number, height: number, rgba: ArrayLike<number>): string {
	return `data:image/png;base64,${encodePng(width, height, rgba).toString('base64')}`;
}
