// Pure geometry behind the framing editor: what a drag, a key press or a typed value does to a
// rectangle. Everything is in fractions (0..1) of the rotated photo, as in Framing, and in
// physical directions: x grows to the right and y downwards, also on right-to-left pages.
// `size` is the rotated photo in pixels, needed wherever a ratio must be true on screen.

import {
	MIN_SIDE,
	aspectRatio,
	BLUR_SAMPLES,
	PIXELATE_CELLS,
	clampRect,
	rotateFraming,
	rotatedSize,
	type Framing,
	type Rect,
	type RedactionStyle,
	type Rotation
} from './framing';

export type Corner = 'nw' | 'ne' | 'sw' | 'se';
export interface Point {
	x: number;
	y: number;
}
export interface Size {
	width: number;
	height: number;
}

/** One arrow key press moves or resizes by 1% of the photo. */
export const KEY_STEP = 0.01;
/** Centres of areas closer than this count as the same place. */
const NEAR = 0.04;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Width ÷ height in fractions that gives `ratio` (width ÷ height) in pixels. */
function fractionRatio(ratio: number, size: Size) {
	return (ratio * size.height) / size.width;
}

export function clampPoint(p: Point): Point {
	return { x: clamp(p.x, 0, 1), y: clamp(p.y, 0, 1) };
}

/** The rectangle moved by (dx, dy), stopped at the photo's edges, its size unchanged. */
export function moveRect(r: Rect, dx: number, dy: number): Rect {
	return clampRect({ x: r.x + dx, y: r.y + dy, w: r.w, h: r.h });
}

/**
 * The rectangle with one corner dragged by (dx, dy) while the opposite corner stays put. With a
 * ratio (pixels, width ÷ height) the corner follows whichever side the pointer asks more of. The
 * result never turns inside out, stays inside the photo and keeps MIN_SIDE.
 */
export function resizeRect(
	r: Rect,
	corner: Corner,
	dx: number,
	dy: number,
	ratio: number | null,
	size: Size
): Rect {
	const east = corner === 'ne' || corner === 'se';
	const south = corner === 'sw' || corner === 'se';
	// The fixed corner, and how far the photo reaches from it in the dragged directions.
	const ax = east ? r.x : r.x + r.w;
	const ay = south ? r.y : r.y + r.h;
	const maxW = east ? 1 - ax : ax;
	const maxH = south ? 1 - ay : ay;
	const wantW = (east ? 1 : -1) * dx + r.w;
	const wantH = (south ? 1 : -1) * dy + r.h;
	let w: number;
	let h: number;
	if (ratio === null) {
		w = clamp(wantW, MIN_SIDE, maxW);
		h = clamp(wantH, MIN_SIDE, maxH);
	} else {
		const k = fractionRatio(ratio, size);
		w = Math.max(wantW, wantH * k);
		w = Math.min(w, maxW, maxH * k);
		w = Math.max(w, MIN_SIDE, MIN_SIDE * k);
		h = w / k;
	}
	return clampRect({ x: east ? ax : ax - w, y: south ? ay : ay - h, w, h });
}

/**
 * The rectangle with its width (or height) set to `value`; with a ratio the other side follows.
 * The top-left corner stays where it can; when the new size does not fit there, the rectangle
 * slides back inside the photo.
 */
export function resizeSide(
	r: Rect,
	side: 'w' | 'h',
	value: number,
	ratio: number | null,
	size: Size
): Rect {
	let w = side === 'w' ? value : r.w;
	let h = side === 'h' ? value : r.h;
	if (ratio !== null) {
		const k = fractionRatio(ratio, size);
		// Both sides must stay within MIN_SIDE..1, so the width within these bounds.
		w = clamp(side === 'w' ? w : h * k, Math.max(MIN_SIDE, MIN_SIDE * k), Math.min(1, k));
		h = w / k;
	}
	return clampRect({ x: r.x, y: r.y, w, h });
}

/** The rectangle spanned by two points (in any order), inside the photo. */
export function rectBetween(a: Point, b: Point): Rect {
	const p = clampPoint(a);
	const q = clampPoint(b);
	return clampRect({
		x: Math.min(p.x, q.x),
		y: Math.min(p.y, q.y),
		w: Math.abs(q.x - p.x),
		h: Math.abs(q.y - p.y)
	});
}

/**
 * What an arrow key does to a box: arrows move it by `step`; with Shift they resize it from its
 * top-left corner (right and down grow, left and up shrink). Physical directions, also in RTL.
 * Null for any other key, so the caller lets it through.
 */
export function keyRect(
	key: string,
	shift: boolean,
	r: Rect,
	ratio: number | null,
	size: Size,
	step = KEY_STEP
): Rect | null {
	const d = arrow(key);
	if (!d) return null;
	if (!shift) return moveRect(r, d.x * step, d.y * step);
	return d.x !== 0
		? resizeSide(r, 'w', r.w + d.x * step, ratio, size)
		: resizeSide(r, 'h', r.h + d.y * step, ratio, size);
}

/** What an arrow key does to a point: moves it by `step` (ten steps with Shift). */
export function keyPoint(key: string, shift: boolean, p: Point, step = KEY_STEP): Point | null {
	const d = arrow(key);
	if (!d) return null;
	const s = shift ? step * 10 : step;
	return clampPoint({ x: p.x + d.x * s, y: p.y + d.y * s });
}

function arrow(key: string): Point | null {
	switch (key) {
		case 'ArrowLeft':
			return { x: -1, y: 0 };
		case 'ArrowRight':
			return { x: 1, y: 0 };
		case 'ArrowUp':
			return { x: 0, y: -1 };
		case 'ArrowDown':
			return { x: 0, y: 1 };
		default:
			return null;
	}
}

/**
 * A new area to hide: square on screen, a quarter of the photo's shorter side, centred on `at`.
 * When an area already sits (nearly) there, the new one is moved down and to the right, so that
 * pressing "add" twice gives two areas one can tell apart.
 */
export function newRedactionRect(
	size: Size,
	at: Point = { x: 0.5, y: 0.5 },
	existing: Rect[] = []
): Rect {
	const side = Math.min(size.width, size.height) / 4;
	const w = side / size.width;
	const h = side / size.height;
	const near = (a: Rect, b: Rect) =>
		Math.abs(a.x + a.w / 2 - (b.x + b.w / 2)) < NEAR &&
		Math.abs(a.y + a.h / 2 - (b.y + b.h / 2)) < NEAR;
	let rect = clampRect({ x: at.x - w / 2, y: at.y - h / 2, w, h });
	for (let i = 0; i < existing.length && existing.some((e) => near(e, rect)); i++) {
		const next = moveRect(rect, NEAR, NEAR);
		if (next.x === rect.x && next.y === rect.y) break;
		rect = next;
	}
	return rect;
}

/**
 * Turns the photo a quarter turn (rotateFraming) for the editor. With a fixed ratio, the turned
 * crop would have the other shape (4:5 becomes 5:4): it keeps its size in pixels instead, centred
 * where the turned crop is, so that turning back and forth does not shrink it.
 * `width` and `height` are the upright photo's.
 */
export function turnFraming(
	framing: Framing,
	direction: 'clockwise' | 'counterclockwise',
	width: number,
	height: number
): Framing {
	const turned = rotateFraming(framing, direction);
	const ratio = aspectRatio(framing.aspect);
	if (ratio === null) return turned;
	const before = rotatedSize(width, height, framing.rotation);
	const after = rotatedSize(width, height, turned.rotation);
	let pw = framing.crop.w * before.width;
	let ph = framing.crop.h * before.height;
	const scale = Math.min(1, after.width / pw, after.height / ph);
	pw *= scale;
	ph *= scale;
	const w = pw / after.width;
	const h = ph / after.height;
	const cx = turned.crop.x + turned.crop.w / 2;
	const cy = turned.crop.y + turned.crop.h / 2;
	return { ...turned, crop: clampRect({ x: cx - w / 2, y: cy - h / 2, w, h }) };
}

/** A fraction as a percentage with one decimal, as the editor shows and announces it. */
export function percent(v: number): number {
	return Math.round(v * 1000) / 10;
}

/** Size of a w×h area shrunk so that its longer side is `long` px (each side at least 1). */
function shrunk(w: number, h: number, long: number): Size {
	const scale = long / Math.max(w, h);
	return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/**
 * The sizes an area of w×h pixels goes down through in the editor's preview of a redaction, as
 * the server renders it (src/lib/server/media/pipeline.ts): 10 blocks along the longer side for
 * pixelate; 8 px, then a 64 px middle step smoothed back up, for blur.
 */
export function obscureSteps(w: number, h: number, style: RedactionStyle): Size[] {
	const long = Math.max(w, h);
	if (style === 'pixelate') return [shrunk(w, h, clamp(Math.floor(long / 2), 1, PIXELATE_CELLS))];
	return [
		shrunk(w, h, clamp(Math.round(long / 4), 1, BLUR_SAMPLES)),
		shrunk(w, h, Math.min(long, 64))
	];
}

/**
 * The canvas transform (a, b, c, d, e, f) that draws the upright photo turned clockwise by
 * `rotation` into a canvas of the rotated size `width` × `height`.
 */
export function canvasTurn(
	rotation: Rotation,
	width: number,
	height: number
): [number, number, number, number, number, number] {
	switch (rotation) {
		case 90:
			return [0, 1, -1, 0, width, 0];
		case 180:
			return [-1, 0, 0, -1, width, height];
		case 270:
			return [0, -1, 1, 0, 0, height];
		default:
			return [1, 0, 0, 1, 0, 0];
	}
}
