// Per-person limits and the refusals of hostile files, as a participant meets them in the
// browser, in their language. Each test runs its own built server with the settings it needs.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Browser } from '@playwright/test';
import { participantOn, type Participant } from '../../scripts/hostile/session';
import { HOSTILE_NAMES } from '../../scripts/hostile/images';
import { phoneJpeg } from '../fixtures/photos';
import { startServer, type RunningServer } from './server';
import type { Locale } from '../../src/lib/localized';

let server: RunningServer | undefined;
test.afterEach(async () => {
	await server?.stop();
	server = undefined;
});

async function asParticipant(browser: Browser, env: Record<string, string>, locale: Locale) {
	server = await startServer({ env });
	const who = await participantOn(server);
	const context = await browser.newContext();
	await context.addCookies([
		{ name: 'lang', value: locale, url: server.url, sameSite: 'Lax' },
		{
			name: 'session',
			value: who.cookie.slice('session='.length),
			url: server.url,
			httpOnly: true,
			sameSite: 'Lax'
		}
	]);
	return { who, page: await context.newPage(), url: server.url };
}

const photosPage = (url: string, who: Participant, storyId: string) =>
	`${url}/participate/${who.initiativeId}/stories/${storyId}/photos`;

test('a story holds at most MAX_PHOTOS_PER_STORY photos, and says so in Hebrew', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { who, page, url } = await asParticipant(browser, { MAX_PHOTOS_PER_STORY: '2' }, 'he');
	const storyId = await who.newStory('סיפור');
	await page.goto(photosPage(url, who, storyId));
	const photo = await phoneJpeg(640, 480, true);
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	await page
		.locator('#photo-input')
		.setInputFiles(
			['א.jpg', 'ב.jpg', 'ג.jpg'].map((name) => ({ name, mimeType: 'image/jpeg', buffer: photo }))
		);
	const uploads = page.getByTestId('uploads');
	await expect(uploads.getByText('נוספה.')).toHaveCount(2, { timeout: 60_000 });
	await expect(
		uploads.getByText('בסיפור יכולות להיות עד 2 תמונות. כדי להוסיף, צריך למחוק אחת.')
	).toBeVisible();
	await expect(page.getByTestId('photos').getByRole('listitem')).toHaveCount(2);
	// The server holds the line too, whatever a page does.
	const third = await page.request.post(
		`${url}/participate/${who.initiativeId}/stories/${storyId}/photos/upload`,
		{ data: photo, headers: { Origin: url, 'Content-Type': 'application/octet-stream' } }
	);
	expect(third.status()).toBe(409);
	expect(await third.json()).toMatchObject({ problem: 'upload_too_many_photos', maxPhotos: 2 });
	who.close();
});

test('uploads per hour are limited, with the time the next one may start, in Arabic', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { who, page, url } = await asParticipant(browser, { MAX_UPLOADS_PER_HOUR: '2' }, 'ar');
	const storyId = await who.newStory('قصة');
	await page.goto(photosPage(url, who, storyId));
	const photo = await phoneJpeg(640, 480);
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	await page
		.locator('#photo-input')
		.setInputFiles(
			['1.jpg', '2.jpg', '3.jpg'].map((name) => ({ name, mimeType: 'image/jpeg', buffer: photo }))
		);
	const uploads = page.getByTestId('uploads');
	await expect(uploads.getByText('أُضيفت.', { exact: true })).toHaveCount(2, { timeout: 60_000 });
	await expect(
		uploads.getByText(
			/أُضيفت صور كثيرة في الساعة الأخيرة \(حتى 2 في الساعة\)\. يمكنك إضافة المزيد ابتداءً من \d/
		)
	).toBeVisible();
	await expect(page.getByTestId('photos').getByRole('listitem')).toHaveCount(2);
	expect(await readdir(join(server!.dataDir, 'tmp'))).toEqual([]);
	who.close();
});

test('a person keeps at most MAX_STORIES_PER_PERSON stories, and is told so', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { who, page, url } = await asParticipant(browser, { MAX_STORIES_PER_PERSON: '1' }, 'en');
	const home = `${url}/participate/${who.initiativeId}`;
	await page.goto(home);
	await page.getByLabel('Title').fill('The first one');
	await page.getByRole('button', { name: 'Start the story' }).click();
	await expect(page).toHaveURL(/\/stories\/[a-z2-7]{16}/);
	await page.goto(home);
	await page.getByLabel('Title').fill('One more');
	await page.getByRole('button', { name: 'Start the story' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'The most stories one person can keep here is 1, and you have reached it. To start a new story, delete one you no longer need.'
	);
	// The title typed is still there, and no second story was made.
	await expect(page.getByLabel('Title')).toHaveValue('One more');
	const rows = await who.db.all<{ n: number }>(`SELECT count(*) AS n FROM stories`);
	expect(rows[0]?.n).toBe(1);
	who.close();
});

test('hostile files are refused with a clear reason, and hostile names stay text', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { who, page, url } = await asParticipant(browser, {}, 'en');
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	const storyId = await who.newStory('Names');
	await page.goto(photosPage(url, who, storyId));
	const frames = 300;
	const strip = Buffer.alloc(16 * 16 * 3 * frames);
	for (let i = 0; i < frames; i++) strip.fill((i * 37) % 256, i * 768, (i + 1) * 768);
	const animated = await sharp(strip, {
		raw: { width: 16, height: 16 * frames, channels: 3, pageHeight: 16 }
	})
		.webp({ lossless: true })
		.toBuffer();
	const flood = await sharp({
		create: { width: 9000, height: 9000, channels: 3, background: '#3a7' }
	})
		.webp({ lossless: true, effort: 0 })
		.toBuffer();
	const photo = await phoneJpeg(640, 480, true);
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	await page.locator('#photo-input').setInputFiles([
		{ name: HOSTILE_NAMES[0]!, mimeType: 'image/jpeg', buffer: photo },
		{ name: HOSTILE_NAMES[2]!, mimeType: 'image/webp', buffer: animated },
		{ name: HOSTILE_NAMES[3]!, mimeType: 'image/png', buffer: flood }
	]);
	const uploads = page.getByTestId('uploads');
	await expect(uploads.getByText('Added.')).toHaveCount(1, { timeout: 60_000 });
	await expect(
		uploads.getByText('Animated images cannot be used. Please send a still photo.')
	).toBeVisible();
	await expect(
		uploads.getByText(
			/^This image would need too much of the server’s memory to prepare\. Images of this kind can be up to about \d+ megapixels here\./
		)
	).toBeVisible();
	// Each name is shown as the text it is; none became markup or ran.
	for (const name of HOSTILE_NAMES.slice(0, 4).filter((_, i) => i !== 1))
		await expect(uploads.getByText(name, { exact: true })).toBeVisible();
	expect(await page.locator('img[src="x"]').count()).toBe(0);
	expect(dialogs).toEqual([]);
	expect(await readdir(join(server!.dataDir, 'tmp'))).toEqual([]);
	who.close();
});
