// Small helpers for the demo's illustrations: gradients, a seeded random generator, and the
// frame every scene is drawn in (a soft vignette; render.ts adds a paper grain). No text and no
// fonts, and no SVG filters (librsvg renders them slowly at this size): gradients do the
// glows and shadows, and the pictures look the same on every machine.

export type Stop = [offset: number, color: string, opacity?: number];

function stops(list: Stop[]): string {
	return list
		.map(
			([offset, color, opacity]) =>
				`<stop offset="${offset}" stop-color="${color}"${opacity === undefined ? '' : ` stop-opacity="${opacity}"`}/>`
		)
		.join('');
}

/** A linear gradient from (x1, y1) to (x2, y2), in fractions of the shape's box (top to bottom by default). */
export function linear(id: string, list: Stop[], x1 = 0, y1 = 0, x2 = 0, y2 = 1): string {
	return `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stops(list)}</linearGradient>`;
}

/** A radial gradient centred at (cx, cy) with radius r, in fractions of the shape's box. */
export function radial(id: string, list: Stop[], cx = 0.5, cy = 0.5, r = 0.5): string {
	return `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${stops(list)}</radialGradient>`;
}

/** mulberry32: the same pictures on every run. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const round = (n: number) => Math.round(n * 10) / 10;

/** A leaf shape: a pointed ellipse from its base (x, y), pointing at `angle` degrees (0 = up). */
export function leaf(
	x: number,
	y: number,
	length: number,
	width: number,
	angle: number,
	fill: string
) {
	const w = width / 2;
	return `<path transform="translate(${round(x)} ${round(y)}) rotate(${round(angle)})" d="M0 0 C ${round(-w)} ${round(-length * 0.3)} ${round(-w)} ${round(-length * 0.7)} 0 ${round(-length)} C ${round(w)} ${round(-length * 0.7)} ${round(w)} ${round(-length * 0.3)} 0 0 Z" fill="${fill}"/>`;
}

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface Scene {
	/** Width and height of the rendered picture, in pixels. */
	width: number;
	height: number;
	svg: string;
	/** Places in the picture (fractions of its size) that framing can point at. */
	hints: Record<string, Rect>;
}

/**
 * Wraps a scene drawn in a `vw` × `vh` box into a picture `width` pixels wide, with a soft
 * vignette on top. Every scene may use `url(#shadow)`, a soft dark radial gradient.
 */
export function picture(
	vw: number,
	vh: number,
	width: number,
	defs: string,
	body: string,
	hints: Record<string, Rect> = {}
): Scene {
	const height = Math.round((width * vh) / vw);
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${vw} ${vh}">
<defs>${defs}
${radial('vignette', [
	[0.55, '#000', 0],
	[1, '#1b1410', 0.28]
])}
${radial('shadow', [
	[0, '#000', 0.3],
	[1, '#000', 0]
])}
</defs>
${body}
<rect width="${vw}" height="${vh}" fill="url(#vignette)"/>
</svg>`;
	const fractions: Record<string, Rect> = {};
	for (const [name, r] of Object.entries(hints))
		fractions[name] = { x: r.x / vw, y: r.y / vh, w: r.w / vw, h: r.h / vh };
	return { width, height, svg, hints: fractions };
}
