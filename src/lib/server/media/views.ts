import { thumbHashToRGBA } from 'thumbhash';
import { pngDataUrl } from './placeholder-png';
import type { Executor } from '../db';
import { inArray } from 'drizzle-orm';
import { exhibitions, type Audience } from '../db/schema';
import { lookerOf, readDerivativesOf, type PhotoRow, type StoryContext } from '../access';
import { readPeople } from '../releases/people';
import { parseVariant, pickVariant, type Looker, type MarkedPerson } from '../releases/variants';
import { derivativeUrl, type MediaContext, type PhotoView } from '../../photo-view';
import { focalInCrop } from '../../framing';
import { effectiveFraming, normalizeStricter } from '../../stricter';

// Placeholders, decoded once per process. A data URL is a pure function of the thumbhash (a
// few dozen bytes of the photo's colours, on the photo's row): the memo only answers a caller
// that already holds the thumbhash, which it got from a row the gate returned on this request,
// so it can show nothing the gate did not allow now, and it decides nothing (docs/consent.md,
// "Caches": no gate decision is cached). Bounded: the least recently used go first.
const PLACEHOLDERS_KEPT = 4096;
const placeholders = new Map<string, string>();

export function placeholder(thumbhash: string): string {
	if (!thumbhash) return '';
	const known = placeholders.get(thumbhash);
	if (known !== undefined) {
		placeholders.delete(thumbhash);
		placeholders.set(thumbhash, known);
		return known;
	}
	let url: string;
	try {
		const { w, h, rgba } = thumbHashToRGBA(Buffer.from(thumbhash, 'base64'));
		url = pngDataUrl(w, h, rgba);
	} catch {
		url = '';
	}
	placeholders.set(thumbhash, url);
	if (placeholders.size > PLACEHOLDERS_KEPT) placeholders.delete(placeholders.keys().next().value!);
	return url;
}

/** How a context is written in a derivative's address (see photo-view.ts). */
export function mediaContext(context: StoryContext): MediaContext {
	switch (context.kind) {
		case 'owner':
			return context.as ? `o.${context.as}` : null;
		case 'pool':
			return 'pool';
		case 'exhibition':
			return `e.${context.exhibitionId}`;
		case 'preview':
			return `p.${context.exhibitionId}`;
	}
}

/** The context a derivative's address names; null for one that is not a context at all. */
export function parseMediaContext(value: string | null): StoryContext | null {
	if (value === null || value === '') return { kind: 'owner' };
	if (value === 'pool') return { kind: 'pool' };
	const as = /^o\.(working_group|partners|public)$/.exec(value);
	if (as) return { kind: 'owner', as: as[1] as Audience };
	const match = /^([ep])\.([a-z2-7]{16})$/.exec(value);
	if (!match) return null;
	return match[1] === 'e'
		? { kind: 'exhibition', exhibitionId: match[2]! }
		: { kind: 'preview', exhibitionId: match[2]! };
}

/**
 * Views of photos the caller got from the access gate in `context`, with their current
 * derivatives; their addresses name the same context.
 */
export async function photoViews(
	ex: Executor,
	photoRows: PhotoRow[],
	context: StoryContext = { kind: 'owner' }
): Promise<PhotoView[]> {
	return (await photoViewsOf(ex, [{ photos: photoRows, context }]))[0]!;
}

/**
 * The same for many groups of photos at once, each in its own context: one statement, and for
 * photos with marked people two more (their people, the exhibitions' audiences). Each photo's
 * files are of the variant its context may receive (docs/releases.md), as the media route
 * serves them.
 */
export async function photoViewsOf(
	ex: Executor,
	groups: { photos: PhotoRow[]; context: StoryContext }[]
): Promise<PhotoView[][]> {
	const all = groups.flatMap((g) => g.photos);
	const derivatives = all.length > 0 ? await readDerivativesOf(ex, all) : [];
	const byPhoto = new Map<string, typeof derivatives>();
	for (const d of derivatives) {
		const list = byPhoto.get(d.photoId) ?? [];
		list.push(d);
		byPhoto.set(d.photoId, list);
	}
	const marked = all.filter((p) => p.peopleKey !== '').map((p) => p.id);
	let lookers: (context: StoryContext) => Looker = () => 'owner';
	let people = new Map<string, MarkedPerson[]>();
	if (marked.length > 0) {
		const exhibitionIds = groups.flatMap((g) =>
			g.context.kind === 'exhibition' || g.context.kind === 'preview'
				? [g.context.exhibitionId]
				: []
		);
		const [found, audiences] = await Promise.all([
			readPeople(ex, marked),
			exhibitionIds.length > 0
				? ex
						.select({ id: exhibitions.id, audience: exhibitions.audience })
						.from(exhibitions)
						.where(inArray(exhibitions.id, [...new Set(exhibitionIds)]))
				: Promise.resolve([])
		]);
		people = found;
		const audienceOf = new Map(audiences.map((a) => [a.id, a.audience]));
		lookers = (context) =>
			lookerOf(
				context,
				context.kind === 'exhibition' || context.kind === 'preview'
					? { audience: audienceOf.get(context.exhibitionId) }
					: {}
			);
	}
	return groups.map((g) => {
		const looker = lookers(g.context);
		const chosen = new Map<string, typeof derivatives>();
		for (const photo of g.photos) {
			const mine = byPhoto.get(photo.id) ?? [];
			if (photo.peopleKey === '') {
				chosen.set(
					photo.id,
					mine.filter((d) => d.variant === '')
				);
				continue;
			}
			const theirs = people.get(photo.id) ?? [];
			const stricter = normalizeStricter(photo.stricter);
			const pick = (kind: 'jpeg' | 'avif') =>
				pickVariant(
					mine.filter((d) => d.kind === kind).map((d) => d.variant),
					theirs,
					looker,
					stricter
				);
			const main = pick('jpeg');
			const avif = pick('avif');
			chosen.set(
				photo.id,
				mine.filter((d) =>
					d.kind === 'avif' ? avif !== undefined && d.variant === avif : d.variant === main
				)
			);
		}
		return viewsOf(g.photos, chosen, mediaContext(g.context));
	});
}
function viewsOf(
	photoRows: PhotoRow[],
	byPhoto: Map<string, Awaited<ReturnType<typeof readDerivativesOf>>>,
	where: MediaContext
): PhotoView[] {
	return photoRows.map((photo) => {
		const mine = byPhoto.get(photo.id) ?? [];
		const srcset = (kind: 'webp' | 'jpeg' | 'avif') =>
			mine
				.filter((d) => d.kind === kind)
				.sort((a, b) => a.width - b.width)
				.map((d) => `${derivativeUrl(photo.id, photo.version, kind, d.width, where)} ${d.width}w`)
				.join(', ');
		const jpegs = mine.filter((d) => d.kind === 'jpeg').sort((a, b) => a.width - b.width);
		const fallbackWidth = (jpegs.find((d) => d.width >= 1024) ?? jpegs[jpegs.length - 1])?.width;
		// The photo's row has the size of its strictest variant; a variant with fewer stricter
		// layers (docs/releases.md) may be cropped less, so its own largest file gives the shape.
		const largest = jpegs[jpegs.length - 1];
		const level = largest ? parseVariant(largest.variant).level : '';
		const own = !largest || level === parseVariant(photo.peopleKey).level;
		const framing = effectiveFraming(photo.framing, normalizeStricter(photo.stricter), level);
		return {
			id: photo.id,
			width: own ? photo.width : largest.width,
			height: own ? photo.height : largest.height,
			alt: photo.altText,
			caption: photo.caption,
			placeholder: placeholder(photo.thumbhash),
			focal: focalInCrop(framing),
			avif: srcset('avif') || null,
			webp: srcset('webp'),
			jpeg: srcset('jpeg'),
			fallback: fallbackWidth
				? derivativeUrl(photo.id, photo.version, 'jpeg', fallbackWidth, where)
				: ''
		};
	});
}
