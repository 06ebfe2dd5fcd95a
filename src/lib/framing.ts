// How a participant frames one photo: all of it is kept beside the untouched master, and the
// derivatives are rendered again from both whenever it changes. Coordinates are fractions
// (0..1) of the photo after rotation, so that a crop or a blurred face stays on the same
// content when the crop changes.

export const ASPECTS = ['free', '1:1', '4:5', '3:2', '16:9'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];
export const REDACTION_STYLES = ['blur', 'pixelate'] as const;
export type RedactionStyle = (typeof REDACTION_STYLES)[number];

/**
 * How much of a redacted region survives (docs/redaction.md): pixelate keeps this many cells
 * along the region's longer side; blur keeps even fewer samples, because smoothing them back
 * up re-creates shading between them. Everything finer is destroyed, in every derivative.
 */
export const PIXELATE_CELLS = 10;
export const BLUR_SAMPLES = 6;

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface Redaction extends Rect {
	style: RedactionStyle;
}

export interface Framing {
	/** Clockwise, applied to the upright master before everything else. */
	rotation: Rotation;
	crop: Rect;
	/** The ratio the crop was drawn with; 'free' for any. */
	aspect: Aspect;
	/** Where the eye should rest (kept in view when a layout trims the photo). */
	focal: { x: number; y: number };
	redactions: Redaction[];
}

export const MAX_REDACTIONS = 20;
/** The smallest crop or region side, as a fraction: about 10 px of a 1000 px photo. */
export const MIN_SIDE = 0.01;

export const DEFAULT_FRAMING: Framing = {
	rotation: 0,
	crop: { x: 0, y: 0, w: 1, h: 1 },
	aspect: 'free',
	focal: { x: 0.5, y: 0.5 },
	redactions: []
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A rectangle kept inside the photo and at least MIN_SIDE wide and high. */
export function clampRect(r: Rect): Rect {
	const w = clamp(r.w, MIN_SIDE, 1);
	const h = clamp(r.h, MIN_SIDE, 1);
	return { x: clamp(r.x, 0, 1 - w), y: clamp(r.y, 0, 1 - h), w, h };
}

function readRect(value: unknown): Rect | null {
	if (!value || typeof value !== 'object') return null;
	const { x, y, w, h } = value as Record<string, unknown>;
	if (!isNum(x) || !isNum(y) || !isNum(w) || !isNum(h)) return null;
	return clampRect({ x, y, w, h });
}

/** Checks and tidies framing that came from a browser; null when it is not framing at all. */
export function normalizeFraming(input: unknown): Framing | null {
	if (!input || typeof input !== 'object') return null;
	const raw = input as Record<string, unknown>;
	const rotation = raw.rotation;
	if (!(ROTATIONS as readonly unknown[]).includes(rotation)) return null;
	const aspect = raw.aspect;
	if (!(ASPECTS as readonly unknown[]).includes(aspect)) return null;
	const crop = readRect(raw.crop);
	if (!crop) return null;
	const focalRaw = raw.focal as Record<string, unknown> | undefined;
	if (!focalRaw || !isNum(focalRaw.x) || !isNum(focalRaw.y)) return null;
	if (!Array.isArray(raw.redactions) || raw.redactions.length > MAX_REDACTIONS) return null;
	const redactions: Redaction[] = [];
	for (const item of raw.redactions) {
		const rect = readRect(item);
		const style = (item as Record<string, unknown>)?.style;
		if (!rect || !(REDACTION_STYLES as readonly unknown[]).includes(style)) return null;
		redactions.push({ ...rect, style: style as RedactionStyle });
	}
	return {
		rotation: rotation as Rotation,
		aspect: aspect as Aspect,
		crop,
		focal: { x: clamp(focalRaw.x, 0, 1), y: clamp(focalRaw.y, 0, 1) },
		redactions
	};
}

/** Turns a rectangle with the photo by a quarter turn clockwise. */
export function rotateRectClockwise(r: Rect): Rect {
	return { x: 1 - (r.y + r.h), y: r.x, w: r.h, h: r.w };
}

/** Turns the photo a quarter turn, carrying the crop, focal point and regions with it. */
export function rotateFraming(
	framing: Framing,
	direction: 'clockwise' | 'counterclockwise'
): Framing {
	const turns = direction === 'clockwise' ? 1 : 3;
	let { crop, focal, redactions } = framing;
	for (let i = 0; i < turns; i++) {
		crop = rotateRectClockwise(crop);
		focal = { x: 1 - focal.y, y: focal.x };
		redactions = redactions.map((r) => ({ ...rotateRectClockwise(r), style: r.style }));
	}
	const rotation = ((framing.rotation + turns * 90) % 360) as Rotation;
	// A fixed ratio like 4:5 stays the same shape on screen, so a turned crop is refitted to it.
	return { ...framing, rotation, crop, focal, redactions };
}

/** Width and height of the photo after rotation. */
export function rotatedSize(width: number, height: number, rotation: Rotation) {
	return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}

/** The aspect as width ÷ height, or null for free. */
export function aspectRatio(aspect: Aspect): number | null {
	if (aspect === 'free') return null;
	const [w, h] = aspect.split(':').map(Number) as [number, number];
	return w / h;
}

/**
 * The largest crop of the given ratio (in pixels of the rotated photo) centred on the current
 * crop's centre and kept inside the photo.
 */
export function fitCropToAspect(
	crop: Rect,
	ratio: number,
	imageWidth: number,
	imageHeight: number
): Rect {
	const cx = crop.x + crop.w / 2;
	const cy = crop.y + crop.h / 2;
	// Work in pixels so the ratio is true on screen.
	let w = crop.w * imageWidth;
	let h = w / ratio;
	if (h > crop.h * imageHeight) {
		h = crop.h * imageHeight;
		w = h * ratio;
	}
	if (w > imageWidth) {
		w = imageWidth;
		h = w / ratio;
	}
	if (h > imageHeight) {
		h = imageHeight;
		w = h * ratio;
	}
	const nw = w / imageWidth;
	const nh = h / imageHeight;
	return clampRect({ x: cx - nw / 2, y: cy - nh / 2, w: nw, h: nh });
}

/** The focal point as a position inside the crop (for CSS object-position), in percent. */
export function focalInCrop(framing: Framing): { x: number; y: number } {
	const { crop, focal } = framing;
	return {
		x: Math.round(clamp((focal.x - crop.x) / crop.w, 0, 1) * 100),
		y: Math.round(clamp((focal.y - crop.y) / crop.h, 0, 1) * 100)
	};
}
