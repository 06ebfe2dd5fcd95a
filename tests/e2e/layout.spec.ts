// Editorial layouts (docs/layout.md): the exhibition's rows fill the page at every width, the
// cover is shown once, the home page shows each public exhibition with its cover, and the wall
// opens clean. Measured in the real page: the boxes the browser drew.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	setLanguage,
	test,
	visitor
} from './fixtures';
import { publishedExhibition, type StorySpec } from './exhibition-data';

const ARTIFACTS = 'tests/artifacts';
const WIDTHS = [360, 768, 1440, 1920] as const;
const LANDSCAPE = { width: 1800, height: 1200 };
const PORTRAIT = { width: 1200, height: 1600 };

const words = (sentence: string, times: number) => Array(times).fill(sentence).join(' ');

function spec(
	title: string,
	language: StorySpec['language'],
	size: StorySpec['size'],
	section: 0 | 1,
	shapes: { width: number; height: number }[],
	narrative: string
): StorySpec {
	return {
		title,
		language,
		narrative,
		photos: shapes.length,
		approve: shapes.length,
		photoSizes: shapes,
		size,
		section,
		attribution: 'pseudonym',
		pseudonym: { he: 'נועה', ar: 'سلمى', en: 'Noa' }[language]
	};
}

/** Two sections, every size, portrait and landscape photos, three languages. */
const MIXED: StorySpec[] = [
	spec(
		'The last working swing',
		'en',
		'large',
		0,
		[LANDSCAPE, PORTRAIT],
		words(
			'In our neighbourhood there is one swing that still works, and the grandmothers keep count.',
			3
		)
	),
	spec(
		'ספסל ליד הדואר',
		'he',
		'small',
		0,
		[PORTRAIT],
		words('כל בוקר אני יושבת על הספסל ליד הדואר ופוגשת את השכנות.', 3)
	),
	spec(
		'مفتاح البيت',
		'ar',
		'medium',
		0,
		[LANDSCAPE],
		words('أحمل مفتاح البيت في جيبي طوال الوقت، إنه الأمان الذي بنيته بيدي.', 3)
	),
	spec(
		'The night shift',
		'en',
		'medium',
		0,
		[PORTRAIT],
		words('At three in the morning the ward is quiet and I write letters to my children.', 3)
	),
	spec(
		'גינה על הגג',
		'he',
		'small',
		0,
		[LANDSCAPE],
		words('על הגג של הבניין גידלנו עגבניות ונענע, וכל השכנים באים לקטוף.', 2)
	),
	spec(
		'Stars over the school roof',
		'en',
		'full',
		1,
		[LANDSCAPE, LANDSCAPE],
		words(
			'We built a telescope from a kit in the science club; now the roof is our classroom at night.',
			3
		)
	),
	spec(
		'سطح المدرسة',
		'ar',
		'medium',
		1,
		[PORTRAIT],
		words('في الليل نصعد إلى سطح المدرسة ونعدّ النجوم معاً.', 3)
	),
	spec(
		'Counting the stars',
		'en',
		'small',
		1,
		[LANDSCAPE],
		words('My little brother counts to a hundred and then starts again.', 3)
	),
	spec(
		'Grandmother’s window',
		'en',
		'large',
		1,
		[PORTRAIT],
		words('From her window my grandmother watches the whole street and knows everyone by name.', 3)
	),
	spec(
		'מכתב',
		'he',
		'small',
		1,
		[PORTRAIT],
		words('כתבתי מכתב לעצמי בעוד עשר שנים והחבאתי אותו בקיר.', 3)
	)
];

interface Row {
	items: number;
	/** Of the grid's width, what no card and no gutter between cards covers. */
	emptyWidth: number;
	/** Of the row's band (grid width × its tallest card), what no card and no gutter covers. */
	emptyArea: number;
}

/** Each section's rows as drawn: cards grouped by their top edge. */
async function measureRows(page: Page): Promise<{ rows: Row[][]; gridShare: number }> {
	return page.evaluate(() => {
		const grids = Array.from(document.querySelectorAll('[data-testid="exhibition"] ul.grid'));
		const rows = grids.map((grid) => {
			const g = grid.getBoundingClientRect();
			const gap = parseFloat(getComputedStyle(grid).columnGap) || 0;
			const boxes = Array.from(grid.querySelectorAll(':scope > li')).map((li) =>
				li.getBoundingClientRect()
			);
			const bands: DOMRect[][] = [];
			for (const box of boxes) {
				const band = bands.find((b) => Math.abs(b[0]!.top - box.top) < 2);
				if (band) band.push(box);
				else bands.push([box]);
			}
			return bands.map((band) => {
				const widths = band.reduce((sum, b) => sum + b.width, 0) + gap * (band.length - 1);
				const height = Math.max(...band.map((b) => b.bottom)) - band[0]!.top;
				const area =
					band.reduce((sum, b) => sum + b.width * b.height, 0) + gap * (band.length - 1) * height;
				return {
					items: band.length,
					emptyWidth: 1 - widths / g.width,
					emptyArea: 1 - area / (g.width * height)
				};
			});
		});
		const widest = Math.max(...grids.map((g) => g.getBoundingClientRect().width));
		return { rows, gridShare: widest / document.documentElement.clientWidth };
	});
}

async function scrollThrough(page: Page) {
	await page.evaluate(async () => {
		// Let lazy images come in before a full-page picture.
		for (let y = 0; y < document.body.scrollHeight; y += 600) {
			window.scrollTo(0, y);
			await new Promise((r) => setTimeout(r, 60));
		}
		window.scrollTo(0, 0);
	});
	await page.waitForLoadState('networkidle');
}

test('the rows fill the page at 360, 768, 1440 and 1920 px; screenshots in he, ar and en', async ({
	browser,
	world
}) => {
	test.setTimeout(300_000);
	const { slug } = await publishedExhibition(world, { stories: MIXED, cover: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	const report: string[] = [];
	for (const width of WIDTHS) {
		for (const locale of ['he', 'ar', 'en'] as const) {
			const context = await browser.newContext({ viewport: { width, height: 900 } });
			await setLanguage(context, locale);
			const page = await context.newPage();
			await page.goto(`/exhibitions/${slug}`);
			await expect(page.getByTestId('exhibition-item')).toHaveCount(MIXED.length);
			if (locale === 'en') {
				const { rows, gridShare } = await measureRows(page);
				report.push(
					`${width}px: grid ${(gridShare * 100).toFixed(0)}% of the window; rows ` +
						rows
							.map((section) =>
								section
									.map(
										(r) =>
											`${r.items}:${(r.emptyWidth * 100).toFixed(1)}%/${(r.emptyArea * 100).toFixed(0)}%`
									)
									.join(' ')
							)
							.join(' | ')
				);
				// The exhibition uses the window: at most a margin on either side.
				expect(gridShare, `${width}px`).toBeGreaterThanOrEqual(width >= 1440 ? 0.85 : 0.88);
				for (const section of rows)
					for (const [i, row] of section.entries()) {
						// Across the row, every row — the last one too — is covered by cards and their
						// gutters (a rounding pixel aside): the engine fills each row exactly.
						expect(row.emptyWidth, `${width}px row ${i}`).toBeLessThanOrEqual(0.01);
						// The band under the row's tallest card: shorter cards leave some room below
						// them (photos keep their frames, words their length). A quarter at most,
						// except the last row of a section.
						if (i < section.length - 1)
							expect(row.emptyArea, `${width}px row ${i}`).toBeLessThanOrEqual(0.25);
					}
			}
			if (width !== 768) {
				if (width === 360) await expectNoHorizontalScroll(page);
				await scrollThrough(page);
				await page.screenshot({
					path: `${ARTIFACTS}/exhibition-${locale}-${width}.png`,
					fullPage: true
				});
			}
			await context.close();
		}
	}
	console.log(report.join('\n'));
});

test('the cover is not shown again as a story’s photo; its story is named under it', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	// The cover is the first story's only approved photo (exhibition-data.ts).
	const single = await publishedExhibition(world, { cover: true });
	// The cover is the first of the first story's two approved photos.
	const several = await publishedExhibition(world, { stories: MIXED, cover: true });
	const v = await visitor(browser, 'en');
	for (const { slug, shown } of [single, several]) {
		const coverId = shown[0]!.approvedPhotoIds[0]!;
		await v.page.goto(`/exhibitions/${slug}`);
		const cover = v.page.getByTestId('cover');
		await expect(cover.locator('img')).toHaveAttribute('src', new RegExp(`/media/${coverId}/`));
		await expect(cover.locator('figcaption')).toContainText('Cover photo from the story');
		await expect(cover.getByRole('link', { name: shown[0]!.spec.title })).toHaveAttribute(
			'href',
			`/exhibitions/${slug}/${shown[0]!.storyId}`
		);
		// Once on the page, in the cover only.
		const withCover = v.page.locator(`[data-testid="exhibition"] img[src*="/media/${coverId}/"]`);
		await expect(withCover).toHaveCount(1);
		const first = v.page.getByTestId('exhibition-item').first();
		if (shown[0]!.approvedPhotoIds.length > 1) {
			await expect(first.locator('.lead img')).toHaveAttribute(
				'src',
				new RegExp(`/media/${shown[0]!.approvedPhotoIds[1]}/`)
			);
			await expect(first.getByTestId('cover-note')).toHaveCount(0);
		} else {
			await expect(first.locator('img')).toHaveCount(0);
			await expect(first.getByTestId('cover-note')).toHaveText(
				'This story’s photo is the exhibition’s cover, above.'.replace(/’/g, "'")
			);
		}
	}
	await v.context.close();
});

test('the home page shows each public exhibition with its cover, title and introduction', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const { id, slug, title, shown } = await publishedExhibition(world, {
		stories: MIXED,
		cover: true
	});
	mkdirSync(ARTIFACTS, { recursive: true });
	for (const [locale, width] of [
		['en', 1440],
		['he', 360]
	] as const) {
		const context = await browser.newContext({ viewport: { width, height: 900 } });
		await setLanguage(context, locale);
		const page = await context.newPage();
		const response = await page.goto('/');
		expect(response?.headers()['cache-control']).toBe('no-cache');
		// Drawn by the server alone: no Svelte in the browser.
		await expect(page.locator('script:not([src^="/js/"])')).toHaveCount(0);
		// The project in two sentences.
		const about = (await page.getByTestId('home-about').textContent())!.trim();
		expect(about.split(/(?<=[.!?])\s+/).filter(Boolean)).toHaveLength(2);
		const card = page
			.getByTestId('public-exhibitions')
			.locator('li')
			.filter({ has: page.locator(`a[href="/exhibitions/${slug}"]`) });
		await expect(card).toHaveCount(1);
		if (locale === 'en') {
			await expect(card.getByRole('heading', { level: 3 })).toHaveText(title);
			await expect(card.locator('.excerpt')).toHaveText(
				'People photographed in the roles they play, shown as they chose to be shown.'
			);
		} else
			await expect(card.getByRole('heading', { level: 3 })).toHaveText('התפקידים שאנחנו ממלאים');
		// The cover, a public derivative of that exhibition, through the gate.
		const img = card.locator('img');
		await expect(img).toHaveAttribute(
			'src',
			new RegExp(`^/media/${shown[0]!.approvedPhotoIds[0]}/.+\\?in=e\\.${id}$`)
		);
		expect((await page.request.get((await img.getAttribute('src'))!)).status()).toBe(200);
		expect(Number(await img.getAttribute('width'))).toBeGreaterThan(0);
		if (width === 360) await expectNoHorizontalScroll(page);
		await expectAccessible(page, `home (${locale})`);
		await scrollThrough(page);
		await page.screenshot({ path: `${ARTIFACTS}/home-${locale}-${width}.png`, fullPage: true });
		await context.close();
	}
});

/** The opacity the element is drawn with: its own times its ancestors'. */
function drawnOpacity(page: Page, selector: string) {
	return page.evaluate((s) => {
		let el = document.querySelector(s) as Element | null;
		let opacity = 1;
		while (el) {
			opacity *= Number(getComputedStyle(el).opacity);
			el = el.parentElement;
		}
		return opacity;
	}, selector);
}

/** The focused element's drawn opacity (1: visible), or null when nothing has focus. */
function focusedOpacity(page: Page) {
	return page.evaluate(() => {
		let el = document.activeElement;
		if (!el || el === document.body) return null;
		let opacity = 1;
		while (el) {
			opacity *= Number(getComputedStyle(el).opacity);
			el = el.parentElement;
		}
		return opacity;
	});
}

test('the wall opens clean; a pointer or a key shows the header and controls, which hide again', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const { slug } = await publishedExhibition(world, { stories: MIXED });
	mkdirSync(ARTIFACTS, { recursive: true });
	const wall = `/exhibitions/${slug}/wall?interval=120`;
	for (const locale of ['en', 'he'] as const) {
		const v = await visitor(browser, locale);
		const { page } = v;
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(wall);
		const root = page.getByTestId('wall');
		// Clean: the slide over the whole window, nothing else drawn.
		await expect(root).toHaveAttribute('data-chrome', 'hidden');
		await expect.poll(() => drawnOpacity(page, '.site-header')).toBe(0);
		await expect.poll(() => drawnOpacity(page, '[data-testid="wall-toggle"]')).toBe(0);
		await expect.poll(() => drawnOpacity(page, '[data-testid="wall-counter"]')).toBe(0);
		expect(await root.boundingBox()).toEqual({ x: 0, y: 0, width: 1440, height: 900 });
		await expect(page.locator('[data-testid="wall-slide"][data-active] img')).toBeInViewport();
		await expectAccessible(page, `wall, clean (${locale})`);
		if (locale === 'en') {
			await page.waitForLoadState('networkidle');
			await page.screenshot({ path: `${ARTIFACTS}/wall-en-1440.png` });
		}

		// A pointer moves: header and controls appear; without input they go again.
		await page.mouse.move(700, 400);
		await page.mouse.move(720, 420);
		await expect(root).toHaveAttribute('data-chrome', 'shown');
		await expect.poll(() => drawnOpacity(page, '.site-header')).toBe(1);
		await expect.poll(() => drawnOpacity(page, '[data-testid="wall-toggle"]')).toBe(1);
		await expect(page.getByTestId('quick-exit')).toBeInViewport();
		await expectAccessible(page, `wall, controls shown (${locale})`);
		await expect(root).toHaveAttribute('data-chrome', 'hidden', { timeout: 6_000 });

		// A key: the same.
		await page.keyboard.press(locale === 'he' ? 'ArrowLeft' : 'ArrowRight');
		await expect(root).toHaveAttribute('data-chrome', 'shown');
		await expect(root).toHaveAttribute('data-chrome', 'hidden', { timeout: 6_000 });

		// Tab from the clean screen: focus lands on a control that is drawn, and it stays drawn
		// while keyboard focus is on it.
		for (let i = 0; i < 6; i++) {
			await page.keyboard.press('Tab');
			expect(await focusedOpacity(page)).not.toBe(0);
			await expect.poll(() => focusedOpacity(page)).toBe(1);
		}
		await page.waitForTimeout(4_000);
		await expect(root).toHaveAttribute('data-chrome', 'shown');
		expect(await focusedOpacity(page)).toBe(1);
		await v.context.close();
	}

	// Reduced motion: nothing fades.
	const reduced = await visitor(browser, 'en');
	await reduced.page.emulateMedia({ reducedMotion: 'reduce' });
	await reduced.page.goto(wall);
	await expect(reduced.page.getByTestId('wall')).toHaveAttribute('data-chrome', 'hidden');
	for (const selector of ['.site-header', '.wall .controls'])
		expect(
			await reduced.page
				.locator(selector)
				.evaluate((el) => getComputedStyle(el).transitionDuration),
			selector
		).toBe('0s');
	await reduced.context.close();

	// Without a script: the wall as before, header and controls drawn, the first slide shown.
	const context = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 1440, height: 900 }
	});
	await setLanguage(context, 'en');
	const page = await context.newPage();
	await page.goto(wall);
	await expect(page.getByTestId('wall')).toHaveAttribute('data-chrome', 'shown');
	await expect(page.locator('.site-header')).toBeVisible();
	await expect(page.getByTestId('wall-toggle')).toBeVisible();
	expect(await drawnOpacity(page, '[data-testid="wall-toggle"]')).toBe(1);
	await expect(page.locator('[data-testid="wall-slide"][data-active] img')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Back to the exhibition' })).toBeVisible();
	await context.close();
});

test('axe: the exhibition page in he and en at 1440 px', async ({ browser, world }) => {
	test.setTimeout(120_000);
	const { slug } = await publishedExhibition(world, { stories: MIXED, cover: true });
	for (const locale of ['he', 'en'] as const) {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await setLanguage(context, locale);
		const page = await context.newPage();
		await page.goto(`/exhibitions/${slug}`);
		await expectAccessible(page, `exhibition (${locale}, 1440)`);
		await context.close();
	}
});
