// A zip written as it is read (fflate's streaming Zip): one entry at a time, each read in
// chunks from its source only when the reader asks for more, so that memory stays at about one
// chunk whatever the number of photos. Photos are JPEG or WebP already and are stored as they
// are (ZipPassThrough); texts are deflated.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
	/** The path inside the zip: ASCII, made by this module's callers, never from user input. */
	name: string;
	/** true for text (deflated), false for files that are already compressed. */
	compress: boolean;
	/** The bytes, read only when the entry's turn comes. */
	data: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** fflate's limit without ZIP64: sizes and offsets are 32-bit. */
export const ZIP_MAX_BYTES = 0xffffffff;

/**
 * The zip of the entries, as chunks. `beforeChunk` runs before each chunk is handed on (the
 * export renews its lease there). Ending early (the reader went away) stops reading at once.
 */
export async function* zipChunks(
	entries: Iterable<ZipEntry>,
	mtime: Date,
	beforeChunk: () => Promise<void> = async () => {}
): AsyncGenerator<Uint8Array> {
	const ready: Uint8Array[] = [];
	let failure: Error | null = null;
	const zip = new Zip((err, chunk) => {
		if (err) failure = err;
		else ready.push(chunk);
	});
	async function* drain() {
		if (failure) throw failure;
		while (ready.length > 0) {
			await beforeChunk();
			yield ready.shift()!;
		}
	}
	for (const entry of entries) {
		const file = entry.compress
			? new ZipDeflate(entry.name, { level: 6 })
			: new ZipPassThrough(entry.name);
		file.mtime = mtime;
		zip.add(file);
		for await (const chunk of entry.data()) {
			file.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
			yield* drain();
		}
		file.push(new Uint8Array(0), true);
		yield* drain();
	}
	zip.end();
	yield* drain();
}
