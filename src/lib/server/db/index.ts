import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';
import { withWriteGate } from './write-gate';
import { erasureLog } from './erasure-log';

export type Db = LibSQLDatabase<typeof schema>;
/**
 * An open transaction. Keep transactions to database work only (hash passwords and write
 * files before or after): other writes of this process wait while one is open (write-gate.ts),
 * and a transaction must never wait for a write outside itself.
 */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
	client: Client;
	db: Db;
}

const FILE_PRAGMAS = [
	'PRAGMA journal_mode = WAL',
	'PRAGMA foreign_keys = ON',
	'PRAGMA busy_timeout = 5000',
	'PRAGMA synchronous = FULL',
	'PRAGMA secure_delete = ON'
];

/**
 * Opens the database and applies the committed migrations. On a file, the pragmas are set
 * here; libsql opens every further pooled connection with foreign_keys on, synchronous FULL
 * and the busy timeout given as `timeout`, and the write gate sets secure_delete on every
 * connection that writes (a unit test checks each connection). At start the WAL is
 * checkpointed and truncated, in case the process stopped between an erasure and its
 * checkpoint (docs/safety.md).
 */
export async function openDatabase(options: {
	url: string;
	authToken?: string;
	migrationsDir: string;
	/**
	 * The erasure log file (ERASURE_LOG): every committed erasure's tombstone is appended to it
	 * before the deletion answers (docs/data-lifecycle.md). None in tests that need no file.
	 */
	erasureLogPath?: string;
}): Promise<Database> {
	let walPath: string | undefined;
	if (options.url.startsWith('file:') && options.url !== 'file::memory:') {
		const path = options.url.startsWith('file://')
			? fileURLToPath(options.url)
			: options.url.slice('file:'.length).split('?')[0]!;
		mkdirSync(dirname(path), { recursive: true });
		walPath = `${path}-wal`;
	}
	const raw = createClient({
		url: options.url,
		authToken: options.authToken,
		timeout: 5000,
		intMode: 'number'
	});
	const embedded = options.url.startsWith('file:') || options.url === ':memory:';
	if (embedded) {
		for (const pragma of FILE_PRAGMAS) await raw.execute(pragma);
	}
	// A remote libSQL server has its own locking; the embedded driver needs writes to take turns.
	const log = options.erasureLogPath ? erasureLog(raw, options.erasureLogPath) : undefined;
	const client = embedded ? withWriteGate(raw, { walPath, onErased: log?.sync }) : raw;
	const db = drizzle(client, { schema });
	await migrate(db, { migrationsFolder: options.migrationsDir });
	// Catches up what a stop between an erasure's commit and its log line left out.
	await log?.sync();
	if (walPath) await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
	return { client, db };
}

let current: Database | undefined;

/** Opens the app's database once per process (server start, CLI). */
export async function initDatabase(options: Parameters<typeof openDatabase>[0]): Promise<Database> {
	current ??= await openDatabase(options);
	return current;
}

/** The app's database; available once the server's init hook has run. */
export function db(): Db {
	if (!current) throw new Error('The database is not open yet (initDatabase was not called).');
	return current.db;
}

/** The app's database client, for the one-row reads of the fast path (cache/fast-path.ts). */
export function dbClient(): Client {
	if (!current) throw new Error('The database is not open yet (initDatabase was not called).');
	return current.client;
}
