// Stricter framing for wider audiences (docs/releases.md, "Stricter framing per audience"): a
// participant may frame a photo more closely for partners, or for the public, than for the
// working group. Each layer only adds: a crop inside the narrower audience's crop, and more
// hidden areas. So the framing of a wider audience is never laxer than a narrower one's, by
// construction — whatever a browser sends.
//
// Shared by the server (the renderer and the gate) and the photo page. Coordinates are those of
// the framing itself: fractions of the photo after rotation.
import {
	MAX_REDACTIONS,
	MIN_SIDE,
	clampRect,
	rotateRectClockwise,
	type Framing,
	type Rect,
	type Redaction
} from './framing';

/** The audiences a stricter framing can be set for, from the narrower to the wider. */
export const STRICTER_AUDIENCES = ['partners', 'public'] as const;
export type StricterAudience = (typeof STRICTER_AUDIENCES)[number];
/** Every audience, from the narrowest; mirrors AUDIENCES in the schema. */
type AudienceName = 'working_group' | StricterAudience;

export interface StricterLayer {
	/** The crop for this audience and wider ones; it only ever narrows the one before. */
	crop: Rect;
	/** Areas hidden from this audience and wider ones, beyond those hidden before. */
	redactions: Redaction[];
}

export type Stricter = Partial<Record<StricterAudience, StricterLayer>>;

/** Which layers a file was rendered with: '' none, else every layer up to this audience. */
export type Level = '' | StricterAudience;

const RANK: Record<Level, number> = { '': 0, partners: 1, public: 2 };
const WIDTH: Record<AudienceName, number> = { working_group: 0, partners: 1, public: 2 };

export const isStricterAudience = (value: string): value is StricterAudience =>
	(STRICTER_AUDIENCES as readonly string[]).includes(value);

export const rankOf = (level: Level) => RANK[level];

/** The layers that apply to this audience: its own and those of every narrower one. */
export function levelFor(stricter: Stricter, audience: AudienceName): Level {
	let level: Level = '';
	for (const a of STRICTER_AUDIENCES) if (stricter[a] && RANK[a] <= WIDTH[audience]) level = a;
	return level;
}

/** The level of the strictest file: every layer the photo has. */
export function strictestLevel(stricter: Stricter): Level {
	return levelFor(stricter, 'public');
}

/** The overlap of two rectangles, or null when it is thinner than MIN_SIDE. */
export function intersectRect(a: Rect, b: Rect): Rect | null {
	const x = Math.max(a.x, b.x);
	const y = Math.max(a.y, b.y);
	const w = Math.min(a.x + a.w, b.x + b.w) - x;
	const h = Math.min(a.y + a.h, b.y + b.h) - y;
	if (w < MIN_SIDE || h < MIN_SIDE) return null;
	return { x, y, w, h };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The framing the given layers make: the crop narrowed by each layer (a layer that no longer
 * overlaps keeps the narrower audience's crop), every hidden area added, the focal point kept
 * inside the crop.
 */
export function effectiveFraming(base: Framing, stricter: Stricter, level: Level): Framing {
	if (level === '') return base;
	let crop = base.crop;
	const redactions = [...base.redactions];
	for (const a of STRICTER_AUDIENCES) {
		const layer = stricter[a];
		if (!layer || RANK[a] > RANK[level]) continue;
		crop = intersectRect(crop, layer.crop) ?? crop;
		redactions.push(...layer.redactions);
	}
	const focal = {
		x: clamp(base.focal.x, crop.x, crop.x + crop.w),
		y: clamp(base.focal.y, crop.y, crop.y + crop.h)
	};
	return { ...base, crop, focal, redactions };
}

const sameRect = (a: Rect, b: Rect) =>
	Math.abs(a.x - b.x) < 1e-6 &&
	Math.abs(a.y - b.y) < 1e-6 &&
	Math.abs(a.w - b.w) < 1e-6 &&
	Math.abs(a.h - b.h) < 1e-6;

/**
 * The layer that turns the narrower audience's framing (`parent`) into what the participant
 * drew (`edited`): its crop kept inside the parent's, and only the hidden areas the parent does
 * not have. Areas removed from the parent's come back: a layer cannot show more. Null when the
 * drawing adds nothing (then there is no stricter framing for that audience).
 */
export function layerFrom(parent: Framing, edited: Framing): StricterLayer | null {
	const crop = intersectRect(parent.crop, clampRect(edited.crop)) ?? parent.crop;
	const redactions = edited.redactions
		.filter((r) => !parent.redactions.some((p) => p.style === r.style && sameRect(p, r)))
		.slice(0, MAX_REDACTIONS);
	if (redactions.length === 0 && sameRect(crop, parent.crop)) return null;
	return { crop, redactions };
}

function readLayer(value: unknown): StricterLayer | null {
	if (!value || typeof value !== 'object') return null;
	const raw = value as Record<string, unknown>;
	const crop = raw.crop as Record<string, unknown> | undefined;
	const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
	if (!crop || !num(crop.x) || !num(crop.y) || !num(crop.w) || !num(crop.h)) return null;
	if (!Array.isArray(raw.redactions)) return null;
	const redactions: Redaction[] = [];
	for (const r of raw.redactions.slice(0, MAX_REDACTIONS)) {
		const item = r as Record<string, unknown>;
		if (!num(item.x) || !num(item.y) || !num(item.w) || !num(item.h)) return null;
		if (item.style !== 'blur' && item.style !== 'pixelate') return null;
		redactions.push({ ...clampRect(item as unknown as Rect), style: item.style });
	}
	return { crop: clampRect(crop as unknown as Rect), redactions };
}

/** The stored layers, checked; anything that is not a layer is dropped. */
export function normalizeStricter(input: unknown): Stricter {
	const out: Stricter = {};
	if (!input || typeof input !== 'object') return out;
	for (const a of STRICTER_AUDIENCES) {
		const layer = readLayer((input as Record<string, unknown>)[a]);
		if (layer) out[a] = layer;
	}
	return out;
}

/**
 * The layers again after the participant changed the photo's own framing: turned with the
 * photo when it was turned, and each crop kept inside the new crop of the audience before it.
 */
export function refitStricter(stricter: Stricter, before: Framing, after: Framing): Stricter {
	const turns = ((((after.rotation - before.rotation) % 360) + 360) % 360) / 90;
	const turn = rotateRectClockwise;
	const out: Stricter = {};
	let parentCrop = after.crop;
	for (const a of STRICTER_AUDIENCES) {
		const layer = stricter[a];
		if (!layer) continue;
		let crop = layer.crop;
		let redactions = layer.redactions;
		for (let i = 0; i < turns; i++) {
			crop = turn(crop);
			redactions = redactions.map((r) => ({ ...turn(r), style: r.style }));
		}
		crop = intersectRect(parentCrop, crop) ?? parentCrop;
		out[a] = { crop, redactions };
		parentCrop = crop;
	}
	return out;
}

/** The framing an audience gets: its own layer and those of every narrower audience. */
export function framingFor(base: Framing, stricter: Stricter, audience: AudienceName): Framing {
	return effectiveFraming(base, stricter, levelFor(stricter, audience));
}

/** The framing of the audience just narrower than this one: what its own layer adds to. */
export function parentFraming(base: Framing, stricter: Stricter, audience: StricterAudience) {
	const narrower: Stricter = {};
	for (const a of STRICTER_AUDIENCES)
		if (RANK[a] < RANK[audience] && stricter[a]) narrower[a] = stricter[a];
	return effectiveFraming(base, narrower, strictestLevel(narrower));
}

/** Whether a layer crops more closely than the framing it adds to. */
export function cropsCloser(parent: Framing, layer: StricterLayer): boolean {
	return !sameRect(intersectRect(parent.crop, layer.crop) ?? parent.crop, parent.crop);
}
