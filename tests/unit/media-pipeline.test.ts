import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import {
	thumbHashToApproximateAspectRatio,
	thumbHashToAverageRGBA,
	thumbHashToRGBA
} from 'thumbhash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FRAMING, type Framing, type Redaction } from '../../src/lib/framing';
import { createLimit } from '../../src/lib/server/media/limit';
import {
	EDITOR_WIDTH,
	MAX_DERIVATIVE_SIDE,
	MAX_PIXELS,
	UploadRefused,
	WIDTHS,
	ingestMaster,
	inspectUpload,
	renderDerivatives,
	renderEditorSource
} from '../../src/lib/server/media/pipeline';
import {
	SECRETS,
	SVG,
	SVG_DOCUMENT,
	TEXT,
	avifImage,
	decompressionBombPng,
	detailed,
	fillRect,
	fromPixels,
	gifImage,
	heicContainer,
	jpegWithMetadata,
	masterJpeg,
	orientedJpeg,
	pngImage,
	pngWithMetadata,
	solid,
	tiffImage,
	truncatedJpeg,
	webpImage
} from '../fixtures/images';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'media-pipeline-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

let fileCounter = 0;
/** Writes an upload to a temporary file, under a name that says nothing true about it. */
async function upload(data: Buffer, name = 'photo.jpg'): Promise<string> {
	fileCounter += 1;
	const path = join(dir, `${fileCounter}-${name}`);
	await writeFile(path, data);
	return path;
}

/** The problem a promise was refused with, or 'accepted'. */
function outcome(promise: Promise<unknown>): Promise<string> {
	return promise.then(
		() => 'accepted',
		(error: unknown) => {
			if (error instanceof UploadRefused) return error.problem;
			throw error;
		}
	);
}

const framing = (changes: Partial<Framing>): Framing => ({ ...DEFAULT_FRAMING, ...changes });

interface Decoded {
	data: Buffer;
	width: number;
	height: number;
}

async function decode(image: Buffer): Promise<Decoded> {
	const { data, info } = await sharp(image)
		.removeAlpha()
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	expect(info.channels).toBe(3);
	return { data, width: info.width, height: info.height };
}

function pixel(image: Decoded, x: number, y: number): [number, number, number] {
	const i = (y * image.width + x) * 3;
	return [image.data[i] ?? -1, image.data[i + 1] ?? -1, image.data[i + 2] ?? -1];
}

function expectColour(actual: readonly number[], expected: readonly number[], tolerance = 12) {
	for (let c = 0; c < 3; c++) {
		expect(Math.abs((actual[c] ?? -1) - (expected[c] ?? 0))).toBeLessThanOrEqual(tolerance);
	}
}

// --- Looking for metadata, three ways: sharp, exifr, and the file's own structure ----------------

const EXIFR_EVERYTHING: Parameters<typeof exifr.parse>[1] = {
	tiff: true, // with IFD0, which cannot be turned off
	ifd1: true,
	exif: true,
	gps: true,
	interop: true,
	makerNote: true,
	userComment: true,
	xmp: true,
	iptc: true,
	icc: true,
	jfif: true,
	ihdr: true,
	mergeOutput: false,
	sanitize: false
};

/** The APPn and COM segments of a JPEG, by marker (0xe0 is APP0). */
function jpegSegments(data: Buffer): number[] {
	expect(data.readUInt16BE(0)).toBe(0xffd8);
	const markers: number[] = [];
	let offset = 2;
	while (offset < data.length) {
		expect(data[offset]).toBe(0xff);
		const marker = data[offset + 1] ?? 0;
		if (marker === 0xda) break; // start of scan: only pixel data follows
		if ((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) markers.push(marker);
		offset += 2 + data.readUInt16BE(offset + 2);
	}
	return markers;
}

/** The chunk types of a WebP (RIFF) file. */
function webpChunks(data: Buffer): string[] {
	expect(data.toString('latin1', 0, 4)).toBe('RIFF');
	expect(data.toString('latin1', 8, 12)).toBe('WEBP');
	const chunks: string[] = [];
	let offset = 12;
	while (offset + 8 <= data.length) {
		chunks.push(data.toString('latin1', offset, offset + 4));
		const size = data.readUInt32LE(offset + 4);
		offset += 8 + size + (size % 2);
	}
	return chunks;
}

const SECRET_BYTES = [
	...Object.values(SECRETS).flatMap((v) => (typeof v === 'string' ? [v] : [])),
	'Exif\0\0',
	'http://ns.adobe.com/xap/1.0/',
	'xmpmeta',
	'Photoshop 3.0',
	'8BIM',
	'ICC_PROFILE',
	'GPS'
];

async function expectNoMetadata(data: Buffer, what: string) {
	const meta = await sharp(data).metadata();
	expect(meta.exif, `${what}: exif`).toBeUndefined();
	expect(meta.xmp, `${what}: xmp`).toBeUndefined();
	expect(meta.iptc, `${what}: iptc`).toBeUndefined();
	expect(meta.icc, `${what}: icc`).toBeUndefined();
	expect(meta.hasProfile, `${what}: profile`).toBe(false);
	expect(meta.orientation, `${what}: orientation`).toBeUndefined();
	expect(meta.comments, `${what}: comments`).toBeUndefined();
	for (const secret of SECRET_BYTES) {
		expect(data.includes(Buffer.from(secret, 'latin1')), `${what} contains "${secret}"`).toBe(
			false
		);
	}
	if (meta.format === 'jpeg') {
		// Nothing but (at most) the JFIF header: no APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC), COM.
		expect(
			jpegSegments(data).filter((m) => m !== 0xe0),
			`${what}: segments`
		).toEqual([]);
	}
	if (meta.format === 'webp') {
		const chunks = webpChunks(data).filter((c) => !['VP8 ', 'VP8L', 'VP8X', 'ALPH'].includes(c));
		expect(chunks, `${what}: chunks`).toEqual([]);
	}
	if (meta.format !== 'webp') {
		// exifr reads JPEG, PNG, HEIF/AVIF (not WebP).
		const parsed = ((await exifr.parse(data, EXIFR_EVERYTHING)) ?? {}) as Record<string, unknown>;
		for (const block of ['ifd0', 'ifd1', 'exif', 'gps', 'interop', 'xmp', 'dc', 'iptc', 'icc']) {
			expect(parsed[block], `${what}: exifr ${block}`).toBeUndefined();
		}
		expect(parsed.makerNote ?? parsed.userComment, `${what}: exifr notes`).toBeUndefined();
	}
}

// -------------------------------------------------------------------------------------------------

describe('inspectUpload', () => {
	it('tells the format by decoding, whatever the file is called', async () => {
		expect(await inspectUpload(await upload(await pngImage(64, 48), 'photo.jpg'))).toMatchObject({
			format: 'png',
			width: 64,
			height: 48
		});
		const jpeg = await fromPixels(detailed(50, 40)).jpeg().toBuffer();
		expect(await inspectUpload(await upload(jpeg, 'drawing.svg'))).toMatchObject({
			format: 'jpeg',
			width: 50,
			height: 40
		});
		expect((await inspectUpload(await upload(await webpImage(), 'x.gif'))).format).toBe('webp');
		expect((await inspectUpload(await upload(await avifImage(), 'x.png'))).format).toBe('avif');
	});

	it('reports the size as shown, with the EXIF orientation applied', async () => {
		expect(await inspectUpload(await upload(await orientedJpeg()))).toMatchObject({
			format: 'jpeg',
			width: 200,
			height: 400,
			// Turning needs the whole image in memory: the estimate knows it.
			header: { turned: true, channels: 3, bits: 8, progressive: false }
		});
	});

	it('refuses what is not an image, or not a photo format it accepts', async () => {
		expect(await outcome(inspectUpload(await upload(TEXT)))).toBe('upload_not_image');
		expect(await outcome(inspectUpload(await upload(Buffer.alloc(0))))).toBe('upload_not_image');
		const html = Buffer.from('<!doctype html><html><body><img src=x></body></html>');
		expect(await outcome(inspectUpload(await upload(html)))).toBe('upload_not_image');
		expect(await outcome(inspectUpload(await upload(await gifImage())))).toBe(
			'upload_unsupported_format'
		);
		expect(await outcome(inspectUpload(await upload(await tiffImage())))).toBe(
			'upload_unsupported_format'
		);
		expect(await outcome(inspectUpload(await upload(SVG, 'photo.png')))).toBe(
			'upload_unsupported_format'
		);
		expect(await outcome(inspectUpload(await upload(SVG_DOCUMENT, 'photo.jpg')))).toBe(
			'upload_unsupported_format'
		);
		// And the ingest refuses them just the same, even when asked directly.
		expect(await outcome(ingestMaster(await upload(SVG)))).toBe('upload_unsupported_format');
		expect(await outcome(ingestMaster(await upload(await gifImage())))).toBe(
			'upload_unsupported_format'
		);
	});

	it('asks for a JPEG when the HEIC photo cannot be decoded here', async () => {
		const heic = heicContainer();
		const meta = await sharp(heic).metadata();
		expect(meta.format).toBe('heif');
		expect(meta.compression).toBe('hevc');
		let decodes = true;
		await sharp(heic)
			.raw()
			.toBuffer()
			.catch(() => (decodes = false));
		// Prebuilt sharp has no HEVC decoder; a build with one would accept real HEIC photos.
		expect(decodes).toBe(false);
		expect(await outcome(inspectUpload(await upload(heic, 'IMG_0001.HEIC')))).toBe(
			'upload_heic_unsupported'
		);
		// Second time: known already, still refused.
		expect(await outcome(ingestMaster(await upload(heic)))).toBe('upload_heic_unsupported');
	});

	it('refuses a decompression bomb from its header: fast, without decoding', async () => {
		const bomb = decompressionBombPng(); // 30000×30000
		expect(bomb.length).toBeLessThan(300_000);
		const path = await upload(bomb, 'bomb.png');
		const rssBefore = process.memoryUsage().rss;
		const started = performance.now();
		expect(await outcome(inspectUpload(path))).toBe('upload_too_many_pixels');
		expect(await outcome(ingestMaster(path))).toBe('upload_too_many_pixels');
		expect(performance.now() - started).toBeLessThan(2000);
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
	});

	it('refuses anything over MAX_PIXELS, even below the decoder’s own limit', async () => {
		const bomb = decompressionBombPng(12_000, 10_000); // 120 megapixels
		expect(12_000 * 10_000).toBeGreaterThan(MAX_PIXELS);
		expect(await outcome(inspectUpload(await upload(bomb)))).toBe('upload_too_many_pixels');
	});
});

describe('ingestMaster', () => {
	it('turns the photo upright as its EXIF orientation says', async () => {
		const master = await ingestMaster(await upload(await orientedJpeg()));
		expect([master.width, master.height]).toEqual([200, 400]);
		const image = await decode(master.data);
		expect([image.width, image.height]).toEqual([200, 400]);
		// Stored top-left (red) is now top-right; stored bottom-right (blue) is bottom-left.
		expectColour(pixel(image, 190, 10), [255, 0, 0], 30);
		expectColour(pixel(image, 10, 390), [0, 0, 255], 30);
		expectColour(pixel(image, 10, 10), [128, 128, 128], 12);
		expect((await sharp(master.data).metadata()).orientation).toBeUndefined();
	});

	it('strips every piece of metadata from the master and every derivative', async () => {
		const input = await jpegWithMetadata();
		// The input really carries all of it.
		const parsed = await exifr.parse(input, EXIFR_EVERYTHING);
		expect(parsed.gps.latitude).toBeCloseTo(SECRETS.latitude, 2);
		expect(parsed.gps.longitude).toBeCloseTo(SECRETS.longitude, 2);
		expect(parsed.ifd0.Make).toBe(SECRETS.make);
		expect(parsed.ifd0.Model).toBe(SECRETS.model);
		expect(parsed.exif.BodySerialNumber ?? parsed.exif.SerialNumber).toBe(SECRETS.serial);
		expect(JSON.stringify(parsed.dc ?? parsed.xmp)).toContain(SECRETS.xmpCreator);
		expect(parsed.iptc.Byline).toBe(SECRETS.iptcByline);
		expect(parsed.icc.ProfileDescription).toBeDefined();
		const inputMeta = await sharp(input).metadata();
		expect(inputMeta.exif && inputMeta.xmp && inputMeta.iptc && inputMeta.icc).toBeTruthy();
		expect(input.includes(Buffer.from(SECRETS.comment, 'latin1'))).toBe(true);
		expect(jpegSegments(input)).toEqual(expect.arrayContaining([0xe1, 0xe2, 0xed, 0xfe]));

		const master = await ingestMaster(await upload(input));
		expect([master.width, master.height]).toEqual([320, 240]);
		await expectNoMetadata(master.data, 'master');
		const masterMeta = await sharp(master.data).metadata();
		expect(masterMeta.format).toBe('jpeg');
		expect(masterMeta.chromaSubsampling).toBe('4:4:4');

		const rendered = await renderDerivatives(
			master.data,
			framing({ rotation: 90, crop: { x: 0, y: 0, w: 1, h: 0.8 } }),
			['webp', 'jpeg', 'avif'],
			[64, 160, 320]
		);
		expect(rendered.files).toHaveLength(6); // 240×256 framed: 64 and 160, three formats
		for (const file of rendered.files) {
			await expectNoMetadata(file.data, `${file.format} ${file.width}`);
		}
		const editor = await renderEditorSource(master.data);
		await expectNoMetadata(editor.data, 'editor');
	});

	it('converts an embedded colour profile to sRGB rather than dropping it', async () => {
		const path = await upload(await jpegWithMetadata());
		// The left half is sRGB green, stored as Display P3 values.
		const stored = await sharp(path, { ignoreIcc: true })
			.raw()
			.toBuffer({ resolveWithObject: true });
		const storedGreen = pixel({ ...stored.info, data: stored.data }, 40, 120);
		expect(storedGreen[0]).toBeGreaterThan(90);
		const master = await decode((await ingestMaster(path)).data);
		expectColour(pixel(master, 40, 120), [0, 255, 0], 12);
	});

	it('strips PNG metadata and text, and lays transparency on white', async () => {
		const input = await pngWithMetadata();
		const inputMeta = await sharp(input).metadata();
		expect(inputMeta.exif).toBeDefined();
		expect(inputMeta.xmp).toBeDefined();
		expect(JSON.stringify(inputMeta.comments)).toContain(SECRETS.pngComment);
		const master = await ingestMaster(await upload(input, 'a.png'));
		await expectNoMetadata(master.data, 'master from png');
		const image = await decode(master.data);
		// rgb(200,30,30) at half opacity over white.
		expectColour(pixel(image, 60, 40), [228, 143, 143], 6);
	});

	it('refuses a damaged (truncated) file', async () => {
		const path = await upload(await truncatedJpeg());
		// The header is fine, so it looks like a JPEG …
		expect((await inspectUpload(path)).format).toBe('jpeg');
		// … but decoding it fully fails.
		expect(await outcome(ingestMaster(path))).toBe('upload_damaged');
	});

	it('accepts PNG, WebP and AVIF', async () => {
		for (const make of [pngImage, webpImage, avifImage]) {
			const master = await ingestMaster(await upload(await make(64, 48)));
			expect([master.width, master.height]).toEqual([64, 48]);
			expect((await sharp(master.data).metadata()).format).toBe('jpeg');
		}
	});
});

// -------------------------------------------------------------------------------------------------

/** Mean absolute difference of two same-size images over the pixels where `where` holds. */
function meanDifference(
	a: Decoded,
	b: Decoded,
	where: (x: number, y: number) => boolean
): { mean: number; count: number } {
	expect([a.width, a.height]).toEqual([b.width, b.height]);
	let sum = 0;
	let count = 0;
	for (let y = 0; y < a.height; y++) {
		for (let x = 0; x < a.width; x++) {
			if (!where(x, y)) continue;
			const i = (y * a.width + x) * 3;
			for (let c = 0; c < 3; c++) sum += Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0));
			count += 3;
		}
	}
	return { mean: count ? sum / count : 0, count };
}

/** How much neighbouring pixels differ inside an area: high for detail, low once destroyed. */
function detail(image: Decoded, inside: (x: number, y: number) => boolean): number {
	let sum = 0;
	let count = 0;
	for (let y = 0; y < image.height; y++) {
		for (let x = 0; x + 1 < image.width; x++) {
			if (!inside(x, y) || !inside(x + 1, y)) continue;
			const i = (y * image.width + x) * 3;
			for (let c = 0; c < 3; c++)
				sum += Math.abs((image.data[i + c] ?? 0) - (image.data[i + 3 + c] ?? 0));
			count += 3;
		}
	}
	return sum / count;
}

describe('renderDerivatives: redactions', () => {
	// 1200×800 master with strong detail everywhere; framed 1080×720 by the crop.
	const crop = { x: 0.05, y: 0.05, w: 0.9, h: 0.9 };
	const regions: Redaction[] = [
		{ x: 0.1, y: 0.15, w: 0.3, h: 0.3, style: 'blur' },
		{ x: 0.55, y: 0.5, w: 0.3, h: 0.35, style: 'pixelate' }
	];
	let master: Buffer;
	beforeAll(async () => {
		master = await masterJpeg(detailed(1200, 800, 24, 5));
	});

	/** A region in pixels of a derivative `width` wide (from fractions of the master). */
	function inDerivative(region: Redaction, width: number) {
		const scale = width / 1080;
		return {
			left: (region.x * 1200 - crop.x * 1200) * scale,
			top: (region.y * 800 - crop.y * 800) * scale,
			right: ((region.x + region.w) * 1200 - crop.x * 1200) * scale,
			bottom: ((region.y + region.h) * 800 - crop.y * 800) * scale
		};
	}

	it('burns every region into every derivative, and leaves the rest alone', async () => {
		const formats = ['webp', 'jpeg'] as const;
		const [redacted, original] = await Promise.all([
			renderDerivatives(master, framing({ crop, redactions: regions }), [...formats]),
			renderDerivatives(master, framing({ crop }), [...formats])
		]);
		expect([redacted.width, redacted.height]).toEqual([1080, 720]);
		expect(redacted.files.map((f) => `${f.format}@${f.width}`).sort()).toEqual(
			['jpeg@1024', 'jpeg@320', 'jpeg@640', 'webp@1024', 'webp@320', 'webp@640'].sort()
		);
		for (const file of redacted.files) {
			const twin = original.files.find((f) => f.format === file.format && f.width === file.width);
			expect(twin).toBeDefined();
			const [after, before] = await Promise.all([decode(file.data), decode(twin!.data)]);
			const what = `${file.format}@${file.width}`;
			const rects = regions.map((r) => inDerivative(r, file.width));
			for (const [index, rect] of rects.entries()) {
				const margin = 3;
				const inside = (x: number, y: number) =>
					x >= rect.left + margin &&
					x < rect.right - margin &&
					y >= rect.top + margin &&
					y < rect.bottom - margin;
				const changed = meanDifference(after, before, inside);
				expect(changed.count).toBeGreaterThan(100);
				expect(changed.mean, `${what} region ${index} changed`).toBeGreaterThan(30);
				// The detail is gone, not just softened: neighbouring pixels hardly differ any more
				// (pixelation keeps its block edges, so it is allowed a little more).
				const detailBefore = detail(before, inside);
				expect(detailBefore, `${what} region ${index} had detail`).toBeGreaterThan(7);
				expect(detail(after, inside), `${what} region ${index} detail`).toBeLessThan(
					detailBefore * (regions[index]?.style === 'blur' ? 0.25 : 0.5)
				);
			}
			const far = (x: number, y: number) =>
				rects.every(
					(r) => x < r.left - 16 || x >= r.right + 16 || y < r.top - 16 || y >= r.bottom + 16
				);
			const untouched = meanDifference(after, before, far);
			expect(untouched.count).toBeGreaterThan(1000);
			// JPEG encodes far blocks identically; WebP's adaptive quantisation shifts a little
			// everywhere when part of the image changes (codec noise, not redaction).
			expect(untouched.mean, `${what} elsewhere`).toBeLessThan(file.format === 'jpeg' ? 0.5 : 6);
		}
	});

	it('uses only the pixels inside a region', async () => {
		// A blue square on red: blurred or pixelated, it stays blue, and red stays outside.
		for (const style of ['blur', 'pixelate'] as const) {
			const image = solid(300, 200, [255, 0, 0]);
			fillRect(image, 100, 50, 100, 100, [0, 0, 255]);
			const rendered = await renderDerivatives(
				await masterJpeg(image),
				framing({ redactions: [{ x: 1 / 3, y: 0.25, w: 1 / 3, h: 0.5, style }] }),
				['webp'],
				[300]
			);
			expect(rendered.files).toHaveLength(1);
			const out = await decode(rendered.files[0]!.data);
			for (const [x, y] of [
				[104, 54],
				[195, 54],
				[104, 145],
				[150, 100],
				[195, 145]
			] as const) {
				expectColour(pixel(out, x, y), [0, 0, 255], 40);
			}
			for (const [x, y] of [
				[94, 100],
				[205, 100],
				[150, 44],
				[150, 156]
			] as const) {
				expectColour(pixel(out, x, y), [255, 0, 0], 40);
			}
		}
	});

	it('refuses framing it cannot read, rather than publishing without a redaction', async () => {
		const bad = framing({ redactions: [{ x: Number.NaN, y: 0, w: 0.5, h: 0.5, style: 'blur' }] });
		await expect(renderDerivatives(master, bad, ['jpeg'], [320])).rejects.toThrow(/framing/);
		const style = framing({
			redactions: [{ x: 0, y: 0, w: 0.5, h: 0.5, style: 'smudge' as 'blur' }]
		});
		await expect(renderDerivatives(master, style, ['jpeg'], [320])).rejects.toThrow(/framing/);
	});
});

describe('renderDerivatives: framing and sizes', () => {
	// Quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right.
	let quadrants: Buffer;
	beforeAll(async () => {
		const image = solid(400, 300, [255, 0, 0]);
		fillRect(image, 200, 0, 200, 150, [0, 255, 0]);
		fillRect(image, 0, 150, 200, 150, [0, 0, 255]);
		fillRect(image, 200, 150, 200, 150, [255, 255, 0]);
		quadrants = await masterJpeg(image);
	});

	it('turns, then crops (in fractions of the turned photo)', async () => {
		// The top-right of the turned photo comes from a different quadrant for each rotation.
		const crop = { x: 0.55, y: 0.05, w: 0.4, h: 0.3 };
		const expected = {
			0: { size: [160, 90], colour: [0, 255, 0] },
			90: { size: [120, 120], colour: [255, 0, 0] },
			180: { size: [160, 90], colour: [0, 0, 255] },
			270: { size: [120, 120], colour: [255, 255, 0] }
		} as const;
		for (const rotation of [0, 90, 180, 270] as const) {
			const rendered = await renderDerivatives(
				quadrants,
				framing({ rotation, crop }),
				['webp', 'jpeg'],
				[64, 100, 128, 2048]
			);
			const { size, colour } = expected[rotation];
			expect([rendered.width, rendered.height], `rotation ${rotation}`).toEqual(size);
			const widths = size[0] >= 128 ? [128, 100, 64] : [100, 64];
			expect(rendered.files.map((f) => f.width).sort((a, b) => b - a)).toEqual(
				widths.flatMap((w) => [w, w])
			);
			for (const file of rendered.files) {
				expect(file.height).toBe(Math.round((size[1] * file.width) / size[0]));
				const image = await decode(file.data);
				expect([image.width, image.height]).toEqual([file.width, file.height]);
				expectColour(pixel(image, 2, 2), colour, 40);
				expectColour(pixel(image, file.width - 3, file.height - 3), colour, 40);
			}
			// The placeholder shows the framed photo, not the whole master.
			const average = thumbHashToAverageRGBA(Buffer.from(rendered.thumbhash, 'base64'));
			expectColour(
				[average.r * 255, average.g * 255, average.b * 255],
				colour.map((c) => c),
				60
			);
		}
	});

	it('follows the ladder up to the photo’s own width, never enlarging', async () => {
		const master = await masterJpeg(detailed(1100, 700, 24, 9));
		const rendered = await renderDerivatives(master, DEFAULT_FRAMING, ['webp', 'jpeg']);
		const widths = [...new Set(rendered.files.map((f) => f.width))].sort((a, b) => a - b);
		expect(widths).toEqual(WIDTHS.filter((w) => w <= 1100));
		for (const file of rendered.files) {
			expect(file.width).toBeLessThanOrEqual(1100);
			expect(file.height).toBe(Math.round((700 * file.width) / 1100));
			const meta = await sharp(file.data).metadata();
			expect([meta.format, meta.width, meta.height]).toEqual([
				file.format,
				file.width,
				file.height
			]);
		}
		const jpeg = rendered.files.find((f) => f.format === 'jpeg');
		expect((await sharp(jpeg!.data).metadata()).isProgressive).toBe(true);
	});

	it('renders a photo narrower than the whole ladder once, at its own width', async () => {
		const master = await masterJpeg(detailed(200, 120, 8, 4));
		const rendered = await renderDerivatives(master, DEFAULT_FRAMING, ['webp', 'jpeg', 'avif']);
		expect(rendered.files.map((f) => [f.format, f.width, f.height])).toEqual([
			['webp', 200, 120],
			['jpeg', 200, 120],
			['avif', 200, 120]
		]);
		for (const file of rendered.files) {
			expect((await sharp(file.data).metadata()).format).toBe(
				file.format === 'avif' ? 'heif' : file.format
			);
		}
	});

	it('narrows a photo so tall that WebP and AVIF could not hold it, rather than failing', async () => {
		const tall = await masterJpeg(solid(200, 40_000, [10, 120, 200]));
		const rendered = await renderDerivatives(tall, DEFAULT_FRAMING, ['webp', 'jpeg', 'avif']);
		expect([rendered.width, rendered.height]).toEqual([200, 40_000]);
		expect(rendered.files.length).toBe(3);
		for (const file of rendered.files) {
			expect(file.height).toBeLessThanOrEqual(MAX_DERIVATIVE_SIDE);
			expect(file.width).toBe(81); // 200 × 16383 / 40000, rounded down
			const meta = await sharp(file.data).metadata();
			expect([meta.width, meta.height]).toEqual([file.width, file.height]);
		}
	});

	it('keeps even the smallest crop at least one pixel, inside the photo', async () => {
		const rendered = await renderDerivatives(
			quadrants,
			framing({ crop: { x: 0.9999, y: 0.9999, w: 0.00001, h: 0.00001 } }),
			['jpeg']
		);
		expect([rendered.width, rendered.height]).toEqual([1, 1]);
		expect(rendered.files.map((f) => [f.width, f.height])).toEqual([[1, 1]]);
		expectColour(pixel(await decode(rendered.files[0]!.data), 0, 0), [255, 255, 0], 40);
	});

	it('gives a thumbhash that decodes to the framed shape', async () => {
		const rendered = await renderDerivatives(
			quadrants,
			framing({ crop: { x: 0, y: 0, w: 1, h: 0.5 } }),
			['webp'],
			[320]
		);
		expect(rendered.thumbhash).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
		const hash = Buffer.from(rendered.thumbhash, 'base64');
		expect(hash.length).toBeGreaterThan(4);
		const { w, h, rgba } = thumbHashToRGBA(hash);
		expect(w).toBeGreaterThan(0);
		expect(h).toBeGreaterThan(0);
		expect(rgba.length).toBe(w * h * 4);
		expect(thumbHashToApproximateAspectRatio(hash)).toBeCloseTo(400 / 150, 0);
	});
});

describe('renderEditorSource', () => {
	it('shows the whole upright master, at most EDITOR_WIDTH wide', async () => {
		const wide = await masterJpeg(detailed(2000, 1000, 32, 2));
		const editor = await renderEditorSource(wide);
		expect([editor.width, editor.height]).toEqual([EDITOR_WIDTH, 800]);
		const meta = await sharp(editor.data).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', EDITOR_WIDTH, 800]);

		const small = await masterJpeg(detailed(300, 500, 16, 3));
		expect(await renderEditorSource(small)).toMatchObject({ width: 300, height: 500 });
	});
});

describe('createLimit', () => {
	const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

	it('runs at most n at a time, in order of arrival', async () => {
		const limit = createLimit(2);
		let running = 0;
		let most = 0;
		const started: number[] = [];
		const results = await Promise.all(
			Array.from({ length: 7 }, (_, i) =>
				limit(async () => {
					started.push(i);
					running += 1;
					most = Math.max(most, running);
					await tick();
					running -= 1;
					return i * 10;
				})
			)
		);
		expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
		expect(most).toBe(2);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});

	it('frees the slot when a job fails or throws at once', async () => {
		const limit = createLimit(1);
		await expect(limit(() => Promise.reject(new Error('async')))).rejects.toThrow('async');
		await expect(
			limit(() => {
				throw new Error('sync');
			})
		).rejects.toThrow('sync');
		expect(await limit(async () => 'next')).toBe('next');
	});

	it('lets a job that holds a slot call limited work without deadlock', async () => {
		const limit = createLimit(1);
		const inner = () => limit(async () => 'inner');
		expect(await limit(async () => `outer ${await inner()}`)).toBe('outer inner');
		// Another caller still waits for the slot.
		const order: string[] = [];
		await Promise.all([
			limit(async () => {
				await tick();
				order.push('first');
			}),
			limit(async () => {
				order.push('second');
			})
		]);
		expect(order).toEqual(['first', 'second']);
	});

	it('does not accept a nonsensical size', () => {
		expect(() => createLimit(0)).toThrow(RangeError);
		expect(() => createLimit(1.5)).toThrow(RangeError);
	});
});
