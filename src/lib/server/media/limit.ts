// Small first-in, first-out async semaphores. Image work holds part of a memory budget so that
// a burst of uploads queues instead of decoding many large photos at once (docs/media.md,
// "Bounded cost"). Written here rather than taken from a library: each is a few lines, and the
// re-entrancy below is particular to how the pipeline nests its calls.
import { niceImageThreads } from './priority';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { config } from '../config';

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Runs at most `n` functions at a time; the others wait in order of arrival.
 *
 * Re-entrant: a call made from inside a function that already holds a slot of the same limit
 * runs at once in that slot instead of waiting for a second one, which could otherwise deadlock.
 */
export function createLimit(n: number): Limit {
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`A limit needs n >= 1 (got ${n})`);
	const budget = createBudget(n, n);
	return (fn) => budget.run(1, fn);
}

export interface Budget {
	/** What may be held at once (bytes, for image memory) and by how many at a time. */
	readonly capacity: number;
	readonly concurrency: number;
	/**
	 * Runs `fn` once `cost` of the capacity and one of the slots are free, in order of arrival.
	 * A cost above the capacity is counted as the whole capacity: the work then runs alone
	 * (callers refuse such work beforehand; this keeps a mistake from deadlocking).
	 *
	 * Re-entrant: inside work that already holds a share of this budget, `run` starts at once
	 * within that share (the outer caller reserved for everything it does).
	 */
	run<T>(cost: number, fn: () => Promise<T>): Promise<T>;
	/** Now, and the most ever held at once (for tests and the hostile scripts). */
	stats(): { used: number; active: number; waiting: number; peakUsed: number };
}

/**
 * The shares of every budget the current async context runs in, by budget. One storage for all
 * budgets: under Node 20 each AsyncLocalStorage that has ever run stays in a list that every
 * new promise and callback walks, so one per budget — and the pipeline makes two small
 * budgets per rendering — made every async step of the process slower with each photo
 * (docs/media.md, "Bounded cost").
 */
const holding = new AsyncLocalStorage<ReadonlyMap<symbol, { held: boolean }>>();

export function createBudget(
	capacity: number,
	concurrency: number,
	{ onIdle }: { onIdle?: () => void } = {}
): Budget {
	if (!(capacity > 0)) throw new RangeError(`A budget needs a capacity > 0 (got ${capacity})`);
	if (!Number.isInteger(concurrency) || concurrency < 1)
		throw new RangeError(`A budget needs concurrency >= 1 (got ${concurrency})`);
	// This budget's share the current async context runs in (in `holding`); `held` turns false
	// once it is released, so that work merely started from inside (a timer, a queued job) does
	// not inherit it.
	const self = Symbol('budget');
	const waiting: { cost: number; start: () => void }[] = [];
	let used = 0;
	let active = 0;
	let peakUsed = 0;

	const fits = (cost: number) => active < concurrency && used + cost <= capacity;
	const pump = () => {
		// Strictly in order: a large job at the head is not overtaken by smaller ones behind it.
		while (waiting.length > 0 && fits(waiting[0]!.cost)) {
			const next = waiting.shift()!;
			used += next.cost;
			active += 1;
			peakUsed = Math.max(peakUsed, used);
			next.start();
		}
	};

	return {
		capacity,
		concurrency,
		run<T>(requested: number, fn: () => Promise<T>): Promise<T> {
			if (holding.getStore()?.get(self)?.held) return (async () => fn())();
			const cost = Math.min(
				capacity,
				Math.max(0, Number.isFinite(requested) ? requested : capacity)
			);
			return new Promise<void>((start) => {
				waiting.push({ cost, start });
				pump();
			}).then(() => {
				const share = { held: true };
				const shares = new Map(holding.getStore());
				shares.set(self, share);
				return holding
					.run(shares, async () => fn())
					.finally(() => {
						share.held = false;
						used -= cost;
						active -= 1;
						pump();
						if (active === 0 && waiting.length === 0) onIdle?.();
					});
			});
		},
		stats: () => ({ used, active, waiting: waiting.length, peakUsed })
	};
}

/**
 * V8's full collection, if it can be had: decoded photos live in Buffers outside V8's heap,
 * which V8 frees only when it next collects, perhaps long after a burst of uploads. (The same
 * way Jest reaches it; a no-op where the flag cannot be set.)
 */
const collect: () => void = (() => {
	try {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as unknown;
		return typeof gc === 'function' ? (gc as () => void) : () => {};
	} catch {
		return () => {};
	}
})();

/** Quiet this long after image work, the memory it used is handed back (docs/media.md). */
export const IDLE_COLLECT_MS = 2000;

/** Calls `then` once nothing has run for `ms` since the last call of the returned function. */
export function whenQuiet(ms: number, then: () => void): () => void {
	let timer: NodeJS.Timeout | undefined;
	return () => {
		clearTimeout(timer);
		timer = setTimeout(then, ms);
		timer.unref();
	};
}

let images: Budget | undefined;

/**
 * The process's budget for image work: IMAGE_MEMORY_MB bytes, IMAGE_CONCURRENCY jobs. Once it
 * has been idle for IDLE_COLLECT_MS, one full collection frees the photos' buffers at once, so
 * that the server's memory returns to about where it was before the burst.
 */
export function imageBudget(): Budget {
	images ??= createBudget(config().imageMemoryBytes, config().imageConcurrency, {
		onIdle: whenQuiet(IDLE_COLLECT_MS, () => {
			if (imageBudget().stats().active === 0) collect();
		})
	});
	return images;
}

/** Runs image work that may use up to `bytes` of memory, within the process's budget. */
export function imageWork<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
	return imageBudget().run(bytes, async () => {
		// Threads libvips started since the last look give way to serving from the first pixel.
		niceImageThreads(config().imageNice);
		return fn();
	});
}
