// Long lists a page at a time (src/lib/server/paging.ts): the curators' pool with a small
// PAGE_SIZE on its own server — plain links that work without JavaScript, keep the filters,
// say "Showing 3–4 of 5" in the visitor's language, and pass axe, in Hebrew (RTL) too.
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openDatabase } from '../../src/lib/server/db';
import { ownStory } from '../../src/lib/server/access';
import { shareStory } from '../../src/lib/server/consent';
import {
	createStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import { newId } from '../../src/lib/server/ids';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { MIGRATIONS, giveRole, makeUser, makeWorld, sessionFor } from '../fixtures/factories';
import { startServer, type RunningServer } from './server';
import type { Locale } from '../../src/lib/localized';

let server: RunningServer | undefined;
test.afterAll(async () => {
	await server?.stop();
});

/** Five stories shared with the curators of a new initiative, and a curator's session. */
async function arrangePool(dataDir: string) {
	const { db, client } = await openDatabase({
		url: `file:${join(dataDir, 'app.db')}`,
		migrationsDir: MIGRATIONS
	});
	const world = await makeWorld(db);
	const owner = await makeUser(db);
	await giveRole(db, owner, world.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, world.initiativeId, 'curator');
	for (let i = 1; i <= 5; i += 1) {
		const id = await createStory(db, owner, {
			initiativeId: world.initiativeId,
			title: `Pooled story ${i}`,
			language: 'en'
		});
		const own = async () => (await ownStory(db, owner, id))!;
		const photoId = newId();
		await insertPhoto(db, await own(), {
			id: photoId,
			masterKey: `m/${photoId}`,
			masterWidth: 10,
			masterHeight: 10,
			framing: DEFAULT_FRAMING,
			width: 10,
			height: 10,
			thumbhash: '',
			derivatives: []
		});
		await updatePhotoText(db, await own(), photoId, { altText: 'A photo', caption: '' });
		await setStoryStatus(db, await own(), 'finished');
		expect(await shareStory(db, await own(), { text: 'share', locale: 'en' })).toBe('ok');
	}
	const { token } = await sessionFor(db, curator);
	client.close();
	return { initiativeId: world.initiativeId, token };
}

async function curatorPage(
	browser: Browser,
	token: string,
	locale: Locale,
	javaScriptEnabled = true
) {
	const context = await browser.newContext({ javaScriptEnabled });
	await context.addCookies([
		{ name: 'lang', value: locale, url: server!.url, sameSite: 'Lax' },
		{ name: 'session', value: token, url: server!.url, httpOnly: true, sameSite: 'Lax' }
	]);
	return { context, page: await context.newPage() };
}

async function expectAccessible(page: import('@playwright/test').Page, label: string) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
		label
	).toEqual([]);
}

test('the pool is shown a page at a time, with plain links, in every language', async ({
	browser
}) => {
	test.setTimeout(120_000);
	server = await startServer({ env: { PAGE_SIZE: '2' } });
	const { initiativeId, token } = await arrangePool(server.dataDir);
	const pool = `${server.url}/curate/${initiativeId}/pool`;

	// Without JavaScript: the links are plain links.
	{
		const { context, page } = await curatorPage(browser, token, 'en', false);
		await page.goto(pool);
		const pager = page.getByTestId('pager');
		await expect(pager.getByTestId('pager-showing')).toHaveText('Showing 1–2 of 5');
		await expect(page.getByTestId('pool').getByRole('heading', { level: 2 })).toHaveCount(2);
		// Most recently shared first.
		await expect(page.getByTestId('pool').getByRole('heading', { level: 2 })).toHaveText([
			'Pooled story 5',
			'Pooled story 4'
		]);
		await expect(pager.getByRole('link', { name: 'Previous page' })).toHaveCount(0);
		await pager.getByRole('link', { name: 'Next page' }).click();
		await expect(page).toHaveURL(/\/pool\?page=2$/);
		await expect(pager.getByTestId('pager-showing')).toHaveText('Showing 3–4 of 5');
		await expect(pager.getByText('Page 2 of 3')).toBeVisible();
		await pager.getByRole('link', { name: 'Next page' }).click();
		await expect(pager.getByTestId('pager-showing')).toHaveText('Showing 5–5 of 5');
		await expect(page.getByTestId('pool').getByRole('heading', { level: 2 })).toHaveText([
			'Pooled story 1'
		]);
		await expect(pager.getByRole('link', { name: 'Next page' })).toHaveCount(0);
		// A page past the end shows the last one; a page that is not a number, the first.
		await page.goto(`${pool}?page=99`);
		await expect(pager.getByTestId('pager-showing')).toHaveText('Showing 5–5 of 5');
		await page.goto(`${pool}?page=x`);
		await expect(pager.getByTestId('pager-showing')).toHaveText('Showing 1–2 of 5');
		// The filters stay on every page.
		await page.goto(`${pool}?language=en`);
		await expect(pager.getByRole('link', { name: 'Next page' })).toHaveAttribute(
			'href',
			`/curate/${initiativeId}/pool?language=en&page=2`
		);
		await expect(page.getByTestId('pool-results')).toHaveText('Stories shown: 5 of 5.');
		await context.close();
	}

	// With JavaScript, by keyboard, in Hebrew (right to left), and axe-clean.
	{
		const { context, page } = await curatorPage(browser, token, 'he');
		await page.goto(pool);
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		const pager = page.getByTestId('pager');
		await expect(pager).toHaveAttribute('aria-label', 'עמודים');
		await expect(pager.getByTestId('pager-showing')).toHaveText('מוצגים 1–2 מתוך 5');
		await expectAccessible(page, 'pool page 1 (he)');
		const next = pager.getByRole('link', { name: 'העמוד הבא' });
		await next.focus();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/pool\?page=2$/);
		await expect(pager.getByTestId('pager-showing')).toHaveText('מוצגים 3–4 מתוך 5');
		await expect(pager.getByRole('link', { name: 'העמוד הקודם' })).toBeVisible();
		await expectAccessible(page, 'pool page 2 (he)');
		await context.close();
	}

	// Arabic.
	{
		const { context, page } = await curatorPage(browser, token, 'ar');
		await page.goto(`${pool}?page=3`);
		await expect(page.getByTestId('pager-showing')).toHaveText('عرض 5–5 من 5');
		await expect(page.getByRole('link', { name: 'الصفحة السابقة' })).toBeVisible();
		await context.close();
	}
});
