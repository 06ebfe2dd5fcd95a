// The life cycle of media files on disk (docs/media.md): an intent row before any byte is
// written, the row settled in the transaction that records the file, and a sweep at every
// start that removes raw uploads, partial writes and every file that nothing references.
import { fileDeleted } from '../cache/forget';
import { chmod, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { jobs, mediaIntents } from '../db/schema';
import { DIR_MODE, FILE_MODE, type Storage } from './storage';

/** This server instance, named as the job worker names itself. */
export function instanceName(): string {
	return `${hostname()}:${process.env.PORT ?? 'cli'}`;
}

/** Another instance's intent older than this belongs to work that stopped (a crash). */
export const INTENT_LEASE_MS = 60 * 60 * 1000;

/**
 * Records that these files are about to be written, and commits it: call before writing the
 * first byte, so that a crash at any later moment leaves a row that the next start acts on.
 */
export async function intend(db: Db, keys: string[], owner = instanceName()): Promise<void> {
	if (keys.length === 0) return;
	await db.insert(mediaIntents).values(keys.map((key) => ({ key, owner })));
}

/** The files now belong to committed rows: in the same transaction that records them. */
export async function settle(ex: Executor, keys: string[]): Promise<void> {
	for (let i = 0; i < keys.length; i += 500)
		await ex.delete(mediaIntents).where(inArray(mediaIntents.key, keys.slice(i, i + 500)));
}

/** Work that was given up: its files go, then their intents (in that order, for a crash). */
export async function discard(db: Db, storage: Storage, keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	for (const key of keys) fileDeleted(key);
	await Promise.all(keys.map((key) => storage.delete(key).catch(() => undefined)));
	await settle(db, keys).catch((error: unknown) => {
		// The next start removes them (their files are gone already).
		console.error('[media] could not clear intents', error);
	});
}

export interface SweepReport {
	/** Raw uploads found in DATA_DIR/tmp. */
	uploads: number;
	/** Partial `.tmp-*` writes under media/. */
	partial: number;
	/** Files under media/ that no photo, derivative or live intent names. */
	orphans: number;
	/**
	 * Of those, the ones no deletion job names either: a file that lost its row without its
	 * deletion being queued (a bug somewhere, or a row deleted by hand). Swept all the same.
	 */
	unqueued: number;
	/** Intents of work that stopped (this instance's, or another's past the lease). */
	intents: number;
	/** Files and folders under DATA_DIR whose mode was wider than owner-only. */
	modes: number;
}

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Makes DATA_DIR owner-only: a umask for everything this process creates from now on (the
 * database and its WAL included), and the modes of what is already there fixed (0700 for
 * folders, 0600 for files). Returns how many modes were changed.
 */
export async function ownerOnly(dataDir: string): Promise<number> {
	process.umask(0o077);
	await mkdir(dataDir, { recursive: true, mode: DIR_MODE });
	let changed = 0;
	let failed = 0;
	const fix = async (path: string, mode: number) => {
		const info = await lstat(path).catch(() => null);
		if (!info || info.isSymbolicLink()) return info;
		if ((info.mode & 0o777) !== mode) {
			try {
				await chmod(path, mode);
				changed += 1;
			} catch (error) {
				// Not ours, or a file system without modes: say so, and go on serving.
				failed += 1;
				if (failed === 1) console.warn('[media] could not make DATA_DIR owner-only:', error);
			}
		}
		return info;
	};
	const walk = async (dir: string) => {
		await fix(dir, DIR_MODE);
		const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
		for (const entry of entries) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) await walk(path);
			else if (entry.isFile()) await fix(path, FILE_MODE);
		}
	};
	await walk(dataDir);
	return changed;
}

/** Empties DATA_DIR/tmp (raw uploads: never kept past the request that brought them). */
export async function sweepUploads(dataDir: string): Promise<number> {
	const dir = join(dataDir, 'tmp');
	const entries = await readdir(dir).catch((error: unknown) => {
		if (isNotFound(error)) return [];
		throw error;
	});
	for (const name of entries) await rm(join(dir, name), { recursive: true, force: true });
	await mkdir(dir, { recursive: true, mode: DIR_MODE });
	return entries.length;
}

/**
 * Removes every stored file that nothing references (docs/media.md, "The startup sweep"). Run
 * once at start, before the job worker and the first request: intents of this instance are
 * all dead work then. Another instance's recent intents are left alone (it may be writing).
 */
export async function sweepMedia(
	db: Db,
	storage: Storage,
	{ owner = instanceName(), now = new Date() }: { owner?: string; now?: Date } = {}
): Promise<Omit<SweepReport, 'uploads' | 'modes'>> {
	const dead = or(
		eq(mediaIntents.owner, owner),
		and(
			ne(mediaIntents.owner, owner),
			lt(mediaIntents.createdAt, new Date(now.getTime() - INTENT_LEASE_MS))
		)
	);
	const abandoned = await db.select({ key: mediaIntents.key }).from(mediaIntents).where(dead);
	await discard(
		db,
		storage,
		abandoned.map((r) => r.key)
	);

	// Files first, then references: a file that exists now had its intent committed before its
	// first byte, so the reading below (one statement, one snapshot) sees it or its record.
	const files = await storage.list();
	const referenced = new Set(
		(
			await db.all<{ key: string }>(sql`
				SELECT master_key AS key FROM photos
				UNION ALL SELECT storage_key FROM photo_derivatives
				UNION ALL SELECT key FROM media_intents`)
		).map((r) => r.key)
	);
	const queued = new Set<string>();
	for (const job of await db
		.select({ payload: jobs.payload })
		.from(jobs)
		.where(and(eq(jobs.kind, 'delete_files'), ne(jobs.status, 'done')))) {
		const keys = job.payload.keys;
		if (Array.isArray(keys)) for (const key of keys) queued.add(key);
	}
	let partial = 0;
	let orphans = 0;
	let unqueued = 0;
	for (const path of files) {
		const name = path.slice(path.lastIndexOf('/') + 1);
		if (name.startsWith('.tmp-')) partial += 1;
		else if (!referenced.has(path)) {
			orphans += 1;
			if (!queued.has(path)) unqueued += 1;
		} else continue;
		await storage.deleteListed(path);
	}
	await storage.pruneEmpty();
	return { partial, orphans, unqueued, intents: abandoned.length };
}

/**
 * Everything the server does to DATA_DIR before it serves: owner-only modes, no raw upload,
 * no partial or unreferenced media file. Logs counts only (never a key or a name).
 */
export async function sweepAtStart(
	db: Db,
	storage: Storage,
	dataDir: string,
	options: { owner?: string } = {}
): Promise<SweepReport> {
	const modes = await ownerOnly(dataDir);
	const uploads = await sweepUploads(dataDir);
	const media = await sweepMedia(db, storage, options);
	const report = { uploads, modes, ...media };
	if (Object.values(report).some((n) => n > 0)) {
		console.log(
			`[media] startup sweep: ${uploads} raw uploads, ${media.partial} partial files, ` +
				`${media.orphans} unreferenced files and ${media.intents} unfinished writes removed; ` +
				`${modes} modes made owner-only; ${media.unqueued} unreferenced files had no deletion queued`
		);
	}
	return report;
}
