// The erasure log: an append-only file of tombstones (kind and id of each deleted story, photo
// and account; never a word or a name), kept apart from the snapshots that `npm run cli --
// backup` makes, so that `restore` can delete again whatever was deleted after the snapshot
// was taken (docs/data-lifecycle.md).
//
// The `erasures` table is filled by triggers in the same transaction as the deletion; after
// that transaction commits (the write gate calls `sync` before the deletion answers), the new
// rows are appended here and fsynced. A stop between the commit and the append is caught up at
// the next start, which appends every row that the file lacks.
import {
	closeSync,
	existsSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	writeSync
} from 'node:fs';
import { dirname } from 'node:path';
import type { Client } from '@libsql/client';
import { ERASURE_KINDS, type ErasureKind } from './schema';

export interface Tombstone {
	kind: ErasureKind;
	id: string;
	/** When it was erased (ISO 8601). */
	at: string;
}

const KINDS: readonly string[] = ERASURE_KINDS;

/** One tombstone per line, as JSON. A torn last line (a crash mid-write) is skipped. */
export function parseErasureLog(text: string): { tombstones: Tombstone[]; skipped: number } {
	const tombstones: Tombstone[] = [];
	let skipped = 0;
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		try {
			const entry = JSON.parse(line) as Partial<Tombstone>;
			if (
				typeof entry.id === 'string' &&
				typeof entry.kind === 'string' &&
				KINDS.includes(entry.kind)
			)
				tombstones.push({
					kind: entry.kind as ErasureKind,
					id: entry.id,
					at: String(entry.at ?? '')
				});
			else skipped++;
		} catch {
			skipped++;
		}
	}
	return { tombstones, skipped };
}

export function readErasureLog(path: string) {
	return parseErasureLog(existsSync(path) ? readFileSync(path, 'utf8') : '');
}

const keyOf = (t: { kind: string; id: string }) => `${t.kind}:${t.id}`;

/** Appends the lines and makes them durable before returning. */
export function appendTombstones(path: string, tombstones: Tombstone[]) {
	if (tombstones.length === 0) return;
	mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
	const fd = openSync(path, 'a', 0o600);
	try {
		// A line that a crash cut short gets its own line end first (parse skips it).
		writeSync(fd, '\n' + tombstones.map((t) => JSON.stringify(t)).join('\n') + '\n');
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

async function rowsAfter(client: Client, seq: number) {
	const result = await client.execute({
		sql: 'SELECT seq, kind, subject_id, created_at FROM erasures WHERE seq > ? ORDER BY seq',
		args: [seq]
	});
	return result.rows.map((r) => ({
		seq: Number(r.seq),
		tombstone: {
			kind: String(r.kind) as ErasureKind,
			id: String(r.subject_id),
			at: new Date(Number(r.created_at)).toISOString()
		}
	}));
}

/**
 * Keeps the file at `path` a superset of the database's tombstones. `sync()` appends what was
 * added since it last ran; the first call compares the whole table with the whole file.
 */
export function erasureLog(client: Client, path: string) {
	let lastSeq: number | undefined;
	let running: Promise<void> = Promise.resolve();
	const once = async () => {
		if (lastSeq === undefined) {
			const known = new Set(readErasureLog(path).tombstones.map(keyOf));
			const rows = await rowsAfter(client, 0);
			appendTombstones(
				path,
				rows.map((r) => r.tombstone).filter((t) => !known.has(keyOf(t)))
			);
			lastSeq = rows.at(-1)?.seq ?? 0;
			return;
		}
		const rows = await rowsAfter(client, lastSeq);
		appendTombstones(
			path,
			rows.map((r) => r.tombstone)
		);
		lastSeq = rows.at(-1)?.seq ?? lastSeq;
	};
	return {
		path,
		/** Appends the tombstones committed since the last call; calls take turns. */
		sync(): Promise<void> {
			running = running.then(once, once);
			return running;
		}
	};
}
