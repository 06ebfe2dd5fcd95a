// The framing editor by keyboard alone, at phone width, in English and Hebrew: crop, shape,
// turn, hidden areas with their styles, the focal point, and saving.
import { eq } from 'drizzle-orm';
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	setLanguage,
	signIn,
	test
} from './fixtures';
import { phoneJpeg } from '../fixtures/photos';
import { photos } from '../../src/lib/server/db/schema';

for (const locale of ['en', 'he'] as const) {
	test(`framing editor by keyboard alone (${locale})`, async ({ browser, world }) => {
		test.setTimeout(120_000);
		const participant = await personWithRole(world, 'participant');
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		await setLanguage(context, 'en');
		await signIn(context, participant);
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		page.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});
		await page.goto(`/participate/${world.initiativeId}`);
		await page.getByLabel('Title').fill('Morning bus');
		await page.getByLabel('Guide me with five questions, one at a time').uncheck();
		await page.getByRole('button', { name: 'Start the story' }).click();
		await page.getByRole('link', { name: 'Photos', exact: true }).click();
		await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
		await page
			.locator('#photo-input')
			.setInputFiles([
				{ name: 'bus.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1200, 800, false) }
			]);
		await expect(page.getByTestId('uploads').getByText('Added.')).toBeVisible({ timeout: 30_000 });
		await page.getByRole('link', { name: 'Crop, turn and hide parts' }).click();
		await expect(page).toHaveURL(/photos\/\w+$/);
		await expect(page.getByTestId('framing-editor')).toBeVisible();
		await setLanguage(context, locale);
		await page.reload();
		const editor = page.getByTestId('framing-editor');
		await expect(editor).toBeVisible();
		const framing = async () => JSON.parse(await page.locator('input[name=framing]').inputValue());
		await expectAccessible(page, `editor crop ${locale}`);
		await expectNoHorizontalScroll(page);
		// Tab from the top until the crop box.
		let found = false;
		for (let i = 0; i < 40 && !found; i++) {
			await page.keyboard.press('Tab');
			found = await page.evaluate(
				() => document.activeElement?.getAttribute('data-box') === 'crop'
			);
		}
		expect(found).toBe(true);
		const y0 = await page.evaluate(() => scrollY);
		await page.keyboard.press('Shift+ArrowLeft');
		await page.keyboard.press('Shift+ArrowUp');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowDown');
		expect(await page.evaluate(() => scrollY)).toBe(y0);
		expect((await framing()).crop).toEqual({ x: 0.01, y: 0.01, w: 0.99, h: 0.99 });
		// Back to the shape select, choose a square with the keyboard.
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('ArrowDown');
		await expect.poll(async () => (await framing()).aspect).toBe('1:1');
		// Turn right with the keyboard.
		for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('Enter');
		await expect.poll(async () => (await framing()).rotation).toBe(90);
		// Modes by arrow keys on the radio group.
		await page.locator('input[type=radio]').first().focus();
		await page.keyboard.press('ArrowDown');
		await expect(page.locator('input[type=radio][value=hide]')).toBeChecked();
		await expectAccessible(page, `editor hide empty ${locale}`);
		for (let i = 0; i < 10; i++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate(() => document.activeElement?.hasAttribute('data-add-area'))) break;
		}
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-box')))
			.toBe('0');
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('Shift+ArrowRight');
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-box')))
			.toBe('1');
		await page.keyboard.press('Tab'); // style select of area 1
		await page.keyboard.press('ArrowDown');
		expect((await framing()).redactions.map((r: { style: string }) => r.style)).toEqual([
			'pixelate',
			'blur'
		]);
		await expectAccessible(page, `editor hide two ${locale}`);
		await page.locator('[data-box="1"]').focus();
		await page.keyboard.press('Delete');
		expect((await framing()).redactions).toHaveLength(1);
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-box')))
			.toBe('0');
		await page.locator('input[type=radio][value=hide]').focus();
		await page.keyboard.press('ArrowDown');
		await expect(page.locator('input[type=radio][value=focus]')).toBeChecked();
		for (let i = 0; i < 10; i++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate(() => document.activeElement?.getAttribute('data-box') === 'focal'))
				break;
		}
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Shift+ArrowLeft');
		const before = await framing();
		expect(before.focal.x).toBeCloseTo(0.4, 9);
		expect(before.focal.y).toBeCloseTo(0.49, 9);
		await expectAccessible(page, `editor focus ${locale}`);
		// Escape is not swallowed: twice is the quick exit.
		// Save by keyboard.
		for (let i = 0; i < 20; i++) {
			await page.keyboard.press('Tab');
			if (
				await page.evaluate(
					() => (document.activeElement as HTMLButtonElement | null)?.type === 'submit'
				)
			)
				break;
		}
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('framed-result')).toBeVisible();
		await expect(page).toHaveURL(/saved=1/);
		const after = await framing();
		expect(after).toEqual(JSON.parse(JSON.stringify(before)));
		// Stored as a new version of the photo, rendered from the untouched master.
		const photoId = new URL(page.url()).pathname.split('/').pop()!;
		const [row] = await (await appDb()).select().from(photos).where(eq(photos.id, photoId));
		expect(row?.version).toBe(2);
		expect(row?.framing).toEqual(after);
		expect(row?.width).toBe(row?.height); // the square crop
		await expectAccessible(page, `saved ${locale}`);
		// Quick exit still works from a focused box.
		await page.locator('input[type=radio][value=crop]').check();
		await page.locator('[data-box=crop]').focus();
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		await expect(page).not.toHaveURL(/participate/);
		expect(errors).toEqual([]);
		await context.close();
	});
}
