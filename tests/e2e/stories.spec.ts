import sharp from 'sharp';
import exifr from 'exifr';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import {
	appDb,
	expect,
	expectAccessible,
	personWithRole,
	setLanguage,
	signIn,
	test
} from './fixtures';
import { photos, stories } from '../../src/lib/server/db/schema';
import { phoneJpeg } from '../fixtures/photos';

async function derivativeUrls(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		Array.from(
			document.querySelectorAll('[data-testid="photos"] img, [data-testid="photos"] source')
		)
			.flatMap((el) => [
				el.getAttribute('src'),
				...(el.getAttribute('srcset') ?? '').split(',').map((s) => s.trim().split(' ')[0])
			])
			.filter((u): u is string => Boolean(u))
	);
}

test('a participant tells a story with the guide and two photos, frames, previews, edits and deletes', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const participant = await personWithRole(world, 'participant');
	const context = await browser.newContext();
	await setLanguage(context, 'he');
	await signIn(context, participant);
	const page = await context.newPage();

	// A new story with the guide: it starts with "add a photo" (the questions come beside each
	// photo once there is one; guide.spec.ts walks through them).
	await page.goto(`/participate/${world.initiativeId}`);
	await page.getByLabel('כותרת').fill('הגינה במרפסת');
	await page.getByRole('button', { name: 'להתחיל את הסיפור' }).click();
	await expect(page).toHaveURL(/\/guide$/);
	await expectAccessible(page, 'guide (he)');
	await expect(page.getByTestId('guide-no-photo')).toBeVisible();

	// Two photos at once, one carrying GPS in its EXIF; the upload shows real progress.
	const gpsPhoto = await phoneJpeg(1800, 1200, true);
	expect((await exifr.gps(gpsPhoto))?.latitude).toBeCloseTo(32.075, 2);
	const second = await sharp({
		create: { width: 900, height: 1200, channels: 3, background: '#3a7' }
	})
		.png()
		.toBuffer();
	await page.getByRole('link', { name: 'הוספת תמונה' }).click();
	await expectAccessible(page, 'photos, empty (he)');
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 20,
		downloadThroughput: -1,
		uploadThroughput: 256 * 1024
	});
	const seen = new Set<number>();
	const watcher = setInterval(() => {
		void page
			.evaluate(() => Array.from(document.querySelectorAll('progress')).map((p) => Number(p.value)))
			.then((values) => values.forEach((v) => seen.add(v)))
			.catch(() => {});
	}, 100);
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	await page.locator('#photo-input').setInputFiles([
		{ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: gpsPhoto },
		{ name: 'balcony.png', mimeType: 'image/png', buffer: second }
	]);
	await expect(page.getByTestId('uploads').getByText('נוספה.')).toHaveCount(2, { timeout: 60_000 });
	clearInterval(watcher);
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: -1
	});
	expect(
		[...seen].some((v) => v > 0 && v < 100),
		`progress values seen: ${[...seen].join(',')}`
	).toBe(true);
	const items = page.getByTestId('photos').getByRole('listitem');
	await expect(items).toHaveCount(2);

	// A file that is not an image is refused with a clear reason, and nothing of it stays.
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	await page.locator('#photo-input').setInputFiles([
		{
			name: 'photo.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from('not really a photo, just text')
		}
	]);
	await expect(page.getByTestId('uploads').getByText('הקובץ הזה אינו תמונה.')).toBeVisible();
	const db = await appDb();
	const [story] = await db.select().from(stories).where(eq(stories.ownerId, participant.id));
	expect(await db.select().from(photos).where(eq(photos.storyId, story!.id))).toHaveLength(2);

	// What the server publishes has no location and no camera details.
	const urls = await derivativeUrls(page);
	expect(urls.length).toBeGreaterThan(4);
	for (const url of urls.filter((u) => u.endsWith('.jpg') || u.endsWith('.webp'))) {
		const response = await page.request.get(url);
		expect(response.status(), url).toBe(200);
		expect(response.headers()['cache-control']).toContain('private');
		expect(response.headers()['content-security-policy']).toBe("default-src 'none'");
		const bytes = await response.body();
		const meta = await sharp(bytes).metadata();
		expect(meta.exif, url).toBeUndefined();
		expect(await exifr.gps(bytes).catch(() => undefined), url).toBeUndefined();
	}
	await expectAccessible(page, 'photos (he)');

	// Frame the first photo with the mouse: crop it, and hide an area (blurred into the pixels).
	const before = await derivativeUrls(page);
	await page.getByRole('link', { name: 'חיתוך, סיבוב והסתרת חלקים' }).first().click();
	const overlay = page.getByTestId('framing-editor').locator('.overlay');
	await expect(overlay).toBeVisible();
	// Wait for the editor to come alive: its canvas is painted once the photo has loaded.
	await page.waitForFunction(
		() =>
			((document.querySelector('[data-testid="framing-editor"] canvas') as HTMLCanvasElement | null)
				?.width ?? 0) > 300
	);
	await overlay.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	let area = (await overlay.boundingBox())!;
	const at = (fx: number, fy: number) => ({
		x: area.x + area.width * fx,
		y: area.y + area.height * fy
	});
	const handle = (await page.locator('[data-corner="se"]').boundingBox())!;
	await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
	await page.mouse.down();
	await page.mouse.move(at(0.8, 0.85).x, at(0.8, 0.85).y, { steps: 5 });
	await page.mouse.up();
	await page.getByLabel('הסתרת אזורים').check();
	await overlay.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	area = (await overlay.boundingBox())!; // the tools above the photo changed with the mode
	await page.mouse.move(at(0.3, 0.3).x, at(0.3, 0.3).y);
	await page.mouse.down();
	await page.mouse.move(at(0.55, 0.6).x, at(0.55, 0.6).y, { steps: 5 });
	await page.mouse.up();
	const drawn = JSON.parse(await page.locator('input[name=framing]').inputValue());
	expect(drawn.crop.w).toBeLessThan(0.9);
	expect(drawn.redactions).toHaveLength(1);
	await page.getByRole('button', { name: 'שמירה' }).last().click();
	await expect(page.getByTestId('framed-result')).toBeVisible();
	await expect(page.getByText('נשמר. למטה התמונה כפי שאחרים יראו אותה.')).toBeVisible();
	await page.getByRole('link', { name: 'חזרה לתמונות' }).click();
	await expect(items).toHaveCount(2);
	const after = await derivativeUrls(page);
	const firstBefore = before.filter(
		(u) => !after.includes(u) && u.includes(after[0]!.split('/')[2]!)
	);
	expect(firstBefore.length).toBeGreaterThan(0);
	// The old version's addresses are gone; the new ones answer.
	for (const url of firstBefore) expect((await page.request.get(url)).status(), url).toBe(404);
	for (const url of after) expect((await page.request.get(url)).status(), url).toBe(200);

	// Alt text is needed before the story can be finished.
	await page.getByRole('link', { name: 'טקסט', exact: true }).click();
	await page.getByRole('button', { name: 'סימון כגמור' }).click();
	await expect(page.getByTestId('finish-problems')).toContainText('צריך לתאר כל תמונה');
	await page.getByRole('link', { name: 'תמונות', exact: true }).click();
	for (const [i, alt] of ['עציצי עגבניות ובזיליקום על מרפסת', 'קיר ירוק של מרפסת'].entries()) {
		await items.nth(i).getByLabel('תיאור התמונה (למי שלא רואה אותה)').fill(alt);
		await items
			.nth(i)
			.getByLabel('כיתוב (לא חובה)')
			.fill(i === 0 ? 'המרפסת שלי באביב' : '');
		await items.nth(i).getByRole('button', { name: 'שמירה' }).click();
		await expect(page.getByText('נשמר.')).toBeVisible();
	}

	// Naming: a pseudonym for this story; then finish it.
	await page.getByRole('link', { name: 'טקסט', exact: true }).click();
	await page.getByLabel('הסיפור שלך').fill('עגבניות ובזיליקום בעציצים על המרפסת.');
	await page.getByLabel('בשם אחר שאבחר').check();
	await page.getByLabel('השם האחר').fill('רותם');
	await page.getByRole('button', { name: 'שמירה' }).click();
	await expect(page.getByText('נשמר.')).toBeVisible();
	await page.getByRole('button', { name: 'סימון כגמור' }).click();
	await expect(page.getByTestId('story-status')).toHaveText('גמור');
	await expectAccessible(page, 'story text (he)');

	// Preview as the public would see it: the pseudonym, the photos, the words.
	await page.getByRole('link', { name: 'תצוגה מקדימה' }).click();
	const preview = page.getByTestId('preview');
	await expect(preview.getByTestId('byline')).toHaveText('מאת רותם');
	await expect(preview.getByRole('heading', { name: 'הגינה במרפסת' })).toBeVisible();
	await expect(
		preview.getByRole('img', { name: 'עציצי עגבניות ובזיליקום על מרפסת' })
	).toBeVisible();
	await expect(preview.getByText('המרפסת שלי באביב')).toBeVisible();
	expect(await preview.innerText()).not.toContain(participant.username);
	await expectAccessible(page, 'preview (he)');
	await page.getByRole('link', { name: 'שותפים' }).click();
	await expect(page.getByTestId('preview-note')).toContainText('שותפי היוזמה');

	// Edit: a new title.
	await page.getByRole('link', { name: 'טקסט', exact: true }).click();
	await page.getByLabel('כותרת').fill('הגינה במרפסת שלי');
	await page.getByRole('button', { name: 'שמירה' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('הגינה במרפסת שלי');

	// Delete the second photo: every one of its derivative URLs answers 404 at once.
	await page.getByRole('link', { name: 'תמונות', exact: true }).click();
	await expect(items).toHaveCount(2);
	const secondUrls = await page.evaluate(() =>
		Array.from(
			document.querySelectorAll(
				'[data-testid="photos"] > li:nth-child(2) img, [data-testid="photos"] > li:nth-child(2) source'
			)
		)
			.flatMap((el) => [
				el.getAttribute('src'),
				...(el.getAttribute('srcset') ?? '').split(',').map((s) => s.trim().split(' ')[0])
			])
			.filter((u): u is string => Boolean(u))
	);
	expect(secondUrls.length).toBeGreaterThan(1);
	for (const url of secondUrls) expect((await page.request.get(url)).status()).toBe(200);
	await items.nth(1).getByText('מחיקת התמונה').click();
	await items.nth(1).getByRole('button', { name: 'כן, למחוק' }).click();
	await expect(page.getByText('התמונה נמחקה.')).toBeVisible();
	await expect(page.getByTestId('photos').getByRole('listitem')).toHaveCount(1);
	for (const url of secondUrls) expect((await page.request.get(url)).status(), url).toBe(404);

	// Nobody else sees the story or its images: another participant, a curator, an admin, a stranger.
	const remaining = await derivativeUrls(page);
	const storyPath = new URL(page.url()).pathname.replace(/\/photos$/, '');
	const other = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	for (const viewer of [other, curator, world.admin, null]) {
		const ctx = await browser.newContext();
		if (viewer) await signIn(ctx, viewer);
		const p = await ctx.newPage();
		for (const path of [
			storyPath,
			`${storyPath}/photos`,
			`${storyPath}/preview`,
			`${storyPath}/guide`
		]) {
			const status = (await p.goto(path))?.status();
			if (viewer) expect(status, path).toBe(404);
			else expect(p.url()).toContain('/login');
		}
		for (const url of remaining) expect((await p.request.get(url)).status(), url).toBe(404);
		await ctx.close();
	}
	await context.close();
});

test('the new pages pass axe in English too, and a deleted story disappears with its files', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const participant = await personWithRole(world, 'participant');
	const context = await browser.newContext();
	await setLanguage(context, 'en');
	await signIn(context, participant);
	const page = await context.newPage();
	await page.goto(`/participate/${world.initiativeId}`);
	await expectAccessible(page, 'participant home (en)');
	await page.getByLabel('Title').fill('Morning bus');
	await page.getByLabel('Guide me with five questions, one at a time').uncheck();
	await page.getByRole('button', { name: 'Start the story' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Morning bus');
	await expectAccessible(page, 'story text (en)');
	await page.getByRole('link', { name: 'Guiding questions', exact: true }).click();
	await expectAccessible(page, 'guide (en)');
	await page.getByRole('link', { name: 'Photos', exact: true }).click();
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	await page
		.locator('#photo-input')
		.setInputFiles([
			{ name: 'bus.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1200, 800, false) }
		]);
	await expect(page.getByTestId('uploads').getByText('Added.')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('photos').getByRole('listitem')).toHaveCount(1);
	await expectAccessible(page, 'photos (en)');
	await page.getByRole('link', { name: 'Crop, turn and hide parts' }).click();
	await expectAccessible(page, 'framing editor (en)');
	await page.getByRole('link', { name: 'Preview' }).click();
	await expectAccessible(page, 'preview (en)');
	const urls = await page.evaluate(
		() =>
			Array.from(document.querySelectorAll('img'))
				.map((i) => i.getAttribute('src'))
				.filter(Boolean) as string[]
	);
	expect(urls.length).toBeGreaterThan(0);

	await page.getByRole('link', { name: 'Text', exact: true }).click();
	await page.getByRole('button', { name: 'Delete the story' }).click();
	await expect(page.getByText('To delete, tick the box first.')).toBeVisible();
	await page.getByLabel('Yes, delete this story and its photos').check();
	await page.getByRole('button', { name: 'Delete the story' }).click();
	await expect(page).toHaveURL(new RegExp(`/participate/${world.initiativeId}$`));
	await expect(page.getByTestId('flash')).toHaveText('The story and its photos were deleted.');
	await expect(page.getByTestId('my-stories')).toHaveCount(0);
	for (const url of urls) expect((await page.request.get(url)).status()).toBe(404);
	const db = await appDb();
	expect(await db.select().from(stories).where(eq(stories.ownerId, participant.id))).toEqual([]);
	await context.close();
});
