import { expect, test } from './fixtures';

const cases = [
	{
		locale: 'he-IL',
		acceptLanguage: 'he-IL,he;q=0.9',
		lang: 'he',
		dir: 'rtl',
		heading: 'סיפורים בתמונות ובמילים'
	},
	{
		locale: 'ar-IL',
		acceptLanguage: 'ar-IL,ar;q=0.9,en;q=0.5',
		lang: 'ar',
		dir: 'rtl',
		heading: 'قصص بالصور والكلمات'
	},
	{
		locale: 'en-GB',
		acceptLanguage: 'en-GB,en;q=0.9',
		lang: 'en',
		dir: 'ltr',
		heading: 'Stories in photos and words'
	},
	{
		locale: 'fr-FR',
		acceptLanguage: 'fr-FR,fr;q=0.9',
		lang: 'he',
		dir: 'rtl',
		heading: 'סיפורים בתמונות ובמילים'
	}
];

for (const c of cases) {
	test(`first visit with Accept-Language ${c.acceptLanguage} is served in ${c.lang}, from the first byte`, async ({
		browser,
		request
	}) => {
		const raw = await request.get('/', { headers: { 'Accept-Language': c.acceptLanguage } });
		expect(await raw.text()).toContain(`<html lang="${c.lang}" dir="${c.dir}">`);
		// The browser's own language sends its Accept-Language.
		const context = await browser.newContext({ locale: c.locale });
		const page = await context.newPage();
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toContainText(c.heading);
		await context.close();
	});
}

test('the switcher changes the language on any page and the choice is remembered', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'he-IL' });
	const page = await context.newPage();
	await page.goto('/safety');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page).toHaveURL(/\/safety$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staying safe');
	await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);

	// Remembered across pages and visits, although the browser still asks for Hebrew.
	await page.goto('/login');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
	await page.getByRole('button', { name: 'العربية' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	const later = await context.newPage();
	await later.goto('/');
	await expect(later.locator('html')).toHaveAttribute('lang', 'ar');
	await context.close();
});

test('errors speak the visitor language and show no stack trace', async ({ browser }) => {
	for (const [locale, text] of [
		['he', 'הדף לא נמצא'],
		['en', 'Page not found'],
		['ar', 'الصفحة غير موجودة']
	] as const) {
		const context = await browser.newContext({ locale });
		const page = await context.newPage();
		const response = await page.goto('/no/such/page');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(text);
		expect(await page.content()).not.toMatch(/at .*\.js:\d+/);
		await context.close();
	}
});
