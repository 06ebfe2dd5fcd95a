// The exhibition page's layout engine (docs/layout.md): it cuts each section's stories, in the
// curator's order, into rows that fill the grid, and gives every story its columns. It never
// moves a story: the reading order is the curator's order, on every screen and without CSS.
// Pure code, run on the server while the page is drawn (the page has no client script).
import type { PlacementSize } from './curator-names';

export interface LayoutItem {
	size: PlacementSize;
	/** Width / height of the photo the card leads with; null for a card of words only. */
	aspect: number | null;
}

/** Where a story sits on one grid. */
export interface Cell {
	/** Columns it spans. */
	span: number;
	/**
	 * Alone in its row although its size is less than the row: the card takes the whole row,
	 * its photo the size's share of it (this fraction) and its words the rest, beside the photo.
	 */
	share: number | null;
}

export interface Grid {
	columns: number;
	/** The columns a size asks for. */
	base: Record<PlacementSize, number>;
	/** The fewest and most columns a size may be given so that a row fills. */
	range: Record<PlacementSize, readonly [number, number]>;
	/** The most stories side by side. */
	perRow: number;
}

/** From 64rem: twelve columns; a third, a half, two thirds, the whole width. */
export const WIDE: Grid = {
	columns: 12,
	base: { small: 4, medium: 6, large: 8, full: 12 },
	range: { small: [3, 5], medium: [5, 7], large: [7, 9], full: [12, 12] },
	perRow: 3
};

/** From 40rem (a tablet): six columns; small and medium go in pairs, large and full alone. */
export const MEDIUM: Grid = {
	columns: 6,
	base: { small: 3, medium: 3, large: 6, full: 6 },
	range: { small: [2, 3], medium: [3, 4], large: [6, 6], full: [6, 6] },
	perRow: 2
};

/** Below 40rem every story has the whole width: one column, nothing to pack. */

/** A story alone in a row it does not fill (its words beside its photo) costs this much. */
const SOLO_COST = 0.3;
/** Weight of uneven photo heights within a row, against sizes bent from what was asked. */
const HEIGHT_WEIGHT = 0.35;
/** What the photo of a full-width story takes of the row, its words beside it (wide grid). */
export const FULL_SHARE = 0.62;

interface RowPlan {
	cost: number;
	cells: Cell[];
}

/** Integer spans within each size's range that sum to the row, cheapest first. */
function fillRow(items: LayoutItem[], grid: Grid): RowPlan | null {
	if (items.length === 1) {
		const [item] = items as [LayoutItem];
		const base = grid.base[item.size];
		if (base >= grid.columns) return { cost: 0, cells: [{ span: grid.columns, share: null }] };
		return {
			cost: SOLO_COST,
			cells: [{ span: grid.columns, share: base / grid.columns }]
		};
	}
	if (items.some((i) => grid.base[i.size] >= grid.columns)) return null;
	const found: { best: RowPlan | null } = { best: null };
	const spans: number[] = [];
	const walk = (k: number, used: number) => {
		if (k === items.length) {
			if (used !== grid.columns) return;
			const cost = rowCost(items, spans, grid);
			if (!found.best || cost < found.best.cost - 1e-9)
				found.best = { cost, cells: spans.map((span) => ({ span, share: null })) };
			return;
		}
		const [lo, hi] = grid.range[items[k]!.size];
		for (let s = lo; s <= hi && used + s <= grid.columns; s++) {
			spans.push(s);
			walk(k + 1, used + s);
			spans.pop();
		}
	};
	walk(0, 0);
	return found.best;
}

/**
 * The columns a story's size asks for, given its photo: a tall photo stands as large as a
 * square one of the same area would (its size's width times the square root of its aspect),
 * never below its size's range.
 */
function target(item: LayoutItem, grid: Grid): number {
	const base = grid.base[item.size];
	if (!item.aspect || item.aspect >= 1) return base;
	return Math.max(grid.range[item.size][0], base * Math.sqrt(item.aspect));
}

/** How far the spans bend the asked sizes, and how unevenly tall the row's photos stand. */
function rowCost(items: LayoutItem[], spans: number[], grid: Grid): number {
	let cost = 0;
	items.forEach((item, i) => {
		cost += ((spans[i]! - target(item, grid)) / grid.base[item.size]) ** 2;
	});
	// A photo's height is proportional to its columns over its aspect ratio.
	const heights = items.flatMap((item, i) => (item.aspect ? [spans[i]! / item.aspect] : []));
	if (heights.length > 1) {
		const mean = heights.reduce((a, b) => a + b, 0) / heights.length;
		for (const h of heights) cost += HEIGHT_WEIGHT * ((h - mean) / mean) ** 2;
	}
	return cost;
}

/**
 * The rows of one section on one grid, in order: the cheapest way to cut the sequence (every
 * cut considered, as a paragraph is broken into lines), each row filling the grid exactly.
 */
export function packRows(items: LayoutItem[], grid: Grid): Cell[][] {
	const n = items.length;
	const best: { cost: number; from: number; plan: RowPlan | null }[] = [
		{ cost: 0, from: -1, plan: null }
	];
	for (let j = 1; j <= n; j++) {
		let chosen = { cost: Infinity, from: j - 1, plan: null as RowPlan | null };
		for (let i = Math.max(0, j - grid.perRow); i < j; i++) {
			const plan = fillRow(items.slice(i, j), grid);
			if (!plan) continue;
			const cost = best[i]!.cost + plan.cost;
			if (cost < chosen.cost - 1e-9) chosen = { cost, from: i, plan };
		}
		best.push(chosen);
	}
	const rows: Cell[][] = [];
	for (let j = n; j > 0; j = best[j]!.from) rows.unshift(best[j]!.plan!.cells);
	return rows;
}

export interface PlacedCells {
	wide: Cell;
	medium: Cell;
	/** Index of its row on the wide grid, within its section. */
	wideRow: number;
}

/** Every story of a section with its place on the wide and the medium grid, in order. */
export function layOutSection(items: LayoutItem[]): PlacedCells[] {
	const wideRows = packRows(items, WIDE);
	const mediumCells = packRows(items, MEDIUM).flat();
	const placed: PlacedCells[] = [];
	wideRows.forEach((row, r) =>
		row.forEach((cell) => {
			const i = placed.length;
			const wide = items[i]!.size === 'full' ? { span: WIDE.columns, share: FULL_SHARE } : cell;
			placed.push({ wide, medium: mediumCells[i]!, wideRow: r });
		})
	);
	return placed;
}
