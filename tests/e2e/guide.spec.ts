// The guide walks through each photo (docs/guide.md): a story without a photo starts with
// "add a photo"; after upload, each question is shown beside the photo it is about, answers
// are kept per photo, any question and any photo can be skipped; he and en, 360 px, no JS.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { strFromU8, unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	setLanguage,
	signIn,
	test,
	visitor
} from './fixtures';
import { photos, stories } from '../../src/lib/server/db/schema';
import { phoneJpeg } from '../fixtures/photos';

const answersOf = async (storyId: string) =>
	(
		await (
			await appDb()
		)
			.select({ id: photos.id, showed: photos.showed })
			.from(photos)
			.where(eq(photos.storyId, storyId))
			.orderBy(photos.position)
	).map((p) => p.showed);

async function answer(page: Page, question: string, text: string, button: string) {
	await expect(page.getByLabel(question)).toBeVisible();
	await page.getByLabel(question).fill(text);
	await page.getByRole('button', { name: button, exact: true }).click();
}

test('the guide starts with a photo, then walks through each photo, keeping answers per photo', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const participant = await personWithRole(world, 'participant');
	const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
	await setLanguage(context, 'he');
	await signIn(context, participant);
	const page = await context.newPage();

	// A new story, with the guide: no question about a photo that is not there yet.
	await page.goto(`/participate/${world.initiativeId}`);
	await page.getByLabel('כותרת').fill('הגינה במרפסת');
	await page.getByRole('button', { name: 'להתחיל את הסיפור' }).click();
	await expect(page).toHaveURL(/\/guide$/);
	await expect(page.getByTestId('guide-no-photo')).toContainText('מתחילים בתמונה');
	await expect(page.getByRole('textbox')).toHaveCount(0);
	await expect(page.getByText('מה את/ה רואה כאן?')).toHaveCount(0);
	await expectAccessible(page, 'guide, no photo (he)');
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: 'tests/artifacts/guide-no-photo-he-360.png', fullPage: true });
	const storyId = new URL(page.url()).pathname.split('/')[4]!;

	// "Add a photo" leads to the photos page; two photos, one portrait, one landscape.
	await page.getByRole('link', { name: 'הוספת תמונה' }).click();
	await expect(page).toHaveURL(/\/photos$/);
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	const portrait = await sharp({
		create: { width: 900, height: 1200, channels: 3, background: '#3a7' }
	})
		.png()
		.toBuffer();
	await page.locator('#photo-input').setInputFiles([
		{ name: 'balcony.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1600, 1000, false) },
		{ name: 'wall.png', mimeType: 'image/png', buffer: portrait }
	]);
	await expect(page.getByTestId('uploads').getByText('נוספה.')).toHaveCount(2, { timeout: 60_000 });
	await page.reload();
	await expect(page.getByTestId('photos').getByRole('listitem')).toHaveCount(2);
	const photoIds = (
		await (
			await appDb()
		)
			.select({ id: photos.id })
			.from(photos)
			.where(eq(photos.storyId, storyId))
			.orderBy(photos.position)
	).map((p) => p.id);

	// The guide now lists both photos and begins with the first.
	await page.getByRole('link', { name: 'לדבר על התמונות בעזרת השאלות המנחות' }).click();
	const list = page.getByTestId('guide-photos').getByRole('listitem');
	await expect(list).toHaveCount(2);
	await expect(list.nth(0)).toContainText('תמונה 1 מתוך 2');
	await expect(list.nth(0)).toContainText('נענו 0 מתוך 5 שאלות');
	await expectAccessible(page, 'guide, two photos (he)');
	await page.getByRole('link', { name: 'להתחיל בתמונה 1' }).click();

	// Photo 1 of 2, beside its questions: the framed photo as the participant sees it.
	await expect(page.getByTestId('guide-photo-of')).toHaveText('תמונה 1 מתוך 2');
	await expect(page.getByTestId('guide-step-of')).toHaveText('שאלה 1 מתוך 5');
	const img = page.getByTestId('guide-photo').locator('img');
	await expect(img).toBeVisible();
	expect(await img.getAttribute('src')).toMatch(
		new RegExp(`^/media/${photoIds[0]}/\\d+/\\d+\\.jpg$`)
	);
	expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
	await expectAccessible(page, 'guide, photo 1 (he)');
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: 'tests/artifacts/guide-photo-he-360.png', fullPage: true });

	await answer(page, 'מה את/ה רואה כאן?', 'עגבניות בעציצים.', 'שמירה והמשך');
	await expect(page.getByTestId('guide-step-of')).toHaveText('שאלה 2 מתוך 5');
	await page.getByRole('button', { name: 'דילוג על השאלה' }).click();
	await answer(page, 'איך זה קשור לחיים שלנו?', 'הרבה נשים עושות כך.', 'שמירה והמשך');
	// Back keeps what was written, and shows the earlier question with its answer.
	await page.getByLabel('למה המצב הזה קיים?').fill('המחירים עולים.');
	await page.getByRole('button', { name: 'חזרה' }).click();
	await expect(page.getByLabel('איך זה קשור לחיים שלנו?')).toHaveValue('הרבה נשים עושות כך.');
	await page.getByRole('button', { name: 'שמירה והמשך' }).click();
	await expect(page.getByLabel('למה המצב הזה קיים?')).toHaveValue('המחירים עולים.');
	await page.getByRole('button', { name: 'דילוג על השאלה' }).click();
	await answer(
		page,
		'מה אנחנו יכולים ויכולות לעשות בנוגע לזה?',
		'גינה קהילתית.',
		'שמירה ומעבר לתמונה הבאה'
	);

	// Photo 2 of 2: its own questions, empty; one answer, then skip the rest of the photo.
	await expect(page.getByTestId('guide-photo-of')).toHaveText('תמונה 2 מתוך 2');
	await expect(page.getByTestId('guide-step-of')).toHaveText('שאלה 1 מתוך 5');
	await expect(page.getByLabel('מה את/ה רואה כאן?')).toHaveValue('');
	expect(await page.getByTestId('guide-photo').locator('img').getAttribute('src')).toContain(
		`/media/${photoIds[1]}/`
	);
	await answer(page, 'מה את/ה רואה כאן?', 'קיר ירוק.', 'שמירה והמשך');
	await page.getByRole('link', { name: 'דילוג לתשובות שלי' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'עברת על כל התמונות' })).toBeVisible();

	// After a reload, each photo keeps its own answers; skipped questions stored nothing.
	await page.reload();
	await expect(list.nth(0)).toContainText('נענו 4 מתוך 5 שאלות');
	await expect(list.nth(0)).toContainText('עגבניות בעציצים.');
	await expect(list.nth(1)).toContainText('נענו 1 מתוך 5 שאלות');
	await expect(list.nth(1)).toContainText('קיר ירוק.');
	await expect(list.nth(1)).not.toContainText('עגבניות');
	expect(await answersOf(storyId)).toEqual([
		{
			see: 'עגבניות בעציצים.',
			ourLives: 'הרבה נשים עושות כך.',
			why: 'המחירים עולים.',
			do: 'גינה קהילתית.'
		},
		{ see: 'קיר ירוק.' }
	]);
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: 'tests/artifacts/guide-answers-he-360.png', fullPage: true });

	// Skip keeps an earlier answer even when the box was changed; an empty save removes it.
	await page.getByRole('link', { name: 'שאלות על תמונה 1' }).click();
	await expect(page.getByLabel('מה את/ה רואה כאן?')).toHaveValue('עגבניות בעציצים.');
	await page.getByLabel('מה את/ה רואה כאן?').fill('משהו אחר');
	await page.getByRole('button', { name: 'דילוג על השאלה' }).click();
	await expect(page.getByTestId('guide-step-of')).toHaveText('שאלה 2 מתוך 5');
	await page.goto(
		`/participate/${world.initiativeId}/stories/${storyId}/guide/${photoIds[0]}?step=4`
	);
	await answer(page, 'למה המצב הזה קיים?', '', 'שמירה והמשך');
	expect((await answersOf(storyId))[0]).toEqual({
		see: 'עגבניות בעציצים.',
		ourLives: 'הרבה נשים עושות כך.',
		do: 'גינה קהילתית.'
	});

	// Right to left: on a wide screen the photo stands at the start of the line (the right).
	await page.setViewportSize({ width: 1280, height: 900 });
	const photoBox = (await page.getByTestId('guide-photo').boundingBox())!;
	const formBox = (await page.locator('form.questions').boundingBox())!;
	expect(photoBox.x).toBeGreaterThan(formBox.x);
	await page.screenshot({ path: 'tests/artifacts/guide-photo-he-1280.png', fullPage: true });

	// The words can go into the story text, photo after photo.
	await page.goto(`/participate/${world.initiativeId}/stories/${storyId}/guide`);
	await page.getByRole('button', { name: 'הוספת התשובות לטקסט הסיפור' }).click();
	await expect(page.getByText('התשובות נוספו לסוף טקסט הסיפור.')).toBeVisible();
	const [story] = await (await appDb()).select().from(stories).where(eq(stories.id, storyId));
	expect(story!.narrative).toBe(
		['עגבניות בעציצים.', 'הרבה נשים עושות כך.', 'גינה קהילתית.', 'קיר ירוק.'].join('\n\n')
	);
	expect(story!.showed).toEqual({});

	// English: the same pages, left to right, axe clean; the photo at the start (the left).
	await setLanguage(context, 'en');
	await page.goto(`/participate/${world.initiativeId}/stories/${storyId}/guide`);
	await expect(page.getByTestId('guide-photos').getByRole('listitem').nth(0)).toContainText(
		'Photo 1 of 2'
	);
	await expectAccessible(page, 'guide, two photos (en)');
	await page.getByRole('link', { name: 'Questions about photo 2' }).click();
	await expect(page.getByTestId('guide-photo-of')).toHaveText('Photo 2 of 2');
	await expect(page.getByLabel('What do you see here?')).toHaveValue('קיר ירוק.');
	await expect(page.getByLabel('What do you see here?')).toHaveAttribute('dir', 'rtl');
	await expectAccessible(page, 'guide, photo 2 (en)');
	const enPhoto = (await page.getByTestId('guide-photo').boundingBox())!;
	const enForm = (await page.locator('form.questions').boundingBox())!;
	expect(enPhoto.x).toBeLessThan(enForm.x);
	await page.setViewportSize({ width: 360, height: 800 });
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: 'tests/artifacts/guide-photo-en-360.png', fullPage: true });
	await context.close();

	// Without JavaScript, on a phone: the same forms work.
	const noJs = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 360, height: 800 }
	});
	await setLanguage(noJs, 'he');
	await signIn(noJs, participant);
	const plain = await noJs.newPage();
	await plain.goto(`/participate/${world.initiativeId}/stories/${storyId}/guide`);
	await plain.getByRole('link', { name: 'שאלות על תמונה 2' }).click();
	await plain.getByRole('button', { name: 'דילוג על השאלה' }).click();
	await expect(plain.getByTestId('guide-step-of')).toHaveText('שאלה 2 מתוך 5');
	await answer(plain, 'מה באמת קורה כאן?', 'צבעתי אותו בעצמי.', 'שמירה והמשך');
	await expect(plain.getByTestId('guide-step-of')).toHaveText('שאלה 3 מתוך 5');
	await plain.getByRole('link', { name: 'דילוג לתשובות שלי' }).click();
	await expect(plain.getByTestId('guide-photos').getByRole('listitem').nth(1)).toContainText(
		'צבעתי אותו בעצמי.'
	);
	await expectNoHorizontalScroll(plain);
	expect((await answersOf(storyId))[1]).toEqual({
		see: 'קיר ירוק.',
		happening: 'צבעתי אותו בעצמי.'
	});

	// "Download my data" holds each photo's answers, in data.json and on its page.
	const { context: account, page: accountPage } = await visitor(browser, 'he', participant);
	await accountPage.goto('/account/data');
	const [download] = await Promise.all([
		accountPage.waitForEvent('download', { timeout: 120_000 }),
		accountPage.getByTestId('data-download').first().click()
	]);
	const files = unzipSync(new Uint8Array(await readFile(await download.path())));
	const data = JSON.parse(strFromU8(files['data.json']!));
	expect(data.stories[0].photos.map((p: { guideAnswers: unknown }) => p.guideAnswers)).toEqual(
		await answersOf(storyId)
	);
	expect(strFromU8(files['index.html']!)).toContain('צבעתי אותו בעצמי.');
	await account.close();

	// Nobody else reaches the guide of this story or of its photos.
	const other = await personWithRole(world, 'participant');
	const otherContext = await browser.newContext();
	await signIn(otherContext, other);
	const otherPage = await otherContext.newPage();
	for (const path of ['/guide', `/guide/${photoIds[0]}`]) {
		const response = await otherPage.goto(
			`/participate/${world.initiativeId}/stories/${storyId}${path}`
		);
		expect(response?.status(), path).toBe(404);
	}
	await otherContext.close();
	await noJs.close();
});
