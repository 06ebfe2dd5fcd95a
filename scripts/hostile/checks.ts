// What must hold for a data directory at rest (docs/media.md): the database intact, every row's
// file present, no file without a row, no raw upload left, owner-only modes, and no file
// anywhere under DATA_DIR that still carries GPS. Shared by the corpus and crash scripts.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createClient } from '@libsql/client';
import exifr from 'exifr';

export interface DataDirState {
	integrity: string;
	/** Storage keys that rows name (photos' masters, derivatives). */
	referenced: Set<string>;
	/** Storage keys of intents (files being written right now). */
	intents: Set<string>;
	photoIds: Set<string>;
}

/** Every file under a folder (not following links), as '/'-separated paths relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries
		.filter((e) => !e.isDirectory())
		.map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
		.sort();
}

/** Reads the database of a data directory (safe while the server runs: WAL readers). */
export async function readState(dataDir: string): Promise<DataDirState> {
	const client = createClient({ url: `file:${join(dataDir, 'app.db')}`, intMode: 'number' });
	try {
		const integrity = (await client.execute('PRAGMA integrity_check')).rows
			.map((r) => String(r[0]))
			.join('; ');
		// One statement: one snapshot of rows and intents.
		const rows = await client.execute(
			`SELECT 'ref' AS kind, master_key AS key FROM photos
			 UNION ALL SELECT 'ref', storage_key FROM photo_derivatives
			 UNION ALL SELECT 'intent', key FROM media_intents
			 UNION ALL SELECT 'photo', id FROM photos`
		);
		const state: DataDirState = {
			integrity,
			referenced: new Set(),
			intents: new Set(),
			photoIds: new Set()
		};
		for (const row of rows.rows) {
			const key = String(row.key);
			if (row.kind === 'ref') state.referenced.add(key);
			else if (row.kind === 'intent') state.intents.add(key);
			else state.photoIds.add(key);
		}
		return state;
	} finally {
		client.close();
	}
}

/** Whether any GPS can be read from the file (exifr: JPEG, PNG, HEIF/AVIF, TIFF). */
export async function hasGps(path: string): Promise<boolean> {
	try {
		const data = await readFile(path);
		const gps = await exifr.gps(data);
		return Boolean(gps && (Number.isFinite(gps.latitude) || Number.isFinite(gps.longitude)));
	} catch {
		return false; // not a format exifr reads: nothing it could find
	}
}

export interface Findings {
	problems: string[];
	files: number;
	referenced: number;
}

/**
 * Every way the data directory can fail the promises. `inFlight`: the server is running, so a
 * file its intent names (and a partial write beside it) is work in progress, not an orphan.
 */
export async function inspectDataDir(
	dataDir: string,
	{ inFlight = false, gps = true }: { inFlight?: boolean; gps?: boolean } = {}
): Promise<Findings> {
	const problems: string[] = [];
	// Files first, then rows (as the sweep does): a file seen here has its row or intent already.
	const media = await filesUnder(join(dataDir, 'media'));
	const uploads = await filesUnder(join(dataDir, 'tmp'));
	const state = await readState(dataDir);
	if (state.integrity !== 'ok') problems.push(`integrity_check: ${state.integrity}`);
	if (uploads.length > 0) problems.push(`${uploads.length} files in tmp/: ${uploads.join(', ')}`);
	const present = new Set(media);
	const intentFolders = new Set([...state.intents].map((k) => k.slice(0, k.lastIndexOf('/'))));
	for (const file of media) {
		const name = file.slice(file.lastIndexOf('/') + 1);
		const folder = file.slice(0, file.lastIndexOf('/'));
		if (name.startsWith('.tmp-')) {
			if (!(inFlight && intentFolders.has(folder))) problems.push(`partial file ${file}`);
		} else if (!state.referenced.has(file) && !(inFlight && state.intents.has(file))) {
			problems.push(`orphan file ${file}`);
		}
	}
	// A row settled in the same transaction as its intent: a referenced file is written already.
	for (const key of state.referenced) {
		if (!present.has(key)) problems.push(`row without its file: ${key}`);
	}
	for (const path of [dataDir, ...(await allPaths(dataDir))]) {
		const info = await lstat(path).catch(() => null);
		if (!info || info.isSymbolicLink()) continue;
		const mode = info.mode & 0o777;
		if (info.isDirectory() ? mode !== 0o700 : mode !== 0o600)
			problems.push(`mode ${mode.toString(8)} on ${relative(dataDir, path) || '.'}`);
	}
	if (gps) {
		for (const file of await filesUnder(dataDir)) {
			if (await hasGps(join(dataDir, file))) problems.push(`GPS readable in ${file}`);
		}
	}
	return { problems, files: media.length, referenced: state.referenced.size };
}

async function allPaths(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries.map((e) => join(e.parentPath, e.name));
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
	return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

export const MiB = 1024 * 1024;
export const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;
