// Reading pages must not keep a withdrawal waiting (docs/safety.md, "Withdrawal under load").
//
// The embedded database answers synchronously, so a page render is one unbroken run of CPU on
// the event loop, and Node runs every request that is ready in one poll phase back to back.
// With 25 readers asking again as soon as answered, each poll phase held a batch of renders,
// and every real asynchronous step of a withdrawal (reading its body, …) waited for a whole
// batch: seconds in all (npm run bench:withdraw). So page reads are admitted here, one (or
// READ_CONCURRENCY) per turn of the event loop and never in the poll phase itself: admission is
// handed out with setImmediate, and between two turns the loop reads new requests. A render has
// no real asynchronous step of its own (the database is synchronous), so one at a time costs
// the readers nothing. Requests that change
// something (POST and the other methods) are not queued at all. Reads by a logged-in person
// (a session cookie) go before anonymous ones, so that the participant's own next page, after
// a withdrawal, does not wait behind a crowd of visitors.

export type Lane = 'first' | 'last';

export class ReadAdmission {
	#active = 0;
	#first: (() => void)[] = [];
	#last: (() => void)[] = [];
	#scheduled = false;

	constructor(
		/** Reads rendering at once (and at most this many started per turn of the loop). */
		readonly concurrency: number,
		/** Reads waiting beyond this are refused at once (503) rather than queued. */
		readonly maxWaiting: number
	) {}

	get waiting() {
		return this.#first.length + this.#last.length;
	}

	get active() {
		return this.#active;
	}

	/** Resolves true when admitted; false at once when too many wait already. */
	enter(lane: Lane): Promise<boolean> {
		if (this.waiting >= this.maxWaiting) return Promise.resolve(false);
		return new Promise((resolve) => {
			(lane === 'first' ? this.#first : this.#last).push(() => resolve(true));
			this.#schedule();
		});
	}

	leave() {
		this.#active--;
		this.#schedule();
	}

	#schedule() {
		if (this.#scheduled || this.waiting === 0 || this.#active >= this.concurrency) return;
		this.#scheduled = true;
		setImmediate(() => {
			this.#scheduled = false;
			while (this.#active < this.concurrency) {
				const next = this.#first.shift() ?? this.#last.shift();
				if (!next) break;
				this.#active++;
				next();
			}
		});
	}
}
