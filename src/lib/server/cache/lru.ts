/** A map that forgets its least recently used entries once their sizes pass a budget. */
export class SizedLru<V> {
	#entries = new Map<string, { value: V; size: number }>();
	#size = 0;

	constructor(readonly budget: number) {}

	get size() {
		return this.#size;
	}

	get(key: string): V | undefined {
		const hit = this.#entries.get(key);
		if (!hit) return undefined;
		// Most recently used last: Map keeps insertion order.
		this.#entries.delete(key);
		this.#entries.set(key, hit);
		return hit.value;
	}

	set(key: string, value: V, size: number) {
		this.delete(key);
		if (size > this.budget) return;
		this.#entries.set(key, { value, size });
		this.#size += size;
		for (const [oldest, entry] of this.#entries) {
			if (this.#size <= this.budget) break;
			this.#entries.delete(oldest);
			this.#size -= entry.size;
		}
	}

	delete(key: string) {
		const hit = this.#entries.get(key);
		if (!hit) return;
		this.#entries.delete(key);
		this.#size -= hit.size;
	}

	/** Removes every entry the predicate picks. */
	deleteWhere(pick: (key: string, value: V) => boolean) {
		for (const [key, entry] of this.#entries) if (pick(key, entry.value)) this.delete(key);
	}

	clear() {
		this.#entries.clear();
		this.#size = 0;
	}
}
