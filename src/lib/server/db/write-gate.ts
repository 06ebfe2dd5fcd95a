import { statSync } from 'node:fs';
import type { Client, InArgs, InStatement, Transaction, TransactionMode } from '@libsql/client';

// Why this exists: the embedded SQLite driver is synchronous and keeps a pool of connections.
// When one async flow holds a write transaction open across awaits and another flow in the
// same process writes on a second connection, SQLite's busy handler waits *synchronously* —
// blocking the very event loop that would let the first flow commit — and fails after the
// busy timeout. So writes inside one process take turns here, asynchronously: a write
// transaction holds the gate until it commits or rolls back, and other writes wait for it.
// Reads pass freely (WAL lets them run beside a writer). Across processes SQLite's own
// locking and busy timeout still apply, as they should.
//
// Deletion is real (docs/safety.md): every write runs with `PRAGMA secure_delete = ON` on its own
// connection (libsql pools connections and a pragma holds only on the connection it ran on;
// SQLite then overwrites deleted content with zeros), and after a commit that erased a person's
// content the WAL is checkpointed into the database file and truncated, so that the old page
// images in the WAL go too.

const WAIT_MS = 15_000;

class Gate {
	#busy = false;
	#waiters: (() => void)[] = [];

	acquire(): Promise<void> {
		if (!this.#busy) {
			this.#busy = true;
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => {
			const grant = () => {
				clearTimeout(timer);
				resolve();
			};
			const timer = setTimeout(() => {
				this.#waiters = this.#waiters.filter((w) => w !== grant);
				reject(new Error('Waited too long for the database write lock'));
			}, WAIT_MS);
			this.#waiters.push(grant);
		});
	}

	release() {
		const next = this.#waiters.shift();
		if (next) next();
		else this.#busy = false;
	}
}

function sqlOf(statement: InStatement | string): string {
	return typeof statement === 'string' ? statement : statement.sql;
}

/** SELECTs, and PRAGMAs that only read, need no turn. Anything else counts as a write. */
export function isReadOnly(statement: InStatement | string): boolean {
	const sql = sqlOf(statement).trimStart().slice(0, 200).toLowerCase();
	if (sql.startsWith('select')) return true;
	if (sql.startsWith('pragma')) return !sql.includes('=');
	return false;
}

export const SECURE_DELETE = 'PRAGMA secure_delete = ON';

/** Tables whose rows hold a person's words or pictures: deleting from them erases. */
const ERASING = /^\s*delete\s+from\s+"?(stories|photos|photo_derivatives|users)"?[\s;]/i;

export function isErasing(statement: InStatement | string | [string, InArgs?]): boolean {
	const sql = Array.isArray(statement) ? statement[0] : sqlOf(statement);
	return ERASING.test(sql.slice(0, 200) + ' ');
}

function releasing(tx: Transaction, release: () => void, erased: () => Promise<void>): Transaction {
	let released = false;
	let erasing = false;
	const done = () => {
		if (!released) {
			released = true;
			release();
		}
	};
	return {
		execute: (stmt: InStatement) => {
			if (isErasing(stmt)) erasing = true;
			return tx.execute(stmt);
		},
		batch: (stmts: InStatement[]) => {
			if (stmts.some(isErasing)) erasing = true;
			return tx.batch(stmts);
		},
		executeMultiple: (sql: string) => {
			erasing = true; // not parsed: assume the worst
			return tx.executeMultiple(sql);
		},
		commit: async () => {
			try {
				await tx.commit();
			} finally {
				done();
			}
			if (erasing) await erased();
		},
		rollback: async () => {
			try {
				await tx.rollback();
			} finally {
				done();
			}
		},
		close: () => {
			try {
				tx.close();
			} finally {
				done();
			}
		},
		get closed() {
			return tx.closed;
		}
	};
}

/**
 * The client with in-process writes taking turns, secure_delete on every writing connection,
 * and the WAL checkpointed and truncated after an erasure (see above). `walPath` is the
 * database's WAL file (none in memory).
 */
export function withWriteGate(
	client: Client,
	options: { walPath?: string; onErased?: () => Promise<void> } = {}
): Client {
	const gate = new Gate();
	const inTurn = async <T>(work: () => Promise<T>): Promise<T> => {
		await gate.acquire();
		try {
			return await work();
		} finally {
			gate.release();
		}
	};
	const wal = walCheckpointer(client, inTurn, options.walPath);
	// After an erasure: its tombstones go to the erasure log (docs/data-lifecycle.md), then the
	// WAL is truncated. A failure to write the log is caught up at the next start.
	const checkpoint = {
		afterErasure: async () => {
			try {
				await options.onErased?.();
			} catch (error) {
				console.error(
					'[db] the erasure log could not be written; it will be at the next start',
					error
				);
			}
			await wal.afterErasure();
		},
		stop: () => wal.stop()
	};
	const execute = async (stmtOrSql: InStatement | string, args?: InArgs) => {
		const stmt: InStatement =
			typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
		if (isReadOnly(stmt)) return client.execute(stmt);
		// A pragma that sets something (and VACUUM) cannot run inside a transaction.
		if (/^\s*(pragma|vacuum)\b/i.test(sqlOf(stmt))) return inTurn(() => client.execute(stmt));
		// One write: on one connection, with secure_delete set on that same connection.
		const [, result] = await inTurn(() => client.batch([SECURE_DELETE, stmt], 'write'));
		if (isErasing(stmt)) await checkpoint.afterErasure();
		return result!;
	};
	return {
		execute: execute as Client['execute'],
		batch: async (stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) => {
			const results = await inTurn(() => client.batch([SECURE_DELETE, ...stmts], mode));
			if (stmts.some(isErasing)) await checkpoint.afterErasure();
			return results.slice(1);
		},
		migrate: (stmts: InStatement[]) => inTurn(() => client.migrate(stmts)),
		executeMultiple: async (sql: string) => {
			await inTurn(() => client.executeMultiple(`${SECURE_DELETE};\n${sql}`));
			await checkpoint.afterErasure();
		},
		transaction: async (mode?: TransactionMode) => {
			if (mode === 'read') return client.transaction(mode);
			await gate.acquire();
			let tx: Transaction | undefined;
			try {
				tx = await client.transaction(mode);
				await tx.execute(SECURE_DELETE);
				return releasing(
					tx,
					() => gate.release(),
					() => checkpoint.afterErasure()
				);
			} catch (error) {
				tx?.close();
				gate.release();
				throw error;
			}
		},
		sync: () => client.sync(),
		close: () => {
			checkpoint.stop();
			client.close();
		},
		reconnect: () => client.reconnect(),
		get closed() {
			return client.closed;
		},
		get protocol() {
			return client.protocol;
		}
	} as Client;
}

const RETRY_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000];

/**
 * Copies the WAL into the database file and truncates it to nothing. It takes its turn at the
 * gate (no write of this process is open meanwhile) and does not wait for readers of other
 * processes (busy_timeout 0 for the moment: a synchronous wait would stop this process): if one
 * holds an old snapshot, it tries again a little later.
 */
function walCheckpointer(
	client: Client,
	inTurn: <T>(work: () => Promise<T>) => Promise<T>,
	walPath: string | undefined
) {
	let retry: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const truncated = () => {
		if (!walPath) return true;
		try {
			return statSync(walPath).size === 0;
		} catch {
			return true; // no WAL at all
		}
	};
	const once = () =>
		inTurn(() =>
			client.executeMultiple(
				'PRAGMA busy_timeout = 0; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA busy_timeout = 5000;'
			)
		);
	const attempt = async (n: number): Promise<void> => {
		if (stopped || !walPath) return;
		try {
			await once();
		} catch (error) {
			console.error('[db] checkpoint after an erasure failed', error);
		}
		if (truncated()) return;
		const wait = RETRY_MS[n];
		if (wait === undefined) {
			console.error(
				'[db] the WAL could not be truncated after an erasure; it will be at the next start'
			);
			return;
		}
		clearTimeout(retry);
		retry = setTimeout(() => {
			attempt(n + 1).catch((e) => console.error('[db] checkpoint retry failed', e));
		}, wait);
		retry.unref();
	};
	return {
		/** After a commit that erased something: the deleted words leave the WAL now. */
		afterErasure: () => attempt(0),
		stop: () => {
			stopped = true;
			clearTimeout(retry);
		}
	};
}
