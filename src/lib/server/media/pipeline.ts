// The image work, and nothing else: from an uploaded file to a clean master (upright, sRGB, no
// metadata), and from a master plus its framing to the published derivatives with every
// redaction burnt in. Files and buffers in, buffers out; storage and the database are the
// caller's business (photos.ts).
//
// Every function here holds a slot of imageLimit while it works. The limit is re-entrant, so a
// caller may also wrap a whole job (decode, render, store) in imageLimit.
import { open } from 'node:fs/promises';
import sharp, { type Channels, type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import {
	REDACTION_STYLES,
	ROTATIONS,
	rotatedSize,
	type Framing,
	type Rect,
	type RedactionStyle
} from '../../framing';
import { createLimit, imageLimit } from './limit';

// libvips' operation cache only helps when the same image is processed again; here it would
// just keep decoded photos in memory.
sharp.cache(false);

export const MAX_UPLOAD_BYTES_DEFAULT = 25 * 1024 * 1024;
export const MAX_PIXELS = 100_000_000;
export const WIDTHS = [320, 640, 1024, 1600, 2048] as const;
export const EDITOR_WIDTH = 1600;

export type UploadProblem =
	| 'upload_not_image'
	| 'upload_unsupported_format'
	| 'upload_heic_unsupported'
	| 'upload_too_many_pixels'
	| 'upload_damaged';

export class UploadRefused extends Error {
	readonly problem: UploadProblem;
	constructor(problem: UploadProblem) {
		super(problem);
		this.name = 'UploadRefused';
		this.problem = problem;
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
	try {
		// Prebuilt sharp has libheif with AV1 only: this fails at once, before any pixel work.
		await sharp(path, UPLOAD_INPUT).resize(8, 8).raw().toBuffer();
		hevcDecodes = true;
	} catch (error) {
		if (MISSING_DECODER.test(error instanceof Error ? error.message : '')) hevcDecodes = false;
		throw new UploadRefused('upload_heic_unsupported');
	}
}

/**
 * Decides what an uploaded file is by reading it with the image decoder (never by its name or
 * Content-Type). Reads only the header, so that a decompression bomb is refused before any
 * pixel is decoded. Throws UploadRefused.
 */
export async function inspectUpload(
	path: string
): Promise<{ format: AcceptedFormat; width: number; height: number }> {
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
	if (hevc) await imageLimit(() => checkHevcDecodes(path));
	return { format, width, height };
}

// ---------------------------------------------------------------------------------------------
// The master

/**
 * Decodes the upload fully (refusing damaged files), turns it upright, converts it to sRGB and
 * drops every piece of metadata; returns a high-quality JPEG master. The upload itself is left
 * for the caller to delete.
 */
export async function ingestMaster(
	path: string
): Promise<{ data: Buffer; width: number; height: number }> {
	return imageLimit(async () => {
		// Header checks again (cheap), so that no caller can skip them by mistake.
		await inspectUpload(path);
		try {
			// No keepMetadata()/withMetadata(): sharp writes no EXIF, XMP, IPTC, comments or ICC
			// profile, and converts from any embedded profile to sRGB.
			const { data, info } = await sharp(path, UPLOAD_INPUT)
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
		// 10 blocks along the longer side (fewer for a tiny region, at least 2 px each).
		const small = shrunk(width, height, clamp(Math.floor(long / 2), 1, 10));
		const blocks = await sharp(region, raw(width, height))
			.resize(small.width, small.height, { fit: 'fill' })
			.raw()
			.toBuffer();
		return sharp(blocks, raw(small.width, small.height))
			.resize(width, height, { fit: 'fill', kernel: 'nearest' })
			.raw()
			.toBuffer();
	}
	// Blur: 8 px along the longer side, then back up through a blurred middle size, so that no
	// trace of the coarse grid remains either.
	const small = shrunk(width, height, clamp(Math.round(long / 4), 1, 8));
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

const ENCODERS: Record<DerivativeFormat, (image: Sharp) => Sharp> = {
	webp: (image) => image.webp({ quality: 80 }),
	jpeg: (image) => image.jpeg({ quality: 82, mozjpeg: false, progressive: true }),
	// Effort 3: a fifth of effort 4's time for files about 12% larger (measured on 24 MP).
	avif: (image) => image.avif({ quality: 50, effort: 3 })
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

/**
 * The framed image at the largest width of the ladder, and the sizes of all widths. The
 * full-size pixels stay inside this function, so they can be freed as soon as it returns.
 */
async function renderLargest(master: Buffer, framing: Framing, widths: readonly number[]) {
	const framed = await renderFramed(master, framing);
	const { width, height } = framed;
	// Heights from the framed size, so that each width has one height, however it is made.
	const sizes = ladderWidths(width, widths).map((w) => ({
		width: w,
		height: Math.max(1, Math.round((height * w) / width))
	}));
	const top = sizes[0] ?? { width, height };
	// One resize of the full image; the smaller widths are made from that one (they are all far
	// below it), which costs a fraction of resizing the full image for each of them.
	const largest = await resized(framed, top.width, top.height);
	return { width, height, sizes, largest };
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
	return imageLimit(async () => {
		const { width, height, sizes, largest } = await renderLargest(master, framing, widths);
		const uniqueFormats = [...new Set(formats)];
		// Two sharp operations at a time keep both cores busy; more would only occupy more of
		// libuv's four threads, which the rest of the server needs for file access.
		const lane = createLimit(2);
		const renditions = await Promise.all(
			sizes.map(async (size) => {
				const image = await lane(() => resized(largest, size.width, size.height));
				const files = await Promise.all(
					uniqueFormats.map(async (format) => ({
						format,
						width: image.width,
						height: image.height,
						data: await lane(() => ENCODERS[format](fromRaw(image)).toBuffer())
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
	return imageLimit(async () => {
		const { data, info } = await sharp(master, MASTER_INPUT)
			.resize({ width: EDITOR_WIDTH, withoutEnlargement: true })
			.jpeg({ quality: 85, mozjpeg: false })
			.toBuffer({ resolveWithObject: true });
		return { data, width: info.width, height: info.height };
	});
}
