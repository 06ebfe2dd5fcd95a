// "Download my data": what the zip holds, read back with fflate — one person's everything,
// nothing of anyone else's, every hostile text escaped — and one export at a time.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'pv-export-'));
process.env.DATA_DIR = dataDir;

const { ownStory } = await import('../../src/lib/server/access');
const { photoPeople, photos, stories } = await import('../../src/lib/server/db/schema');
const { eq } = await import('drizzle-orm');
const { createStory, setStoryStatus, updatePhotoText, updateStoryText, saveShowedAnswer } =
	await import('../../src/lib/server/stories');
const { addPhoto, mediaStorage, reframePhoto, setStricter } =
	await import('../../src/lib/server/media/photos');
const { askRelease, decideRelease, markPerson } = await import('../../src/lib/server/releases');
const { releaseWords } = await import('../../src/lib/server/releases/words');
const { decidePlacement, shareStory, showTerms } = await import('../../src/lib/server/consent');
const { endMembership } = await import('../../src/lib/server/consent/membership');
const { createExhibition, getExhibition, proposePlacement } =
	await import('../../src/lib/server/exhibitions');
const { startExport, exportPlan, exportFileName } = await import('../../src/lib/server/export');
const { splitIntoParts } = await import('../../src/lib/server/export/collect');
const { escapeHtml } = await import('../../src/lib/server/export/index-page');
const { takeLease, endLease, LEASE_MS } = await import('../../src/lib/server/export/lease');
const { zipChunks } = await import('../../src/lib/server/export/zip');
const { giveRole, makeUser, makeWorld, testDb, text } = await import('../fixtures/factories');
const { detailed, masterJpeg } = await import('../fixtures/images');

type Db = Awaited<ReturnType<typeof testDb>>;

const HOSTILE_TITLE = `</title><script>alert("t")</script><img src=x onerror='alert(1)'>`;
const HOSTILE_CAPTION = `"><svg onload=alert(2)> & <b>bold</b>`;
const HOSTILE_ALT = `x" onerror="alert(3)`;
const HOSTILE_NARRATIVE = `First paragraph </p><script>alert(4)</script>\n\n<iframe src="https://evil.example/">`;
const OTHER_SECRET = 'NEIGHBOUR-SECRET-NARRATIVE';
const HOSTILE_WHO = `my neighbour <img src=x onerror="alert(5)">`;

let jpeg: Buffer;
let otherJpeg: Buffer;
beforeAll(async () => {
	jpeg = await masterJpeg(detailed(480, 320));
	otherJpeg = await masterJpeg(detailed(480, 320, 24, 7));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function upload(bytes: Buffer) {
	mkdirSync(join(dataDir, 'tmp'), { recursive: true });
	const path = join(dataDir, 'tmp', `test-${Math.random().toString(36).slice(2)}`);
	await writeFile(path, bytes);
	return path;
}

const words = (t: string) => ({ text: t, locale: 'he' as const });

/** Two participants in one initiative; the first has a shared, approved story with a photo. */
async function world() {
	const db = await testDb();
	const w = await makeWorld(db);
	const dana = await makeUser(db, { displayName: 'Dana <b>L</b>' });
	const danaMembership = await giveRole(db, dana, w.initiativeId, 'participant');
	const other = await makeUser(db, { displayName: 'Other person' });
	await giveRole(db, other, w.initiativeId, 'participant');
	const curator = await makeUser(db, { displayName: 'Curator Name' });
	await giveRole(db, curator, w.initiativeId, 'curator');

	const storyId = await createStory(db, dana, {
		initiativeId: w.initiativeId,
		title: HOSTILE_TITLE,
		language: 'he'
	});
	let story = (await ownStory(db, dana, storyId))!;
	await updateStoryText(db, story, {
		title: HOSTILE_TITLE,
		narrative: HOSTILE_NARRATIVE,
		language: 'he',
		roleTagIds: [],
		freeTags: ['אמא'],
		attribution: 'pseudonym',
		pseudonym: 'דליה'
	});
	// An answer from before the guide asked per photo goes with the first photo (docs/guide.md).
	await db
		.update(stories)
		.set({ showed: { do: 'Benches for everyone' } })
		.where(eq(stories.id, storyId));
	story = (await ownStory(db, dana, storyId))!;
	const photo = await addPhoto(db, story, await upload(jpeg));
	story = (await ownStory(db, dana, storyId))!;
	expect(await saveShowedAnswer(db, story, photo.id, 'see', 'A bench <script>')).toBe(true);
	await updatePhotoText(db, story, photo.id, { altText: HOSTILE_ALT, caption: HOSTILE_CAPTION });
	await setStoryStatus(db, story, 'finished');
	story = (await ownStory(db, dana, storyId))!;
	expect(await shareStory(db, story, words('אני משתפת'))).toBe('ok');

	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles we play', 'התפקידים שאנחנו ממלאים'),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [w.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	const exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
	story = (await ownStory(db, dana, storyId))!;
	expect(
		await proposePlacement(db, curator.id, exhibition, story, {
			sectionId: exhibition.sections[0]!.id,
			size: 'medium',
			note: 'We would love to show it <3'
		})
	).toBe('ok');
	const placementId = (await getExhibition(db, w.initiativeId, exhibitionId))!.placements[0]!.id;
	expect(
		await decidePlacement(
			db,
			(await ownStory(db, dana, storyId))!,
			placementId,
			{
				approve: {
					photoIds: [photo.id],
					attribution: 'pseudonym',
					pseudonym: 'דליה',
					expiresAt: null
				},
				shown: (await showTerms(db, placementId))!
			},
			words('אני מסכימה שהסיפור יוצג לשותפים')
		)
	).toBe('ok');

	// The neighbour's story, with a photo: none of it may reach Dana's zip.
	const otherStoryId = await createStory(db, other, {
		initiativeId: w.initiativeId,
		title: 'NEIGHBOUR-TITLE',
		language: 'en'
	});
	let otherStory = (await ownStory(db, other, otherStoryId))!;
	await updateStoryText(db, otherStory, {
		title: 'NEIGHBOUR-TITLE',
		narrative: OTHER_SECRET,
		language: 'en',
		roleTagIds: [],
		freeTags: [],
		attribution: 'own_name',
		pseudonym: ''
	});
	otherStory = (await ownStory(db, other, otherStoryId))!;
	const otherPhoto = await addPhoto(db, otherStory, await upload(otherJpeg));
	return { db, w, dana, danaMembership, other, curator, storyId, photo, otherPhoto };
}

/** Every tag is one index.html itself writes, with only its own attributes, quoted whole. */
function onlyOwnTags(html: string) {
	const TAGS = new Set(
		'html head meta title style body main h1 h2 h3 h4 h5 p section ul li table tr th td thead tbody article span br dl dt dd figure img a blockquote div'.split(
			' '
		)
	);
	const ATTRIBUTES = new Set(
		'lang dir charset name content http-equiv scope class id src width height alt href'.split(' ')
	);
	for (const [, name, rest] of html.matchAll(/<\/?([a-zA-Z0-9!]+)([^>]*)>/g)) {
		if (name === '!doctype') continue;
		expect(TAGS, name).toContain(name!.toLowerCase());
		const leftover = rest!.replace(/\s([a-z-]+)="([^"<>]*)"/g, (_, attribute: string) => {
			expect(ATTRIBUTES, attribute).toContain(attribute);
			return '';
		});
		expect(leftover.trim(), `<${name}${rest}>`).toBe('');
	}
	expect(html).not.toMatch(/<script|<svg|<iframe|<img src=x/i);
}

async function download(db: Db, person: { id: string; isAdmin: boolean }, part = 1, max?: number) {
	const started = await startExport(db, person, {
		locale: 'he',
		timeZone: 'Asia/Jerusalem',
		part,
		maxPartBytes: max
	});
	if (started.kind !== 'ok') throw new Error(started.kind);
	const bytes = new Uint8Array(await new Response(started.body).arrayBuffer());
	const files = unzipSync(bytes);
	return { started, files, bytes };
}

async function bytesOf(key: string) {
	const chunks: Buffer[] = [];
	for await (const chunk of await mediaStorage().get(key)) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

describe('the zip of one person', () => {
	it('holds their account, story, photos, placements and consent history', async () => {
		const { db, dana, photo } = await world();
		const { files, started } = await download(db, dana);
		expect(started.kind === 'ok' && started.fileName).toMatch(/^my-data-\d{4}-\d\d-\d\d\.zip$/);
		expect(Object.keys(files).sort()).toEqual([
			'data.json',
			'index.html',
			'stories/01/photo-01-original.jpg',
			'stories/01/photo-01-shown.jpg'
		]);
		const data = JSON.parse(strFromU8(files['data.json']!));
		expect(data.format).toEqual({ name: 'photovoice-personal-data', version: 2 });
		expect(data.language).toBe('he');
		expect(data.account).toMatchObject({
			username: dana.username,
			displayName: 'Dana <b>L</b>',
			roles: [{ role: 'participant', initiativeArchived: false }]
		});
		const [story] = data.stories;
		expect(story).toMatchObject({
			title: HOSTILE_TITLE,
			narrative: HOSTILE_NARRATIVE,
			language: 'he',
			status: 'finished',
			attribution: 'pseudonym',
			pseudonym: 'דליה',
			ownTags: ['אמא'],
			guideAnswers: {}
		});
		expect(story.photos[0]).toMatchObject({
			guideAnswers: { see: 'A bench <script>', do: 'Benches for everyone' },
			caption: HOSTILE_CAPTION,
			altText: HOSTILE_ALT,
			framing: { rotation: 0, redactions: [] },
			original: { file: 'stories/01/photo-01-original.jpg', missing: false },
			shown: { file: 'stories/01/photo-01-shown.jpg', format: 'jpeg', missing: false }
		});
		expect(story.placements).toHaveLength(1);
		expect(story.placements[0]).toMatchObject({
			status: 'approved',
			size: 'medium',
			noteToYou: 'We would love to show it <3',
			exhibition: { audience: 'partners', title: { he: 'התפקידים שאנחנו ממלאים' } },
			approved: { audience: 'partners', photos: [1], attribution: 'pseudonym', pseudonym: 'דליה' }
		});
		expect(story.placements[0].approved.themes).toEqual(story.consentEvents[1].terms.themes);
		expect(
			story.consentEvents.map((e: { kind: string; words: string; by: string }) => [
				e.kind,
				e.words,
				e.by
			])
		).toEqual([
			['shared', 'אני משתפת', 'you'],
			['approved', 'אני מסכימה שהסיפור יוצג לשותפים', 'you']
		]);
		expect(story.consentEvents[1].terms).toMatchObject({ audience: 'partners', photos: [1] });
		expect(story.consentEvents[1].record.termsDigest).toMatch(/^[0-9a-f]{64}$/);
		expect(data.responses).toEqual([]);

		// The files are the master and the largest JPEG audiences get, byte for byte.
		const [master] = [photo.masterKey];
		expect(
			Buffer.from(files['stories/01/photo-01-original.jpg']!).equals(await bytesOf(master!))
		).toBe(true);
		const shown = files['stories/01/photo-01-shown.jpg']!;
		expect(shown[0]).toBe(0xff);
		expect(shown[1]).toBe(0xd8);
	});

	it('holds nothing of another participant, nor a curator’s name', async () => {
		const { db, dana, other, otherPhoto } = await world();
		const { files, bytes } = await download(db, dana);
		const everything = Buffer.from(bytes).toString('latin1');
		const texts = strFromU8(files['index.html']!) + strFromU8(files['data.json']!);
		for (const secret of [OTHER_SECRET, 'NEIGHBOUR-TITLE', other.username, 'Other person'])
			expect(texts).not.toContain(secret);
		expect(texts).not.toContain('Curator Name');
		expect(texts).not.toContain(otherPhoto.id);
		// The neighbour's photo bytes are not in the zip (stored uncompressed, so they would show).
		const theirs = await bytesOf(otherPhoto.masterKey);
		expect(
			everything.includes(
				theirs.subarray(theirs.length / 2, theirs.length / 2 + 64).toString('latin1')
			)
		).toBe(false);

		// And the other way round.
		const { files: theirFiles } = await download(db, other);
		const theirTexts = strFromU8(theirFiles['index.html']!) + strFromU8(theirFiles['data.json']!);
		expect(theirTexts).toContain(OTHER_SECRET);
		expect(theirTexts).not.toContain('alert');
		expect(theirTexts).not.toContain(dana.username);
	});

	it('escapes every text in index.html, which has no script and loads nothing', async () => {
		const { db, dana } = await world();
		const { files } = await download(db, dana);
		const html = strFromU8(files['index.html']!);
		expect(html).toMatch(/^<!doctype html>\n<html lang="he" dir="rtl">/);
		onlyOwnTags(html);
		expect(html).toContain(escapeHtml(HOSTILE_TITLE));
		expect(html).toContain(escapeHtml(HOSTILE_CAPTION));
		expect(html).toContain('A bench &lt;script&gt;');
		expect(html).toContain('Benches for everyone');
		expect(html).toContain(`alt="${escapeHtml(HOSTILE_ALT)}"`);
		expect(html).toContain('Dana &lt;b&gt;L&lt;/b&gt;');
		expect(html).toContain('We would love to show it &lt;3');
		expect(html).toContain('אני מסכימה שהסיפור יוצג לשותפים');
		expect(html).toContain('src="stories/01/photo-01-shown.jpg"');
		expect(html).toContain('href="stories/01/photo-01-original.jpg"');
		// Nothing outside the zip: the only addresses are the zip's own files.
		const addresses = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
		for (const address of addresses)
			expect(address).toMatch(/^stories\/\d\d\/photo-\d\d-\w+\.\w+$/);
		expect(html).toContain("default-src 'none'");
		expect(html).toContain('הסיפורים שלי');
		expect(escapeHtml(`<a href="x" title='y'>&`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;'
		);
	});

	it('still holds their stories when their membership was removed', async () => {
		const { db, w, dana, danaMembership } = await world();
		await endMembership(db, w.admin.id, danaMembership, 'keep');
		const { files } = await download(db, dana);
		const data = JSON.parse(strFromU8(files['data.json']!));
		expect(data.account.roles).toEqual([]);
		expect(data.stories[0].title).toBe(HOSTILE_TITLE);
		expect(data.notices.map((n: { kind: string }) => n.kind)).toEqual(['membership_removed']);
		expect(Object.keys(files)).toContain('stories/01/photo-01-original.jpg');
		expect(strFromU8(files['index.html']!)).toContain('הסתיים');
	});

	it('a person without stories gets their account', async () => {
		const db = await testDb();
		const curator = await makeUser(db, { displayName: 'Only me' });
		const { files } = await download(db, curator);
		expect(Object.keys(files).sort()).toEqual(['data.json', 'index.html']);
		expect(JSON.parse(strFromU8(files['data.json']!)).stories).toEqual([]);
		expect(await exportPlan(db, curator, 1e9)).toEqual({
			stories: 0,
			photos: 0,
			bytes: 0,
			parts: 1
		});
	});
});

describe('the people marked in a photo', () => {
	it('are listed with the participant’s words and their releases, the words agreed to, and never the link’s hash', async () => {
		const { db, dana, storyId, photo } = await world();
		const story = (await ownStory(db, dana, storyId))!;
		const fresh = async () => (await db.select().from(photos).where(eq(photos.id, photo.id)))[0]!;
		const faces = [
			{ x: 0.1, y: 0.2, w: 0.25, h: 0.35 },
			{ x: 0.5, y: 0.1, w: 0.2, h: 0.2 },
			{ x: 0.7, y: 0.6, w: 0.2, h: 0.3 }
		];
		await reframePhoto(db, story, await fresh(), {
			...photo.framing,
			redactions: [
				{ ...faces[0]!, style: 'pixelate' },
				{ ...faces[1]!, style: 'blur' },
				{ ...faces[2]!, style: 'blur' }
			]
		});
		// Each mark takes the first hidden area left, so the three are marked in order.
		const agreed = (await markPerson(db, dana.id, story, await fresh(), 0, HOSTILE_WHO))!;
		const declined = (await markPerson(db, dana.id, story, await fresh(), 0, 'my cousin'))!;
		await markPerson(db, dana.id, story, await fresh(), 0, '');
		const agreedWords = releaseWords('partners', 'Initiative', 'ar');
		const token = (await askRelease(db, dana.id, story, photo, agreed, {
			widest: 'partners',
			locale: 'ar'
		}))!;
		expect(
			await decideRelease(db, token, {
				decision: 'agree',
				signer: 'guardian',
				words: agreedWords
			})
		).toBe(true);
		const declinedToken = (await askRelease(db, dana.id, story, photo, declined, {
			widest: 'public',
			locale: 'en'
		}))!;
		expect(
			await decideRelease(db, declinedToken, { decision: 'decline', signer: 'self', words: '' })
		).toBe(true);

		const { files } = await download(db, dana);
		const json = strFromU8(files['data.json']!);
		const data = JSON.parse(json);
		expect(data.format).toEqual({ name: 'photovoice-personal-data', version: 2 });
		const people = data.stories[0].photos[0].people;
		const date = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
		expect(people).toEqual([
			{
				number: 1,
				region: faces[0],
				style: 'pixelate',
				who: HOSTILE_WHO,
				release: {
					state: 'agreed',
					audiencesAsked: ['partners', 'working_group'],
					audiencesAgreed: ['partners', 'working_group'],
					signer: 'guardian',
					language: 'ar',
					askedAt: date,
					decidedAt: date,
					words: agreedWords
				}
			},
			{
				number: 2,
				region: faces[1],
				style: 'blur',
				who: 'my cousin',
				release: {
					state: 'declined',
					audiencesAsked: ['public', 'partners', 'working_group'],
					audiencesAgreed: [],
					signer: 'self',
					language: 'en',
					askedAt: date,
					decidedAt: date,
					words: null
				}
			},
			{
				number: 3,
				region: faces[2],
				style: 'blur',
				who: '',
				release: {
					state: 'none',
					audiencesAsked: [],
					audiencesAgreed: [],
					signer: null,
					language: null,
					askedAt: null,
					decidedAt: null,
					words: null
				}
			}
		]);

		// The release links stay on the server: neither a secret nor its hash is in the zip.
		const hashes = await db.select({ hash: photoPeople.tokenHash }).from(photoPeople);
		expect(hashes.filter((h) => h.hash)).toHaveLength(2);
		const html = strFromU8(files['index.html']!);
		for (const text of [json, html]) {
			for (const { hash } of hashes) if (hash) expect(text).not.toContain(hash);
			for (const secret of [token, declinedToken]) expect(text).not.toContain(secret);
			expect(text).not.toMatch(/token/i);
		}

		// index.html, in Hebrew: each person, the state in words, the words agreed to, escaped.
		onlyOwnTags(html);
		expect(html).toContain('אנשים בתמונה הזאת');
		for (const n of [1, 2, 3]) expect(html).toContain(`אדם ${n}`);
		expect(html).toContain(escapeHtml(HOSTILE_WHO));
		expect(html).toContain(escapeHtml(agreedWords));
		expect(html).toContain('הורה או אפוטרופוס/ית');
		expect(html).toContain('לא הסכים/ה');
		expect(html).toContain('עוד לא התבקשה הסכמה');
		expect(html).toContain('10% מהשמאל, 20% מלמעלה, ברוחב 25% ובגובה 35%');
	});

	it('hold the stricter framing for wider audiences, in data.json and in words', async () => {
		const { db, dana, storyId, photo } = await world();
		const story = (await ownStory(db, dana, storyId))!;
		const fresh = async () => (await db.select().from(photos).where(eq(photos.id, photo.id)))[0]!;
		const layer = {
			crop: { x: 0.1, y: 0.1, w: 0.5, h: 0.5 },
			redactions: [{ x: 0.2, y: 0.2, w: 0.1, h: 0.1, style: 'blur' as const }]
		};
		await setStricter(db, story, await fresh(), 'public', layer);
		const { files } = await download(db, dana);
		const data = JSON.parse(strFromU8(files['data.json']!));
		expect(data.stories[0].photos[0].stricterFraming).toEqual({ public: layer });
		const html = strFromU8(files['index.html']!);
		onlyOwnTags(html);
		expect(html).toContain('מסגור מחמיר לקהלים רחבים יותר');
		expect(html).toContain('הציבור: חתוך קרוב יותר. אזור אחד נוסף מוסתר.');
		expect(html).not.toContain('שותפי היוזמה (וגם הציבור)');
	});
});

/** Each entry's name and compression method, from the zip's local file headers. */
function methods(zip: Uint8Array): Record<string, number> {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const found: Record<string, number> = {};
	for (let at = 0; at + 30 <= zip.length; at++) {
		if (view.getUint32(at, true) !== 0x04034b50) continue;
		const nameLength = view.getUint16(at + 26, true);
		const name = strFromU8(zip.subarray(at + 30, at + 30 + nameLength));
		if (/^(index\.html|data\.json|stories\/\d\d\/photo-\d\d-\w+\.\w+)$/.test(name))
			found[name] = view.getUint16(at + 8, true);
	}
	return found;
}

describe('the zip stream', () => {
	it('stores photos as they are and deflates the texts', async () => {
		const { db, dana } = await world();
		const { bytes } = await download(db, dana);
		expect(methods(bytes)).toEqual({
			'index.html': 8,
			'data.json': 8,
			'stories/01/photo-01-original.jpg': 0,
			'stories/01/photo-01-shown.jpg': 0
		});
	});

	it('reads an entry only when the reader has taken everything before it', async () => {
		const opened: string[] = [];
		const entry = (name: string) => ({
			name,
			compress: false,
			data: function* () {
				opened.push(name);
				for (let i = 0; i < 4; i++) yield new Uint8Array(64 * 1024).fill(i);
			}
		});
		const chunks = zipChunks([entry('a.bin'), entry('b.bin'), entry('c.bin')], new Date());
		const first = await chunks.next();
		expect(opened).toEqual(['a.bin']);
		const all: Uint8Array[] = [first.value as Uint8Array];
		for await (const chunk of chunks) {
			// Never more than one source chunk (and its header) at a time.
			expect(chunk.length).toBeLessThanOrEqual(64 * 1024 + 100);
			all.push(chunk);
		}
		expect(opened).toEqual(['a.bin', 'b.bin', 'c.bin']);
		const size = all.reduce((n, c) => n + c.length, 0);
		const joined = new Uint8Array(size);
		let at = 0;
		for (const c of all) {
			joined.set(c, at);
			at += c.length;
		}
		expect(Object.keys(unzipSync(joined))).toEqual(['a.bin', 'b.bin', 'c.bin']);
	});
});

describe('size and time', () => {
	it('splits a large export into parts by story, each with its own files', async () => {
		const { db, dana, storyId } = await world();
		const story = (await ownStory(db, dana, storyId))!;
		const second = await createStory(db, dana, {
			initiativeId: story.initiativeId,
			title: 'Second',
			language: 'en'
		});
		await addPhoto(db, (await ownStory(db, dana, second))!, await upload(jpeg));
		const plan = await exportPlan(db, dana, 1000);
		expect(plan).toMatchObject({ stories: 2, photos: 2, parts: 2 });
		const one = await download(db, dana, 1, 1000);
		const two = await download(db, dana, 2, 1000);
		expect(Object.keys(one.files).filter((f) => f.startsWith('stories/02/'))).toEqual([]);
		expect(Object.keys(two.files).filter((f) => f.startsWith('stories/01/'))).toEqual([]);
		expect(Object.keys(two.files)).toContain('stories/02/photo-01-original.jpg');
		expect(JSON.parse(strFromU8(two.files['data.json']!)).part).toEqual({ number: 2, of: 2 });
		expect(one.started.kind === 'ok' && one.started.fileName).toMatch(/-part-1-of-2\.zip$/);
		expect(
			await startExport(db, dana, { locale: 'en', timeZone: 'UTC', part: 3, maxPartBytes: 1000 })
		).toEqual({ kind: 'no_such_part' });
		expect(splitIntoParts([{ number: 1, bytes: 5 }], 1)).toEqual([[1]]);
		expect(exportFileName(new Date('2026-01-02T10:00:00Z'), 1, 1)).toBe('my-data-2026-01-02.zip');
	});

	it('refuses a second export while one runs, and allows one after it ends or dies', async () => {
		const { db, dana, other } = await world();
		const first = await startExport(db, dana, { locale: 'en', timeZone: 'UTC' });
		expect(first.kind).toBe('ok');
		expect((await startExport(db, dana, { locale: 'en', timeZone: 'UTC' })).kind).toBe('busy');
		// Someone else is not held up.
		const theirs = await startExport(db, other, { locale: 'en', timeZone: 'UTC' });
		expect(theirs.kind).toBe('ok');
		if (theirs.kind === 'ok') await theirs.body.cancel();
		// Reading the first to its end frees the lease.
		if (first.kind === 'ok') await new Response(first.body).arrayBuffer();
		const again = await startExport(db, dana, { locale: 'en', timeZone: 'UTC' });
		expect(again.kind).toBe('ok');
		// A cancelled download frees it too.
		if (again.kind === 'ok') await again.body.cancel();
		expect((await startExport(db, dana, { locale: 'en', timeZone: 'UTC' })).kind).toBe('ok');

		// A lease that its process stopped renewing is taken over.
		const db2 = await testDb();
		const person = await makeUser(db2);
		const stale = await takeLease(db2, person.id, new Date(Date.now() - LEASE_MS - 1000));
		expect(stale).not.toBeNull();
		expect(await takeLease(db2, person.id, new Date(Date.now() - LEASE_MS + 60_000))).toBeNull();
		const taken = await takeLease(db2, person.id);
		expect(taken).not.toBeNull();
		await endLease(db2, taken!);
		expect(await takeLease(db2, person.id)).not.toBeNull();
	});
});
