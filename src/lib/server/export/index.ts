// "Download my data": a zip of everything that is the person's own (collect.ts), with a page to
// read it offline (index-page.ts) and the same as data.json, streamed as it is written (zip.ts)
// so that a person with hundreds of photos costs the server one file chunk at a time. One
// export per person at a time (lease.ts).
import type { Db } from '../db';
import { mediaStorage } from '../media/photos';
import type { Locale } from '../../localized';
import {
	collectPersonalData,
	splitIntoParts,
	type ExportFile,
	type Person,
	type PersonalData
} from './collect';
import { renderIndex } from './index-page';
import { endLease, renewLease, takeLease } from './lease';
import { zipChunks, type ZipEntry } from './zip';

/** Each zip's photos stay well under ZIP_MAX_BYTES (no ZIP64) and FAT's 4 GiB file limit. */
export const PART_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export { exportPlan, FORMAT } from './collect';
export { exportRunning } from './lease';

export interface ExportOptions {
	locale: Locale;
	timeZone: string;
	/** Which part, from 1. */
	part?: number;
	maxPartBytes?: number;
	now?: Date;
}

/** A neutral name: it says what the file is, never which site it came from or whose it is. */
export function exportFileName(now: Date, part: number, parts: number): string {
	const day = now.toISOString().slice(0, 10);
	return parts > 1 ? `my-data-${day}-part-${part}-of-${parts}.zip` : `my-data-${day}.zip`;
}

const encoder = new TextEncoder();

function entriesOf(data: PersonalData, files: ExportFile[], timeZone: string): ZipEntry[] {
	const text = (name: string, content: string): ZipEntry => ({
		name,
		compress: true,
		data: () => [encoder.encode(content)]
	});
	return [
		text('index.html', renderIndex(data, timeZone)),
		text('data.json', JSON.stringify(data, null, 2) + '\n'),
		...files.map((file): ZipEntry => ({
			name: file.path,
			compress: false,
			data: () => streamOf(file.storageKey)
		}))
	];
}

async function* streamOf(key: string): AsyncGenerator<Uint8Array> {
	// A file gone since it was listed (the story deleted meanwhile) ends the zip with an error:
	// a download that fails is honest, a zip silently missing a photo is not.
	const stream = await mediaStorage().get(key);
	for await (const chunk of stream) yield chunk as Uint8Array;
}

export type ExportStart =
	| { kind: 'busy' }
	| { kind: 'no_such_part' }
	| { kind: 'ok'; fileName: string; body: ReadableStream<Uint8Array> };

/**
 * Starts the person's export: refused while another of theirs runs; otherwise the zip as a
 * stream, which ends the lease when it ends, fails or is cancelled.
 */
export async function startExport(
	db: Db,
	viewer: Person,
	options: ExportOptions
): Promise<ExportStart> {
	const now = options.now ?? new Date();
	const lease = await takeLease(db, viewer.id, now);
	if (!lease) return { kind: 'busy' };
	let handedOver = false;
	try {
		const collected = await collectPersonalData(db, viewer, options.locale, now);
		const parts = splitIntoParts(
			collected.data.stories.map((s) => ({
				number: s.number,
				bytes: (collected.files.get(s.number) ?? []).reduce((sum, f) => sum + f.bytes, 0)
			})),
			options.maxPartBytes ?? PART_MAX_BYTES
		);
		const partNumber = options.part ?? 1;
		const inPart = parts[partNumber - 1];
		if (!inPart) return { kind: 'no_such_part' };
		const wanted = new Set(inPart);
		const data: PersonalData = {
			...collected.data,
			part: { number: partNumber, of: parts.length },
			stories: collected.data.stories.filter((s) => wanted.has(s.number))
		};
		const files = inPart.flatMap((n) => collected.files.get(n) ?? []);
		const chunks = zipChunks(entriesOf(data, files, options.timeZone), now, () =>
			renewLease(db, lease)
		);
		let cancelled = false;
		const finish = async () => {
			cancelled = true;
			await chunks.return(undefined);
			await endLease(db, lease);
		};
		const body = new ReadableStream<Uint8Array>({
			async pull(controller) {
				try {
					const next = await chunks.next();
					if (cancelled) return;
					if (next.done) {
						// Before the reader learns that the zip is whole: a next export may start.
						await endLease(db, lease);
						controller.close();
					} else controller.enqueue(next.value);
				} catch (error) {
					if (cancelled) return;
					console.error('[export] the zip could not be finished', error);
					await endLease(db, lease);
					controller.error(error);
				}
			},
			cancel: finish
		});
		handedOver = true;
		return {
			kind: 'ok',
			fileName: exportFileName(now, partNumber, parts.length),
			body
		};
	} finally {
		if (!handedOver) await endLease(db, lease);
	}
}
