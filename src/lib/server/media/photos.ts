// From an upload to a stored, framed, redacted photo — and every later change to it. The
// image work itself is in pipeline.ts; this file moves bytes between the request, the
// storage and the database, and makes sure nothing half-done stays behind.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { and, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { photoDerivatives, photos } from '../db/schema';
import { config } from '../config';
import { newId } from '../ids';
import { enqueue, type JobHandler } from '../jobs';
import { insertPhoto, replaceFraming, type NewPhoto } from '../stories';
import type { OwnedStory, PhotoRow } from '../access';
import { DEFAULT_FRAMING, type Framing } from '../../framing';
import { LocalDiskStorage, storageKey, type Storage } from './storage';
import { imageLimit } from './limit';
import {
	UploadRefused,
	ingestMaster,
	inspectUpload,
	renderDerivatives,
	renderEditorSource,
	type UploadProblem
} from './pipeline';

export type PhotoProblem =
	UploadProblem | 'upload_too_large' | 'upload_too_many_photos' | 'upload_empty';

export class PhotoRefused extends Error {
	constructor(public problem: PhotoProblem) {
		super(problem);
	}
}

let storage: Storage | undefined;
export function mediaStorage(): Storage {
	storage ??= new LocalDiskStorage(join(config().dataDir, 'media'));
	return storage;
}

let wakeWorker: () => void = () => {};
/** The job worker registers here, so that new jobs start without waiting for its next tick. */
export function onJobsEnqueued(poke: () => void) {
	wakeWorker = poke;
}

/**
 * Streams a request body to a temporary file, refusing it as soon as it passes maxBytes.
 * The caller deletes the file (it is always under DATA_DIR/tmp, never named by the client).
 */
export async function receiveUpload(
	body: ReadableStream<Uint8Array> | null,
	maxBytes: number
): Promise<string> {
	if (!body) throw new PhotoRefused('upload_empty');
	const dir = join(config().dataDir, 'tmp');
	await mkdir(dir, { recursive: true });
	const path = join(dir, `upload-${newId()}`);
	let received = 0;
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			received += chunk.length;
			if (received > maxBytes) callback(new PhotoRefused('upload_too_large'));
			else callback(null, chunk);
		}
	});
	try {
		await pipe(
			Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
			counter,
			createWriteStream(path, { flags: 'wx' })
		);
	} catch (error) {
		await rm(path, { force: true });
		// A cancelled or broken upload: nothing of it stays.
		throw error instanceof PhotoRefused ? error : new PhotoRefused('upload_empty');
	}
	if (received === 0) {
		await rm(path, { force: true });
		throw new PhotoRefused('upload_empty');
	}
	return path;
}

/**
 * AVIF waits a little, so that a participant adding several photos in a row is not slowed
 * down by the encoder (it shares the image slots with uploads).
 */
const AVIF_DELAY_MS = 15_000;
const avifStart = () => new Date(Date.now() + AVIF_DELAY_MS);

/** Each rendering gets its own folder, so two renderings of one version never share a file. */
const renderFolder = (photoId: string, version: number) =>
	storageKey('derivatives', photoId, `${version}-${newId()}`);

type Rendered = Awaited<ReturnType<typeof renderDerivatives>>;

async function storeRendered(
	folder: string,
	rendered: Rendered,
	written: string[]
): Promise<NewPhoto['derivatives']> {
	const rows: NewPhoto['derivatives'] = [];
	for (const file of rendered.files) {
		const ext = file.format === 'jpeg' ? 'jpg' : file.format;
		const key = `${folder}/${file.width}.${ext}`;
		await mediaStorage().put(key, file.data);
		written.push(key);
		rows.push({
			kind: file.format,
			width: file.width,
			height: file.height,
			storageKey: key,
			bytes: file.data.length
		});
	}
	return rows;
}

async function forget(keys: string[]) {
	await Promise.all(
		keys.map((k) =>
			mediaStorage()
				.delete(k)
				.catch(() => undefined)
		)
	);
}

async function readAll(key: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of await mediaStorage().get(key)) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * Turns an uploaded file into a photo of the story: decode, orient, strip, store the master,
 * render the WebP and JPEG ladder and the editor image, then record it all in one
 * transaction. AVIF follows in a background job. On any refusal or failure, every file written
 * so far is deleted again.
 */
export async function addPhoto(db: Db, story: OwnedStory, uploadPath: string): Promise<PhotoRow> {
	const written: string[] = [];
	try {
		const photo = await imageLimit(async () => {
			await inspectUpload(uploadPath);
			const master = await ingestMaster(uploadPath);
			const id = newId();
			const masterKey = storageKey('masters', `${id}-${newId()}.jpg`);
			await mediaStorage().put(masterKey, master.data);
			written.push(masterKey);
			const [rendered, editor] = await Promise.all([
				renderDerivatives(master.data, DEFAULT_FRAMING, ['webp', 'jpeg']),
				renderEditorSource(master.data)
			]);
			const folder = renderFolder(id, 1);
			const derivatives = await storeRendered(folder, rendered, written);
			const editorKey = `${folder}/editor.jpg`;
			await mediaStorage().put(editorKey, editor.data);
			written.push(editorKey);
			derivatives.push({
				kind: 'editor',
				width: editor.width,
				height: editor.height,
				storageKey: editorKey,
				bytes: editor.data.length
			});
			return db.transaction(async (tx) => {
				const ok = await insertPhoto(tx, story, {
					id,
					masterKey,
					masterWidth: master.width,
					masterHeight: master.height,
					framing: DEFAULT_FRAMING,
					width: rendered.width,
					height: rendered.height,
					thumbhash: rendered.thumbhash,
					derivatives
				});
				if (!ok) return undefined;
				await enqueue(tx, 'render_avif', { photoId: id, version: 1 }, avifStart());
				const [row] = await tx.select().from(photos).where(eq(photos.id, id));
				return row;
			});
		});
		if (!photo) throw new PhotoRefused('upload_too_many_photos');
		written.length = 0; // they belong to the photo now
		wakeWorker();
		return photo;
	} catch (error) {
		await forget(written);
		if (error instanceof UploadRefused) throw new PhotoRefused(error.problem);
		throw error;
	}
}

/** Renders the photo again from its master with new framing, as a new version. */
export async function reframePhoto(db: Db, story: OwnedStory, photo: PhotoRow, framing: Framing) {
	const written: string[] = [];
	try {
		const replaced = await imageLimit(async () => {
			const master = await readAll(photo.masterKey);
			const rendered = await renderDerivatives(master, framing, ['webp', 'jpeg']);
			const version = photo.version + 1;
			const derivatives = await storeRendered(renderFolder(photo.id, version), rendered, written);
			return db.transaction(async (tx) => {
				const stale = await replaceFraming(tx, story, photo, {
					framing,
					width: rendered.width,
					height: rendered.height,
					thumbhash: rendered.thumbhash,
					derivatives
				});
				if (stale === undefined) return false;
				await enqueue(tx, 'render_avif', { photoId: photo.id, version }, avifStart());
				if (stale.length > 0) await enqueue(tx, 'delete_files', { keys: stale });
				return true;
			});
		});
		if (!replaced) throw new Error('The photo changed while it was being framed.');
		written.length = 0;
		wakeWorker();
	} catch (error) {
		await forget(written);
		throw error;
	}
}

/**
 * Schedules stored files for deletion, in the same transaction that deletes their rows, so
 * that no file outlives its row even if the server stops right after. Call wakeJobs() once
 * the transaction is committed to delete them at once.
 */
export async function scheduleFileDeletion(ex: Executor, keys: string[]) {
	if (keys.length > 0) await enqueue(ex, 'delete_files', { keys });
}

export function wakeJobs() {
	wakeWorker();
}

/** Background work: AVIF for a photo version, and deletion of stored files. */
export function mediaJobHandlers(db: Db): Record<'render_avif' | 'delete_files', JobHandler> {
	return {
		render_avif: async (payload) => {
			const photoId = String(payload.photoId);
			const version = Number(payload.version);
			const [photo] = await db.select().from(photos).where(eq(photos.id, photoId));
			// Deleted or reframed since: nothing left to do.
			if (!photo || photo.version !== version) return;
			const written: string[] = [];
			try {
				await imageLimit(async () => {
					const master = await readAll(photo.masterKey);
					const rendered = await renderDerivatives(master, photo.framing, ['avif']);
					const rows = await storeRendered(renderFolder(photo.id, version), rendered, written);
					const stored = await db.transaction(async (tx) => {
						const [current] = await tx
							.select({ version: photos.version })
							.from(photos)
							.where(eq(photos.id, photoId));
						if (!current || current.version !== version) return false;
						const earlier = and(
							eq(photoDerivatives.photoId, photoId),
							eq(photoDerivatives.version, version),
							eq(photoDerivatives.kind, 'avif')
						);
						const replaced = await tx
							.delete(photoDerivatives)
							.where(earlier)
							.returning({ key: photoDerivatives.storageKey });
						if (replaced.length > 0)
							await enqueue(tx, 'delete_files', { keys: replaced.map((r) => r.key) });
						await tx.insert(photoDerivatives).values(rows.map((r) => ({ ...r, photoId, version })));
						return true;
					});
					if (stored) written.length = 0;
				});
			} finally {
				await forget(written);
			}
		},
		delete_files: async (payload) => {
			const keys = Array.isArray(payload.keys) ? payload.keys : [];
			for (const key of keys) await mediaStorage().delete(key);
		}
	};
}
