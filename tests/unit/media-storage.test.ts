import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	InvalidStorageKey,
	LocalDiskStorage,
	StorageNotFound,
	storageKey
} from '../../src/lib/server/media/storage';

let base: string;
let root: string;
let storage: LocalDiskStorage;

beforeEach(async () => {
	base = await mkdtemp(join(tmpdir(), 'media-storage-'));
	root = join(base, 'media');
	storage = new LocalDiskStorage(root);
});
afterEach(async () => {
	await rm(base, { recursive: true, force: true });
});

/** Every file under a folder, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries
		.filter((e) => e.isFile())
		.map((e) => relative(dir, join(e.parentPath, e.name)))
		.sort();
}

async function readAll(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

const BAD_KEYS = [
	'../x',
	'/etc/passwd',
	'a/../../b',
	'a/./b',
	'A B',
	'',
	'Masters/x',
	'a//b',
	'a/',
	'.hidden',
	'a/.tmp-1',
	'a\\b',
	'..',
	'a/..',
	'x\0y',
	'ünï',
	'a'.repeat(600)
];

describe('LocalDiskStorage', () => {
	it('writes atomically, leaving only the file itself', async () => {
		const data = Buffer.from('the master bytes');
		await storage.put('masters/ab12cd.jpg', data);
		expect(await filesUnder(root)).toEqual([join('masters', 'ab12cd.jpg')]);
		expect(await readFile(join(root, 'masters', 'ab12cd.jpg'))).toEqual(data);
		// Replacing is just as clean.
		await storage.put('masters/ab12cd.jpg', Buffer.from('new'));
		expect(await filesUnder(root)).toEqual([join('masters', 'ab12cd.jpg')]);
		expect(await readFile(join(root, 'masters', 'ab12cd.jpg'), 'utf8')).toBe('new');
	});

	it('leaves neither a partial file nor a temporary one when a write fails', async () => {
		await storage.put('derivatives/p1/1/640.webp', Buffer.from('x'));
		// 'derivatives/p1' is a folder: the final rename onto it fails after the data was written.
		await expect(storage.put('derivatives/p1', Buffer.alloc(1024 * 1024, 7))).rejects.toThrow();
		expect(await filesUnder(root)).toEqual([join('derivatives', 'p1', '1', '640.webp')]);
		// A key below an existing file cannot even get its folder.
		await expect(storage.put('derivatives/p1/1/640.webp/x', Buffer.from('y'))).rejects.toThrow();
		expect(await filesUnder(root)).toEqual([join('derivatives', 'p1', '1', '640.webp')]);
		// The earlier file is intact.
		expect(await readFile(join(root, 'derivatives', 'p1', '1', '640.webp'), 'utf8')).toBe('x');
	});

	it('streams the stored bytes back, and says so when there are none', async () => {
		const data = Buffer.alloc(300_000);
		for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
		await storage.put('derivatives/p2/3/2048.jpg', data);
		const stream = await storage.get('derivatives/p2/3/2048.jpg');
		expect(typeof stream.pipe).toBe('function');
		expect((await readAll(stream)).equals(data)).toBe(true);
		await expect(storage.get('derivatives/p2/3/missing.jpg')).rejects.toBeInstanceOf(
			StorageNotFound
		);
		// A folder is not a stored file either.
		await expect(storage.get('derivatives/p2')).rejects.toBeInstanceOf(StorageNotFound);
	});

	it('tells whether a file exists and its size', async () => {
		expect(await storage.exists('masters/none.jpg')).toBe(false);
		expect(await storage.stat('masters/none.jpg')).toBeNull();
		await storage.put('masters/some.jpg', Buffer.from('12345'));
		expect(await storage.exists('masters/some.jpg')).toBe(true);
		expect(await storage.stat('masters/some.jpg')).toEqual({ size: 5 });
		expect(await storage.exists('masters')).toBe(false); // a folder, not a file
	});

	it('deletes, and deleting what is gone is fine', async () => {
		await storage.put('masters/gone.jpg', Buffer.from('x'));
		await storage.delete('masters/gone.jpg');
		expect(await storage.exists('masters/gone.jpg')).toBe(false);
		await storage.delete('masters/gone.jpg');
		await storage.delete('never/was/here.jpg');
		expect(await filesUnder(root)).toEqual([]);
	});

	it('moves a temporary file in with putFile', async () => {
		const source = join(base, 'upload-tmp');
		await writeFile(source, 'uploaded');
		await storage.putFile('masters/moved.jpg', source);
		expect(await readFile(join(root, 'masters', 'moved.jpg'), 'utf8')).toBe('uploaded');
		await expect(readFile(source)).rejects.toThrow(); // moved, not copied
		expect(await filesUnder(root)).toEqual([join('masters', 'moved.jpg')]);
		await expect(storage.putFile('masters/x.jpg', join(base, 'missing'))).rejects.toThrow();
		expect(await filesUnder(root)).toEqual([join('masters', 'moved.jpg')]);
	});

	it('refuses keys that are not generated keys, whatever the operation', async () => {
		// Something worth reaching for, next to the root.
		await mkdir(base, { recursive: true });
		await writeFile(join(base, 'x'), 'outside');
		for (const key of BAD_KEYS) {
			await expect(storage.put(key, Buffer.from('evil')), key).rejects.toBeInstanceOf(
				InvalidStorageKey
			);
			await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
			await expect(storage.stat(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
			await expect(storage.exists(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
			await expect(storage.delete(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
			await expect(storage.putFile(key, join(base, 'x')), key).rejects.toBeInstanceOf(
				InvalidStorageKey
			);
		}
		expect(await readFile(join(base, 'x'), 'utf8')).toBe('outside');
		expect(await filesUnder(root)).toEqual([]);
	});
});

describe('storageKey', () => {
	it('joins generated parts', () => {
		expect(storageKey('masters', 'ab12cd-ef34.jpg')).toBe('masters/ab12cd-ef34.jpg');
		expect(storageKey('derivatives', 'p1', '2-xyz', '640.webp')).toBe(
			'derivatives/p1/2-xyz/640.webp'
		);
	});

	it('refuses parts that could be anything else', () => {
		for (const part of ['..', '.', '', 'a/b', 'A', 'a b', '/x', '.tmp', '-x']) {
			expect(() => storageKey('masters', part), part).toThrow(InvalidStorageKey);
		}
		expect(() => storageKey()).toThrow(InvalidStorageKey);
	});
});
