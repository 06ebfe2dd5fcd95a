// The image memory budget and the estimates it is fed with (docs/media.md, "Bounded cost").
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A small budget, so that ordinary test images can be too costly for it.
process.env.IMAGE_MEMORY_MB = '160';
const { createBudget, imageBudget, whenQuiet } = await import('../../src/lib/server/media/limit');
const { ingestCost, jpegComponents, masterSize, MASTER_MAX_PIXELS, renderCost } =
	await import('../../src/lib/server/media/cost');
const { UploadRefused, ingestMaster, inspectUpload } =
	await import('../../src/lib/server/media/pipeline');

const MiB = 1024 * 1024;
let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'media-budget-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function file(data: Buffer) {
	const path = join(dir, `${(n += 1)}`);
	await writeFile(path, data);
	return path;
}

/** A job that holds its share until released, and records when it ran. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createBudget', () => {
	it('never holds more than its capacity or its concurrency, and keeps arrival order', async () => {
		const budget = createBudget(100, 3);
		const started: string[] = [];
		const gates = new Map<string, ReturnType<typeof gate>>();
		const job = (name: string, cost: number) => {
			const g = gate();
			gates.set(name, g);
			return budget.run(cost, async () => {
				started.push(name);
				expect(budget.stats().used).toBeLessThanOrEqual(100);
				expect(budget.stats().active).toBeLessThanOrEqual(3);
				await g.opened;
			});
		};
		const all = [job('a', 60), job('b', 30), job('c', 50), job('d', 5), job('e', 5)];
		await tick();
		// c does not fit beside a and b; d and e would, but do not overtake c.
		expect(started).toEqual(['a', 'b']);
		gates.get('a')!.open();
		await tick();
		expect(started).toEqual(['a', 'b', 'c', 'd']);
		// Three at a time: e waits for a slot although its cost fits.
		expect(budget.stats()).toMatchObject({ used: 85, active: 3, waiting: 1 });
		gates.get('b')!.open();
		await tick();
		expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
		for (const g of gates.values()) g.open();
		await Promise.all(all);
		expect(budget.stats()).toMatchObject({ used: 0, active: 0, waiting: 0, peakUsed: 90 });
	});

	it('runs work costing more than the capacity alone, rather than never', async () => {
		const budget = createBudget(100, 2);
		const order: string[] = [];
		const small = gate();
		const first = budget.run(10, async () => {
			order.push('small');
			await small.opened;
		});
		const big = budget.run(1000, async () => {
			order.push('big');
			expect(budget.stats().used).toBe(100);
		});
		await tick();
		expect(order).toEqual(['small']);
		small.open();
		await Promise.all([first, big]);
		expect(order).toEqual(['small', 'big']);
	});

	it('lets work that holds a share call more budgeted work without waiting for itself', async () => {
		const budget = createBudget(100, 1);
		const inner = () => budget.run(100, async () => 'inner');
		expect(await budget.run(80, async () => `outer ${await inner()}`)).toBe('outer inner');
		// Work merely started from inside a share (a timer) waits for its own.
		let later: Promise<string> | undefined;
		await budget.run(100, async () => {
			later = new Promise((resolve) =>
				setTimeout(() => resolve(budget.run(100, async () => 'own')), 0)
			);
		});
		expect(await later).toBe('own');
	});

	it('frees the share when the work fails, and says when it is idle', async () => {
		let idle = 0;
		const budget = createBudget(10, 1, { onIdle: () => (idle += 1) });
		await expect(budget.run(10, () => Promise.reject(new Error('broken')))).rejects.toThrow(
			'broken'
		);
		await expect(
			budget.run(10, () => {
				throw new Error('at once');
			})
		).rejects.toThrow('at once');
		expect(await budget.run(10, async () => 'next')).toBe('next');
		expect(idle).toBe(3);
		expect(() => createBudget(0, 1)).toThrow(RangeError);
		expect(() => createBudget(10, 0)).toThrow(RangeError);
	});

	it('calls back once things are quiet, however often it is poked before', async () => {
		let calls = 0;
		const poke = whenQuiet(20, () => (calls += 1));
		poke();
		await new Promise((resolve) => setTimeout(resolve, 10));
		poke();
		poke();
		await new Promise((resolve) => setTimeout(resolve, 40));
		expect(calls).toBe(1);
	});

	it('sizes the image budget from IMAGE_MEMORY_MB', () => {
		expect(imageBudget().capacity).toBe(160 * MiB);
		expect(imageBudget().concurrency).toBe(2);
	});
});

describe('memory estimates', () => {
	const header = {
		format: 'jpeg' as const,
		width: 6000,
		height: 4000,
		channels: 3,
		bits: 8,
		progressive: false,
		turned: false
	};

	it('charge what each decoder keeps in memory, not pixels alone', () => {
		const baseline = ingestCost(header);
		const progressive = ingestCost({ ...header, progressive: true, components: 1.5 });
		const progressive444 = ingestCost({ ...header, progressive: true, components: 3 });
		const turned = ingestCost({ ...header, turned: true });
		const webp = ingestCost({ ...header, format: 'webp' });
		const avif = ingestCost({ ...header, format: 'avif' });
		const avif10 = ingestCost({ ...header, format: 'avif', bits: 10 });
		expect(baseline).toBeLessThan(progressive);
		expect(progressive).toBeLessThan(progressive444);
		expect(baseline).toBeLessThan(turned);
		expect(progressive444).toBeLessThan(webp);
		expect(webp).toBeLessThan(avif);
		expect(avif).toBeLessThan(avif10);
		// The case: 100 megapixels of lossless WebP cost about 0.8 GB to decode.
		expect(ingestCost({ ...header, format: 'webp', width: 10000, height: 10000 })).toBeGreaterThan(
			800 * MiB
		);
		const png = { ...header, format: 'png' as const };
		expect(ingestCost({ ...png, progressive: true, channels: 4, bits: 16 })).toBeGreaterThan(
			ingestCost({ ...png, progressive: true })
		);
	});

	it('read the components of a JPEG from its chroma subsampling', () => {
		expect(jpegComponents('4:2:0', 3)).toBe(1.5);
		expect(jpegComponents('4:2:2', 3)).toBe(2);
		expect(jpegComponents('4:4:4', 3)).toBe(3);
		expect(jpegComponents('4:4:4:4', 4)).toBe(4);
		expect(jpegComponents(undefined, 4)).toBe(4);
		expect(jpegComponents('nonsense', 3)).toBe(3);
	});

	it('bound the master: larger uploads are stored scaled down to MASTER_MAX_PIXELS', () => {
		expect(masterSize(6000, 4000)).toEqual({ width: 6000, height: 4000 });
		const big = masterSize(10000, 10000);
		expect(big.width * big.height).toBeLessThanOrEqual(MASTER_MAX_PIXELS);
		expect(big.width).toBe(big.height);
		const wide = masterSize(60000, 1500);
		expect(wide.width * wide.height).toBeLessThanOrEqual(MASTER_MAX_PIXELS);
		expect(wide.width / wide.height).toBeCloseTo(40, 0);
	});

	it('charge redactions and turns, which need the whole photo in memory', () => {
		const plain = renderCost(6000, 4000, 5 * MiB, {
			redacted: false,
			turned: false,
			webpJpeg: true,
			avif: false
		});
		const turned = renderCost(6000, 4000, 5 * MiB, {
			redacted: false,
			turned: true,
			webpJpeg: true,
			avif: false
		});
		const redacted = renderCost(6000, 4000, 5 * MiB, {
			redacted: true,
			turned: false,
			webpJpeg: true,
			avif: false
		});
		const avif = renderCost(6000, 4000, 5 * MiB, {
			redacted: true,
			turned: false,
			webpJpeg: true,
			avif: true
		});
		expect(plain).toBeLessThan(turned);
		expect(turned).toBeLessThan(redacted);
		expect(redacted).toBeLessThan(avif);
		expect(redacted).toBeGreaterThan(6000 * 4000 * 6);
	});
});

describe('inspectUpload against the budget', () => {
	it('refuses an image whose decoding would not fit, saying how many megapixels would', async () => {
		// 4000×4000 lossless WebP: a few kilobytes, 16 megapixels, about 130 MB to decode.
		const webp = await sharp({
			create: { width: 4000, height: 4000, channels: 3, background: '#3a7' }
		})
			.webp({ lossless: true })
			.toBuffer();
		expect(webp.length).toBeLessThan(20_000);
		const error = await inspectUpload(await file(webp)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(UploadRefused);
		expect((error as InstanceType<typeof UploadRefused>).problem).toBe('upload_too_costly');
		const max = (error as InstanceType<typeof UploadRefused>).details.maxMegapixels!;
		expect(max).toBeGreaterThan(0);
		expect(max).toBeLessThan(16);
		// The number is true: that many megapixels of the same kind fit, one more does not.
		const side = (mp: number) => Math.floor(Math.sqrt(mp * 1_000_000));
		const webpHeader = { ...(await inspectHeaderOf(4000)), width: side(max), height: side(max) };
		expect(ingestCost(webpHeader)).toBeLessThanOrEqual(160 * MiB);
		expect(
			ingestCost({ ...webpHeader, width: side(max + 1), height: side(max + 1) })
		).toBeGreaterThan(160 * MiB);
		// The same number of pixels as a baseline JPEG decodes in strips: accepted.
		const jpeg = await sharp({
			create: { width: 4000, height: 4000, channels: 3, background: '#3a7' }
		})
			.jpeg()
			.toBuffer();
		const inspected = await inspectUpload(await file(jpeg));
		expect(inspected.cost).toBeLessThan(160 * MiB);
		expect((await ingestMaster(await file(jpeg))).width).toBe(4000);
	});

	it('refuses an animation, whatever its format says', async () => {
		const frames = 500;
		const strip = Buffer.alloc(16 * 16 * 3 * frames);
		for (let i = 0; i < frames; i++) strip.fill(i % 256, i * 768, (i + 1) * 768);
		const animated = await sharp(strip, {
			raw: { width: 16, height: 16 * frames, channels: 3, pageHeight: 16 }
		})
			.webp({ lossless: true })
			.toBuffer();
		const error = await inspectUpload(await file(animated)).catch((e: unknown) => e);
		expect((error as InstanceType<typeof UploadRefused>).problem).toBe('upload_animated');
	});
});

/** The header inspectUpload makes of a lossless WebP of side×side (below the budget). */
async function inspectHeaderOf(side: number) {
	return {
		format: 'webp' as const,
		width: side,
		height: side,
		channels: 3,
		bits: 8,
		progressive: false,
		turned: false
	};
}

describe('budgets and async context', () => {
	it('every budget shares one AsyncLocalStorage, however many are made and run', async () => {
		// Under Node 20 each storage that ever ran is walked by every new promise for the life
		// of the process (docs/media.md, "Bounded cost"): counting the storages that run.
		const { AsyncLocalStorage } = await import('node:async_hooks');
		const run = AsyncLocalStorage.prototype.run;
		const storages = new Set<unknown>();
		AsyncLocalStorage.prototype.run = function (this: unknown, ...args: never[]) {
			storages.add(this);
			return (run as (...a: never[]) => unknown).apply(this, args);
		} as typeof run;
		try {
			for (let i = 0; i < 20; i++) {
				const outer = createBudget(10, 2);
				const inner = createBudget(10, 1);
				// Nested and re-entrant use still works with the one storage.
				const value = await outer.run(5, () => inner.run(5, () => outer.run(100, async () => i)));
				expect(value).toBe(i);
			}
			const { createLimit } = await import('../../src/lib/server/media/limit');
			for (let i = 0; i < 5; i++) await createLimit(2)(async () => i);
		} finally {
			AsyncLocalStorage.prototype.run = run;
		}
		expect(storages.size).toBe(1);
	});

	it('a share is not inherited by work of another budget', async () => {
		const a = createBudget(1, 1);
		const b = createBudget(1, 1);
		const order: string[] = [];
		let release = () => {};
		// a is held; inside it, b is not held: b.run must take (and wait for) a slot of b.
		const holdingB = b.run(1, () => new Promise<void>((r) => (release = r)));
		const inA = a.run(1, async () => {
			await b.run(1, async () => order.push('b inside a'));
		});
		await new Promise((r) => setTimeout(r, 20));
		expect(order).toEqual([]); // waits for b's only slot
		release();
		await Promise.all([holdingB, inA]);
		expect(order).toEqual(['b inside a']);
	});
});
