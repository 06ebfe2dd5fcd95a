// The content version (docs/performance.md): a number in the database that triggers bump with
// every committed change to anything a page or a picture may show. A server-side cache entry is
// used only while the version it was made at is still current and the clock has not passed the
// next moment at which the gate's answer changes by itself (a consent running out).
import type { Executor } from '../db';
import { contentVersion } from '../db/schema';
import { nextConsentExpiry } from '../access/expiry';

/** The current content version: one small read, asked on every cached answer. */
export async function readContentVersion(ex: Executor): Promise<number> {
	const [row] = await ex.select({ version: contentVersion.version }).from(contentVersion);
	// No row would mean a database the migrations did not make; then nothing is ever cached.
	return row?.version ?? Number.NaN;
}

/** The next moment after `now` at which the gate's answer changes without a write. */
export const nextExpiry = nextConsentExpiry;

/** What an entry is valid for: made at this version, usable until `until` (ms since epoch). */
export interface Validity {
	version: number;
	until: number;
}

/** Read before the answer is computed, so that a change during the computation invalidates it. */
export async function validityNow(ex: Executor, now = new Date()): Promise<Validity> {
	const version = await readContentVersion(ex);
	return { version, until: await nextExpiry(ex, now) };
}

export function stillValid(entry: Validity, version: number, now = Date.now()): boolean {
	return Number.isFinite(entry.version) && entry.version === version && now < entry.until;
}

/**
 * Many requests, few reads, none of them stale (docs/performance.md): the requests that arrive
 * in one turn of the event loop share one read of the content version, which starts at the end
 * of that turn — after every one of them arrived. So every answer rests on a read that began
 * after its request came in (a change committed before the request, by this process or another,
 * is always seen), and under load one small query serves a whole crowd. Alone, a request waits
 * for nothing but its own read.
 *
 * `read` may answer synchronously (the embedded file's prepared statement does): then the
 * callers given to `then` are answered in the same turn as the read, with no promise in
 * between — the fast path's hits cost no more than that (cache/media.ts).
 */
function answer<T>(callers: { done: (value: T) => void }[], value: T) {
	for (const caller of callers) {
		try {
			caller.done(value);
		} catch (error) {
			// One caller's failure is its own: the others still get their answer.
			console.error('[content version]', error);
		}
	}
}

export class FreshRead<T> {
	#waiting: { done: (value: T) => void; fail: (error: unknown) => void }[] | undefined;

	constructor(private readonly read: () => T | Promise<T>) {}

	/** Calls `done` with a read that starts after this call (or `fail` with its error). */
	then(done: (value: T) => void, fail: (error: unknown) => void): void {
		if (this.#waiting) {
			this.#waiting.push({ done, fail });
			return;
		}
		const waiting = (this.#waiting = [{ done, fail }]);
		setImmediate(() => {
			// From here on, callers wait for a read that starts after them.
			this.#waiting = undefined;
			let value: T | Promise<T>;
			try {
				value = this.read();
			} catch (error) {
				for (const caller of waiting) caller.fail(error);
				return;
			}
			if (value instanceof Promise)
				value.then(
					(v) => answer(waiting, v),
					(error) => {
						for (const caller of waiting) caller.fail(error);
					}
				);
			else answer(waiting, value);
		});
	}

	next(): Promise<T> {
		return new Promise<T>((resolve, reject) => this.then(resolve, reject));
	}
}
