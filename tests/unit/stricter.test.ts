// Stricter framing for wider audiences (docs/releases.md, "Stricter framing per audience"): the
// layers only ever add, whatever a browser sends; the variant rule never serves an audience a
// laxer framing than its own, exhaustively; and the gate on a real photo serves each audience
// its framing, with marked people, and the request after a change already follows it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';

const dataDir = mkdtempSync(join(tmpdir(), 'pv-stricter-'));
process.env.DATA_DIR = dataDir;

const { and, eq } = await import('drizzle-orm');
const { ownStory, readDerivative, inExhibition, OWNER, POOL } =
	await import('../../src/lib/server/access');
const { createStory, setStoryStatus, updatePhotoText } =
	await import('../../src/lib/server/stories');
const { addPhoto, mediaJobHandlers, mediaStorage, reframePhoto, setStricter } =
	await import('../../src/lib/server/media/photos');
const { mediaContext, parseMediaContext, photoViewsOf } =
	await import('../../src/lib/server/media/views');
const { decidePlacement, shareStory, showTerms } = await import('../../src/lib/server/consent');
const { createExhibition, getExhibition, proposePlacement, setExhibitionStatus } =
	await import('../../src/lib/server/exhibitions');
const releases = await import('../../src/lib/server/releases');
const { makeVariant, parseVariant, pickVariant, neededVariants, mustHide } =
	await import('../../src/lib/server/releases/variants');
const stricterRules = await import('../../src/lib/stricter');
const { effectiveFraming, layerFrom, levelFor, normalizeStricter, parentFraming, refitStricter } =
	stricterRules;
const { AUDIENCES, jobs, photoDerivatives, photos } =
	await import('../../src/lib/server/db/schema');
const { DEFAULT_FRAMING, rotateFraming } = await import('../../src/lib/framing');
const { giveRole, makeUser, makeWorld, testDb, text } = await import('../fixtures/factories');
const { detailed, masterJpeg } = await import('../fixtures/images');

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Framing = import('../../src/lib/framing').Framing;
type Rect = import('../../src/lib/framing').Rect;
type Stricter = import('../../src/lib/stricter').Stricter;
type Level = import('../../src/lib/stricter').Level;

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
		return s / 2 ** 32;
	};
}
function rect(next: () => number): Rect {
	const w = 0.05 + next() * 0.9;
	const h = 0.05 + next() * 0.9;
	return { x: next() * (1 - w), y: next() * (1 - h), w, h };
}
const inside = (a: Rect, b: Rect) =>
	a.x >= b.x - 1e-9 &&
	a.y >= b.y - 1e-9 &&
	a.x + a.w <= b.x + b.w + 1e-9 &&
	a.y + a.h <= b.y + b.h + 1e-9;
const has = (list: Framing['redactions'], r: Framing['redactions'][number]) =>
	list.some(
		(x) =>
			x.style === r.style &&
			Math.abs(x.x - r.x) < 1e-9 &&
			Math.abs(x.y - r.y) < 1e-9 &&
			Math.abs(x.w - r.w) < 1e-9 &&
			Math.abs(x.h - r.h) < 1e-9
	);

/** A wider audience's framing is never laxer than a narrower one's. */
function expectNested(narrow: Framing, wide: Framing) {
	expect(inside(wide.crop, narrow.crop)).toBe(true);
	for (const r of narrow.redactions) expect(has(wide.redactions, r)).toBe(true);
	expect(wide.rotation).toBe(narrow.rotation);
}

describe('the layers only add', () => {
	it('whatever is drawn, partners get at least the working groups’ framing and the public at least the partners’', () => {
		const next = random(7);
		let checked = 0;
		for (let i = 0; i < 2000; i++) {
			const base: Framing = {
				...DEFAULT_FRAMING,
				crop: rect(next),
				redactions: Array.from({ length: Math.floor(next() * 3) }, () => ({
					...rect(next),
					style: next() < 0.5 ? ('blur' as const) : ('pixelate' as const)
				}))
			};
			// What a browser may send: any crop (also outside), the parent's areas dropped or kept.
			const drawn = (parent: Framing): Framing => ({
				...parent,
				crop: rect(next),
				redactions: [
					...parent.redactions.filter(() => next() < 0.5),
					...Array.from({ length: Math.floor(next() * 3) }, () => ({
						...rect(next),
						style: 'blur' as const
					}))
				]
			});
			const stricter: Stricter = {};
			if (next() < 0.7) {
				const layer = layerFrom(base, drawn(base));
				if (layer) stricter.partners = layer;
			}
			if (next() < 0.7) {
				const parent = parentFraming(base, stricter, 'public');
				const layer = layerFrom(parent, drawn(parent));
				if (layer) stricter.public = layer;
			}
			// Stored and read back, as the database does.
			const stored = normalizeStricter(JSON.parse(JSON.stringify(stricter)));
			const wg = effectiveFraming(base, stored, levelFor(stored, 'working_group'));
			const partners = effectiveFraming(base, stored, levelFor(stored, 'partners'));
			const everyone = effectiveFraming(base, stored, levelFor(stored, 'public'));
			expect(wg).toEqual(base);
			expectNested(wg, partners);
			expectNested(partners, everyone);
			// The photo turned and cropped again: still nested.
			const turned = rotateFraming({ ...base, crop: rect(next) }, 'clockwise');
			const refit = refitStricter(stored, base, turned);
			expectNested(turned, effectiveFraming(turned, refit, levelFor(refit, 'partners')));
			expectNested(
				effectiveFraming(turned, refit, levelFor(refit, 'partners')),
				effectiveFraming(turned, refit, levelFor(refit, 'public'))
			);
			checked++;
		}
		expect(checked).toBe(2000);
		// Drawing nothing new is no layer at all.
		expect(layerFrom(DEFAULT_FRAMING, DEFAULT_FRAMING)).toBeNull();
		// Anything stored that is not a layer is dropped.
		expect(normalizeStricter({ public: { crop: 'all' }, partners: null, other: {} })).toEqual({});
		expect(normalizeStricter('x')).toEqual({});
	});
});

describe('the owner’s view as an audience', () => {
	it('is written in an address and read back, and nothing else is', () => {
		for (const as of AUDIENCES) {
			const context = { kind: 'owner' as const, as };
			expect(mediaContext(context)).toBe(`o.${as}`);
			expect(parseMediaContext(mediaContext(context))).toEqual(context);
		}
		expect(parseMediaContext(null)).toEqual({ kind: 'owner' });
		for (const bad of ['o.', 'o.everyone', 'o.public.x', 'O.public', 'o.public '])
			expect(parseMediaContext(bad)).toBeNull();
	});
});

describe('the variant rule with layers', () => {
	it('every variant picked has at least the audience’s layers and hides everyone it must, and no laxer one is ever picked', () => {
		const id = 'aaaaaaaaaaaaaaaa';
		const layer = { crop: { x: 0, y: 0, w: 0.5, h: 0.5 }, redactions: [] };
		const layerings: Stricter[] = [
			{},
			{ partners: layer },
			{ public: layer },
			{ partners: layer, public: layer }
		];
		const peoples = [
			[],
			[
				{
					id,
					region: { x: 0, y: 0, w: 0.1, h: 0.1 },
					style: 'blur' as const,
					state: 'agreed' as const,
					audiences: ['working_group' as const, 'partners' as const]
				}
			]
		];
		const levels: Level[] = ['', 'partners', 'public'];
		const keys = levels.flatMap((l) => [makeVariant(l, []), makeVariant(l, [id])]);
		const rank = { '': 0, partners: 1, public: 2 } as const;
		let checked = 0;
		for (const stricter of layerings)
			for (const people of peoples)
				for (const looker of [
					'owner' as const,
					'strictest' as const,
					...AUDIENCES.map((audience) => ({ audience }))
				])
					for (let mask = 0; mask < 1 << keys.length; mask++) {
						const available = keys.filter((_, i) => mask & (1 << i));
						const picked = pickVariant(available, people, looker, stricter);
						const least =
							looker === 'owner'
								? 0
								: looker === 'strictest'
									? rank[levelFor(stricter, 'public')]
									: rank[levelFor(stricter, looker.audience)];
						const needed = mustHide(people, looker);
						const fits = available.filter((k) => {
							const v = parseVariant(k);
							return rank[v.level] >= least && needed.every((n) => v.ids.includes(n));
						});
						if (fits.length === 0) expect(picked).toBeUndefined();
						else {
							expect(fits).toContain(picked);
							// The closest fit: the fewest layers, then the fewest people hidden.
							const best = Math.min(...fits.map((k) => rank[parseVariant(k).level]));
							expect(rank[parseVariant(picked!).level]).toBe(best);
						}
						checked++;
					}
		// 4 layerings × 2 peoples × 5 lookers × 64 sets of variants.
		expect(checked).toBe(2560);
		// The strictest variant is always among those rendered.
		expect(neededVariants([], AUDIENCES, { public: layer })).toEqual(
			expect.arrayContaining(['', 'public:'])
		);
		expect(neededVariants([], AUDIENCES, {})).toEqual(['']);
	});
});

async function upload(bytes: Buffer) {
	mkdirSync(join(dataDir, 'tmp'), { recursive: true });
	const path = join(dataDir, 'tmp', `test-${Math.random().toString(36).slice(2)}`);
	await writeFile(path, bytes);
	return path;
}

async function read(key: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of await mediaStorage().get(key)) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

/**
 * Mean absolute difference between `shown` and the same content of `whole` (the master),
 * inside a region given in fractions of the whole photo; `crop` is what `shown` shows of it.
 */
async function differenceIn(shown: Buffer, whole: Buffer, crop: Rect, region: Rect) {
	const meta = await sharp(shown).metadata();
	const full = await sharp(whole).metadata();
	const cut = await sharp(whole)
		.extract({
			left: Math.round(crop.x * full.width!),
			top: Math.round(crop.y * full.height!),
			width: Math.round(crop.w * full.width!),
			height: Math.round(crop.h * full.height!)
		})
		.resize(meta.width!, meta.height!, { fit: 'fill' })
		.removeAlpha()
		.raw()
		.toBuffer();
	const mine = await sharp(shown).removeAlpha().raw().toBuffer();
	const rx = (region.x - crop.x) / crop.w;
	const ry = (region.y - crop.y) / crop.h;
	let sum = 0;
	let n = 0;
	const W = meta.width!;
	for (
		let y = Math.floor(ry * meta.height!);
		y < Math.floor((ry + region.h / crop.h) * meta.height!);
		y++
	)
		for (let x = Math.floor(rx * W); x < Math.floor((rx + region.w / crop.w) * W); x++)
			for (let c = 0; c < 3; c++) {
				const i = (y * W + x) * 3 + c;
				sum += Math.abs(mine[i]! - cut[i]!);
				n++;
			}
	return sum / n;
}

const words = (t: string) => ({ text: t, locale: 'en' as const });

describe('stricter framing through the gate', () => {
	it('each audience gets its own framing or a stricter one, with marked people, from the request after each change', async () => {
		const db = await testDb();
		const w = await makeWorld(db);
		const dana = await makeUser(db);
		const curator = await makeUser(db);
		await giveRole(db, dana, w.initiativeId, 'participant');
		await giveRole(db, curator, w.initiativeId, 'curator');
		const storyId = await createStory(db, dana, {
			initiativeId: w.initiativeId,
			title: 'Home',
			language: 'en'
		});
		let story = (await ownStory(db, dana, storyId))!;
		const master = await masterJpeg(detailed(1200, 800));
		const added = await addPhoto(db, story, await upload(master));
		await updatePhotoText(db, story, added.id, { altText: 'Our street', caption: '' });
		const fresh = async () => (await db.select().from(photos).where(eq(photos.id, added.id)))[0]!;
		await setStoryStatus(db, story, 'finished');
		story = (await ownStory(db, dana, storyId))!;
		expect(await shareStory(db, story, words('I share'))).toBe('ok');
		const exhibitionId = await createExhibition(
			db,
			curator.id,
			w.initiativeId,
			{
				title: text('Streets'),
				introduction: {},
				audience: 'public',
				workingGroupIds: [],
				themeIds: [w.themeIds[0]!],
				endsAt: null
			},
			text('Stories')
		);
		let exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
		expect(
			await proposePlacement(db, curator.id, exhibition, story, {
				sectionId: exhibition.sections[0]!.id,
				size: 'medium',
				note: ''
			})
		).toBe('ok');
		exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
		const placementId = exhibition.placements[0]!.id;
		expect(
			await decidePlacement(
				db,
				(await ownStory(db, dana, storyId))!,
				placementId,
				{
					approve: {
						photoIds: [added.id],
						attribution: 'anonymous',
						pseudonym: '',
						expiresAt: null
					},
					shown: (await showTerms(db, placementId))!
				},
				words('I agree')
			)
		).toBe('ok');
		await setExhibitionStatus(db, curator.id, exhibition, 'published');

		const runJobs = async () => {
			const handlers = mediaJobHandlers(db);
			for (;;) {
				const pending = await db.select().from(jobs).where(eq(jobs.status, 'pending'));
				const next = pending.find((j) => j.kind === 'render_variants' || j.kind === 'render_avif');
				if (!next) return;
				await handlers[next.kind as 'render_variants'](next.payload);
				await db.update(jobs).set({ status: 'done' }).where(eq(jobs.id, next.id));
			}
		};
		const file = async () => ({
			photoId: added.id,
			version: (await fresh()).version,
			kind: 'jpeg' as const,
			width: 640
		});
		const asPublic = async () => readDerivative(db, null, await file(), inExhibition(exhibitionId));
		const asOwner = async () => readDerivative(db, dana, await file(), OWNER);
		const ownerAs = async (as: 'partners' | 'public' | 'working_group') =>
			readDerivative(db, dana, await file(), { kind: 'owner', as });
		const asPool = async () => readDerivative(db, curator, await file(), POOL);

		// For the public: closer, and the house number hidden. For partners: as it is.
		const number = { x: 0.1, y: 0.1, w: 0.15, h: 0.15 };
		const closer = { x: 0.05, y: 0.05, w: 0.6, h: 0.7 };
		let photo = await fresh();
		await setStricter(
			db,
			story,
			photo,
			'public',
			layerFrom(photo.framing, {
				...photo.framing,
				crop: closer,
				redactions: [{ ...number, style: 'pixelate' }]
			})
		);
		photo = await fresh();
		expect(photo.peopleKey).toBe('public:');
		// The strictest variant is there at once: the public gets it before any job runs.
		expect((await asPublic())!.variant).toBe('public:');
		expect((await asPool())!.variant).toBe('public:');
		expect((await asOwner())!.variant).toBe('');
		expect((await ownerAs('partners'))!.variant).toBe('');
		expect((await ownerAs('public'))!.variant).toBe('public:');
		await runJobs();
		expect((await asPublic())!.variant).toBe('public:');
		const whole = master;
		const forPublic = await read((await asPublic())!.storageKey);
		const shape = await sharp(forPublic).metadata();
		// Closer: the shape of the public's crop (0.6 × 1200 by 0.7 × 800).
		expect(shape.width! / shape.height!).toBeCloseTo((0.6 * 1200) / (0.7 * 800), 1);
		// The house number is destroyed for the public; elsewhere the same content, as alike to
		// the master as the owner's own file is (resampling a photo of sharp tiles costs ~10).
		const elsewhere = { x: 0.4, y: 0.4, w: 0.2, h: 0.2 };
		const noise = await differenceIn(
			await read((await asOwner())!.storageKey),
			whole,
			{ x: 0, y: 0, w: 1, h: 1 },
			elsewhere
		);
		expect(await differenceIn(forPublic, whole, closer, number)).toBeGreaterThan(noise * 2.5);
		expect(await differenceIn(forPublic, whole, closer, elsewhere)).toBeLessThan(noise * 1.5);
		// Owner's eyes only: as an audience or not, nobody else gets the owner's files.
		expect(
			await readDerivative(db, curator, await file(), { kind: 'owner', as: 'public' })
		).toBeUndefined();
		expect(
			await readDerivative(db, null, await file(), { kind: 'owner', as: 'public' })
		).toBeUndefined();
		// The ETag names the variant.
		expect((await asPublic())!.etag).not.toBe((await asOwner())!.etag);
		// A page's picture has the shape of the file it points to.
		const [owned, shown] = await photoViewsOf(db, [
			{ photos: [photo], context: OWNER },
			{ photos: [photo], context: inExhibition(exhibitionId) }
		]);
		expect(owned![0]!.width / owned![0]!.height).toBeCloseTo(1.5, 1);
		expect(shown![0]!.width / shown![0]!.height).toBeCloseTo((0.6 * 1200) / (0.7 * 800), 1);
		expect(shown![0]!.jpeg).toContain(`in=e.${exhibitionId}`);

		// Partners get a layer too: the public keeps its own and adds it (nested).
		const face = { x: 0.45, y: 0.45, w: 0.1, h: 0.1 };
		await setStricter(
			db,
			story,
			photo,
			'partners',
			layerFrom(photo.framing, { ...photo.framing, redactions: [{ ...face, style: 'blur' }] })
		);
		photo = await fresh();
		expect(normalizeStricter(photo.stricter)).toMatchObject({
			partners: { redactions: [{ ...face, style: 'blur' }] },
			public: { crop: closer }
		});
		expect((await ownerAs('partners'))!.variant).toBe('public:'); // the job has not run yet
		await runJobs();
		expect((await ownerAs('partners'))!.variant).toBe('partners:');
		expect((await ownerAs('working_group'))!.variant).toBe('');
		const publicNow = await read((await asPublic())!.storageKey);
		expect(await differenceIn(publicNow, whole, closer, face)).toBeGreaterThan(noise * 2.5);
		expect(await differenceIn(publicNow, whole, closer, number)).toBeGreaterThan(noise * 2.5);

		// The public's layer removed: the very next request gets the partners' framing.
		await setStricter(db, story, photo, 'public', null);
		photo = await fresh();
		expect(photo.peopleKey).toBe('partners:');
		expect((await asPublic())!.variant).toBe('partners:');
		// No file of an older version is served any more.
		expect(
			await readDerivative(
				db,
				null,
				{ ...(await file()), version: photo.version - 1 },
				inExhibition(exhibitionId)
			)
		).toBeUndefined();

		// A marked person adds to the layers: hidden from the public until released, with the
		// partners' framing all along.
		await reframePhoto(db, story, photo, {
			...photo.framing,
			redactions: [{ x: 0.7, y: 0.5, w: 0.2, h: 0.3, style: 'pixelate' }]
		});
		photo = await fresh();
		const personId = (await releases.markPerson(db, dana.id, story, photo, 0, 'my neighbour'))!;
		photo = await fresh();
		expect(photo.peopleKey).toBe(`partners:${personId}`);
		expect((await asPublic())!.variant).toBe(`partners:${personId}`);
		const token = (await releases.askRelease(db, dana.id, story, photo, personId, {
			widest: 'public',
			locale: 'en'
		}))!;
		expect(
			await releases.decideRelease(db, token, { decision: 'agree', signer: 'self', words: 'Yes' })
		).toBe(true);
		await runJobs();
		expect((await asPublic())!.variant).toBe('partners:');
		expect((await asOwner())!.variant).toBe('');
		// Every file of the current version is of a variant that is needed now.
		const rows = await db
			.select({ variant: photoDerivatives.variant })
			.from(photoDerivatives)
			.where(
				and(eq(photoDerivatives.photoId, photo.id), eq(photoDerivatives.version, photo.version))
			);
		const needed = neededVariants(
			[{ id: personId, region: closer, style: 'blur', state: 'agreed', audiences: [...AUDIENCES] }],
			AUDIENCES,
			normalizeStricter(photo.stricter)
		);
		for (const r of rows) expect(needed).toContain(r.variant);
		// Withdrawn: hidden again on the next request.
		expect(await releases.withdrawRelease(db, token)).toBe(true);
		expect((await asPublic())!.variant).toBe(`partners:${personId}`);
	});
});
