// Where photo files live. The app only ever names files by keys it generated itself (random ids,
// version numbers, widths), and this module refuses anything else, so a key can never reach
// outside the storage root. The interface is small enough for an S3-compatible store later.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

export interface Storage {
	/** Stores the bytes under the key, replacing any earlier file, all at once or not at all. */
	put(key: string, data: Buffer): Promise<void>;
	/** Moves a local temporary file into storage under the key (all or nothing). */
	putFile(key: string, sourcePath: string): Promise<void>;
	/** The stored bytes; throws StorageNotFound when there is no such file. */
	get(key: string): Promise<Readable>;
	stat(key: string): Promise<{ size: number } | null>;
	exists(key: string): Promise<boolean>;
	/** Deletes the file; a key that is already gone is fine. */
	delete(key: string): Promise<void>;
	/**
	 * Housekeeping for the startup sweep (files.ts): every file actually stored, as a path
	 * relative to the root with '/' between folders — keys, and also what is not a key (partial
	 * `.tmp-*` writes, anything put there by hand).
	 */
	list(): Promise<string[]>;
	/** Deletes a path that list() returned (which need not be a valid key). */
	deleteListed(path: string): Promise<void>;
	/** Removes folders left empty (housekeeping, after the sweep). */
	pruneEmpty(): Promise<void>;
}

/** Owner-only: DATA_DIR holds survivors' photos (docs/media.md, "On disk"). */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export class StorageNotFound extends Error {
	constructor(readonly key: string) {
		super(`No stored file for key "${key}"`);
		this.name = 'StorageNotFound';
	}
}

export class InvalidStorageKey extends Error {
	constructor(key: unknown) {
		super(`Invalid storage key ${JSON.stringify(String(key)).slice(0, 200)}`);
		this.name = 'InvalidStorageKey';
	}
}

const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;
const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 512;

export function isValidStorageKey(key: unknown): key is string {
	return (
		typeof key === 'string' &&
		key.length <= MAX_KEY_LENGTH &&
		KEY.test(key) &&
		!key.split('/').some((segment) => segment === '.' || segment === '..')
	);
}

/** Joins generated parts into a key, e.g. storageKey('derivatives', id, '3', '640.webp'). */
export function storageKey(...parts: string[]): string {
	if (parts.length === 0) throw new InvalidStorageKey('');
	for (const part of parts) {
		if (typeof part !== 'string' || !SEGMENT.test(part)) throw new InvalidStorageKey(part);
	}
	const key = parts.join('/');
	if (!isValidStorageKey(key)) throw new InvalidStorageKey(key);
	return key;
}

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** Makes a rename durable: fsync the directory (not possible everywhere, so best effort). */
async function syncDirectory(dir: string) {
	let handle;
	try {
		handle = await open(dir, constants.O_RDONLY);
		await handle.sync();
	} catch {
		// Some platforms and file systems cannot fsync a directory; the rename itself is atomic.
	} finally {
		await handle?.close();
	}
}

/** Files under a root folder on the local disk (DATA_DIR/media by default). */
export class LocalDiskStorage implements Storage {
	readonly root: string;

	constructor(root: string) {
		this.root = resolve(root);
	}

	/** The file for a key, refusing anything that is not a generated key or leaves the root. */
	private path(key: string): string {
		if (!isValidStorageKey(key)) throw new InvalidStorageKey(key);
		const path = resolve(this.root, key);
		if (!path.startsWith(this.root + sep)) throw new InvalidStorageKey(key);
		return path;
	}

	/** A temporary file beside the target; its leading dot can never collide with a key. */
	private tempPath(path: string): string {
		return `${dirname(path)}${sep}.tmp-${randomBytes(8).toString('hex')}`;
	}

	async put(key: string, data: Buffer): Promise<void> {
		const path = this.path(key);
		const dir = dirname(path);
		await mkdir(dir, { recursive: true, mode: DIR_MODE });
		const temp = this.tempPath(path);
		try {
			const handle = await open(temp, 'wx', FILE_MODE);
			try {
				await handle.writeFile(data);
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(temp, path);
		} catch (error) {
			await rm(temp, { force: true });
			throw error;
		}
		await syncDirectory(dir);
	}

	async putFile(key: string, sourcePath: string): Promise<void> {
		const path = this.path(key);
		const dir = dirname(path);
		await mkdir(dir, { recursive: true, mode: DIR_MODE });
		// Make the content durable before it becomes visible under the key.
		const source = await open(sourcePath, 'r');
		try {
			await source.sync();
		} finally {
			await source.close();
		}
		try {
			await rename(sourcePath, path);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
			// Another file system: copy beside the target, then rename (still all or nothing).
			const temp = this.tempPath(path);
			try {
				await copyFile(sourcePath, temp, constants.COPYFILE_EXCL);
				const handle = await open(temp, 'r');
				try {
					await handle.sync();
				} finally {
					await handle.close();
				}
				await rename(temp, path);
			} catch (copyError) {
				await rm(temp, { force: true });
				throw copyError;
			}
			await rm(sourcePath, { force: true });
		}
		await syncDirectory(dir);
	}

	async get(key: string): Promise<Readable> {
		const path = this.path(key);
		// Open first, so that a missing file is reported here and not later by the stream.
		let handle;
		try {
			handle = await open(path, 'r');
		} catch (error) {
			if (isNotFound(error)) throw new StorageNotFound(key);
			throw error;
		}
		const info = await handle.stat().catch(async (error: unknown) => {
			await handle.close();
			throw error;
		});
		if (!info.isFile()) {
			await handle.close();
			throw new StorageNotFound(key);
		}
		// The stream closes the file when it ends, fails or is destroyed.
		return handle.createReadStream();
	}

	async stat(key: string): Promise<{ size: number } | null> {
		try {
			const info = await stat(this.path(key));
			return info.isFile() ? { size: info.size } : null;
		} catch (error) {
			if (isNotFound(error)) return null;
			throw error;
		}
	}

	async exists(key: string): Promise<boolean> {
		return (await this.stat(key)) !== null;
	}

	async delete(key: string): Promise<void> {
		try {
			await unlink(this.path(key));
		} catch (error) {
			if (isNotFound(error)) return;
			throw error;
		}
	}

	async list(): Promise<string[]> {
		// Not followed: symbolic links (listed as files, so that the sweep removes the link).
		const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(
			(error: unknown) => {
				if (isNotFound(error)) return [];
				throw error;
			}
		);
		return entries
			.filter((e) => !e.isDirectory())
			.map((e) => relative(this.root, join(e.parentPath, e.name)).split(sep).join('/'));
	}

	async deleteListed(path: string): Promise<void> {
		const full = resolve(this.root, ...path.split('/'));
		if (!full.startsWith(this.root + sep) || path.split('/').includes('..'))
			throw new InvalidStorageKey(path);
		await rm(full, { force: true });
	}

	async pruneEmpty(): Promise<void> {
		const prune = async (dir: string): Promise<boolean> => {
			const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
			if (!entries) return false;
			let empty = true;
			for (const entry of entries) {
				if (entry.isDirectory() && (await prune(join(dir, entry.name)))) continue;
				empty = false;
			}
			if (empty && dir !== this.root) await rmdir(dir).catch(() => undefined);
			return empty;
		};
		await prune(this.root);
	}
}
