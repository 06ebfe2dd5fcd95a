import type { Page } from '@playwright/test';
import { expect, personWithRole, setLanguage, signIn, test } from './fixtures';
import { publishedExhibition } from './exhibition-data';

const NEUTRAL = 'https://www.google.com/search?q=weather';

async function neutralSite(page: Page) {
	// The machine has no internet: stand in for the neutral site.
	await page.route('https://www.google.com/**', (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' })
	);
}

test('one click replaces the page with a neutral site, Back does not return, and the session ends', async ({
	page,
	context,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	await setLanguage(context, 'he');
	await signIn(context, participant);
	await neutralSite(page);
	await page.goto('/safety');
	await page.goto(`/participate/${world.initiativeId}`);
	await expect(page.getByRole('heading', { level: 1, name: 'הסיפורים שלי' })).toBeVisible();
	await expect(page.locator('[data-testid="quick-exit"][data-armed]')).toBeVisible();

	await page.getByTestId('quick-exit').click();
	await expect(page).toHaveURL(NEUTRAL);
	await expect(page.getByRole('heading', { name: 'Weather' })).toBeVisible();
	await page.goBack();
	// The participant page was replaced in history: Back lands on the page before it.
	await expect(page).toHaveURL(/\/safety$/);
	await page.goto(`/participate/${world.initiativeId}`);
	await expect(page).toHaveURL(/\/login/);
});

test('Escape pressed twice leaves as well; the control is reachable by keyboard', async ({
	page,
	context,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	await setLanguage(context, 'en');
	await signIn(context, participant);
	await neutralSite(page);
	await page.goto(`/participate/${world.initiativeId}`);
	await expect(page.locator('[data-testid="quick-exit"][data-armed]')).toBeVisible();
	await page.keyboard.press('Escape');
	await page.waitForTimeout(200);
	await expect(page).toHaveURL(new RegExp(`/participate/${world.initiativeId}$`));
	await page.keyboard.press('Escape');
	await expect(page).toHaveURL(NEUTRAL);

	await page.goto('/safety');
	await expect(page.locator('[data-testid="quick-exit"][data-armed]')).toBeVisible();
	// Skip link first, then the brand, then quick exit.
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('quick-exit')).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(NEUTRAL);
});

test('people who hold no participant role do not get the control; everyone logged out does', async ({
	browser,
	world
}) => {
	const partner = await personWithRole(world, 'partner');
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByTestId('quick-exit')).toBeVisible();
	await signIn(context, partner);
	await page.goto(`/partner/${world.initiativeId}`);
	await expect(page.getByTestId('quick-exit')).toHaveCount(0);
	await context.close();
});

test('on the pages the server draws alone (an exhibition, a story), quick exit works the same', async ({
	page,
	context,
	world
}) => {
	const { slug, shown } = await publishedExhibition(world);
	const participant = await personWithRole(world, 'participant');
	await setLanguage(context, 'he');
	await signIn(context, participant);
	await neutralSite(page);
	await page.goto('/safety');
	await page.goto(`/exhibitions/${slug}`);
	// No Svelte in the browser here: only the small static scripts.
	await expect(page.locator('script[src^="/_app/"]')).toHaveCount(0);
	await expect(page.locator('[data-testid="quick-exit"][data-armed]')).toBeVisible();
	await page.getByTestId('quick-exit').click();
	await expect(page).toHaveURL(NEUTRAL);
	await page.goBack();
	await expect(page).toHaveURL(/\/safety$/);
	await page.goto(`/participate/${world.initiativeId}`);
	await expect(page).toHaveURL(/\/login/);

	// Escape twice on a story page, with the photo viewer open: the first closes it, the
	// second leaves.
	await signIn(context, participant);
	await page.goto(`/exhibitions/${slug}/${shown[0]!.storyId}`);
	await expect(page.locator('[data-testid="quick-exit"][data-armed]')).toBeVisible();
	await page.locator('a[data-lightbox-photo]').first().click();
	await expect(page.getByTestId('lightbox')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('lightbox')).toBeHidden();
	await expect(page).toHaveURL(new RegExp(`/exhibitions/${slug}/`));
	await page.keyboard.press('Escape');
	await expect(page).toHaveURL(NEUTRAL);
});
