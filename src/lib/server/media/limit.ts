// A small first-in, first-out async semaphore. Image work holds one of a few slots so that a
// burst of uploads queues instead of decoding many large photos at once (time and memory).
import { AsyncLocalStorage } from 'node:async_hooks';

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Runs at most `n` functions at a time; the others wait in order of arrival.
 *
 * Re-entrant: a call made from inside a function that already holds a slot of the same limit
 * (e.g. `imageLimit(() => ingestMaster(path))`, which limits itself too) runs at once in that
 * slot instead of waiting for a second one, which could otherwise deadlock.
 */
export function createLimit(n: number): Limit {
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`A limit needs n >= 1 (got ${n})`);
	// The slot the current async context runs in; `held` turns false once it is released, so
	// that work merely started from inside a slot (a timer, a queued job) does not inherit it.
	const holding = new AsyncLocalStorage<{ held: boolean }>();
	const waiting: (() => void)[] = [];
	let active = 0;

	const release = () => {
		const next = waiting.shift();
		if (next) next();
		else active -= 1;
	};

	return <T>(fn: () => Promise<T>): Promise<T> => {
		if (holding.getStore()?.held) return (async () => fn())();
		const run = () => {
			const slot = { held: true };
			return holding
				.run(slot, async () => fn())
				.finally(() => {
					slot.held = false;
					release();
				});
		};
		if (active < n) {
			active += 1;
			return run();
		}
		// The slot is handed over directly by release(), so `active` stays counted.
		return new Promise<void>((resolve) => waiting.push(resolve)).then(run);
	};
}

/** Image decoding and encoding: two jobs at a time (the server has two cores). */
export const imageLimit = createLimit(2);
