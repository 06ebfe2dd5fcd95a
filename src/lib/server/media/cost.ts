// What image work costs in memory, estimated from an image's header before any pixel is
// decoded (docs/media.md, "Bounded cost"). Each estimate is an upper bound of the growth of the
// process's peak memory (VmHWM) while the work runs, as measured by `npm run hostile:cost`
// (scripts/hostile/cost.ts), which fails when a measurement exceeds its estimate.
//
// Why by format: the pixel limit alone does not bound memory. A baseline JPEG or a plain PNG
// decodes in strips (about 1 byte per pixel in all), but a progressive JPEG keeps every DCT
// coefficient, an interlaced PNG the whole image, and libwebp and libheif decode the whole
// frame at once: a 100-megapixel WebP of 4 KB costs about 0.8 GB, an AVIF about 1.8 GB.

const MiB = 1024 * 1024;

/** The stored master never has more pixels than this (larger uploads are scaled down). */
export const MASTER_MAX_PIXELS = 50_000_000;

/** Libvips' own buffers, the encoders' state and our copies, whatever the size. */
const FIXED = 32 * MiB;

/** The master JPEG (quality 90, 4:4:4) is at most this big per pixel (pure noise: 1.84). */
const MASTER_BYTES_PER_PIXEL = 2;

export interface ImageHeader {
	format: 'jpeg' | 'png' | 'webp' | 'avif' | 'heif';
	width: number;
	height: number;
	/** Bands as stored (3 RGB, 4 RGBA or CMYK, 1–2 grey). */
	channels: number;
	/** Bits per sample (8, 10, 12, 16). */
	bits: number;
	/** Progressive JPEG or interlaced (Adam7) PNG. */
	progressive: boolean;
	/** JPEG: components stored per pixel (4:2:0 YCbCr 1.5, 4:4:4 3, CMYK 4). */
	components?: number;
	/** EXIF orientation other than 1: turning needs the whole decoded image in memory. */
	turned: boolean;
}

/** Bytes per pixel of the decoder itself, by format (measured; see the file's head). */
function decoderBytesPerPixel(h: ImageHeader): number {
	const sample = h.bits > 8 ? 2 : 1;
	switch (h.format) {
		case 'jpeg':
			// Baseline decodes in strips; progressive keeps 2 bytes for every DCT coefficient.
			return h.progressive ? 2 * (h.components ?? h.channels) + 0.5 : 0.5;
		case 'png':
			// Interlaced: the whole image, as stored.
			return h.progressive ? h.channels * sample + 0.5 : 0.5;
		case 'webp':
			return 8.5; // the whole frame: measured 8.1, lossless or lossy, with alpha or not
		case 'avif':
		case 'heif':
			return h.bits > 8 ? 30 : 20; // the whole frame and libheif's planes: measured 18.8
	}
}

/** Decoding an upload into the master: decoder, turning, scaling, and the master's bytes. */
export function ingestCost(h: ImageHeader): number {
	const pixels = h.width * h.height;
	const turning = h.turned ? pixels * Math.max(3, h.channels) * (h.bits > 8 ? 2 : 1) : 0;
	const master = Math.min(pixels, MASTER_MAX_PIXELS) * MASTER_BYTES_PER_PIXEL;
	return FIXED + pixels * decoderBytesPerPixel(h) + turning + master;
}

/** The master's size once stored: the upload's, scaled down to MASTER_MAX_PIXELS if larger. */
export function masterSize(width: number, height: number): { width: number; height: number } {
	const pixels = width * height;
	if (pixels <= MASTER_MAX_PIXELS) return { width, height };
	const scale = Math.sqrt(MASTER_MAX_PIXELS / pixels);
	return {
		width: Math.max(1, Math.floor(width * scale)),
		height: Math.max(1, Math.floor(height * scale))
	};
}

/** The worst a master of this many pixels can weigh (before it exists). */
export const worstMasterBytes = (width: number, height: number) =>
	width * height * MASTER_BYTES_PER_PIXEL;

export interface RenderPlan {
	/** A redaction means the whole framed photo as raw pixels in memory (to burn it in). */
	redacted: boolean;
	/** A quarter turn means the whole decoded master in libvips' memory. */
	turned: boolean;
	/** The WebP and JPEG ladder (two encoders at a time). */
	webpJpeg: boolean;
	/** The AVIF ladder (one encoder at a time). */
	avif: boolean;
}

/** The ladder's resized copies and encoders, whatever the master's size (measured: 116 MiB). */
const LADDER_WEBP_JPEG = 128 * MiB;
/** The AVIF encoder and its copies (measured: 143 MiB with a redaction, all included). */
const LADDER_AVIF = 128 * MiB;

/**
 * Rendering derivatives from a master of width×height, `masterBytes` long: without redactions
 * or turns the master streams through one resize; with them, up to about 6 bytes per pixel;
 * and the ladder's encoders on top.
 */
export function renderCost(
	width: number,
	height: number,
	masterBytes: number,
	plan: RenderPlan
): number {
	const pixels = width * height;
	const perPixel = plan.redacted ? 6.5 : plan.turned ? 4 : 2;
	const encoders = (plan.webpJpeg ? LADDER_WEBP_JPEG : 0) + (plan.avif ? LADDER_AVIF : 0);
	return FIXED + masterBytes + pixels * perPixel + encoders;
}

/** The editor's image: the master scaled down on load, at most EDITOR_WIDTH wide. */
export function editorCost(width: number, height: number, masterBytes: number): number {
	return FIXED + masterBytes + width * height * 0.25;
}

/**
 * Components per pixel of a JPEG from its chroma subsampling ("4:2:0", "4:4:4", "4:4:4:4" for
 * CMYK, "4:2:0:4" for YCCK): luma, two chroma planes at their share, and a fourth if any.
 */
export function jpegComponents(subsampling: string | undefined, channels: number): number {
	const parts = (subsampling ?? '').split(':').map(Number);
	const [j, a, b, k] = parts;
	if (!j || a === undefined || b === undefined || !parts.every(Number.isFinite)) return channels;
	return 1 + (2 * (a + b)) / (2 * j) + (k ? 1 : 0);
}
