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
 * Many requests, few reads, none of them stale: a read of the content version answers every
 * request that arrived *before that read started* (docs/performance.md). While a read is on its
 * way, requests arriving wait for the next one, which starts as soon as it is done — so every
 * answer rests on a version read after the request came in, and a change committed before the
 * request (a withdrawal, by this process or another) is always seen. Under load one read serves
 * a whole crowd; alone, a request waits for at most the read already under way and its own.
 */
export class FreshRead<T> {
	#inFlight: Promise<T> | undefined;
	#queued: Promise<T> | undefined;

	constructor(private readonly read: () => Promise<T>) {}

	next(): Promise<T> {
		if (!this.#inFlight) return this.#start();
		const after = this.#inFlight;
		return (this.#queued ??= after.then(
			() => this.#startQueued(),
			() => this.#startQueued()
		));
	}

	#startQueued(): Promise<T> {
		this.#queued = undefined;
		return this.#start();
	}

	#start(): Promise<T> {
		const reading = this.read();
		this.#inFlight = reading;
		const done = () => {
			if (this.#inFlight === reading) this.#inFlight = undefined;
		};
		reading.then(done, done);
		return reading;
	}
}
