import type { Client, InArgs, InStatement, Transaction, TransactionMode } from '@libsql/client';

// Why this exists: the embedded SQLite driver is synchronous and keeps a pool of connections.
// When one async flow holds a write transaction open across awaits and another flow in the
// same process writes on a second connection, SQLite's busy handler waits *synchronously* —
// blocking the very event loop that would let the first flow commit — and fails after the
// busy timeout. So writes inside one process take turns here, asynchronously: a write
// transaction holds the gate until it commits or rolls back, and other writes wait for it.
// Reads pass freely (WAL lets them run beside a writer). Across processes SQLite's own
// locking and busy timeout still apply, as they should.

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

function releasing(tx: Transaction, release: () => void): Transaction {
	let released = false;
	const done = () => {
		if (!released) {
			released = true;
			release();
		}
	};
	return {
		execute: (stmt: InStatement) => tx.execute(stmt),
		batch: (stmts: InStatement[]) => tx.batch(stmts),
		executeMultiple: (sql: string) => tx.executeMultiple(sql),
		commit: async () => {
			try {
				await tx.commit();
			} finally {
				done();
			}
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

/** The client with in-process writes taking turns (see above). */
export function withWriteGate(client: Client): Client {
	const gate = new Gate();
	const inTurn = async <T>(work: () => Promise<T>): Promise<T> => {
		await gate.acquire();
		try {
			return await work();
		} finally {
			gate.release();
		}
	};
	const execute = (stmtOrSql: InStatement | string, args?: InArgs) => {
		const run = () =>
			typeof stmtOrSql === 'string' ? client.execute(stmtOrSql, args) : client.execute(stmtOrSql);
		return isReadOnly(stmtOrSql) ? run() : inTurn(run);
	};
	return {
		execute: execute as Client['execute'],
		batch: (stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) =>
			inTurn(() => client.batch(stmts, mode)),
		migrate: (stmts: InStatement[]) => inTurn(() => client.migrate(stmts)),
		executeMultiple: (sql: string) => inTurn(() => client.executeMultiple(sql)),
		transaction: async (mode?: TransactionMode) => {
			if (mode === 'read') return client.transaction(mode);
			await gate.acquire();
			try {
				return releasing(await client.transaction(mode), () => gate.release());
			} catch (error) {
				gate.release();
				throw error;
			}
		},
		sync: () => client.sync(),
		close: () => client.close(),
		reconnect: () => client.reconnect(),
		get closed() {
			return client.closed;
		},
		get protocol() {
			return client.protocol;
		}
	} as Client;
}
