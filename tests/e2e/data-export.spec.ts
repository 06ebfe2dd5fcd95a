// "Download my data": a participant finds it from their account, reads what it holds, downloads
// the zip, and opens its page offline; a logged-out or cross-site request gets nothing; a
// participant whose role ended still gets their stories; a second export at once is refused.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import {
	BASE_URL,
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	test,
	visitor
} from './fixtures';
import { sharedStory } from './arrange';
import { giveRole, makeUser } from '../fixtures/factories';
import { endMembership } from '../../src/lib/server/consent/membership';
import { endLease, takeLease } from '../../src/lib/server/export/lease';
import type { Page } from '@playwright/test';

test.describe.configure({ timeout: 180_000 });

const HOSTILE = 'הספסל <img src=x onerror="document.title=1">';

/** Clicks the download button and reads the zip the browser saved. */
async function downloadFrom(page: Page) {
	const [download] = await Promise.all([
		page.waitForEvent('download', { timeout: 120_000 }),
		page.getByTestId('data-download').first().click()
	]);
	const path = await download.path();
	const files = unzipSync(new Uint8Array(await readFile(path)));
	return { name: download.suggestedFilename(), files };
}

test('a participant downloads their data in Hebrew and reads it offline', async ({
	browser,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const neighbour = await personWithRole(world, 'participant');
	await sharedStory(world, participant, {
		title: HOSTILE,
		language: 'he',
		narrative: 'ישבתי על הספסל.\n\nואז <script>alert(1)</script>',
		photos: [{ alt: 'ספסל ליד הים', caption: 'בבוקר' }]
	});
	await sharedStory(world, neighbour, { title: 'NEIGHBOUR STORY', narrative: 'NEIGHBOUR WORDS' });

	const { context, page } = await visitor(browser, 'he', participant);
	await page.goto('/account');
	await page.getByRole('link', { name: 'להורדת עותק של המידע שלי' }).click();
	await expect(page).toHaveURL(/\/account\/data$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('הורדת המידע שלי');
	await expect(page.getByText('בקובץ יש תמונות פרטיות')).toBeVisible();
	await expect(page.getByTestId('data-summary')).toContainText('סיפורים: 1. תמונות: 1.');

	const response = page.waitForResponse((r) => r.url().endsWith('/account/data/download'));
	const { name, files } = await downloadFrom(page);
	const headers = (await response).headers();
	expect(headers['cache-control']).toBe('private, no-store');
	expect(headers['content-type']).toBe('application/zip');
	expect(headers['content-disposition']).toMatch(/^attachment; filename="my-data-[\d-]+\.zip"$/);
	expect(name).toMatch(/^my-data-\d{4}-\d\d-\d\d\.zip$/);
	expect(Object.keys(files).sort()).toEqual([
		'data.json',
		'index.html',
		'stories/01/photo-01-original.jpg',
		'stories/01/photo-01-shown.jpg'
	]);
	const data = JSON.parse(strFromU8(files['data.json']!));
	expect(data.format.version).toBe(2);
	expect(data.language).toBe('he');
	expect(data.account.username).toBe(participant.username);
	expect(data.stories.map((s: { title: string }) => s.title)).toEqual([HOSTILE]);
	expect(data.stories[0].photos[0]).toMatchObject({ altText: 'ספסל ליד הים', caption: 'בבוקר' });
	expect(data.stories[0].consentEvents.map((e: { kind: string }) => e.kind)).toEqual(['shared']);
	const html = strFromU8(files['index.html']!);
	for (const text of [html, strFromU8(files['data.json']!)]) {
		expect(text).not.toContain('NEIGHBOUR');
		expect(text).not.toContain(neighbour.username);
	}

	// Opened from the disk, as a person would: in Hebrew, right to left, the photo showing,
	// nothing run and nothing fetched.
	const dir = mkdtempSync(join(tmpdir(), 'pv-export-e2e-'));
	try {
		for (const [path, bytes] of Object.entries(files)) {
			mkdirSync(dirname(join(dir, path)), { recursive: true });
			writeFileSync(join(dir, path), bytes);
		}
		const offline = await context.newPage();
		const requests: string[] = [];
		offline.on('request', (r) => requests.push(r.url()));
		await offline.goto(pathToFileURL(join(dir, 'index.html')).href);
		await expect(offline.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(offline.locator('html')).toHaveAttribute('lang', 'he');
		await expect(offline.getByRole('heading', { level: 1 })).toHaveText('המידע שלי');
		await expect(offline.getByRole('heading', { level: 3 })).toHaveText(HOSTILE);
		await expect(offline.getByText('<script>alert(1)</script>', { exact: false })).toBeVisible();
		const image = offline.getByRole('img', { name: 'ספסל ליד הים' });
		await expect(image).toBeVisible();
		expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
		expect(await offline.title()).toBe('המידע שלי');
		expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
		await expectAccessible(offline, 'index.html of the download');
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await context.close();
	}
});

test('the page is accessible at 360 px in Hebrew and English', async ({ browser, world }) => {
	const participant = await personWithRole(world, 'participant');
	await sharedStory(world, participant, { title: 'A bench' });
	for (const locale of ['he', 'en'] as const) {
		const { context, page } = await visitor(browser, locale, participant);
		await page.setViewportSize({ width: 360, height: 800 });
		await page.goto('/account/data');
		await expect(page.getByTestId('data-download')).toBeVisible();
		await expectAccessible(page, `/account/data (${locale})`);
		await expectNoHorizontalScroll(page);
		// Keyboard: the button is reachable and named.
		await page.getByTestId('data-download').focus();
		await expect(page.getByTestId('data-download')).toBeFocused();
		await context.close();
	}
});

test('nobody gets a zip without being logged in, nor from another site', async ({
	browser,
	playwright,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	await sharedStory(world, participant, { title: 'Private words' });
	const anonymous = await visitor(browser, 'en');
	await anonymous.page.goto('/account/data');
	await expect(anonymous.page).toHaveURL(/\/login\?redirectTo=%2Faccount%2Fdata/);
	await anonymous.context.close();

	const request = await playwright.request.newContext({ baseURL: BASE_URL });
	const loggedOut = await request.post('/account/data/download', {
		form: { part: '1' },
		headers: { origin: BASE_URL },
		maxRedirects: 0
	});
	expect(loggedOut.status()).toBe(303);
	expect(loggedOut.headers()['location']).toMatch(/^\/login/);
	expect(loggedOut.headers()['content-type'] ?? '').not.toContain('zip');
	const get = await request.get('/account/data/download', { maxRedirects: 0 });
	expect(get.status()).toBe(405);

	// Logged in, but the post comes from another site: refused before anything is read.
	const { context, page } = await visitor(browser, 'en', participant);
	await page.goto('/account/data');
	const crossSite = await context.request.post('/account/data/download', {
		form: { part: '1' },
		headers: { origin: 'https://elsewhere.example' },
		maxRedirects: 0
	});
	expect(crossSite.status()).toBe(403);
	expect(crossSite.headers()['content-type'] ?? '').not.toContain('zip');
	await context.close();
	await request.dispose();
});

test('a participant whose role ended still downloads their stories', async ({ browser, world }) => {
	const db = await appDb();
	const participant = await makeUser(db);
	const membershipId = await giveRole(db, participant, world.initiativeId, 'participant');
	await sharedStory(world, participant, { title: 'Still mine', narrative: 'My own words.' });
	await endMembership(db, world.admin.id, membershipId, 'keep');

	const { context, page } = await visitor(browser, 'en', participant);
	await page.goto('/account/data');
	await expect(page.getByTestId('data-summary')).toContainText('Stories: 1. Photos: 1.');
	const { files } = await downloadFrom(page);
	const data = JSON.parse(strFromU8(files['data.json']!));
	expect(data.account.roles).toEqual([]);
	expect(data.stories.map((s: { title: string }) => s.title)).toEqual(['Still mine']);
	expect(data.notices.map((n: { kind: string }) => n.kind)).toEqual(['membership_removed']);
	expect(Object.keys(files)).toContain('stories/01/photo-01-original.jpg');
	const html = strFromU8(files['index.html']!);
	expect(html).toMatch(/<html lang="en" dir="ltr">/);
	expect(html).toContain('has ended');
	await context.close();
});

test('a second export at the same time is refused with a message', async ({ browser, world }) => {
	const participant = await personWithRole(world, 'participant');
	await sharedStory(world, participant, { title: 'Twice' });
	const db = await appDb();
	// Another download of theirs is running (as a second tab would hold it).
	const lease = (await takeLease(db, participant.id))!;
	expect(lease).not.toBeNull();
	const { context, page } = await visitor(browser, 'he', participant);
	try {
		await page.goto('/account/data');
		await expect(page.getByTestId('data-busy')).toBeVisible();
		await page.getByTestId('data-download').click();
		await expect(page).toHaveURL(/\/account\/data\?problem=busy$/);
		await expect(page.getByTestId('data-busy')).toHaveText(
			'המידע שלך כבר בהכנה בהורדה אחרת. כדאי לחכות שהיא תסתיים ולנסות שוב.'
		);
	} finally {
		await endLease(db, lease);
	}
	// Once it ended, the download works.
	await page.goto('/account/data');
	await expect(page.getByTestId('data-busy')).toHaveCount(0);
	const { files } = await downloadFrom(page);
	expect(Object.keys(files)).toContain('data.json');
	await context.close();
});
