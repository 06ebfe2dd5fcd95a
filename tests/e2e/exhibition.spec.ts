import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	imageUrls,
	personWithRole,
	setLanguage,
	signIn,
	test
} from './fixtures';
import { publishedExhibition } from './exhibition-data';
import { makeUser } from '../fixtures/factories';

test('an anonymous visitor sees the exhibition in order, at its sizes, with the chosen names and approved photos only', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const { slug, shown } = await publishedExhibition(world, { cover: true });
	const context = await browser.newContext();
	await setLanguage(context, 'en');
	const page = await context.newPage();
	await page.goto('/');
	await page
		.getByTestId('public-exhibitions')
		.getByRole('link', { name: /Roles we play/ })
		.first()
		.click();
	await expect(page).toHaveURL(new RegExp(`/exhibitions/${slug}$`));

	const approved = shown.filter((s) => (s.spec.state ?? 'approved') === 'approved');
	const items = page.getByTestId('exhibition-item');
	await expect(items).toHaveCount(approved.length);
	// Order: section by section, in the order they were placed; sizes as placed.
	const expected = [...approved].sort((a, b) => a.spec.section - b.spec.section);
	for (const [i, s] of expected.entries()) {
		const item = items.nth(i);
		await expect(item.getByRole('heading', { level: 3 })).toHaveText(s.spec.title);
		await expect(item).toHaveAttribute('data-size', s.spec.size);
		await expect(item.locator('article')).toHaveAttribute('lang', s.spec.language);
		const byline = item.getByTestId('byline');
		if (s.spec.attribution === 'pseudonym')
			await expect(byline).toHaveText(`By ${s.spec.pseudonym}`);
		else if (s.spec.attribution === 'own_name')
			await expect(byline).toHaveText(`By ${s.spec.displayName}`);
		else await expect(byline).toHaveText('Shared anonymously');
	}
	await expect(page.getByText('Waiting to be asked')).toHaveCount(0);

	// Images: only approved photos, all in this exhibition's context, all loading.
	const urls = await imageUrls(page, '[data-testid="exhibition"]');
	const approvedIds = approved.flatMap((s) => s.approvedPhotoIds);
	const hiddenIds = shown.flatMap((s) => [
		...s.otherPhotoIds,
		...((s.spec.state ?? 'approved') === 'approved' ? [] : s.approvedPhotoIds)
	]);
	for (const url of urls) {
		expect(
			approvedIds.some((id) => url.includes(id)),
			url
		).toBe(true);
		expect(
			hiddenIds.some((id) => url.includes(id)),
			url
		).toBe(false);
	}
	for (const url of urls.slice(0, 12))
		expect((await page.request.get(url)).status(), url).toBe(200);
	// Layout without shift: every image carries its size and a placeholder; below the fold, lazy.
	const imgs = await page.evaluate(() =>
		Array.from(document.querySelectorAll('[data-testid="exhibition"] img')).map((img) => ({
			w: img.getAttribute('width'),
			h: img.getAttribute('height'),
			loading: img.getAttribute('loading'),
			bg: (img as HTMLElement).style.backgroundImage
		}))
	);
	expect(imgs.every((i) => Number(i.w) > 0 && Number(i.h) > 0)).toBe(true);
	expect(imgs.filter((i) => i.bg.startsWith('url("data:image/png')).length).toBeGreaterThan(0);
	expect(imgs.some((i) => i.loading === 'lazy')).toBe(true);
	expect(imgs[0]?.loading).toBe('eager');
	// Social preview: a public, consented photo.
	const og = await page.locator('meta[property="og:image"]').getAttribute('content');
	expect(og).toContain(`in=e.`);
	expect((await page.request.get(og!)).status()).toBe(200);
	await context.close();
});

test('the lightbox: keyboard in both directions, swipe, and focus back where it was', async ({
	browser,
	world
}) => {
	const { slug } = await publishedExhibition(world);
	for (const locale of ['en', 'he'] as const) {
		const context = await browser.newContext();
		await setLanguage(context, locale);
		const page = await context.newPage();
		await page.goto(`/exhibitions/${slug}`);
		const first = page.getByTestId('exhibition-item').first().locator('.photo-link').first();
		await expect(page.locator('[data-testid="exhibition-item"] .photo-link').first()).toBeVisible();
		await page.waitForFunction(
			() => document.querySelector('dialog[data-testid="lightbox"]') !== null
		);
		await first.focus();
		await page.keyboard.press('Enter');
		const dialog = page.getByTestId('lightbox');
		await expect(dialog).toBeVisible();
		await expect(dialog.getByText(/^1 (of|מתוך) \d+$/)).toBeVisible();
		await page.keyboard.press(locale === 'he' ? 'ArrowLeft' : 'ArrowRight'); // forward in reading direction
		await expect(dialog.getByText(/^2 (of|מתוך) \d+$/)).toBeVisible();
		await page.keyboard.press(locale === 'he' ? 'ArrowRight' : 'ArrowLeft');
		await expect(dialog.getByText(/^1 (of|מתוך) \d+$/)).toBeVisible();
		await page.keyboard.press('End');
		await expect(dialog.getByText(/^(\d+) (of|מתוך) \1$/)).toBeVisible();
		// Swipe against the reading direction: the next photo (wrapping to the first).
		const box = (await dialog.locator('.frame').boundingBox())!;
		const y = box.y + box.height / 3;
		const [from, to] = locale === 'he' ? [box.x + 100, box.x + 400] : [box.x + 400, box.x + 100];
		await page.mouse.move(from, y);
		await page.mouse.down();
		await page.mouse.move(to, y, { steps: 4 });
		await page.mouse.up();
		await expect(dialog.getByText(/^1 (of|מתוך) \d+$/)).toBeVisible();
		await expectAccessible(page, `lightbox (${locale})`);
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(first).toBeFocused();
		await context.close();
	}
});

test('a partner reaches a partner-only exhibition from the initiative page and from a theme page; others get 404', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const { slug } = await publishedExhibition(world, { audience: 'partners' });
	const partner = await personWithRole(world, 'partner', [world.workingGroupIds[0]]);
	const context = await browser.newContext();
	await setLanguage(context, 'en');
	await signIn(context, partner);
	const page = await context.newPage();
	await page.goto(`/partner/${world.initiativeId}`);
	await page
		.getByTestId('partner-exhibitions')
		.getByRole('link', { name: /Roles we play/ })
		.click();
	await expect(page).toHaveURL(new RegExp(`/exhibitions/${slug}$`));
	await expect(page.getByTestId('audience-note')).toBeVisible();
	await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
	await expect(page.locator('meta[property="og:image"]')).toHaveCount(0);

	// From the theme page: the theme's question, then the exhibition and its stories.
	await page.goto(`/partner/${world.initiativeId}`);
	await page.getByRole('link', { name: 'Safe housing' }).click();
	await expect(page.getByTestId('theme-question')).toHaveText('How can housing be safe?');
	await expectAccessible(page, 'theme (en)');
	await page
		.getByTestId('theme-exhibition')
		.getByRole('link', { name: /Roles we play/ })
		.click();
	await expect(page).toHaveURL(new RegExp(`/exhibitions/${slug}$`));
	await context.close();

	// Outside the audience: 404, for anonymous visitors and for members of another initiative.
	const outsider = await makeUser(await appDb());
	for (const who of [null, outsider]) {
		const c = await browser.newContext();
		if (who) await signIn(c, who);
		const p = await c.newPage();
		expect((await p.goto(`/exhibitions/${slug}`))?.status()).toBe(404);
		// The theme itself is named to outsiders only through an exhibition they may see.
		expect((await p.goto(`/themes/${world.themeIds[0]}`))?.status()).toBe(404);
		await c.close();
	}
});

// The exhibition's screenshots (he, ar, en × 360, 1440, 1920) are written by layout.spec.ts.
test('the exhibition pages pass axe in he, ar and en at 360 and 1440 px', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const { slug, shown } = await publishedExhibition(world, { cover: true });
	const storyId = shown[0]!.storyId;
	for (const locale of ['he', 'ar', 'en'] as const) {
		for (const width of [360, 1440]) {
			const context = await browser.newContext({
				viewport: { width, height: width === 360 ? 780 : 900 }
			});
			await setLanguage(context, locale);
			const page = await context.newPage();
			for (const path of [
				`/exhibitions/${slug}`,
				`/exhibitions/${slug}/${storyId}`,
				`/themes/${world.themeIds[0]}`
			]) {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('dir', locale === 'en' ? 'ltr' : 'rtl');
				if (width === 360) await expectNoHorizontalScroll(page);
				await expectAccessible(page, `${path} (${locale}, ${width})`);
			}
			await context.close();
		}
	}
});
