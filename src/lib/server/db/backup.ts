// Backups that restore, and erasure that survives a restore (docs/data-lifecycle.md).
//
// backup: the database first, as one consistent snapshot (`VACUUM INTO`, a read transaction,
// while the server goes on writing), then exactly the media files that snapshot names. Files
// are never rewritten (every version of a photo gets new keys), so a file copied after the
// snapshot is the file the snapshot names; a file that is gone by then lost its row after the
// snapshot (a deletion, a new framing), so a newer snapshot is taken and only the files it adds
// are copied. The manifest, with every file's size and SHA-256, is written last: without it
// a folder is not a backup.
//
// restore: into an empty DATA_DIR only; checks the snapshot (`PRAGMA integrity_check`, every
// file it names present with its checksum), re-applies every tombstone of the erasure log and
// of the snapshot itself, copies only the files still named, and checks the result again.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { sql, type SQL } from 'drizzle-orm';
import { isValidStorageKey } from '../media/storage';
import { openDatabase } from './index';
import { appendTombstones, readErasureLog, type Tombstone } from './erasure-log';
import { eraseAccount } from '../people/erase';

export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

export interface Manifest {
	format: 1;
	createdAt: string;
	/** How many snapshots it took until every named file was still there. */
	attempts: number;
	stories: number;
	photos: number;
	accounts: number;
	/** The highest tombstone in the snapshot. */
	erasureSeq: number;
	files: { key: string; bytes: number; sha256: string }[];
}

const REFERENCED = `SELECT master_key AS key FROM photos UNION SELECT storage_key FROM photo_derivatives`;

function isEmptyDir(path: string): boolean {
	if (!existsSync(path)) return true;
	return readdirSync(path).length === 0;
}

async function sha256Of(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

async function fsyncPath(path: string) {
	const handle = await open(path, 'r');
	try {
		await handle.sync();
	} catch {
		// not possible for every kind of path everywhere
	} finally {
		await handle.close();
	}
}

async function copyDurably(from: string, to: string) {
	await mkdir(dirname(to), { recursive: true, mode: 0o700 });
	await copyFile(from, to);
	await fsyncPath(to);
}

async function referencedKeys(client: Client): Promise<string[]> {
	const result = await client.execute(REFERENCED);
	return result.rows.map((r) => String(r.key));
}

async function counts(client: Client) {
	const one = async (sql: string) => Number((await client.execute(sql)).rows[0]?.[0] ?? 0);
	return {
		stories: await one('SELECT count(*) FROM stories'),
		photos: await one('SELECT count(*) FROM photos'),
		accounts: await one('SELECT count(*) FROM users'),
		erasureSeq: await one('SELECT coalesce(max(seq), 0) FROM erasures')
	};
}

async function integrity(client: Client): Promise<string[]> {
	const rows = (await client.execute('PRAGMA integrity_check')).rows.map((r) => String(r[0]));
	return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}

function mediaPath(root: string, key: string) {
	if (!isValidStorageKey(key))
		throw new BackupError(
			`The database names a file that is not a storage key: ${JSON.stringify(key).slice(0, 80)}`
		);
	return join(root, 'media', ...key.split('/'));
}

/** Makes a backup of the running (or stopped) instance's database file and media into `out`. */
export async function backup(options: {
	databaseFile: string;
	dataDir: string;
	out: string;
	maxAttempts?: number;
}): Promise<Manifest> {
	process.umask(0o077); // the backup holds what DATA_DIR holds: owner-only
	const out = resolve(options.out);
	if (!isEmptyDir(out))
		throw new BackupError(`${out} is not empty; a backup goes into a new or empty folder.`);
	if (!existsSync(options.databaseFile))
		throw new BackupError(`There is no database at ${options.databaseFile}.`);
	await mkdir(out, { recursive: true, mode: 0o700 });
	const snapshotFile = join(out, 'app.db');
	const live = createClient({ url: `file:${options.databaseFile}`, intMode: 'number' });
	const copied = new Set<string>();
	let keys: string[] | undefined;
	let attempts = 0;
	try {
		await live.execute('PRAGMA busy_timeout = 5000');
		for (;;) {
			attempts++;
			await rm(snapshotFile, { force: true });
			await live.execute({ sql: 'VACUUM INTO ?', args: [snapshotFile] });
			const snapshot = createClient({ url: `file:${snapshotFile}`, intMode: 'number' });
			try {
				keys = await referencedKeys(snapshot);
			} finally {
				snapshot.close();
			}
			let vanished = 0;
			for (const key of keys) {
				if (copied.has(key)) continue;
				try {
					await copyDurably(mediaPath(options.dataDir, key), mediaPath(out, key));
					copied.add(key);
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
					vanished++;
				}
			}
			if (vanished === 0) break;
			if (attempts >= (options.maxAttempts ?? 10))
				throw new BackupError(
					`${vanished} files named by the database were deleted before they could be copied, ${attempts} times in a row; try again when the server is less busy.`
				);
		}
	} finally {
		live.close();
	}
	// Files copied for an earlier snapshot that the final one no longer names.
	const wanted = new Set(keys ?? []);
	for (const key of copied) if (!wanted.has(key)) await rm(mediaPath(out, key), { force: true });
	await fsyncPath(snapshotFile);
	const snapshot = createClient({ url: `file:${snapshotFile}`, intMode: 'number' });
	let facts;
	try {
		const problems = await integrity(snapshot);
		if (problems.length > 0)
			throw new BackupError(
				`The snapshot failed its integrity check: ${problems.slice(0, 5).join('; ')}`
			);
		facts = await counts(snapshot);
	} finally {
		snapshot.close();
	}
	const files = [];
	for (const key of [...wanted].sort()) {
		const path = mediaPath(out, key);
		files.push({ key, bytes: (await stat(path)).size, sha256: await sha256Of(path) });
	}
	const manifest: Manifest = {
		format: 1,
		createdAt: new Date().toISOString(),
		attempts,
		...facts,
		files
	};
	const tmp = join(out, 'manifest.json.tmp');
	await writeFile(tmp, JSON.stringify(manifest, null, '\t') + '\n', { mode: 0o600 });
	await fsyncPath(tmp);
	await rename(tmp, join(out, 'manifest.json'));
	await fsyncPath(out);
	return manifest;
}

export interface RestoreReport {
	backupCreatedAt: string;
	stories: number;
	photos: number;
	accounts: number;
	files: number;
	/** Tombstones read: from the snapshot itself, and from the erasure logs given. */
	tombstones: { snapshot: number; logs: number; skippedLines: number };
	/** What the tombstones took out of the snapshot. */
	erased: { stories: number; photos: number; accounts: number; files: number };
	/** Sessions, reset links and open invitations of the snapshot, ended. */
	ended: { sessions: number; resetLinks: number; invitations: number };
	erasureLog: string;
}

async function readManifest(dir: string): Promise<Manifest> {
	let manifest: Manifest;
	try {
		manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
	} catch {
		throw new BackupError(
			`${dir} has no readable manifest.json: it is not a complete backup (a backup writes its manifest last).`
		);
	}
	if (manifest.format !== 1 || !Array.isArray(manifest.files))
		throw new BackupError(`${dir}/manifest.json is not a backup manifest this version knows.`);
	return manifest;
}

/**
 * Checks a backup without changing anything: integrity of the snapshot, and every file the
 * snapshot names present with the size and checksum of the manifest. Returns the problems.
 */
export async function verifyBackup(
	dir: string
): Promise<{ manifest: Manifest; problems: string[] }> {
	const manifest = await readManifest(dir);
	const problems: string[] = [];
	const snapshotFile = join(dir, 'app.db');
	if (!existsSync(snapshotFile)) return { manifest, problems: ['app.db is missing'] };
	const snapshot = createClient({ url: `file:${snapshotFile}`, intMode: 'number' });
	let keys: string[];
	try {
		const broken = await integrity(snapshot);
		if (broken.length > 0) problems.push(`integrity check: ${broken.slice(0, 5).join('; ')}`);
		keys = await referencedKeys(snapshot);
	} finally {
		snapshot.close();
	}
	const listed = new Map(manifest.files.map((f) => [f.key, f]));
	let missing = 0;
	let damaged = 0;
	const examples: string[] = [];
	for (const key of keys) {
		const entry = listed.get(key);
		const path = mediaPath(dir, key);
		const size = await stat(path).then(
			(s) => s.size,
			() => null
		);
		if (size === null || !entry) {
			missing++;
			if (examples.length < 5) examples.push(`missing: media/${key}`);
		} else if (size !== entry.bytes || (await sha256Of(path)) !== entry.sha256) {
			damaged++;
			if (examples.length < 5) examples.push(`damaged: media/${key}`);
		}
	}
	if (missing > 0) problems.push(`${missing} files the database names are missing`);
	if (damaged > 0) problems.push(`${damaged} files differ from their checksum`);
	problems.push(...examples);
	return { manifest, problems };
}

/**
 * Restores a backup into an empty data directory, re-applying every erasure recorded after (or
 * before) it. `erasureLogs` are the erasure logs to re-apply (the instance's own, wherever
 * ERASURE_LOG keeps it); `null` says, on purpose, that there is none. The restored instance's
 * log, `targetErasureLog`, is written with every tombstone known, so the next restore knows
 * them too.
 */
export async function restore(options: {
	backupDir: string;
	dataDir: string;
	migrationsDir: string;
	erasureLogs: string[] | null;
	targetErasureLog: string;
}): Promise<RestoreReport> {
	process.umask(0o077); // DATA_DIR is owner-only (docs/media.md)
	const backupDir = resolve(options.backupDir);
	const dataDir = resolve(options.dataDir);
	if (!isEmptyDir(dataDir))
		throw new BackupError(
			`${dataDir} is not empty. Restore goes into a new or empty DATA_DIR only; nothing was changed.`
		);
	const logs = options.erasureLogs ?? [];
	if (options.erasureLogs !== null && logs.length === 0)
		throw new BackupError(
			'No erasure log was given. Without it, what was deleted after this backup would come back. Give the log with --erasure-log FILE (the instance’s ERASURE_LOG), or say --no-erasure-log if it is truly lost.'
		);
	for (const log of logs)
		if (!existsSync(log)) throw new BackupError(`The erasure log ${log} does not exist.`);
	const { manifest, problems } = await verifyBackup(backupDir);
	if (problems.length > 0)
		throw new BackupError(
			`The backup in ${backupDir} cannot be restored: ${problems.join('; ')}. Nothing was changed.`
		);

	const fromLogs: Tombstone[] = [];
	let skippedLines = 0;
	for (const log of logs) {
		const read = readErasureLog(log);
		fromLogs.push(...read.tombstones);
		skippedLines += read.skipped;
	}

	await mkdir(dataDir, { recursive: true, mode: 0o700 });
	const databaseFile = join(dataDir, 'app.db');
	await copyDurably(join(backupDir, 'app.db'), databaseFile);
	const { client, db } = await openDatabase({
		url: `file:${databaseFile}`,
		migrationsDir: options.migrationsDir
	});
	let report: RestoreReport;
	try {
		const snapshotTombstones = (
			await client.execute('SELECT kind, subject_id, created_at FROM erasures ORDER BY seq')
		).rows.map((r) => ({
			kind: String(r.kind) as Tombstone['kind'],
			id: String(r.subject_id),
			at: new Date(Number(r.created_at)).toISOString()
		}));
		const all = [...snapshotTombstones, ...fromLogs];
		const erased = { stories: 0, photos: 0, accounts: 0, files: 0 };
		const ended = { sessions: 0, resetLinks: 0, invitations: 0 };
		const before = new Set(await referencedKeys(client));
		await db.transaction(async (tx) => {
			const exists = async (table: string, id: string) =>
				(await tx.run(sqlOf(`SELECT 1 FROM ${table} WHERE id = ?`, id))).rows.length > 0;
			for (const t of all.filter((t) => t.kind === 'account')) {
				if (!(await exists('users', t.id))) continue;
				const result = await eraseAccount(tx, t.id, { allowLastAdmin: true });
				if (typeof result !== 'string') erased.accounts++;
			}
			for (const t of all.filter((t) => t.kind === 'story')) {
				if (!(await exists('stories', t.id))) continue;
				await tx.run(sqlOf('DELETE FROM stories WHERE id = ?', t.id));
				erased.stories++;
			}
			for (const t of all.filter((t) => t.kind === 'photo')) {
				if (!(await exists('photos', t.id))) continue;
				await tx.run(sqlOf('DELETE FROM photos WHERE id = ?', t.id));
				erased.photos++;
			}
			// A session, reset link or invitation ended after the backup must not live again
			// (a session ended on a device someone else holds): everyone logs in again, and
			// links are issued anew.
			ended.sessions = (await tx.run(sqlOf('DELETE FROM sessions'))).rowsAffected;
			ended.resetLinks = (await tx.run(sqlOf('DELETE FROM password_resets'))).rowsAffected;
			ended.invitations = (
				await tx.run(
					sqlOf(
						'UPDATE invitations SET revoked_at = ? WHERE used_at IS NULL AND revoked_at IS NULL',
						Date.now()
					)
				)
			).rowsAffected;
			await tx.run(sqlOf('DELETE FROM setup_tokens'));
			// The snapshot's unfinished writes: their files are not in the backup.
			await tx.run(sqlOf('DELETE FROM media_intents'));
		});
		const keys = await referencedKeys(client);
		erased.files = [...before].filter((k) => !keys.includes(k)).length;
		for (const key of keys) await copyDurably(mediaPath(backupDir, key), mediaPath(dataDir, key));
		// Free pages were zeroed by secure_delete; VACUUM also leaves none, and the WAL goes.
		await client.execute('VACUUM');
		await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
		const broken = await integrity(client);
		if (broken.length > 0)
			throw new BackupError(
				`The restored database failed its integrity check: ${broken.join('; ')}`
			);
		for (const key of keys)
			if (!existsSync(mediaPath(dataDir, key)))
				throw new BackupError(`media/${key} is missing after the restore`);
		const facts = await counts(client);
		// The restored instance's erasure log: every tombstone known, old and new.
		const known = new Set(
			readErasureLog(options.targetErasureLog).tombstones.map((t) => `${t.kind}:${t.id}`)
		);
		const now = (
			await client.execute('SELECT kind, subject_id, created_at FROM erasures ORDER BY seq')
		).rows.map((r) => ({
			kind: String(r.kind) as Tombstone['kind'],
			id: String(r.subject_id),
			at: new Date(Number(r.created_at)).toISOString()
		}));
		const missing = new Map<string, Tombstone>();
		for (const t of [...fromLogs, ...now]) {
			const key = `${t.kind}:${t.id}`;
			if (!known.has(key)) missing.set(key, t);
		}
		appendTombstones(options.targetErasureLog, [...missing.values()]);
		report = {
			backupCreatedAt: manifest.createdAt,
			stories: facts.stories,
			photos: facts.photos,
			accounts: facts.accounts,
			files: keys.length,
			tombstones: { snapshot: snapshotTombstones.length, logs: fromLogs.length, skippedLines },
			erased,
			ended,
			erasureLog: options.targetErasureLog
		};
	} finally {
		client.close();
	}
	return report;
}

/** A raw statement with positional arguments, for the few generic statements above. */
function sqlOf(text: string, ...args: unknown[]): SQL {
	const parts = text.split('?');
	const chunks: SQL[] = [sql.raw(parts[0]!)];
	args.forEach((arg, i) => {
		chunks.push(sql`${arg}`, sql.raw(parts[i + 1]!));
	});
	return sql.join(chunks, sql.raw(''));
}
