// The image work, and nothing else: from an uploaded file to a clean master (upright, sRGB, no
// metadata), and from a master plus its framing to the published derivatives with every
// redaction burnt in. Files and buffers in, buffers out; storage and the database are the
// caller's business (photos.ts).
//
// Every function here holds a share of the image memory budget (limit.ts) while it works, sized
// by an estimate made from the image's header (cost.ts). The budget is re-entrant, so a caller
// may also wrap a whole job (decode, render, store) in imageWork, reserving for all of it.
import { open } from 'node:fs/promises';
import sharp, { type Channels, type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import {
	BLUR_SAMPLES,
	PIXELATE_CELLS,
	REDACTION_STYLES,
	ROTATIONS,
	rotatedSize,
	type Framing,
	type Rect,
	type RedactionStyle
} from '../../framing';
import { createLimit, imageBudget, imageWork } from './limit';
import {
	MASTER_MAX_PIXELS,
	editorCost,
	ingestCost,
	jpegComponents,
	masterSize,
	renderCost,
	type ImageHeader
} from './cost';

// libvips' operation cache only helps when the same image is processed again; here it would
// just keep decoded photos in memory (and keep the process's memory high after a burst).
sharp.cache(false);
// One libvips thread per operation: the budget decides how many run at once, and each thread
// would hold its own buffers. (It is also sharp's default on glibc without jemalloc; set here
// so that every platform behaves the same.)
sharp.concurrency(1);

export const MAX_UPLOAD_BYTES_DEFAULT = 25 * 1024 * 1024;
export const MAX_PIXELS = 100_000_000;
export const WIDTHS = [320, 640, 1024, 1600, 2048] as const;
export const EDITOR_WIDTH = 1600;

export type UploadProblem =
	| 'upload_not_image'
	| 'upload_unsupported_format'
	| 'upload_heic_unsupported'
	| 'upload_too_many_pixels'
	| 'upload_damaged'
	| 'upload_animated'
	| 'upload_too_costly';

export class UploadRefused extends Error {
	readonly problem: UploadProblem;
	/** Numbers the participant's message names (e.g. maxMegapixels). */
	readonly details: Record<string, number>;
	constructor(problem: UploadProblem, details: Record<string, number> = {}) {
		super(problem);
		this.name = 'UploadRefused';
		this.problem = problem;
		this.details = details;
	}
}

export type AcceptedFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heif';
export type DerivativeFormat = 'webp' | 'jpeg' | 'avif';

/** Untrusted input: refuse oversized images before decoding, and any invalid pixel data. */
const UPLOAD_INPUT = {
	limitInputPixels: MAX_PIXELS,
	failOn: 'error',
	autoOrient: true
} satisfies SharpOptions;

/** Our own masters: still limited, in case a stored file is not what it should be. */
const MASTER_INPUT = { limitInputPixels: MAX_PIXELS, failOn: 'error' } satisfies SharpOptions;

// ---------------------------------------------------------------------------------------------
// Inspecting an upload

/** The first bytes of the file (and whether it is empty). */
async function readHead(path: string, length = 1024): Promise<Buffer> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(length);
		const { bytesRead } = await handle.read(buffer, 0, length, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/**
 * Text that starts like markup (SVG, HTML, XML) never reaches an image decoder: an SVG could
 * carry scripts or references, and there is no reason to let a parser read it at all.
 */
function refuseMarkup(head: Buffer) {
	let text = head.toString('latin1');
	if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
	text = text.trimStart();
	if (text.startsWith('<')) {
		throw new UploadRefused(
			/<svg[\s>]/i.test(text) || /<!doctype\s+svg/i.test(text)
				? 'upload_unsupported_format'
				: 'upload_not_image'
		);
	}
	// Gzip: perhaps a compressed SVG (svgz), which libvips would unpack. Not a photo either way.
	if (head[0] === 0x1f && head[1] === 0x8b) throw new UploadRefused('upload_unsupported_format');
}

/** Turns a decoder error about an upload into the reason shown to the participant. */
function uploadProblem(error: unknown): UploadRefused | unknown {
	if (error instanceof UploadRefused) return error;
	const message = error instanceof Error ? error.message : String(error);
	if (
		(error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ||
		/file is missing/i.test(message)
	)
		return error; // our bug, not the participant's file
	if (/exceeds pixel limit/i.test(message)) return new UploadRefused('upload_too_many_pixels');
	if (/unsupported image format/i.test(message)) return new UploadRefused('upload_not_image');
	return new UploadRefused('upload_damaged');
}

/** Whether this sharp build decodes HEVC (HEIC photos); unknown until the first one arrives. */
let hevcDecodes: boolean | undefined;
const MISSING_DECODER =
	/not been built in|decoder plugin|no decoding plugin|unsupported codec|unsupported compression/i;

async function checkHevcDecodes(path: string) {
	if (hevcDecodes === false) throw new UploadRefused('upload_heic_unsupported');
	if (hevcDecodes === true) return;
	await imageWork(FIXED_PROBE, () => probeHevc(path));
}

/** Decoding 8×8 pixels of a HEIC: a few megabytes at most. */
const FIXED_PROBE = 64 * 1024 * 1024;

async function probeHevc(path: string) {
	if (hevcDecodes !== undefined) return;
	try {
		// Prebuilt sharp has libheif with AV1 only: this fails at once, before any pixel work.
		await sharp(path, UPLOAD_INPUT).resize(8, 8).raw().toBuffer();
		hevcDecodes = true;
	} catch (error) {
		if (MISSING_DECODER.test(error instanceof Error ? error.message : '')) hevcDecodes = false;
		throw new UploadRefused('upload_heic_unsupported');
	}
}

export interface InspectedUpload {
	format: AcceptedFormat;
	/** As shown (EXIF orientation applied). */
	width: number;
	height: number;
	header: ImageHeader;
	/** Memory that decoding it into a master takes, at most (cost.ts). */
	cost: number;
}

const BITS: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16 };

/** Megapixels of this kind of image that fit in the budget, for the participant's message. */
function megapixelsWithin(header: ImageHeader, capacity: number): number {
	let low = 0;
	let high = 200;
	// The estimate grows with pixels: find the largest whole number of megapixels that fits.
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		const side = Math.sqrt(mid * 1_000_000);
		const cost = ingestCost({ ...header, width: side, height: side });
		if (cost <= capacity) low = mid;
		else high = mid - 1;
	}
	return low;
}

/**
 * Decides what an uploaded file is by reading it with the image decoder (never by its name or
 * Content-Type). Reads only the header, so that a decompression bomb is refused before any
 * pixel is decoded, and so is an image whose decoding would not fit in the image memory budget
 * (IMAGE_MEMORY_MB) or would need more pixels than MAX_PIXELS. Throws UploadRefused.
 */
export async function inspectUpload(path: string): Promise<InspectedUpload> {
	const head = await readHead(path);
	if (head.length === 0) throw new UploadRefused('upload_not_image');
	refuseMarkup(head);
	let meta: Metadata;
	try {
		// Header only; the pixel limit is checked below, so that it is reported as such.
		meta = await sharp(path, { limitInputPixels: false, failOn: 'error' }).metadata();
	} catch (error) {
		throw uploadProblem(error);
	}
	let format: AcceptedFormat;
	let hevc = false;
	switch (meta.format) {
		case 'jpeg':
		case 'png':
		case 'webp':
			format = meta.format;
			break;
		case 'heif': // AVIF and HEIC both: told apart by their compression
			if (meta.compression === 'av1') format = 'avif';
			else if (meta.compression === 'hevc') {
				format = 'heif';
				hevc = true;
			} else throw new UploadRefused('upload_unsupported_format');
			break;
		default:
			// gif, tiff, svg, and whatever else the decoder knows: not accepted.
			throw new UploadRefused('upload_unsupported_format');
	}
	// As shown (EXIF orientation applied), like the master will be.
	const { width, height } = meta.autoOrient ?? meta;
	if (!(width > 0 && height > 0)) throw new UploadRefused('upload_damaged');
	if (width * height > MAX_PIXELS) throw new UploadRefused('upload_too_many_pixels');
	// An animation is not a photo (and each frame would be decoded in turn).
	if ((meta.pages ?? 1) > 1) throw new UploadRefused('upload_animated');
	const header: ImageHeader = {
		format,
		width,
		height,
		channels: meta.channels ?? 4,
		bits: meta.bitsPerSample ?? BITS[meta.depth ?? ''] ?? 16,
		progressive: meta.isProgressive === true,
		turned: (meta.orientation ?? 1) !== 1,
		components:
			format === 'jpeg' ? jpegComponents(meta.chromaSubsampling, meta.channels ?? 3) : undefined
	};
	const cost = ingestCost(header);
	const capacity = imageBudget().capacity;
	if (cost > capacity)
		throw new UploadRefused('upload_too_costly', {
			maxMegapixels: megapixelsWithin(header, capacity)
		});
	if (hevc) await checkHevcDecodes(path);
	return { format, width, height, header, cost };
}

// ---------------------------------------------------------------------------------------------
// The master

/**
 * Decodes the upload fully (refusing damaged files), turns it upright, converts it to sRGB and
 * drops every piece of metadata; returns a high-quality JPEG master, scaled down to
 * MASTER_MAX_PIXELS if it has more. The upload itself is left for the caller to delete.
 */
export async function ingestMaster(
	path: string
): Promise<{ data: Buffer; width: number; height: number }> {
	// Header checks again (cheap), so that no caller can skip them by mistake.
	const inspected = await inspectUpload(path);
	return imageWork(inspected.cost, async () => {
		const size = masterSize(inspected.width, inspected.height);
		try {
			let image = sharp(path, UPLOAD_INPUT);
			if (inspected.width * inspected.height > MASTER_MAX_PIXELS)
				image = image.resize(size.width, size.height, { fit: 'fill' });
			// No keepMetadata()/withMetadata(): sharp writes no EXIF, XMP, IPTC, comments or ICC
			// profile, and converts from any embedded profile to sRGB.
			const { data, info } = await image
				.flatten({ background: '#ffffff' })
				.toColourspace('srgb')
				.jpeg({ quality: 90, chromaSubsampling: '4:4:4', mozjpeg: false, optimiseCoding: false })
				.toBuffer({ resolveWithObject: true });
			return { data, width: info.width, height: info.height };
		} catch (error) {
			throw uploadProblem(error);
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Framing and redaction

interface RawImage {
	data: Buffer;
	width: number;
	height: number;
	channels: number;
}

interface PixelRect {
	left: number;
	top: number;
	width: number;
	height: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function assertFinite(rect: Rect, what: string) {
	if (![rect.x, rect.y, rect.w, rect.h].every(Number.isFinite)) {
		throw new Error(`Invalid framing: ${what} is not a rectangle`);
	}
}

/** The crop in whole pixels of the rotated image: at least 1 px, inside the image. */
export function cropPixels(crop: Rect, width: number, height: number): PixelRect {
	assertFinite(crop, 'crop');
	const left = clamp(Math.round(crop.x * width), 0, width - 1);
	const top = clamp(Math.round(crop.y * height), 0, height - 1);
	return {
		left,
		top,
		width: clamp(Math.round(crop.w * width), 1, width - left),
		height: clamp(Math.round(crop.h * height), 1, height - top)
	};
}

/**
 * A redaction in pixels of the cropped image, or null when it lies outside the crop. Rounded
 * outwards: a redaction may cover a fraction of a pixel more, never less.
 */
export function redactionPixels(region: Rect, crop: PixelRect, width: number, height: number) {
	assertFinite(region, 'a redaction');
	const x0 = Math.max(crop.left, Math.floor(region.x * width));
	const y0 = Math.max(crop.top, Math.floor(region.y * height));
	const x1 = Math.min(crop.left + crop.width, Math.ceil((region.x + region.w) * width));
	const y1 = Math.min(crop.top + crop.height, Math.ceil((region.y + region.h) * height));
	if (x1 <= x0 || y1 <= y0) return null;
	return { left: x0 - crop.left, top: y0 - crop.top, width: x1 - x0, height: y1 - y0 };
}

/** Size of a w×h area shrunk so that its longer side is `long` px (each side at least 1). */
function shrunk(w: number, h: number, long: number) {
	const scale = long / Math.max(w, h);
	return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/**
 * Destroys the detail of a region: it is averaged down to a handful of pixels, so nothing finer
 * than that survives, then brought back to size (smoothly for blur, in blocks for pixelate).
 * Works on the region's own pixels only.
 */
async function obscure(
	region: Buffer,
	width: number,
	height: number,
	channels: number,
	style: RedactionStyle
): Promise<Buffer> {
	const raw = (w: number, h: number) => ({
		raw: { width: w, height: h, channels: channels as Channels }
	});
	const long = Math.max(width, height);
	if (style === 'pixelate') {
		// PIXELATE_CELLS blocks along the longer side (fewer for a tiny region, at least 2 px
		// each): each block is one average, so nothing finer survives (docs/redaction.md).
		const small = shrunk(width, height, clamp(Math.floor(long / 2), 1, PIXELATE_CELLS));
		const blocks = await sharp(region, raw(width, height))
			.resize(small.width, small.height, { fit: 'fill' })
			.raw()
			.toBuffer();
		return sharp(blocks, raw(small.width, small.height))
			.resize(width, height, { fit: 'fill', kernel: 'nearest' })
			.raw()
			.toBuffer();
	}
	// Blur: built on destroyed pixels. BLUR_SAMPLES px along the longer side (coarser than
	// pixelate's cells: smoothing re-creates shading between samples), then back up through a
	// blurred middle size, so that no trace of the coarse grid remains either.
	const small = shrunk(width, height, clamp(Math.round(long / 4), 1, BLUR_SAMPLES));
	const coarse = await sharp(region, raw(width, height))
		.resize(small.width, small.height, { fit: 'fill' })
		.raw()
		.toBuffer();
	const middleLong = Math.min(long, 64);
	const middle = shrunk(width, height, middleLong);
	const soft = await sharp(coarse, raw(small.width, small.height))
		.resize(middle.width, middle.height, { fit: 'fill', kernel: 'cubic' })
		.blur(Math.max(0.3, middleLong / 16))
		.raw()
		.toBuffer();
	return sharp(soft, raw(middle.width, middle.height))
		.resize(width, height, { fit: 'fill', kernel: 'cubic' })
		.raw()
		.toBuffer();
}

/** Burns one redaction into the image, in place. */
async function redact(image: RawImage, rect: PixelRect, style: RedactionStyle) {
	const { data, width, channels } = image;
	const stride = width * channels;
	const row = rect.width * channels;
	const region = Buffer.allocUnsafe(row * rect.height);
	for (let y = 0; y < rect.height; y++) {
		const start = (rect.top + y) * stride + rect.left * channels;
		data.copy(region, y * row, start, start + row);
	}
	const obscured = await obscure(region, rect.width, rect.height, channels, style);
	if (obscured.length !== region.length) throw new Error('Redaction produced the wrong size');
	for (let y = 0; y < rect.height; y++) {
		obscured.copy(data, (rect.top + y) * stride + rect.left * channels, y * row, (y + 1) * row);
	}
}

/** The master turned, cropped and redacted, as raw sRGB pixels: decoded once per rendering. */
async function renderFramed(master: Buffer, framing: Framing): Promise<RawImage> {
	if (!ROTATIONS.includes(framing.rotation)) throw new Error('Invalid framing: rotation');
	const meta = await sharp(master, MASTER_INPUT).metadata();
	const turned = rotatedSize(meta.width, meta.height, framing.rotation);
	const crop = cropPixels(framing.crop, turned.width, turned.height);
	// Validate every region before any work, so a bad one can never be skipped silently.
	const regions = framing.redactions.map((r) => {
		if (!REDACTION_STYLES.includes(r.style)) throw new Error('Invalid framing: redaction style');
		return { style: r.style, rect: redactionPixels(r, crop, turned.width, turned.height) };
	});
	let pipeline = sharp(master, MASTER_INPUT);
	if (framing.rotation !== 0) pipeline = pipeline.rotate(framing.rotation);
	if (crop.width !== turned.width || crop.height !== turned.height) {
		pipeline = pipeline.extract(crop); // after rotate(): cuts from the turned image
	}
	const { data, info } = await pipeline
		.removeAlpha()
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	const image = { data, width: info.width, height: info.height, channels: info.channels };
	if (image.width !== crop.width || image.height !== crop.height) {
		throw new Error('Framing produced an unexpected size');
	}
	for (const { rect, style } of regions) {
		if (rect) await redact(image, rect, style);
	}
	return image;
}

// ---------------------------------------------------------------------------------------------
// Derivatives

/** The widths to render for an image this wide: never wider than itself. */
export function ladderWidths(width: number, widths: readonly number[] = WIDTHS): number[] {
	const fit = [...new Set(widths)]
		.filter((w) => Number.isInteger(w) && w > 0 && w <= width)
		.sort((a, b) => b - a);
	return fit.length > 0 ? fit : [width];
}

/**
 * The longest side up to which an AVIF rendition is encoded with effort 1 rather than 3
 * (docs/media.md, "AVIF effort"; `npm run bench:avif-effort`): on real photographs, at 320 px
 * effort 1 takes about a quarter of effort 3's CPU for files 2% larger; at 640 px the files
 * grow 6%, so larger renditions keep effort 3.
 */
export const AVIF_QUICK_MAX_SIDE = 320;

const ENCODERS: Record<DerivativeFormat, (image: Sharp, longestSide: number) => Sharp> = {
	webp: (image) => image.webp({ quality: 80 }),
	jpeg: (image) => image.jpeg({ quality: 82, mozjpeg: false, progressive: true }),
	// Effort 3: a fifth of effort 4's time for files about 12% larger (measured on 24 MP).
	avif: (image, longestSide) =>
		image.avif({ quality: 50, effort: longestSide <= AVIF_QUICK_MAX_SIDE ? 1 : 3 })
};

const fromRaw = (image: RawImage) =>
	sharp(image.data, {
		raw: { width: image.width, height: image.height, channels: image.channels as Channels }
	});

/** The image resized to width×height (an exact size, so every derivative's is known). */
async function resized(image: RawImage, width: number, height: number): Promise<RawImage> {
	if (width === image.width && height === image.height) return image;
	const { data, info } = await fromRaw(image)
		.resize(width, height, { fit: 'fill' })
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height, channels: info.channels };
}

async function thumbhashOf(image: RawImage): Promise<string> {
	const { data, info } = await fromRaw(image)
		.resize(100, 100, { fit: 'inside', withoutEnlargement: true })
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
}

/** WebP and AVIF encode at most 16383 pixels a side. */
export const MAX_DERIVATIVE_SIDE = 16383;

/**
 * The heights of the ladder's widths, from the framed size (one height per width). A photo so
 * tall that a width would make it taller than MAX_DERIVATIVE_SIDE gets that width narrowed.
 */
function ladderSizes(width: number, height: number, widths: readonly number[]) {
	const sizes = ladderWidths(width, widths).map((w) => {
		const h = Math.max(1, Math.round((height * w) / width));
		if (h <= MAX_DERIVATIVE_SIDE) return { width: w, height: h };
		const narrowed = Math.max(1, Math.floor((w * MAX_DERIVATIVE_SIDE) / h));
		return { width: narrowed, height: Math.max(1, Math.round((height * narrowed) / width)) };
	});
	return sizes.filter((s, i) => sizes.findIndex((t) => t.width === s.width) === i);
}

/**
 * Without redactions, nothing needs the framed photo at full size: the master is turned,
 * cropped and scaled to the largest width in one pass, which streams for a photo that is not
 * turned (a few megabytes instead of 3 bytes per pixel).
 */
async function renderLargestUnredacted(
	master: Buffer,
	framing: Framing,
	widths: readonly number[],
	meta: { width: number; height: number }
) {
	if (!ROTATIONS.includes(framing.rotation)) throw new Error('Invalid framing: rotation');
	const turned = rotatedSize(meta.width, meta.height, framing.rotation);
	const crop = cropPixels(framing.crop, turned.width, turned.height);
	const sizes = ladderSizes(crop.width, crop.height, widths);
	const top = sizes[0] ?? { width: crop.width, height: crop.height };
	let pipeline = sharp(master, MASTER_INPUT);
	if (framing.rotation !== 0) pipeline = pipeline.rotate(framing.rotation);
	if (crop.width !== turned.width || crop.height !== turned.height) {
		pipeline = pipeline.extract(crop); // after rotate(): cuts from the turned image
	}
	if (top.width !== crop.width || top.height !== crop.height)
		pipeline = pipeline.resize(top.width, top.height, { fit: 'fill' });
	const { data, info } = await pipeline
		.removeAlpha()
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	if (info.width !== top.width || info.height !== top.height) {
		throw new Error('Framing produced an unexpected size');
	}
	const largest = { data, width: info.width, height: info.height, channels: info.channels };
	return { width: crop.width, height: crop.height, sizes, largest };
}

/**
 * The framed image at the largest width of the ladder, and the sizes of all widths. With
 * redactions, they are burnt in at the master's full resolution (so that no detail inside a
 * region reaches any derivative); the full-size pixels stay inside this function.
 */
async function renderLargest(
	master: Buffer,
	framing: Framing,
	widths: readonly number[],
	meta: { width: number; height: number }
) {
	if (framing.redactions.length === 0)
		return renderLargestUnredacted(master, framing, widths, meta);
	const framed = await renderFramed(master, framing);
	const { width, height } = framed;
	const sizes = ladderSizes(width, height, widths);
	const top = sizes[0] ?? { width, height };
	// One resize of the full image; the smaller widths are made from that one (they are all far
	// below it), which costs a fraction of resizing the full image for each of them.
	const largest = await resized(framed, top.width, top.height);
	return { width, height, sizes, largest };
}

/** The memory a rendering of this master with this framing may take (cost.ts). */
export async function renderCostOf(
	master: Buffer,
	framing: Framing,
	formats: readonly DerivativeFormat[]
): Promise<number> {
	const meta = await sharp(master, MASTER_INPUT).metadata();
	return renderCost(meta.width, meta.height, master.length, {
		redacted: framing.redactions.length > 0,
		turned: framing.rotation !== 0,
		webpJpeg: formats.some((f) => f !== 'avif'),
		avif: formats.includes('avif')
	});
}

/**
 * Renders the published files of a photo from its master and framing: turned, cropped, every
 * redaction burnt in, at each ladder width that fits, in each format; no metadata. Also the
 * framed size and a thumbhash placeholder.
 */
export async function renderDerivatives(
	master: Buffer,
	framing: Framing,
	formats: DerivativeFormat[],
	widths: readonly number[] = WIDTHS
): Promise<{
	width: number;
	height: number;
	thumbhash: string;
	files: { format: DerivativeFormat; width: number; height: number; data: Buffer }[];
}> {
	const meta = await sharp(master, MASTER_INPUT).metadata();
	const uniqueFormats = [...new Set(formats)];
	const cost = renderCost(meta.width, meta.height, master.length, {
		redacted: framing.redactions.length > 0,
		turned: framing.rotation !== 0,
		webpJpeg: uniqueFormats.some((f) => f !== 'avif'),
		avif: uniqueFormats.includes('avif')
	});
	return imageWork(cost, async () => {
		const { width, height, sizes, largest } = await renderLargest(master, framing, widths, meta);
		// Two sharp operations at a time keep both cores busy; more would only occupy more of
		// libuv's threads, which the rest of the server needs for file access. The AVIF encoder
		// holds about 100 MB while it works: one at a time.
		const lane = createLimit(2);
		const avifLane = createLimit(1);
		const renditions = await Promise.all(
			sizes.map(async (size) => {
				const image = await lane(() => resized(largest, size.width, size.height));
				const files = await Promise.all(
					uniqueFormats.map(async (format) => ({
						format,
						width: image.width,
						height: image.height,
						data: await (format === 'avif' ? avifLane : lane)(() =>
							ENCODERS[format](fromRaw(image), Math.max(image.width, image.height)).toBuffer()
						)
					}))
				);
				return { image, files };
			})
		);
		const smallest = renditions[renditions.length - 1]?.image ?? largest;
		return {
			width,
			height,
			thumbhash: await thumbhashOf(smallest),
			files: renditions.flatMap((r) => r.files)
		};
	});
}

/**
 * The owner's own view for the framing editor: the whole upright master, nothing cropped,
 * turned or redacted, at most EDITOR_WIDTH wide.
 */
export async function renderEditorSource(
	master: Buffer
): Promise<{ data: Buffer; width: number; height: number }> {
	const meta = await sharp(master, MASTER_INPUT).metadata();
	return imageWork(editorCost(meta.width, meta.height, master.length), async () => {
		const { data, info } = await sharp(master, MASTER_INPUT)
			.resize({ width: EDITOR_WIDTH, withoutEnlargement: true })
			.jpeg({ quality: 85, mozjpeg: false })
			.toBuffer({ resolveWithObject: true });
		return { data, width: info.width, height: info.height };
	});
}
