// The public reading pages are drawn by the server and need no script (docs/media.md, issue 11
// target 5): with JavaScript off they show every story, photo and word; with it on, an
// anonymous visitor of an exhibition downloads at most 50 KB of gzip'd script.
import type { Page } from '@playwright/test';
import { expect, expectNoHorizontalScroll, setLanguage, test } from './fixtures';
import { publishedExhibition } from './exhibition-data';

/** Bytes of script this page made the browser transfer (headers included), by file. */
async function scriptBytes(page: Page) {
	return page.evaluate(() =>
		(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
			.filter((e) => new URL(e.name).pathname.endsWith('.js'))
			.map((e) => ({ url: new URL(e.name).pathname, transfer: e.transferSize }))
	);
}

test('an anonymous visitor of an exhibition downloads at most 50 KB of script; home and login less', async ({
	browser,
	world
}) => {
	const { slug } = await publishedExhibition(world, { cover: true });
	const report: string[] = [];
	for (const [path, limit] of [
		[`/exhibitions/${slug}`, 50_000],
		['/', 70_000],
		['/login', 70_000]
	] as const) {
		const context = await browser.newContext();
		await setLanguage(context, 'en');
		const page = await context.newPage();
		await page.goto(path, { waitUntil: 'networkidle' });
		const scripts = await scriptBytes(page);
		const total = scripts.reduce((sum, s) => sum + s.transfer, 0);
		report.push(`${path}: ${scripts.length} files, ${total} bytes`);
		expect(total, `${path}: ${JSON.stringify(scripts)}`).toBeLessThanOrEqual(limit);
		await context.close();
	}
	console.log(report.join('\n'));
});

test('the largest image of an exhibition is preloaded and fetched first; the layout does not shift', async ({
	browser,
	world
}) => {
	const { slug } = await publishedExhibition(world, { cover: true });
	const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
	await setLanguage(context, 'he');
	const page = await context.newPage();
	await page.goto(`/exhibitions/${slug}`, { waitUntil: 'networkidle' });
	const cover = page.locator('.cover img');
	await expect(cover).toHaveAttribute('fetchpriority', 'high');
	await expect(cover).toHaveAttribute('loading', 'eager');
	// The preload names the same files and sizes as the cover's first <source>.
	const preload = page.locator('head link[rel="preload"][as="image"]');
	await expect(preload).toHaveCount(1);
	await expect(preload).toHaveAttribute('fetchpriority', 'high');
	const source = page.locator('.cover source').first();
	expect(await preload.getAttribute('imagesrcset')).toBe(await source.getAttribute('srcset'));
	expect(await preload.getAttribute('imagesizes')).toBe(await source.getAttribute('sizes'));
	expect(await preload.getAttribute('type')).toBe(await source.getAttribute('type'));
	// Only that one is fetched first; every image has its size before it arrives.
	await expect(page.locator('img[fetchpriority="high"]')).toHaveCount(1);
	const sizes = await page
		.locator('main img')
		.evaluateAll((all) => all.map((i) => [i.getAttribute('width'), i.getAttribute('height')]));
	expect(sizes.every(([w, h]) => Number(w) > 0 && Number(h) > 0)).toBe(true);
	// Cumulative layout shift while the page loads and is scrolled through: at most 0.02.
	const shift = await page.evaluate(async () => {
		let total = 0;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as (PerformanceEntry & {
				value: number;
				hadRecentInput: boolean;
			})[])
				if (!entry.hadRecentInput) total += entry.value;
		}).observe({ type: 'layout-shift', buffered: true });
		for (let y = 0; y < document.body.scrollHeight; y += 500) {
			window.scrollTo(0, y);
			await new Promise((r) => setTimeout(r, 80));
		}
		await new Promise((r) => setTimeout(r, 300));
		return total;
	});
	console.log(`layout shift: ${shift}`);
	expect(shift).toBeLessThanOrEqual(0.02);
	await context.close();
});

/** Every image in the scope has arrived (none broken, none waiting for a script). */
async function expectPhotosLoaded(page: Page, scope: string, atLeast: number) {
	const imgs = page.locator(`${scope} img`);
	expect(await imgs.count()).toBeGreaterThanOrEqual(atLeast);
	await expect
		.poll(() =>
			imgs.evaluateAll(
				(all) =>
					(all as HTMLImageElement[]).filter((i) => !i.complete || i.naturalWidth === 0).length
			)
		)
		.toBe(0);
}

test('with JavaScript off, the exhibition, a story and a theme are whole, in he and en', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const { slug, shown } = await publishedExhibition(world, { cover: true, informTheme: true });
	const approved = shown.filter((s) => (s.spec.state ?? 'approved') === 'approved');
	const story = approved.find((s) => s.approvedPhotoIds.length > 1)!;
	for (const locale of ['he', 'en'] as const) {
		const context = await browser.newContext({
			javaScriptEnabled: false,
			viewport: { width: 360, height: 780 }
		});
		await setLanguage(context, locale);
		const page = await context.newPage();
		const dir = locale === 'en' ? 'ltr' : 'rtl';
		// (axe needs a script in the page; these pages are the same markup with scripts on,
		// where exhibition.spec.ts and accessibility.spec.ts run it.)

		// The exhibition: every approved story with its title, byline, words and photos.
		await page.goto(`/exhibitions/${slug}`);
		await expect(page.locator('html')).toHaveAttribute('dir', dir);
		await expect(page.locator('script:not([src^="/js/"])')).toHaveCount(0);
		const items = page.getByTestId('exhibition-item');
		await expect(items).toHaveCount(approved.length);
		for (const s of approved) {
			const item = items.filter({ has: page.getByRole('heading', { name: s.spec.title }) });
			await expect(item).toHaveCount(1);
			const firstParagraph = s.spec.narrative.split('\n\n')[0]!;
			await expect(item.getByText(firstParagraph)).toBeVisible();
			await expect(item.getByTestId('byline')).not.toBeEmpty();
		}
		await expectPhotosLoaded(page, '[data-testid="exhibition"]', approved.length + 1);
		await expectNoHorizontalScroll(page);

		// A photo is a link to its story's page, where the photo is.
		const photoLink = items
			.filter({ has: page.getByRole('heading', { name: story.spec.title }) })
			.locator('a.photo-link')
			.first();
		await photoLink.click();
		await expect(page).toHaveURL(new RegExp(`/exhibitions/${slug}/${story.storyId}#photo-1$`));
		await expect(page.getByRole('heading', { level: 1, name: story.spec.title })).toBeVisible();
		for (const paragraph of story.spec.narrative.split('\n\n'))
			await expect(page.getByText(paragraph)).toBeVisible();
		await expect(page.locator('article.story figure img')).toHaveCount(
			story.approvedPhotoIds.length
		);
		await expectPhotosLoaded(page, 'article.story', story.approvedPhotoIds.length);
		await expectNoHorizontalScroll(page);
		// Without the viewer, a photo opens its image.
		const href = await page
			.locator('article.story a[data-lightbox-photo]')
			.first()
			.getAttribute('href');
		expect(href).toMatch(/^\/media\/.+\.jpg\?in=e\./);
		expect((await page.request.get(href!)).status()).toBe(200);

		// The theme: the exhibition and its stories, each with its photo.
		await page.goto(`/themes/${world.themeIds[0]}`);
		await expect(page.locator('html')).toHaveAttribute('dir', dir);
		const exhibition = page
			.getByTestId('theme-exhibition')
			.filter({ has: page.getByRole('link', { name: /Roles we play|התפקידים/ }) });
		await expect(exhibition).toHaveCount(1);
		for (const s of approved)
			await expect(exhibition.getByRole('link', { name: s.spec.title })).toBeVisible();
		await expectPhotosLoaded(page, '[data-testid="theme-exhibition"]', approved.length);
		await expectNoHorizontalScroll(page);
		await context.close();
	}
});
