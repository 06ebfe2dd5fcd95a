// Releases from the people shown (docs/releases.md): the variant rule on its own, exhaustively,
// then the gate on a real photo — a marked person is never served unhidden to an audience their
// release does not cover, and a withdrawal takes effect on the very next request.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';

const dataDir = mkdtempSync(join(tmpdir(), 'pv-releases-'));
process.env.DATA_DIR = dataDir;

const { eq } = await import('drizzle-orm');
const { ownStory, readDerivative, inExhibition, OWNER, POOL } =
	await import('../../src/lib/server/access');
const { createStory, setStoryStatus, updatePhotoText } =
	await import('../../src/lib/server/stories');
const { addPhoto, mediaJobHandlers, mediaStorage, reframePhoto } =
	await import('../../src/lib/server/media/photos');
const { decidePlacement, shareStory, showTerms } = await import('../../src/lib/server/consent');
const { createExhibition, getExhibition, proposePlacement, setExhibitionStatus } =
	await import('../../src/lib/server/exhibitions');
const releases = await import('../../src/lib/server/releases');
const { mustHide, pickVariant, neededVariants, variantKey, variantIds } =
	await import('../../src/lib/server/releases/variants');
const { AUDIENCES, RELEASE_STATES, jobs, photos, photoPeople } =
	await import('../../src/lib/server/db/schema');
const { giveRole, makeUser, makeWorld, testDb, text } = await import('../fixtures/factories');
const { detailed, masterJpeg } = await import('../fixtures/images');

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Person = import('../../src/lib/server/releases/variants').MarkedPerson;
const region = { x: 0, y: 0, w: 0.1, h: 0.1 };

describe('the variant rule', () => {
	it('every variant picked hides everyone the audience’s releases do not cover, and the fewest', () => {
		const coverages = [
			[],
			['working_group'],
			['partners', 'working_group'],
			[...AUDIENCES]
		] as const;
		const people: Person[][] = [];
		// Two people, every state and coverage each.
		for (const s1 of RELEASE_STATES)
			for (const c1 of coverages)
				for (const s2 of RELEASE_STATES)
					for (const c2 of coverages)
						people.push([
							{ id: 'aaaaaaaaaaaaaaaa', region, style: 'blur', state: s1, audiences: [...c1] },
							{ id: 'bbbbbbbbbbbbbbbb', region, style: 'blur', state: s2, audiences: [...c2] }
						]);
		const subsets = [
			[],
			['aaaaaaaaaaaaaaaa'],
			['bbbbbbbbbbbbbbbb'],
			['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']
		];
		let checked = 0;
		for (const marked of people)
			for (const audience of AUDIENCES)
				for (let mask = 0; mask < 16; mask++) {
					const available = subsets.filter((_, i) => mask & (1 << i)).map(variantKey);
					const picked = pickVariant(available, marked, { audience }, {});
					const needed = marked
						.filter((p) => !(p.state === 'agreed' && p.audiences.includes(audience)))
						.map((p) => p.id);
					const hiding = available.filter((k) => needed.every((id) => variantIds(k).includes(id)));
					if (hiding.length === 0) expect(picked).toBeUndefined();
					else {
						expect(picked).toBeDefined();
						for (const id of needed) expect(variantIds(picked!)).toContain(id);
						const fewest = Math.min(...hiding.map((k) => variantIds(k).length));
						expect(variantIds(picked!).length).toBe(fewest);
					}
					checked++;
				}
		expect(checked).toBeGreaterThan(10_000);
		// The owner sees everyone; the strictest hides everyone.
		const [marked] = people;
		expect(mustHide(marked!, 'owner')).toEqual([]);
		expect(mustHide(marked!, 'strictest').sort()).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
		// What is rendered always includes nobody-hidden and everybody-hidden.
		expect(neededVariants(marked!, AUDIENCES, {})).toEqual(
			expect.arrayContaining(['', 'aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb'])
		);
	});
});

async function upload(bytes: Buffer) {
	mkdirSync(join(dataDir, 'tmp'), { recursive: true });
	const path = join(dataDir, 'tmp', `test-${Math.random().toString(36).slice(2)}`);
	await writeFile(path, bytes);
	return path;
}

async function fresh(id: string) {
	const [row] = await (await currentDb!).select().from(photos).where(eq(photos.id, id));
	return row!;
}
let currentDb: Promise<Awaited<ReturnType<typeof testDb>>> | undefined;

async function read(key: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of await mediaStorage().get(key)) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

/** Mean absolute difference of two images' pixels inside a region (fractions). */
async function differenceIn(
	a: Buffer,
	b: Buffer,
	r: { x: number; y: number; w: number; h: number }
) {
	const [pa, pb] = await Promise.all(
		[a, b].map((buf) => sharp(buf).removeAlpha().raw().toBuffer({ resolveWithObject: true }))
	);
	const { width, height } = pa!.info;
	let sum = 0;
	let n = 0;
	for (let y = Math.floor(r.y * height); y < Math.floor((r.y + r.h) * height); y++)
		for (let x = Math.floor(r.x * width); x < Math.floor((r.x + r.w) * width); x++)
			for (let c = 0; c < 3; c++) {
				const i = (y * width + x) * 3 + c;
				sum += Math.abs(pa!.data[i]! - pb!.data[i]!);
				n++;
			}
	return sum / n;
}

const words = (t: string) => ({ text: t, locale: 'en' as const });

describe('releases through the gate', () => {
	let photoBytes: Buffer;
	beforeAll(async () => {
		photoBytes = await masterJpeg(detailed(900, 600));
	});

	it('a marked person is hidden from every audience their release does not cover, and again on the request after a withdrawal', async () => {
		currentDb = testDb();
		const db = await currentDb;
		const w = await makeWorld(db);
		const dana = await makeUser(db);
		const curator = await makeUser(db);
		await giveRole(db, dana, w.initiativeId, 'participant');
		await giveRole(db, curator, w.initiativeId, 'curator');
		const storyId = await createStory(db, dana, {
			initiativeId: w.initiativeId,
			title: 'Neighbours',
			language: 'en'
		});
		let story = (await ownStory(db, dana, storyId))!;
		let photo = await addPhoto(db, story, await upload(photoBytes));
		const face = { x: 0.1, y: 0.2, w: 0.25, h: 0.35 };
		const other = { x: 0.6, y: 0.2, w: 0.25, h: 0.35 };
		await reframePhoto(db, story, photo, {
			...photo.framing,
			redactions: [
				{ ...face, style: 'pixelate' },
				{ ...other, style: 'blur' }
			]
		});
		await updatePhotoText(db, story, photo.id, { altText: 'Two people on a bench', caption: '' });
		photo = await fresh(photo!.id);
		await setStoryStatus(db, story, 'finished');
		story = (await ownStory(db, dana, storyId))!;
		expect(await shareStory(db, story, words('I share'))).toBe('ok');
		const exhibitionId = await createExhibition(
			db,
			curator.id,
			w.initiativeId,
			{
				title: text('Roles we play'),
				introduction: {},
				audience: 'public',
				workingGroupIds: [],
				themeIds: [w.themeIds[0]!],
				endsAt: null
			},
			text('Stories')
		);
		let exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
		story = (await ownStory(db, dana, storyId))!;
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
						photoIds: [photo!.id],
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

		// The participant marks the first hidden area as a person.
		story = (await ownStory(db, dana, storyId))!;
		const personId = (await releases.markPerson(
			db,
			dana.id,
			story,
			photo!,
			0,
			'my neighbour Rami'
		))!;
		expect(personId).toBeTruthy();
		photo = await fresh(photo!.id);
		expect(photo!.peopleKey).toBe(personId);
		expect(photo!.framing.redactions).toHaveLength(1);

		const file = { photoId: photo!.id, version: photo!.version, kind: 'jpeg' as const, width: 640 };
		const publicView = () => readDerivative(db, null, file, inExhibition(exhibitionId));
		const ownerView = () => readDerivative(db, dana, file, OWNER);
		const poolView = () => readDerivative(db, curator, file, POOL);
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

		// Not asked yet: hidden for the public and the pool, whole for the owner.
		expect((await publicView())!.variant).toBe(personId);
		expect((await poolView())!.variant).toBe(personId);
		expect((await ownerView())!.variant).toBe('');
		const hidden = await read((await publicView())!.storageKey);
		const whole = await read((await ownerView())!.storageKey);
		// The person's region differs; the other hidden area is hidden in both, and alike.
		expect(await differenceIn(hidden, whole, face)).toBeGreaterThan(8);
		expect(await differenceIn(hidden, whole, other)).toBeLessThan(2);
		// The ETag names the variant: a browser's copy of one is never confirmed for another.
		expect((await publicView())!.etag).not.toBe((await ownerView())!.etag);

		// A release asked for partners only, agreed: still hidden from the public.
		let token = (await releases.askRelease(db, dana.id, story, photo!, personId, {
			widest: 'partners',
			locale: 'ar'
		}))!;
		const asked = await releases.releaseByToken(db, token);
		expect(asked).toMatchObject({
			state: 'asked',
			audiences: ['partners', 'working_group'],
			locale: 'ar'
		});
		expect(JSON.stringify(asked)).not.toContain('Rami');
		expect(
			await releases.decideRelease(db, token, {
				decision: 'agree',
				signer: 'self',
				words: 'I agree to partners'
			})
		).toBe(true);
		await runJobs();
		expect((await publicView())!.variant).toBe(personId);
		// A second answer through the same link changes nothing.
		expect(
			await releases.decideRelease(db, token, { decision: 'decline', signer: 'self', words: '' })
		).toBe(false);

		// A new link for everyone, agreed by a guardian: now shown to the public.
		token = (await releases.askRelease(db, dana.id, story, photo!, personId, {
			widest: 'public',
			locale: 'he'
		}))!;
		expect(await releases.releaseByToken(db, token)).toMatchObject({ state: 'asked' });
		expect((await publicView())!.variant).toBe(personId);
		expect(
			await releases.decideRelease(db, token, {
				decision: 'agree',
				signer: 'guardian',
				words: 'I agree'
			})
		).toBe(true);
		// With one person marked, the variant that hides nobody is the one: it exists already.
		expect((await publicView())!.variant).toBe('');
		await runJobs();
		expect((await publicView())!.variant).toBe('');
		expect(await read((await publicView())!.storageKey)).toEqual(whole);
		const [row] = await db.select().from(photoPeople).where(eq(photoPeople.id, personId));
		expect(row).toMatchObject({ state: 'agreed', signer: 'guardian', words: 'I agree' });

		// Withdrawn: the very next request is hidden again, before any job runs.
		expect(await releases.withdrawRelease(db, token)).toBe(true);
		expect((await publicView())!.variant).toBe(personId);
		expect(await read((await publicView())!.storageKey)).toEqual(hidden);
		expect(await releases.withdrawRelease(db, token)).toBe(false);
		await runJobs();
		expect((await publicView())!.variant).toBe(personId);

		// Unmarked: the region goes back into the framing as a hidden area, hidden for everyone.
		photo = await fresh(photo!.id);
		expect(await releases.unmarkPerson(db, dana.id, story, photo!, personId)).toBe(true);
		photo = await fresh(photo!.id);
		expect(photo!.peopleKey).toBe('');
		expect(photo!.framing.redactions).toHaveLength(2);
		expect(await releases.releaseByToken(db, token)).toBeUndefined();
	});
});
