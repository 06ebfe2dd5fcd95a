// The two other ways to see a published exhibition: the wall (a slideshow for a screen in a
// room) and the printable A4 catalogue. Both go through the same gate as the exhibition page:
// only approved placements, only the approved photos, only the chosen names; a pending or a
// withdrawn story never appears; a partner-only exhibition answers 404 to anyone outside it.
import { inflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	imageUrls,
	personWithRole,
	setLanguage,
	test,
	visitor
} from './fixtures';
import { approve, propose, publish, sharedStory } from './arrange';
import {
	giveRole,
	makeUser,
	makeWorld,
	text,
	type TestUser,
	type World
} from '../fixtures/factories';
import { ownStory } from '../../src/lib/server/access';
import { withdrawPlacement } from '../../src/lib/server/consent';
import { addSection, createExhibition, getExhibition } from '../../src/lib/server/exhibitions';
import { listAudit } from '../../src/lib/server/audit';
import type { Audience } from '../../src/lib/server/db/schema';
import type { Locale } from '../../src/lib/localized';

/** A shared story as these tests want it: named, tagged, short enough for one printed page. */
function story(
	world: World,
	owner: TestUser,
	title: string,
	language: Locale,
	photos: { width: number; alt: string; caption: string }[]
) {
	return sharedStory(world, owner, {
		title,
		language,
		photos: photos.map((p) => ({ ...p, height: Math.round((p.width * 2) / 3) })),
		narrative: `${title}: a few short lines, so that the story fits on one page.\n\nA second paragraph.`,
		freeTags: ['neighbour'],
		attribution: 'own_name'
	});
}

async function exhibitionIn(world: World, curatorId: string, audience: Audience, name: string) {
	const db = await appDb();
	const id = await createExhibition(
		db,
		curatorId,
		world.initiativeId,
		{
			title: text(name, `תערוכה ${name}`, `معرض ${name}`),
			introduction: text('Photos of the roles we play.', 'תמונות של התפקידים שאנחנו ממלאים.'),
			audience,
			workingGroupIds: [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		text('At home', 'בבית', 'في البيت')
	);
	return id;
}

/**
 * A public exhibition in two sections: three approved stories (one with a subset of its
 * photos, one under a pseudonym, one anonymous), one still pending and one withdrawn.
 * Exhibition order is section, then position: B and C in the first section, A in the second
 * although A was placed first.
 */
async function arrangePublic(world: World) {
	const db = await appDb();
	const curator = await personWithRole(world, 'curator');
	const dana = await makeUser(db, { displayName: 'Dana Levi' });
	await giveRole(db, dana, world.initiativeId, 'participant');
	const other = await personWithRole(world, 'participant');
	const stamp = Date.now().toString(36);
	const a = await story(world, dana, `The kitchen table ${stamp}`, 'en', [
		{ width: 2200, alt: 'A table set for six', caption: 'Friday evening.' },
		{ width: 700, alt: 'Hands kneading dough', caption: '' }
	]);
	const b = await story(world, other, `הגינה של השכונה ${stamp}`, 'he', [
		{ width: 800, alt: 'ערוגה של עגבניות', caption: 'העגבניות הראשונות.' },
		{ width: 800, alt: 'פנים של שכנה', caption: 'לא אושרה להצגה.' },
		{ width: 800, alt: 'מזלף ירוק', caption: '' }
	]);
	const c = await story(world, other, `الطريق إلى المدرسة ${stamp}`, 'ar', [
		{ width: 700, alt: 'طريق بين البيوت', caption: 'كل صباح.' }
	]);
	const pending = await story(world, other, `Pending story ${stamp}`, 'en', [
		{ width: 600, alt: 'A door', caption: '' }
	]);
	const withdrawn = await story(world, dana, `Withdrawn story ${stamp}`, 'en', [
		{ width: 600, alt: 'A window', caption: '' }
	]);
	const exhibitionId = await exhibitionIn(world, curator.id, 'public', `Roles ${stamp}`);
	await addSection(
		db,
		(await getExhibition(db, world.initiativeId, exhibitionId))!,
		text('At work', 'בעבודה', 'في العمل'),
		{}
	);
	const pa = await propose(world, curator.id, exhibitionId, a.storyId, { section: 1 });
	const pb = await propose(world, curator.id, exhibitionId, b.storyId);
	const pc = await propose(world, curator.id, exhibitionId, c.storyId);
	await propose(world, curator.id, exhibitionId, pending.storyId);
	const pw = await propose(world, curator.id, exhibitionId, withdrawn.storyId);
	await approve(dana, a.storyId, pa, { photoIds: a.photoIds, attribution: 'own_name' });
	await approve(other, b.storyId, pb, {
		photoIds: [b.photoIds[0]!, b.photoIds[2]!],
		attribution: 'pseudonym',
		pseudonym: 'נועה'
	});
	await approve(other, c.storyId, pc, { photoIds: c.photoIds, attribution: 'anonymous' });
	await approve(dana, withdrawn.storyId, pw, {
		photoIds: withdrawn.photoIds,
		attribution: 'own_name'
	});
	await withdrawPlacement(db, (await ownStory(db, dana, withdrawn.storyId))!, pw, {
		text: 'withdraw',
		locale: 'en'
	});
	const slug = await publish(world, curator.id, exhibitionId);
	// The slides in order: the approved photos, story by story, in exhibition order.
	const expected = [
		{ title: b.title, byline: { en: 'By נועה', he: 'מאת נועה' }, photoId: b.photoIds[0]! },
		{ title: b.title, byline: { en: 'By נועה', he: 'מאת נועה' }, photoId: b.photoIds[2]! },
		{
			title: c.title,
			byline: { en: 'Shared anonymously', he: 'שותף בעילום שם' },
			photoId: c.photoIds[0]!
		},
		{
			title: a.title,
			byline: { en: 'By Dana Levi', he: 'מאת Dana Levi' },
			photoId: a.photoIds[0]!
		},
		{ title: a.title, byline: { en: 'By Dana Levi', he: 'מאת Dana Levi' }, photoId: a.photoIds[1]! }
	];
	return {
		exhibitionId,
		slug,
		a,
		b,
		c,
		pending,
		withdrawn,
		expected,
		approvedPhotoIds: new Set(expected.map((e) => e.photoId)),
		hidden: [b.photoIds[1]!, ...pending.photoIds, ...withdrawn.photoIds]
	};
}

type Arrangement = Awaited<ReturnType<typeof arrangePublic>>;

function expectOnlyApproved(urls: string[], arranged: Arrangement) {
	expect(urls.length).toBeGreaterThan(0);
	for (const url of urls) {
		const photoId = /^\/media\/([a-z2-7]{16})\//.exec(url)?.[1];
		expect(arranged.approvedPhotoIds.has(photoId ?? ''), url).toBe(true);
		expect(url).toContain(`in=e.${arranged.exhibitionId}`);
	}
}

/** The page's own HTML never carries a photo, a title or a name it may not show. */
async function expectNothingHidden(page: Page, path: string, arranged: Arrangement) {
	const html = await (await page.request.get(path)).text();
	for (const id of arranged.hidden) expect(html).not.toContain(id);
	expect(html).not.toContain(arranged.pending.title);
	expect(html).not.toContain(arranged.withdrawn.title);
}

const counter = (page: Page) => page.getByTestId('wall-counter');
const activeSlide = (page: Page) => page.locator('[data-testid="wall-slide"][data-active]');

test.describe('wall', () => {
	test('advances by itself, pauses, steps, and shows only approved photos and chosen names', async ({
		browser,
		world
	}) => {
		test.setTimeout(180_000);
		const arranged = await arrangePublic(world);
		const total = arranged.expected.length;
		const path = `/exhibitions/${arranged.slug}/wall`;
		const v = await visitor(browser, 'en');
		const { page } = v;
		await page.setViewportSize({ width: 1280, height: 800 });
		const response = await page.goto(`${path}?interval=2`);
		expect(response?.headers()['cache-control']).toBe('no-cache');
		await expect(page.locator('meta[name="robots"]')).toHaveCount(0);
		await expect(counter(page)).toHaveText(`1 of ${total}`);
		await expect(activeSlide(page).getByTestId('wall-title')).toHaveText(
			arranged.expected[0]!.title
		);
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'true');

		// By itself, within about one interval.
		await expect(counter(page)).toHaveText(`2 of ${total}`, { timeout: 5_000 });

		// Space pauses: nothing moves for well over two intervals.
		await page.keyboard.press('Space');
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'false');
		await expect(page.getByTestId('wall-status')).toContainText('Paused on slide');
		const paused = await counter(page).textContent();
		await page.waitForTimeout(5_000);
		await expect(counter(page)).toHaveText(paused ?? '');

		// Space resumes, and it moves on again.
		await page.keyboard.press('Space');
		await expect(page.getByTestId('wall-status')).toHaveText('Playing.');
		await expect(counter(page)).not.toHaveText(paused ?? '', { timeout: 5_000 });

		// The big button pauses; "k" resumes and pauses too.
		await page.getByTestId('wall-toggle').click();
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'false');
		await expect(page.getByTestId('wall-toggle')).toHaveText('Play');
		await page.keyboard.press('k');
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'true');
		await page.keyboard.press('k');
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'false');

		// Tapping the slide resumes and pauses as well.
		await activeSlide(page).click();
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'true');
		await activeSlide(page).click();
		await expect(page.getByTestId('wall')).toHaveAttribute('data-playing', 'false');

		// Left to right: ArrowRight is next, ArrowLeft previous; a move is announced.
		const at = Number(/^(\d+)/.exec((await counter(page).textContent()) ?? '')?.[1]);
		await page.keyboard.press('ArrowRight');
		await expect(counter(page)).toHaveText(`${(at % total) + 1} of ${total}`);
		await expect(page.getByTestId('wall-status')).toContainText(
			`Slide ${(at % total) + 1} of ${total}:`
		);
		await page.keyboard.press('ArrowLeft');
		await expect(counter(page)).toHaveText(`${at} of ${total}`);

		// Step through every slide from the first: order, titles, names and photos.
		for (let i = at; i > 1; i--) await page.keyboard.press('ArrowLeft');
		for (const [i, slide] of arranged.expected.entries()) {
			await expect(counter(page)).toHaveText(`${i + 1} of ${total}`);
			const active = activeSlide(page);
			await expect(active.getByTestId('wall-title')).toHaveText(slide.title);
			await expect(active.getByTestId('wall-byline')).toHaveText(slide.byline.en);
			const urls = await imageUrls(page, '[data-testid="wall-slide"][data-active]');
			expect(
				urls.every((u) => u.includes(slide.photoId)),
				urls.join(' ')
			).toBe(true);
			await page.keyboard.press('ArrowRight');
		}
		await expect(counter(page)).toHaveText(`1 of ${total}`);
		// The story's own language and direction; the largest fitting derivative.
		const first = activeSlide(page);
		await expect(first).toHaveAttribute('lang', 'he');
		await expect(first).toHaveAttribute('dir', 'rtl');
		await expect(first.locator('img')).toHaveAttribute('sizes', '100vw');
		// The next photo is already in the page (loading), the one after it not yet.
		expect(await page.locator('[data-testid="wall-slide"]').count()).toBeLessThanOrEqual(3);
		expectOnlyApproved(await imageUrls(page, '[data-testid="wall"]'), arranged);
		await expectNothingHidden(page, path, arranged);
		await expectAccessible(page, 'wall (en)');
		await v.context.close();
	});

	test('right to left: ArrowLeft is next; fits 360 px and a 1920×1080 screen; axe in he and ar', async ({
		browser,
		world
	}) => {
		test.setTimeout(120_000);
		const arranged = await arrangePublic(world);
		const total = arranged.expected.length;
		const path = `/exhibitions/${arranged.slug}/wall`;
		const v = await visitor(browser, 'he');
		const { page } = v;
		await page.setViewportSize({ width: 1920, height: 1080 });
		await page.goto(`${path}?interval=120`);
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(counter(page)).toHaveText(`1 מתוך ${total}`);
		await page.keyboard.press('ArrowLeft');
		await expect(counter(page)).toHaveText(`2 מתוך ${total}`);
		await expect(activeSlide(page).getByTestId('wall-byline')).toHaveText('מאת נועה');
		await page.keyboard.press('ArrowRight');
		await expect(counter(page)).toHaveText(`1 מתוך ${total}`);
		await page.keyboard.press('ArrowRight');
		await expect(counter(page)).toHaveText(`${total} מתוך ${total}`);
		// The English story keeps its own direction inside the Hebrew page.
		await expect(activeSlide(page)).toHaveAttribute('dir', 'ltr');
		// The wall fills the screen under the header; every control is on screen.
		const box = await page.getByTestId('wall').boundingBox();
		expect(Math.abs((box?.y ?? 0) + (box?.height ?? 0) - 1080)).toBeLessThanOrEqual(2);
		await expect(page.getByTestId('wall-toggle')).toBeInViewport();
		await expect(page.getByTestId('quick-exit')).toBeInViewport();
		await expectAccessible(page, 'wall (he)');

		await page.setViewportSize({ width: 360, height: 740 });
		await page.reload();
		await expect(counter(page)).toBeVisible();
		await expectNoHorizontalScroll(page);
		for (const name of ['השהיה', 'הבא', 'הקודם'])
			await expect(page.getByRole('button', { name, exact: true })).toBeInViewport();
		await expectAccessible(page, 'wall (he, 360 px)');

		await setLanguage(v.context, 'ar');
		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
		await page.keyboard.press('ArrowLeft');
		await expect(counter(page)).toHaveText(`2 من ${total}`);
		await expectAccessible(page, 'wall (ar)');
		await v.context.close();
	});

	test('reduced motion: no cross-fade, and it still advances', async ({ browser, world }) => {
		const arranged = await arrangePublic(world);
		const v = await visitor(browser, 'en');
		await v.page.emulateMedia({ reducedMotion: 'reduce' });
		await v.page.goto(`/exhibitions/${arranged.slug}/wall?interval=2`);
		const duration = await activeSlide(v.page).evaluate(
			(el) => getComputedStyle(el).transitionDuration
		);
		expect(duration).toBe('0s');
		await expect(counter(v.page)).toHaveText(`2 of ${arranged.expected.length}`, {
			timeout: 5_000
		});
		await v.context.close();
	});

	test('an exhibition without stories says so', async ({ browser, world }) => {
		const curator = await personWithRole(world, 'curator');
		const id = await exhibitionIn(world, curator.id, 'public', `Empty ${Date.now()}`);
		const slug = await publish(world, curator.id, id);
		const v = await visitor(browser, 'en');
		await v.page.goto(`/exhibitions/${slug}/wall`);
		await expect(v.page.getByTestId('wall-empty')).toBeVisible();
		await expectAccessible(v.page, 'wall, empty (en)');
		await v.page.goto(`/exhibitions/${slug}/print`);
		await expect(v.page.getByTestId('catalogue-empty')).toBeVisible();
		await v.context.close();
	});
});

// ---------------------------------------------------------------------------------------------
// The catalogue

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes). */
function pdfPageCount(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/**
 * The text of each page of a PDF as Chromium writes it: every page's content stream, with the
 * glyphs of its fonts mapped back to characters through their ToUnicode maps. Enough to read
 * page numbers and titles; not a general PDF reader.
 */
function pdfPageTexts(pdf: Buffer): string[] {
	const source = pdf.toString('latin1');
	const objects = new Map<number, { dict: string; stream: Buffer | null }>();
	for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
		const body = match[2] ?? '';
		const streamAt = body.indexOf('stream');
		let stream: Buffer | null = null;
		if (streamAt >= 0) {
			const start = (match.index ?? 0) + match[0].indexOf(body) + streamAt + 'stream'.length;
			const begin = source[start] === '\r' ? start + 2 : start + 1;
			const end = source.indexOf('endstream', begin);
			const raw = pdf.subarray(begin, end);
			try {
				stream = /\/FlateDecode/.test(body.slice(0, streamAt)) ? inflateSync(raw) : raw;
			} catch {
				stream = raw;
			}
		}
		objects.set(Number(match[1]), {
			dict: streamAt >= 0 ? body.slice(0, streamAt) : body,
			stream
		});
	}
	const ref = (dict: string, key: string) =>
		Number(new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict)?.[1] ?? NaN);
	const dictOf = (dict: string, key: string) => {
		const at = dict.indexOf(`/${key}`);
		if (at < 0) return '';
		const rest = dict.slice(at + key.length + 1).trimStart();
		if (/^\d+ 0 R/.test(rest)) return objects.get(Number(/^(\d+)/.exec(rest)![1]))?.dict ?? '';
		let depth = 0;
		for (let i = 0; i < rest.length; i++) {
			if (rest.startsWith('<<', i)) {
				depth++;
				i++;
			} else if (rest.startsWith('>>', i)) {
				depth--;
				i++;
				if (depth === 0) return rest.slice(0, i + 1);
			}
		}
		return '';
	};
	const cmapOf = (fontId: number) => {
		const map = new Map<number, string>();
		const font = objects.get(fontId);
		const cmap = font ? objects.get(ref(font.dict, 'ToUnicode'))?.stream?.toString('latin1') : '';
		const hex = (h: string) => {
			let s = '';
			for (let i = 0; i + 4 <= h.length; i += 4)
				s += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
			return s;
		};
		for (const block of (cmap ?? '').matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
			for (const [, from, to] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
				map.set(parseInt(from!, 16), hex(to!));
		for (const block of (cmap ?? '').matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
			for (const [, lo, hi, to] of block[1]!.matchAll(
				/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g
			))
				for (let g = parseInt(lo!, 16); g <= parseInt(hi!, 16); g++)
					map.set(g, String.fromCharCode(parseInt(to!, 16) + g - parseInt(lo!, 16)));
		return map;
	};
	const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict));
	// Chromium lists pages in order in the page tree; object order follows it.
	return pages.map((page) => {
		const fonts = new Map<string, Map<number, string>>();
		const fontDict = dictOf(dictOf(page.dict, 'Resources'), 'Font');
		for (const [, name, id] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g))
			fonts.set(name!, cmapOf(Number(id)));
		const contents =
			/\/Contents\s+\[([^\]]*)\]/.exec(page.dict)?.[1] ?? `${ref(page.dict, 'Contents')} 0 R`;
		let out = '';
		for (const [, id] of contents.matchAll(/(\d+) 0 R/g)) {
			const content = objects.get(Number(id))?.stream?.toString('latin1') ?? '';
			let font = new Map<number, string>();
			for (const token of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>|(ET)/g)) {
				if (token[1]) font = fonts.get(token[1]) ?? new Map();
				else if (token[2] !== undefined)
					for (let i = 0; i + 4 <= token[2].length; i += 4)
						out += font.get(parseInt(token[2].slice(i, i + 4), 16)) ?? '';
				else out += ' ';
			}
		}
		return out.replace(/\s+/g, ' ').trim();
	});
}

test.describe('print catalogue', () => {
	test('a cover, then one story per page, page numbers, nothing of the site; axe in he and en', async ({
		browser,
		world
	}) => {
		test.setTimeout(180_000);
		const arranged = await arrangePublic(world);
		const path = `/exhibitions/${arranged.slug}/print`;
		for (const locale of ['en', 'he', 'ar'] as const) {
			const v = await visitor(browser, locale);
			const { page } = v;
			const response = await page.goto(path);
			expect(response?.headers()['cache-control']).toBe('no-cache');
			await expect(page.getByTestId('catalogue-story')).toHaveCount(3);
			await expect(
				page.getByTestId('catalogue-story').getByRole('heading', { level: 2 })
			).toHaveText([arranged.b.title, arranged.c.title, arranged.a.title]);
			await expect(page.getByTestId('catalogue-byline')).toHaveText(
				locale === 'en'
					? ['By נועה', 'Shared anonymously', 'By Dana Levi']
					: locale === 'he'
						? ['מאת נועה', 'שותף בעילום שם', 'מאת Dana Levi']
						: ['بقلم נועה', 'شوركت دون اسم', 'بقلم Dana Levi']
			);
			// Print resolution: the widest JPEG, with its size for the layout.
			const big = page.locator(`img[src*="${arranged.a.photoIds[0]}"]`);
			await expect(big).toHaveAttribute('src', /\/2048\.jpg\?in=e\./);
			await expect(big).toHaveAttribute('width', /\d+/);
			expect(await big.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
			expectOnlyApproved(await imageUrls(page, '[data-testid="catalogue"]'), arranged);
			await expect(page.getByTestId('print-button')).toBeVisible();
			await expectAccessible(page, `print (${locale})`);
			await page.setViewportSize({ width: 360, height: 740 });
			await expectNoHorizontalScroll(page);
			await page.setViewportSize({ width: 1280, height: 800 });

			await page.emulateMedia({ media: 'print' });
			const hidden = await page.evaluate(() =>
				['.site-header', '.site-footer', '.skip-link'].map(
					(s) => getComputedStyle(document.querySelector(s)!).display
				)
			);
			expect(hidden).toEqual(['none', 'none', 'none']);
			await expect(page.getByTestId('print-button')).toBeHidden();
			await expect(page.getByTestId('quick-exit')).toBeHidden();
			const pdf = await page.pdf({ format: 'A4' });
			expect(pdfPageCount(pdf), `${locale} pages`).toBe(1 + 3);
			const texts = pdfPageTexts(pdf);
			// Page numbers at the foot of every page but the cover; the last story (the only one
			// in Latin letters, which read back simply) alone on the last page.
			expect(texts).toHaveLength(4);
			expect(texts[0]).not.toContain('1 / 4');
			// The PDF holds glyphs in visual order: the page numbers are a left-to-right isolate,
			// so "2 / 4" in every direction, never the "4 / 2" of a right-to-left line (docs/bidi.md).
			for (const n of [2, 3, 4]) expect(texts[n - 1], `page ${n}`).toContain(`${n} / 4`);
			expect(texts.map((t) => t.includes('The kitchen table'))).toEqual([
				false,
				false,
				false,
				true
			]);
			if (locale === 'en') expect(texts.join(' ')).not.toContain('Quick exit');
			if (locale === 'en') await expectNothingHidden(page, path, arranged);
			await v.context.close();
		}
	});
});

// ---------------------------------------------------------------------------------------------
// The gate

test('a partner-only exhibition: 404 outside, open to a partner of the initiative, audited', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const db = await appDb();
	const curator = await personWithRole(world, 'curator');
	const owner = await personWithRole(world, 'participant');
	const partner = await personWithRole(world, 'partner');
	const elsewhere = await makeWorld(db);
	const stranger = await makeUser(db);
	await giveRole(db, stranger, elsewhere.initiativeId, 'partner');
	const s = await story(world, owner, `For partners ${Date.now()}`, 'en', [
		{ width: 600, alt: 'A bench', caption: 'Our bench.' }
	]);
	const exhibitionId = await exhibitionIn(world, curator.id, 'partners', `Partners ${Date.now()}`);
	const placementId = await propose(world, curator.id, exhibitionId, s.storyId);
	await approve(owner, s.storyId, placementId, {
		photoIds: s.photoIds,
		attribution: 'pseudonym',
		pseudonym: 'Rami'
	});
	const slug = await publish(world, curator.id, exhibitionId);

	for (const view of ['wall', 'print']) {
		const path = `/exhibitions/${slug}/${view}`;
		for (const who of [null, stranger]) {
			const v = await visitor(browser, 'en', who);
			expect(
				(await v.page.request.get(path)).status(),
				`${view} for ${who ? 'a stranger' : 'anonymous'}`
			).toBe(404);
			await v.context.close();
		}
		const before = (
			await listAudit(db, { initiativeId: world.initiativeId, action: 'story.viewed' })
		).entries.length;
		const v = await visitor(browser, 'en', partner);
		const response = await v.page.goto(path);
		expect(response?.status()).toBe(200);
		// A non-public exhibition is only ever seen logged in: never kept (docs/safety.md).
		expect(response?.headers()['cache-control']).toBe('private, no-store');
		expect(response?.headers()['x-robots-tag']).toBe('noindex');
		await expect(v.page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
		await expect(v.page.getByRole('heading', { name: s.title })).toBeVisible();
		await expect(v.page.getByText('By Rami')).toBeVisible();
		const after = await listAudit(db, { initiativeId: world.initiativeId, action: 'story.viewed' });
		expect(after.entries.length).toBeGreaterThan(before);
		expect(after.entries[0]!.details).toMatchObject({ storyId: s.storyId, exhibitionId });
		if (view === 'wall') {
			// A wall asks again every minute: the same viewer, story and exhibition are written
			// once per half hour, not on every refresh.
			await v.page.reload();
			await expect(v.page.getByRole('heading', { name: s.title })).toBeVisible();
			const again = await listAudit(db, {
				initiativeId: world.initiativeId,
				action: 'story.viewed'
			});
			expect(again.entries.length).toBe(after.entries.length);
		}
		if (view === 'print')
			await expect(v.page.getByTestId('catalogue-audience')).toHaveText(
				'For the members of the initiative only. Please do not pass it on.'
			);
		await expectAccessible(v.page, `${view} (partners, en)`);
		await v.context.close();
	}
});
