// From an upload to a stored, framed, redacted photo — and every later change to it. The
// image work itself is in pipeline.ts; this file moves bytes between the request, the
// storage and the database, and makes sure nothing half-done stays behind: every file is
// announced by an intent row before it is written (files.ts, docs/media.md).
import { fileDeleted } from '../cache/forget';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { error as httpError } from '@sveltejs/kit';
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { AUDIENCES, photoDerivatives, photos } from '../db/schema';
import { config } from '../config';
import { newId } from '../ids';
import { enqueue, type JobHandler, type JobPayload } from '../jobs';
import { insertPhoto, replaceFraming, type NewPhoto } from '../stories';
import type { OwnedStory, PhotoRow } from '../access';
import { DEFAULT_FRAMING, type Framing } from '../../framing';
import { readPeople } from '../releases/people';
import {
	framingOf,
	neededVariants,
	strictestVariant,
	variantIds,
	variantKey,
	type MarkedPerson
} from '../releases/variants';
import {
	normalizeStricter,
	refitStricter,
	type Stricter,
	type StricterAudience,
	type StricterLayer
} from '../../stricter';
import {
	DIR_MODE,
	FILE_MODE,
	LocalDiskStorage,
	StorageNotFound,
	storageKey,
	type Storage
} from './storage';
import { imageWork } from './limit';
import { discard, intend, settle } from './files';
import { editorCost, masterSize, renderCost, worstMasterBytes } from './cost';
import {
	UploadRefused,
	ingestMaster,
	inspectUpload,
	renderDerivatives,
	renderEditorSource,
	type DerivativeFormat,
	type UploadProblem
} from './pipeline';

export type PhotoProblem =
	| UploadProblem
	| 'upload_too_large'
	| 'upload_too_many_photos'
	| 'upload_empty'
	| 'upload_incomplete';

export class PhotoRefused extends Error {
	constructor(
		public problem: PhotoProblem,
		public details: Record<string, number> = {}
	) {
		super(problem);
	}
}

/** Every problem an upload can be refused with, and its HTTP status (each has a message). */
export const PROBLEM_STATUS: Record<PhotoProblem | 'upload_rate_limited', number> = {
	upload_too_large: 413,
	upload_too_many_photos: 409,
	upload_too_many_pixels: 422,
	upload_too_costly: 422,
	upload_animated: 415,
	upload_not_image: 415,
	upload_unsupported_format: 415,
	upload_heic_unsupported: 415,
	upload_damaged: 422,
	upload_empty: 400,
	upload_incomplete: 400,
	upload_rate_limited: 429
};

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

/** A body that sends nothing for this long is given up (a stalled or deliberately slow upload). */
export const UPLOAD_IDLE_MS = 30_000;

/**
 * Streams a request body to a temporary file (owner-only), refusing it as soon as it passes
 * maxBytes, when it stalls for idleMs, or when it ends shorter than its Content-Length said
 * (a cancelled upload). The caller deletes the file on every path out (it is always under
 * DATA_DIR/tmp, never named by the client); after a crash, the next start sweeps it.
 */
export async function receiveUpload(
	body: ReadableStream<Uint8Array> | null,
	maxBytes: number,
	{ expectedBytes, idleMs = UPLOAD_IDLE_MS }: { expectedBytes?: number; idleMs?: number } = {}
): Promise<string> {
	if (!body) throw new PhotoRefused('upload_empty');
	const dir = join(config().dataDir, 'tmp');
	await mkdir(dir, { recursive: true, mode: DIR_MODE });
	const path = join(dir, `upload-${newId()}`);
	let received = 0;
	const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
	let idle: NodeJS.Timeout | undefined;
	const watch = () => {
		clearTimeout(idle);
		idle = setTimeout(() => source.destroy(new PhotoRefused('upload_incomplete')), idleMs);
	};
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			watch();
			received += chunk.length;
			if (received > maxBytes) callback(new PhotoRefused('upload_too_large'));
			else callback(null, chunk);
		}
	});
	try {
		watch();
		await pipe(source, counter, createWriteStream(path, { flags: 'wx', mode: FILE_MODE }));
	} catch (error) {
		await rm(path, { force: true });
		// A cancelled or broken upload: nothing of it stays.
		if (error instanceof PhotoRefused) throw error;
		throw new PhotoRefused(received > 0 ? 'upload_incomplete' : 'upload_empty');
	} finally {
		clearTimeout(idle);
	}
	if (received === 0 || (expectedBytes !== undefined && received !== expectedBytes)) {
		await rm(path, { force: true });
		throw new PhotoRefused(received === 0 ? 'upload_empty' : 'upload_incomplete');
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
type StoredFile = { key: string; data: Buffer; row: NewPhoto['derivatives'][number] | null };

/**
 * Writes files: their intents first (one committed insert), then the bytes. Every key is in
 * `intended` before anything is written, so that the caller's clean-up covers it.
 */
async function storeAll(db: Db, files: StoredFile[], intended: string[]) {
	const keys = files.map((f) => f.key);
	await intend(db, keys);
	intended.push(...keys);
	for (const file of files) await mediaStorage().put(file.key, file.data);
}

function renderedFiles(folder: string, rendered: Rendered): StoredFile[] {
	return rendered.files.map((file) => {
		const ext = file.format === 'jpeg' ? 'jpg' : file.format;
		const key = `${folder}/${file.width}.${ext}`;
		return {
			key,
			data: file.data,
			row: {
				kind: file.format,
				width: file.width,
				height: file.height,
				storageKey: key,
				bytes: file.data.length
			}
		};
	});
}

const rowsOf = (files: StoredFile[]) =>
	files.flatMap((f) => (f.row ? [f.row] : [])) as NewPhoto['derivatives'];

/** A stored file that a row names but the disk lost (a restore, a hand): logged, never a 500. */
export class MissingMediaFile extends Error {
	constructor(readonly key: string) {
		super('A stored media file is missing');
		this.name = 'MissingMediaFile';
	}
}

/** Logs a referenced file that is gone; the key names no person, only generated ids. */
export function reportMissing(key: string, where: string) {
	console.error(`[media] missing file for ${where}: ${key}`);
}

/**
 * The share of the image budget that rendering this photo's master takes (cost.ts), from its
 * recorded size and the stored file's length, before a byte of it is read.
 */
async function renderShare(photo: PhotoRow, framing: Framing, formats: DerivativeFormat[]) {
	const stored = await mediaStorage().stat(photo.masterKey);
	if (!stored) throw new MissingMediaFile(photo.masterKey);
	return renderCost(photo.masterWidth, photo.masterHeight, stored.size, {
		redacted: framing.redactions.length > 0,
		turned: framing.rotation !== 0,
		webpJpeg: formats.some((f) => f !== 'avif'),
		avif: formats.includes('avif')
	});
}

async function readAll(key: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	try {
		for await (const chunk of await mediaStorage().get(key)) chunks.push(chunk as Buffer);
	} catch (error) {
		if (error instanceof StorageNotFound) throw new MissingMediaFile(key);
		throw error;
	}
	return Buffer.concat(chunks);
}

/**
 * Turns an uploaded file into a photo of the story: decode, orient, strip, store the master,
 * render the WebP and JPEG ladder and the editor image, then record it all in one
 * transaction. AVIF follows in a background job. On any refusal or failure, every file written
 * so far is deleted again (and after a crash, by the sweep at the next start).
 *
 * The whole job holds one share of the image memory budget, sized for its costliest step
 * (cost.ts): decoding the upload, or rendering from the master.
 */
export async function addPhoto(
	db: Db,
	story: OwnedStory,
	uploadPath: string,
	maxPhotos = config().maxPhotosPerStory
): Promise<PhotoRow> {
	const intended: string[] = [];
	try {
		const upload = await inspectUpload(uploadPath);
		const size = masterSize(upload.width, upload.height);
		const masterWorst = worstMasterBytes(size.width, size.height);
		const cost = Math.max(
			upload.cost,
			renderCost(size.width, size.height, masterWorst, {
				redacted: false,
				turned: false,
				webpJpeg: true,
				avif: false
			}),
			editorCost(size.width, size.height, masterWorst)
		);
		const photo = await imageWork(cost, async () => {
			const master = await ingestMaster(uploadPath);
			const id = newId();
			const masterKey = storageKey('masters', `${id}-${newId()}.jpg`);
			await storeAll(db, [{ key: masterKey, data: master.data, row: null }], intended);
			// One after the other: the budget was sized for the larger of the two, not their sum.
			const rendered = await renderDerivatives(master.data, DEFAULT_FRAMING, ['webp', 'jpeg']);
			const editor = await renderEditorSource(master.data);
			const folder = renderFolder(id, 1);
			const editorKey = `${folder}/editor.jpg`;
			const files = [
				...renderedFiles(folder, rendered),
				{
					key: editorKey,
					data: editor.data,
					row: {
						kind: 'editor' as const,
						width: editor.width,
						height: editor.height,
						storageKey: editorKey,
						bytes: editor.data.length
					}
				}
			];
			await storeAll(db, files, intended);
			const derivatives = rowsOf(files);
			return db.transaction(async (tx) => {
				const ok = await insertPhoto(
					tx,
					story,
					{
						id,
						masterKey,
						masterWidth: master.width,
						masterHeight: master.height,
						framing: DEFAULT_FRAMING,
						width: rendered.width,
						height: rendered.height,
						thumbhash: rendered.thumbhash,
						derivatives
					},
					maxPhotos
				);
				if (!ok) return undefined;
				await settle(tx, intended);
				await enqueue(tx, 'render_avif', { photoId: id, version: 1 }, avifStart());
				const [row] = await tx.select().from(photos).where(eq(photos.id, id));
				return row;
			});
		});
		if (!photo) throw new PhotoRefused('upload_too_many_photos', { maxPhotos });
		intended.length = 0; // they belong to the photo now
		wakeWorker();
		return photo;
	} catch (error) {
		await discard(db, mediaStorage(), intended);
		if (error instanceof UploadRefused) throw new PhotoRefused(error.problem, error.details);
		throw error;
	}
}

/**
 * The files of one photo version in the given variants (docs/releases.md): each rendered from
 * the master with the framing and the hidden areas of the people that variant hides, in its
 * own folder, every row naming its variant.
 */
async function renderVariants(
	master: Buffer,
	photoId: string,
	version: number,
	framing: Framing,
	stricter: Stricter,
	people: readonly MarkedPerson[],
	keys: readonly string[],
	formats: DerivativeFormat[]
) {
	const files: StoredFile[] = [];
	const rendered = new Map<string, Rendered>();
	for (const key of keys) {
		const result = await renderDerivatives(
			master,
			framingOf(framing, people, key, stricter),
			formats
		);
		rendered.set(key, result);
		for (const file of renderedFiles(renderFolder(photoId, version), result))
			files.push({ ...file, row: file.row ? { ...file.row, variant: key } : null });
	}
	return { files, rendered };
}

/**
 * Renders the photo again from its master with new framing, as a new version. A master that
 * is gone answers 404 (and is logged): the owner sees "not found", never a server error.
 */
export async function reframePhoto(db: Db, story: OwnedStory, photo: PhotoRow, framing: Framing) {
	const people = (await readPeople(db, [photo.id])).get(photo.id) ?? [];
	// The stricter layers follow the photo: turned with it, kept inside its new crop.
	const stricter = refitStricter(normalizeStricter(photo.stricter), photo.framing, framing);
	await rerender(db, story, photo, { framing, people, stricter });
}

/**
 * Sets, or with null removes, the stricter framing for an audience and wider ones
 * (docs/releases.md): a new version. A wider audience's layer is kept inside the new one.
 */
export async function setStricter(
	db: Db,
	story: OwnedStory,
	photo: PhotoRow,
	audience: StricterAudience,
	layer: StricterLayer | null
) {
	const people = (await readPeople(db, [photo.id])).get(photo.id) ?? [];
	const next: Stricter = { ...normalizeStricter(photo.stricter) };
	if (layer) next[audience] = layer;
	else delete next[audience];
	await rerender(db, story, photo, {
		framing: photo.framing,
		people,
		stricter: refitStricter(next, photo.framing, photo.framing)
	});
}

/**
 * A new version of the photo: its framing, and who is marked in it, may change together
 * (`change` runs in the same transaction, and must not fail for a stale photo). Renders the
 * variant that hides nobody (the owner's) and the one that hides every marked person (the one
 * the gate can always serve); the other variants follow in a background job.
 */
export async function rerender(
	db: Db,
	story: OwnedStory,
	photo: PhotoRow,
	next: { framing: Framing; people: readonly MarkedPerson[]; stricter?: Stricter },
	change?: (tx: Executor) => Promise<void>
) {
	const intended: string[] = [];
	const { framing, people } = next;
	const stricter = next.stricter ?? normalizeStricter(photo.stricter);
	const peopleKey = strictestVariant(people, stricter);
	const keys = peopleKey === '' ? [''] : ['', peopleKey];
	try {
		const share = await renderShare(photo, framingOf(framing, people, peopleKey, stricter), [
			'webp',
			'jpeg'
		]);
		const replaced = await imageWork(share, async () => {
			const master = await readAll(photo.masterKey);
			const version = photo.version + 1;
			const { files, rendered } = await renderVariants(
				master,
				photo.id,
				version,
				framing,
				stricter,
				people,
				keys,
				['webp', 'jpeg']
			);
			// The placeholder is made from the strictest variant: it is shown to all.
			const strictest = rendered.get(peopleKey)!;
			await storeAll(db, files, intended);
			const derivatives = rowsOf(files);
			return db.transaction(async (tx) => {
				const stale = await replaceFraming(tx, story, photo, {
					framing,
					width: strictest.width,
					height: strictest.height,
					thumbhash: strictest.thumbhash,
					derivatives,
					peopleKey,
					stricter
				});
				if (stale === undefined) return false;
				if (change) await change(tx);
				await settle(tx, intended);
				await enqueue(tx, 'render_avif', { photoId: photo.id, version }, avifStart());
				if (peopleKey !== '') await enqueue(tx, 'render_variants', { photoId: photo.id, version });
				if (stale.length > 0) await enqueue(tx, 'delete_files', { keys: stale });
				return true;
			});
		});
		if (!replaced) throw new Error('The photo changed while it was being framed.');
		intended.length = 0;
		wakeWorker();
	} catch (error) {
		await discard(db, mediaStorage(), intended);
		if (error instanceof MissingMediaFile) {
			reportMissing(error.key, `the master of photo ${photo.id}`);
			httpError(404);
		}
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

/** Background work: AVIF for a photo version, the variants releases need, deleting files. */
export function mediaJobHandlers(
	db: Db
): Record<'render_avif' | 'render_variants' | 'delete_files', JobHandler> {
	/**
	 * Renders files of a photo version in the given formats for each variant `pick` chooses
	 * (from the photo, its people and the variants that exist), then stores them and lets
	 * `change` tidy in the same transaction, if the photo still has that version.
	 */
	const renderMore = async (
		payload: JobPayload,
		formats: DerivativeFormat[],
		pick: (
			people: MarkedPerson[],
			stricter: Stricter,
			existing: { variant: string; kind: string }[]
		) => { render: string[]; drop: string[] }
	) => {
		const photoId = String(payload.photoId);
		const version = Number(payload.version);
		const [photo] = await db.select().from(photos).where(eq(photos.id, photoId));
		// Deleted or reframed since: nothing left to do.
		if (!photo || photo.version !== version) return;
		const people = (await readPeople(db, [photoId])).get(photoId) ?? [];
		const stricter = normalizeStricter(photo.stricter);
		const existing = await db
			.select({ variant: photoDerivatives.variant, kind: photoDerivatives.kind })
			.from(photoDerivatives)
			.where(and(eq(photoDerivatives.photoId, photoId), eq(photoDerivatives.version, version)));
		const { render, drop } = pick(people, stricter, existing);
		if (render.length === 0 && drop.length === 0) return;
		const intended: string[] = [];
		try {
			const share = await renderShare(
				photo,
				framingOf(photo.framing, people, photo.peopleKey, stricter),
				formats
			);
			await imageWork(share, async () => {
				const master = render.length > 0 ? await readAll(photo.masterKey) : Buffer.alloc(0);
				const { files } = await renderVariants(
					master,
					photoId,
					version,
					photo.framing,
					stricter,
					people,
					render,
					formats
				);
				await storeAll(db, files, intended);
				const rows = rowsOf(files);
				const stored = await db.transaction(async (tx) => {
					const [current] = await tx
						.select({ version: photos.version, peopleKey: photos.peopleKey })
						.from(photos)
						.where(eq(photos.id, photoId));
					if (!current || current.version !== version) return false;
					// Files of the same variants and formats made earlier (a retried job) and those
					// of variants nobody needs any more go; the variant that hides everyone marked
					// and the owner's never do.
					const keep = new Set(['', current.peopleKey]);
					const gone = drop.filter((key) => !keep.has(key));
					const redone =
						render.length > 0
							? and(
									inArray(photoDerivatives.variant, render),
									inArray(photoDerivatives.kind, formats)
								)
							: undefined;
					const unneeded = gone.length > 0 ? inArray(photoDerivatives.variant, gone) : undefined;
					const replaced = await tx
						.delete(photoDerivatives)
						.where(
							and(
								eq(photoDerivatives.photoId, photoId),
								eq(photoDerivatives.version, version),
								ne(photoDerivatives.kind, 'editor'),
								or(redone ?? sql`0`, unneeded ?? sql`0`)
							)
						)
						.returning({ key: photoDerivatives.storageKey });
					if (replaced.length > 0)
						await enqueue(tx, 'delete_files', { keys: replaced.map((r) => r.key) });
					if (rows.length > 0)
						await tx.insert(photoDerivatives).values(rows.map((r) => ({ ...r, photoId, version })));
					await settle(tx, intended);
					return true;
				});
				if (stored) intended.length = 0;
			});
		} catch (error) {
			if (!(error instanceof MissingMediaFile)) throw error;
			// No retry can bring it back; the photo keeps the files it has.
			reportMissing(error.key, `the master of photo ${photo.id}`);
		} finally {
			await discard(db, mediaStorage(), intended);
		}
	};
	return {
		// AVIF for every variant of the version that has its WebP and JPEG files but no AVIF yet.
		render_avif: (payload) =>
			renderMore(payload, ['avif'], (_people, _stricter, existing) => {
				const withAvif = new Set(existing.filter((d) => d.kind === 'avif').map((d) => d.variant));
				const variants = new Set(existing.filter((d) => d.kind === 'jpeg').map((d) => d.variant));
				return { render: [...variants].filter((v) => !withAvif.has(v)), drop: [] };
			}),
		// The variants each audience needs now (docs/releases.md), after a mark or a release
		// changed; those no longer needed are dropped. Then their AVIF files.
		render_variants: async (payload) => {
			let rendered = false;
			await renderMore(payload, ['webp', 'jpeg'], (people, stricter, existing) => {
				const needed = new Set(neededVariants(people, AUDIENCES, stricter));
				const have = new Set(existing.filter((d) => d.kind === 'jpeg').map((d) => d.variant));
				const render = [...needed].filter((key) => !have.has(key));
				rendered = render.length > 0;
				const known = new Set(people.map((p) => p.id));
				const drop = [...new Set(existing.map((d) => d.variant))].filter(
					(key) => !needed.has(key) || variantIds(key).some((id) => !known.has(id))
				);
				return { render, drop };
			});
			if (rendered)
				await enqueue(db, 'render_avif', {
					photoId: String(payload.photoId),
					version: Number(payload.version)
				});
		},
		delete_files: async (payload) => {
			const keys = Array.isArray(payload.keys) ? payload.keys : [];
			for (const key of keys) {
				fileDeleted(key);
				await mediaStorage().delete(key);
			}
		}
	};
}

/**
 * The photo as a release's page shows it (docs/releases.md): framed, with every marked person
 * hidden except the one being asked, as a 1024 px JPEG made for this request and never
 * stored. Undefined when the photo or its master is gone.
 */
export async function renderReleasePreview(db: Db, photoId: string, personId: string) {
	const [photo] = await db.select().from(photos).where(eq(photos.id, photoId));
	if (!photo) return undefined;
	const people = (await readPeople(db, [photoId])).get(photoId) ?? [];
	// The participant's own framing (what the working group sees), not a stricter layer's: the
	// person is asked about the most of them any audience may see.
	const framing = framingOf(
		photo.framing,
		people,
		variantKey(people.filter((p) => p.id !== personId).map((p) => p.id)),
		{}
	);
	try {
		const share = await renderShare(photo, framing, ['jpeg']);
		return await imageWork(share, async () => {
			const master = await readAll(photo.masterKey);
			const rendered = await renderDerivatives(master, framing, ['jpeg'], [1024]);
			return rendered.files[0]?.data;
		});
	} catch (error) {
		if (!(error instanceof MissingMediaFile)) throw error;
		reportMissing(error.key, `the master of photo ${photo.id}`);
		return undefined;
	}
}
