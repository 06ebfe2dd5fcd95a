import { describe, expect, it } from 'vitest';
import {
	DEFAULT_FRAMING,
	MAX_REDACTIONS,
	MIN_SIDE,
	aspectRatio,
	clampRect,
	fitCropToAspect,
	focalInCrop,
	normalizeFraming,
	rotateFraming,
	rotateRectClockwise,
	rotatedSize,
	type Framing,
	type Rect
} from '../../src/lib/framing';
import {
	KEY_STEP,
	canvasTurn,
	keyPoint,
	keyRect,
	moveRect,
	newRedactionRect,
	obscureSteps,
	percent,
	rectBetween,
	resizeRect,
	resizeSide,
	turnFraming
} from '../../src/lib/framing-geometry';

const framing = (over: Partial<Framing> = {}): Framing => ({
	rotation: 0,
	crop: { x: 0.1, y: 0.2, w: 0.5, h: 0.6 },
	aspect: 'free',
	focal: { x: 0.3, y: 0.4 },
	redactions: [{ x: 0.2, y: 0.3, w: 0.1, h: 0.15, style: 'blur' }],
	...over
});

/** Width ÷ height of a rectangle in pixels of a width × height photo. */
const pixelRatio = (r: Rect, width: number, height: number) => (r.w * width) / (r.h * height);

const inside = (r: Rect) => {
	expect(r.x).toBeGreaterThanOrEqual(0);
	expect(r.y).toBeGreaterThanOrEqual(0);
	expect(r.x + r.w).toBeLessThanOrEqual(1 + 1e-9);
	expect(r.y + r.h).toBeLessThanOrEqual(1 + 1e-9);
	expect(r.w).toBeGreaterThanOrEqual(MIN_SIDE);
	expect(r.h).toBeGreaterThanOrEqual(MIN_SIDE);
};

const close = (a: Rect, b: Rect) => {
	for (const k of ['x', 'y', 'w', 'h'] as const) expect(a[k], k).toBeCloseTo(b[k], 9);
};

describe('normalizeFraming', () => {
	it('accepts valid framing as it is', () => {
		const valid = framing({ rotation: 270, aspect: '4:5' });
		expect(normalizeFraming(valid)).toEqual(valid);
		expect(normalizeFraming(JSON.parse(JSON.stringify(DEFAULT_FRAMING)))).toEqual(DEFAULT_FRAMING);
	});

	it('accepts every rotation, aspect and style', () => {
		for (const rotation of [0, 90, 180, 270] as const) {
			expect(normalizeFraming(framing({ rotation }))?.rotation).toBe(rotation);
		}
		for (const aspect of ['free', '1:1', '4:5', '3:2', '16:9'] as const) {
			expect(normalizeFraming(framing({ aspect }))?.aspect).toBe(aspect);
		}
		const styles = normalizeFraming(
			framing({
				redactions: [
					{ x: 0, y: 0, w: 0.1, h: 0.1, style: 'blur' },
					{ x: 0, y: 0, w: 0.1, h: 0.1, style: 'pixelate' }
				]
			})
		);
		expect(styles?.redactions.map((r) => r.style)).toEqual(['blur', 'pixelate']);
	});

	it('refuses what is not framing', () => {
		const bad: unknown[] = [
			null,
			undefined,
			'framing',
			42,
			[],
			{},
			framing({ rotation: 45 as never }),
			framing({ rotation: '90' as never }),
			framing({ rotation: -90 as never }),
			framing({ aspect: '2:1' as never }),
			framing({ crop: { x: NaN, y: 0, w: 1, h: 1 } }),
			framing({ crop: { x: 0, y: 0, w: Infinity, h: 1 } }),
			framing({ crop: { x: '0', y: 0, w: 1, h: 1 } as never }),
			framing({ crop: null as never }),
			framing({ focal: { x: NaN, y: 0.5 } }),
			framing({ focal: { x: 0.5 } as never }),
			framing({ redactions: 'none' as never }),
			framing({ redactions: [null as never] }),
			framing({ redactions: [{ x: 0, y: 0, w: 0.1, h: 0.1, style: 'erase' as never }] }),
			framing({ redactions: [{ x: 0, y: 0, w: 0.1, h: 0.1 } as never] }),
			framing({ redactions: [{ x: 0, y: NaN, w: 0.1, h: 0.1, style: 'blur' }] })
		];
		for (const input of bad) expect(normalizeFraming(input), JSON.stringify(input)).toBeNull();
		for (const key of ['rotation', 'crop', 'aspect', 'focal', 'redactions'] as const) {
			const missing: Record<string, unknown> = { ...framing() };
			delete missing[key];
			expect(normalizeFraming(missing), key).toBeNull();
		}
	});

	it(`refuses more than ${MAX_REDACTIONS} areas, accepts exactly that many`, () => {
		const area = { x: 0, y: 0, w: 0.1, h: 0.1, style: 'blur' as const };
		const many = (n: number) => framing({ redactions: Array.from({ length: n }, () => area) });
		expect(normalizeFraming(many(MAX_REDACTIONS))?.redactions).toHaveLength(MAX_REDACTIONS);
		expect(normalizeFraming(many(MAX_REDACTIONS + 1))).toBeNull();
	});

	it('keeps rectangles and the focal point inside the photo', () => {
		const tidy = normalizeFraming(
			framing({
				crop: { x: -0.5, y: 0.9, w: 2, h: 0.5 },
				focal: { x: -1, y: 3 },
				redactions: [{ x: 0.95, y: -0.2, w: 0.2, h: 0, style: 'pixelate' }]
			})
		);
		expect(tidy).not.toBeNull();
		expect(tidy!.crop).toEqual({ x: 0, y: 0.5, w: 1, h: 0.5 });
		expect(tidy!.focal).toEqual({ x: 0, y: 1 });
		const [area] = tidy!.redactions;
		inside(area!);
		expect(area).toMatchObject({ x: 0.8, y: 0, w: 0.2, h: MIN_SIDE, style: 'pixelate' });
	});

	it('drops unknown fields', () => {
		const tidy = normalizeFraming({ ...framing(), extra: '<script>' });
		expect(tidy).not.toHaveProperty('extra');
	});
});

describe('rotateFraming', () => {
	const start = framing({
		crop: { x: 0.1, y: 0.2, w: 0.3, h: 0.5 },
		focal: { x: 0.25, y: 0.7 },
		redactions: [
			{ x: 0.6, y: 0.1, w: 0.2, h: 0.1, style: 'pixelate' },
			{ x: 0, y: 0.8, w: 0.5, h: 0.2, style: 'blur' }
		]
	});

	const closeFraming = (a: Framing, b: Framing) => {
		expect(a.rotation).toBe(b.rotation);
		expect(a.aspect).toBe(b.aspect);
		close(a.crop, b.crop);
		expect(a.focal.x).toBeCloseTo(b.focal.x, 9);
		expect(a.focal.y).toBeCloseTo(b.focal.y, 9);
		expect(a.redactions).toHaveLength(b.redactions.length);
		a.redactions.forEach((r, i) => {
			close(r, b.redactions[i]!);
			expect(r.style).toBe(b.redactions[i]!.style);
		});
	};

	it('is the identity after four clockwise turns', () => {
		let f = start;
		const seen: number[] = [];
		for (let i = 0; i < 4; i++) {
			f = rotateFraming(f, 'clockwise');
			seen.push(f.rotation);
		}
		expect(seen).toEqual([90, 180, 270, 0]);
		closeFraming(f, start);
	});

	it('is the identity after a turn each way, from every rotation', () => {
		for (const rotation of [0, 90, 180, 270] as const) {
			const f = { ...start, rotation };
			closeFraming(rotateFraming(rotateFraming(f, 'clockwise'), 'counterclockwise'), f);
			closeFraming(rotateFraming(rotateFraming(f, 'counterclockwise'), 'clockwise'), f);
		}
	});

	it('counterclockwise is three turns clockwise', () => {
		const three = [1, 2, 3].reduce((f) => rotateFraming(f, 'clockwise'), start);
		closeFraming(rotateFraming(start, 'counterclockwise'), three);
	});

	it('carries points and rectangles a quarter turn clockwise', () => {
		// Photo 400 × 200. The point (100, 150) px ends at (200 - 150, 100) = (50, 100) px of the
		// turned photo, which is 200 × 400.
		const f = rotateFraming(
			framing({
				focal: { x: 100 / 400, y: 150 / 200 },
				crop: { x: 40 / 400, y: 20 / 200, w: 200 / 400, h: 100 / 200 },
				redactions: []
			}),
			'clockwise'
		);
		expect(f.rotation).toBe(90);
		expect(f.focal.x).toBeCloseTo(50 / 200, 12);
		expect(f.focal.y).toBeCloseTo(100 / 400, 12);
		// Crop (40, 20)–(240, 120) px: its bottom-left corner (40, 120) becomes the top-left
		// (200 - 120, 40) = (80, 40), and it is 100 px wide and 200 px high.
		close(f.crop, { x: 80 / 200, y: 40 / 400, w: 100 / 200, h: 200 / 400 });
		close(rotateRectClockwise({ x: 0, y: 0, w: 0.5, h: 0.25 }), { x: 0.75, y: 0, w: 0.25, h: 0.5 });
	});

	it('keeps the aspect and the styles', () => {
		const f = rotateFraming(framing({ aspect: '16:9' }), 'counterclockwise');
		expect(f.aspect).toBe('16:9');
		expect(f.redactions[0]!.style).toBe('blur');
	});
});

describe('rotatedSize and aspectRatio', () => {
	it('swaps the sides for a quarter turn only', () => {
		expect(rotatedSize(400, 300, 0)).toEqual({ width: 400, height: 300 });
		expect(rotatedSize(400, 300, 90)).toEqual({ width: 300, height: 400 });
		expect(rotatedSize(400, 300, 180)).toEqual({ width: 400, height: 300 });
		expect(rotatedSize(400, 300, 270)).toEqual({ width: 300, height: 400 });
	});

	it('reads ratios as width ÷ height', () => {
		expect(aspectRatio('free')).toBeNull();
		expect(aspectRatio('1:1')).toBe(1);
		expect(aspectRatio('4:5')).toBeCloseTo(0.8);
		expect(aspectRatio('3:2')).toBeCloseTo(1.5);
		expect(aspectRatio('16:9')).toBeCloseTo(16 / 9);
	});
});

describe('fitCropToAspect', () => {
	const photos = [
		[4000, 3000],
		[3000, 4000],
		[1600, 1600],
		[5000, 1000]
	] as const;
	const crops: Rect[] = [
		{ x: 0, y: 0, w: 1, h: 1 },
		{ x: 0.1, y: 0.2, w: 0.5, h: 0.3 },
		{ x: 0.7, y: 0.7, w: 0.3, h: 0.3 },
		{ x: 0, y: 0.5, w: 0.05, h: 0.5 }
	];

	it('gives the exact ratio in pixels, inside the photo and inside the crop', () => {
		for (const [width, height] of photos) {
			for (const aspect of ['1:1', '4:5', '3:2', '16:9'] as const) {
				const ratio = aspectRatio(aspect)!;
				for (const crop of crops) {
					const fit = fitCropToAspect(crop, ratio, width, height);
					const what = `${width}×${height} ${aspect} ${JSON.stringify(crop)}`;
					inside(fit);
					expect(pixelRatio(fit, width, height), what).toBeCloseTo(ratio, 9);
					expect(fit.w, what).toBeLessThanOrEqual(crop.w + 1e-12);
					expect(fit.h, what).toBeLessThanOrEqual(crop.h + 1e-12);
				}
			}
		}
	});

	it('is the largest such crop, centred on the old one', () => {
		// 4000 × 3000, square: 3000 × 3000 px in the middle.
		close(fitCropToAspect({ x: 0, y: 0, w: 1, h: 1 }, 1, 4000, 3000), {
			x: 0.125,
			y: 0,
			w: 0.75,
			h: 1
		});
		const fit = fitCropToAspect({ x: 0.1, y: 0.2, w: 0.5, h: 0.3 }, 16 / 9, 4000, 3000);
		expect(fit.x + fit.w / 2).toBeCloseTo(0.35, 12);
		expect(fit.y + fit.h / 2).toBeCloseTo(0.35, 12);
		// 2000 × 900 px: the height limits, so 1600 × 900 px.
		expect(fit.w).toBeCloseTo(0.4, 12);
		expect(fit.h).toBeCloseTo(0.3, 12);
	});
});

describe('focalInCrop and clampRect', () => {
	it('gives the focal point in percent of the crop, clamped to it', () => {
		const crop = { x: 0.2, y: 0.2, w: 0.5, h: 0.4 };
		expect(focalInCrop(framing({ crop, focal: { x: 0.45, y: 0.3 } }))).toEqual({ x: 50, y: 25 });
		expect(focalInCrop(framing({ crop, focal: { x: 0, y: 1 } }))).toEqual({ x: 0, y: 100 });
		expect(focalInCrop(DEFAULT_FRAMING)).toEqual({ x: 50, y: 50 });
	});

	it('keeps a rectangle inside the photo, at least MIN_SIDE', () => {
		expect(clampRect({ x: 0.9, y: -1, w: 0.3, h: 5 })).toEqual({ x: 0.7, y: 0, w: 0.3, h: 1 });
		inside(clampRect({ x: 2, y: 2, w: 0, h: -1 }));
	});
});

describe('moving and resizing boxes', () => {
	const size = { width: 400, height: 200 };
	const r: Rect = { x: 0.2, y: 0.2, w: 0.4, h: 0.4 };

	it('moves by the pointer, stopping at the edges with the size kept', () => {
		close(moveRect(r, 0.1, -0.1), { x: 0.3, y: 0.1, w: 0.4, h: 0.4 });
		close(moveRect(r, 5, -5), { x: 0.6, y: 0, w: 0.4, h: 0.4 });
	});

	it('resizes from any corner while the opposite one stays', () => {
		close(resizeRect(r, 'se', 0.1, 0.2, null, size), { x: 0.2, y: 0.2, w: 0.5, h: 0.6 });
		close(resizeRect(r, 'nw', 0.1, -0.1, null, size), { x: 0.3, y: 0.1, w: 0.3, h: 0.5 });
		close(resizeRect(r, 'ne', 0.1, 0.1, null, size), { x: 0.2, y: 0.3, w: 0.5, h: 0.3 });
		close(resizeRect(r, 'sw', -0.1, -0.1, null, size), { x: 0.1, y: 0.2, w: 0.5, h: 0.3 });
	});

	it('never turns a box inside out nor lets it leave the photo', () => {
		close(resizeRect(r, 'se', -1, -1, null, size), { x: 0.2, y: 0.2, w: MIN_SIDE, h: MIN_SIDE });
		close(resizeRect(r, 'nw', -1, -1, null, size), { x: 0, y: 0, w: 0.6, h: 0.6 });
		close(resizeRect(r, 'nw', 1, 1, null, size), {
			x: 0.6 - MIN_SIDE,
			y: 0.6 - MIN_SIDE,
			w: MIN_SIDE,
			h: MIN_SIDE
		});
	});

	it('keeps a fixed ratio in pixels while resizing, inside the photo', () => {
		for (const ratio of [1, 0.8, 1.5, 16 / 9]) {
			const start = fitCropToAspect(
				{ x: 0.2, y: 0.2, w: 0.4, h: 0.4 },
				ratio,
				size.width,
				size.height
			);
			const moves = [
				[0.05, 0.01],
				[0.01, 0.3],
				[-0.3, -0.3],
				[2, 2],
				[-2, 0.5]
			] as const;
			for (const corner of ['nw', 'ne', 'sw', 'se'] as const) {
				for (const [dx, dy] of moves) {
					const next = resizeRect(start, corner, dx, dy, ratio, size);
					const what = `${ratio} ${corner} ${dx},${dy}`;
					inside(next);
					expect(pixelRatio(next, size.width, size.height), what).toBeCloseTo(ratio, 9);
				}
			}
		}
	});

	it('keeps the fixed corner when resizing with a ratio', () => {
		const start = { x: 0.5, y: 0.5, w: 0.25, h: 0.5 }; // 100 × 100 px
		const next = resizeRect(start, 'nw', -0.125, 0, 1, size);
		expect(next.x + next.w).toBeCloseTo(0.75, 12);
		expect(next.y + next.h).toBeCloseTo(1, 12);
		expect(next.w * size.width).toBeCloseTo(150, 9);
		expect(next.h * size.height).toBeCloseTo(150, 9);
	});

	it('draws a box between two points in any order, inside the photo', () => {
		close(rectBetween({ x: 0.6, y: 0.1 }, { x: 0.2, y: 0.5 }), { x: 0.2, y: 0.1, w: 0.4, h: 0.4 });
		close(rectBetween({ x: -1, y: 0.5 }, { x: 0.5, y: 2 }), { x: 0, y: 0.5, w: 0.5, h: 0.5 });
		inside(rectBetween({ x: 0.3, y: 0.3 }, { x: 0.3, y: 0.3 }));
	});

	it('sets one side exactly; with a ratio the other follows and it all fits', () => {
		close(resizeSide(r, 'w', 0.5, null, size), { x: 0.2, y: 0.2, w: 0.5, h: 0.4 });
		close(resizeSide(r, 'w', 0.9, null, size), { x: 0.1, y: 0.2, w: 0.9, h: 0.4 });
		// Square on a 400 × 200 photo: width 0.3 is 120 px, so height is 0.6.
		close(resizeSide(r, 'w', 0.3, 1, size), { x: 0.2, y: 0.2, w: 0.3, h: 0.6 });
		const big = resizeSide(r, 'h', 5, 1, size); // as large as a square can be: 200 × 200 px
		inside(big);
		close(big, { x: 0.2, y: 0, w: 0.5, h: 1 });
		const small = resizeSide(r, 'w', 0, 16 / 9, size);
		inside(small);
		expect(pixelRatio(small, size.width, size.height)).toBeCloseTo(16 / 9, 9);
	});
});

describe('keyboard steps', () => {
	const size = { width: 400, height: 200 };
	const r: Rect = { x: 0.2, y: 0.2, w: 0.4, h: 0.4 };

	it('moves by 1% of the photo with the arrows, in physical directions', () => {
		close(keyRect('ArrowRight', false, r, null, size)!, { ...r, x: 0.2 + KEY_STEP });
		close(keyRect('ArrowLeft', false, r, null, size)!, { ...r, x: 0.2 - KEY_STEP });
		close(keyRect('ArrowDown', false, r, null, size)!, { ...r, y: 0.2 + KEY_STEP });
		close(keyRect('ArrowUp', false, r, null, size)!, { ...r, y: 0.2 - KEY_STEP });
		close(keyRect('ArrowLeft', false, { ...r, x: 0 }, null, size)!, { ...r, x: 0 });
	});

	it('resizes with Shift: right and down grow, left and up shrink', () => {
		close(keyRect('ArrowRight', true, r, null, size)!, { ...r, w: 0.4 + KEY_STEP });
		close(keyRect('ArrowLeft', true, r, null, size)!, { ...r, w: 0.4 - KEY_STEP });
		close(keyRect('ArrowDown', true, r, null, size)!, { ...r, h: 0.4 + KEY_STEP });
		close(keyRect('ArrowUp', true, r, null, size)!, { ...r, h: 0.4 - KEY_STEP });
	});

	it('keeps a fixed ratio when resizing with Shift', () => {
		const square = { x: 0.2, y: 0.2, w: 0.2, h: 0.4 }; // 80 × 80 px
		for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp']) {
			const next = keyRect(key, true, square, 1, size)!;
			expect(pixelRatio(next, size.width, size.height), key).toBeCloseTo(1, 9);
			inside(next);
		}
		expect(keyRect('ArrowRight', true, square, 1, size)!.w).toBeCloseTo(0.2 + KEY_STEP, 12);
		expect(keyRect('ArrowDown', true, square, 1, size)!.h).toBeCloseTo(0.4 + KEY_STEP, 12);
	});

	it('grows a box at the edge by sliding it back inside, up to the whole photo', () => {
		let box: Rect = { x: 0.7, y: 0.7, w: 0.3, h: 0.3 };
		for (let i = 0; i < 200; i++) box = keyRect('ArrowRight', true, box, null, size)!;
		close(box, { x: 0, y: 0.7, w: 1, h: 0.3 });
		for (let i = 0; i < 200; i++) box = keyRect('ArrowUp', true, box, null, size)!;
		close(box, { x: 0, y: 0.7, w: 1, h: MIN_SIDE });
	});

	it('lets other keys through', () => {
		for (const key of ['Escape', 'Enter', 'Tab', ' ', 'a', 'Delete', 'Home']) {
			expect(keyRect(key, false, r, null, size), key).toBeNull();
			expect(keyRect(key, true, r, null, size), key).toBeNull();
			expect(keyPoint(key, false, { x: 0.5, y: 0.5 }), key).toBeNull();
		}
	});

	it('moves a point by 1%, or 10% with Shift, inside the photo', () => {
		const p = keyPoint('ArrowRight', false, { x: 0.5, y: 0.5 })!;
		expect(p.x).toBeCloseTo(0.51, 12);
		expect(p.y).toBe(0.5);
		expect(keyPoint('ArrowUp', true, { x: 0.5, y: 0.5 })!.y).toBeCloseTo(0.4, 12);
		expect(keyPoint('ArrowDown', true, { x: 0.5, y: 0.95 })).toEqual({ x: 0.5, y: 1 });
	});
});

describe('new areas to hide', () => {
	it('are square on screen, a quarter of the shorter side, centred', () => {
		const size = { width: 400, height: 200 };
		const r = newRedactionRect(size);
		expect(r.w * size.width).toBeCloseTo(50, 9);
		expect(r.h * size.height).toBeCloseTo(50, 9);
		expect(r.x + r.w / 2).toBeCloseTo(0.5, 12);
		expect(r.y + r.h / 2).toBeCloseTo(0.5, 12);
	});

	it('are centred where asked, inside the photo', () => {
		const size = { width: 300, height: 300 };
		close(newRedactionRect(size, { x: 0.3, y: 0.6 }), { x: 0.175, y: 0.475, w: 0.25, h: 0.25 });
		inside(newRedactionRect(size, { x: 1, y: 0 }));
	});

	it('do not sit exactly on an earlier one', () => {
		const size = { width: 300, height: 300 };
		const areas: Rect[] = [];
		for (let i = 0; i < MAX_REDACTIONS; i++) {
			const r = newRedactionRect(size, undefined, areas);
			inside(r);
			areas.push(r);
		}
		expect(areas[1]!.x).toBeGreaterThan(areas[0]!.x);
		expect(areas[1]!.y).toBeGreaterThan(areas[0]!.y);
		expect(areas[2]!.x).toBeGreaterThan(areas[1]!.x);
	});

	it('move away from an area that was nudged a little', () => {
		const size = { width: 300, height: 300 };
		const first = newRedactionRect(size);
		const nudged = moveRect(first, -KEY_STEP, 0);
		const second = newRedactionRect(size, undefined, [nudged]);
		expect(second.x - nudged.x).toBeGreaterThan(0.04);
		expect(second.y - nudged.y).toBeGreaterThan(0.03);
	});
});

describe('turning in the editor', () => {
	const width = 4000;
	const height = 3000;

	it('is rotateFraming for a free crop', () => {
		const f = framing();
		expect(turnFraming(f, 'clockwise', width, height)).toEqual(rotateFraming(f, 'clockwise'));
	});

	it('keeps a fixed ratio true on screen, and turning back gives the crop back', () => {
		for (const aspect of ['1:1', '4:5', '3:2', '16:9'] as const) {
			const ratio = aspectRatio(aspect)!;
			const crop = fitCropToAspect({ x: 0.3, y: 0.3, w: 0.4, h: 0.4 }, ratio, width, height);
			const start = framing({ aspect, crop });
			let f = start;
			for (let i = 0; i < 4; i++) {
				f = turnFraming(f, 'clockwise', width, height);
				const turned = rotatedSize(width, height, f.rotation);
				inside(f.crop);
				expect(pixelRatio(f.crop, turned.width, turned.height), aspect).toBeCloseTo(ratio, 9);
			}
			close(f.crop, start.crop);
			const back = turnFraming(
				turnFraming(start, 'clockwise', width, height),
				'counterclockwise',
				width,
				height
			);
			close(back.crop, start.crop);
		}
	});

	it('shrinks a fixed-ratio crop that no longer fits', () => {
		// A 3:2 crop of the whole 4000 × 3000 photo is 4000 × 2667 px: too wide for the turned
		// 3000 × 4000 photo, so it becomes 3000 × 2000 px.
		const crop = fitCropToAspect({ x: 0, y: 0, w: 1, h: 1 }, 1.5, width, height); // 4000 × 2667
		const f = turnFraming(framing({ aspect: '3:2', crop }), 'clockwise', width, height);
		inside(f.crop);
		expect(f.crop.w).toBeCloseTo(1, 12);
		expect(pixelRatio(f.crop, height, width)).toBeCloseTo(1.5, 9);
	});
});

describe('editor preview helpers', () => {
	it('rounds percentages to one decimal', () => {
		expect(percent(0.12345)).toBe(12.3);
		expect(percent(1)).toBe(100);
		expect(percent(0.30000000000000004)).toBe(30);
	});

	it('shrinks like the server: 10 blocks for pixelate, 6 px then 64 px for blur', () => {
		expect(obscureSteps(400, 200, 'pixelate')).toEqual([{ width: 10, height: 5 }]);
		expect(obscureSteps(6, 3, 'pixelate')).toEqual([{ width: 3, height: 2 }]);
		expect(obscureSteps(400, 200, 'blur')).toEqual([
			{ width: 6, height: 3 },
			{ width: 64, height: 32 }
		]);
		expect(obscureSteps(1, 1, 'blur')).toEqual([
			{ width: 1, height: 1 },
			{ width: 1, height: 1 }
		]);
	});

	it('turns the canvas as rotateFraming turns points', () => {
		const w0 = 400;
		const h0 = 300;
		const apply = (m: number[], x: number, y: number) => ({
			x: m[0]! * x + m[2]! * y + m[4]!,
			y: m[1]! * x + m[3]! * y + m[5]!
		});
		let f = framing({ focal: { x: 0.25, y: 0.6 } });
		for (const rotation of [90, 180, 270] as const) {
			f = rotateFraming(f, 'clockwise');
			const { width, height } = rotatedSize(w0, h0, rotation);
			const p = apply(canvasTurn(rotation, width, height), 0.25 * w0, 0.6 * h0);
			expect(p.x / width, `${rotation}`).toBeCloseTo(f.focal.x, 12);
			expect(p.y / height, `${rotation}`).toBeCloseTo(f.focal.y, 12);
		}
		expect(canvasTurn(0, w0, h0)).toEqual([1, 0, 0, 1, 0, 0]);
	});
});
