// Stricter framing for wider audiences (docs/releases.md), in Chromium: a participant frames a
// photo more closely for the public and hides one more area, by keyboard, and saves; the photo
// page shows what partners and the public get; the placement request for a public exhibition
// says the public gets the closer framing and shows it; the published exhibition serves the
// closer picture while the owner's stays whole; removing the layer takes effect on the next
// page. axe is clean on the new parts in he and en, and it fits 360 px.
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
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
import { approve, propose, publish, sharedStory } from './arrange';
import { photos } from '../../src/lib/server/db/schema';
import { createExhibition } from '../../src/lib/server/exhibitions';
import { text } from '../fixtures/factories';

/** Width ÷ height of the largest JPEG of this photo a page points to. */
async function shapeOn(page: import('@playwright/test').Page, photoId: string) {
	const urls = (await imageUrls(page, 'main')).filter(
		(u) => u.includes(photoId) && u.includes('.jpg')
	);
	expect(urls.length, 'a JPEG of the photo on the page').toBeGreaterThan(0);
	const widest = urls.sort(
		(a, b) => parseInt(b.split('/').pop()!) - parseInt(a.split('/').pop()!)
	)[0]!;
	const response = await page.request.get(widest);
	expect(response.status()).toBe(200);
	const meta = await sharp(await response.body()).metadata();
	return meta.width! / meta.height!;
}

test('a closer framing for the public: set by keyboard, said in the request, served to the public only', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const { storyId, photoIds } = await sharedStory(world, participant, {
		title: 'Our street',
		photos: [{ width: 960, height: 720, alt: 'The house where we live' }]
	});
	const photoId = photoIds[0]!;
	const db = await appDb();
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text('Streets'),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	const placementId = await propose(world, curator.id, exhibitionId, storyId);

	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	await setLanguage(context, 'en');
	await signIn(context, participant);
	const page = await context.newPage();
	const photoPage = `/participate/${world.initiativeId}/stories/${storyId}/photos/${photoId}`;
	await page.goto(photoPage);
	const forPublic = page.getByTestId('stricter-public');
	await expect(forPublic.getByTestId('stricter-status')).toHaveText(
		'The same framing as for the working groups.'
	);

	// By keyboard: open the public's editor, half the width, one more area, save.
	await forPublic.getByRole('link', { name: 'Frame more strictly for the public' }).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/stricter=public/);
	const editor = page.locator('#stricter-editor');
	await expect(
		editor.getByRole('heading', { name: 'Stricter framing for the public' })
	).toBeVisible();
	// The photo turns only in its own framing.
	await expect(editor.getByRole('button', { name: /Turn/ })).toHaveCount(0);
	const exact = editor.getByText('Exact crop values');
	await exact.focus();
	await page.keyboard.press('Enter');
	const width = editor.getByLabel('Width (%)');
	await width.focus();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type('50');
	await page.keyboard.press('Tab');
	await editor.getByLabel('Hide areas').check();
	await editor.getByRole('button', { name: 'Add an area to hide' }).focus();
	await page.keyboard.press('Enter');
	await editor.getByRole('button', { name: 'Save the stricter framing' }).focus();
	await page.keyboard.press('Enter');
	await expect(
		page.getByRole('status').filter({ hasText: 'Saved. Wider audiences' })
	).toBeVisible();
	await expect(forPublic.getByTestId('stricter-status')).toHaveText(
		'Cropped more closely. One more area hidden.'
	);
	await expect(page.getByTestId('stricter-partners').getByTestId('stricter-status')).toHaveText(
		'The same framing as for the working groups.'
	);
	const [row] = await db.select().from(photos).where(eq(photos.id, photoId));
	expect(row!.stricter.public!.crop.w).toBeCloseTo(0.5, 2);
	expect(row!.stricter.public!.redactions).toHaveLength(1);
	expect(row!.stricter.partners).toBeUndefined();
	// The public's preview on the page has the closer shape, from the public's files.
	const preview = forPublic.locator('img');
	await preview.scrollIntoViewIfNeeded();
	await expect
		.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
		.toBeGreaterThan(0);
	const seen = await preview.evaluate((img: HTMLImageElement) => ({
		src: img.currentSrc,
		shape: img.naturalWidth / img.naturalHeight
	}));
	expect(seen.src).toContain('in=o.public');
	expect(seen.shape).toBeCloseTo(480 / 720, 1);

	for (const locale of ['he', 'en'] as const) {
		await setLanguage(context, locale);
		await page.goto(`${photoPage}?stricter=public#stricter-editor`);
		await expectAccessible(page, `stricter framing (${locale})`);
	}
	await page.setViewportSize({ width: 360, height: 740 });
	await expectNoHorizontalScroll(page);
	await setLanguage(context, 'en');

	// The request for a public exhibition says so, and shows the public's framing.
	await page.goto(`/participate/${world.initiativeId}/requests/${placementId}`);
	await expect(page.locator('main')).toContainText(
		'This audience gets the closer framing you set for it.'
	);
	const inRequest = await imageUrls(page, 'main');
	expect(inRequest.some((u) => u.includes(photoId) && u.includes('in=o.public'))).toBe(true);
	await expectAccessible(page, 'request with a stricter framing (en)');

	// Published: the visitor gets the closer picture (0.5 × 960 by 720), the owner the whole.
	await approve(participant, storyId, placementId, {
		photoIds: [photoId],
		attribution: 'anonymous'
	});
	const slug = await publish(world, curator.id, exhibitionId);
	const visitorContext = await browser.newContext();
	await setLanguage(visitorContext, 'en');
	const reader = await visitorContext.newPage();
	await reader.goto(`/exhibitions/${slug}`);
	expect(await shapeOn(reader, photoId)).toBeCloseTo(480 / 720, 1);
	await page.goto(photoPage);
	const owned = page.getByTestId('framed-result').locator('img');
	await owned.scrollIntoViewIfNeeded();
	await expect
		.poll(() => owned.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
		.toBeGreaterThan(0);
	expect(
		await owned.evaluate((img: HTMLImageElement) => img.naturalWidth / img.naturalHeight)
	).toBeCloseTo(960 / 720, 1);

	// Removed: the next page the visitor opens has the whole photo again.
	await page.getByRole('button', { name: 'Remove the stricter framing for the public' }).click();
	await expect(forPublic.getByTestId('stricter-status')).toHaveText(
		'The same framing as for the working groups.'
	);
	await reader.goto(`/exhibitions/${slug}`);
	expect(await shapeOn(reader, photoId)).toBeCloseTo(960 / 720, 1);
	await visitorContext.close();
	await context.close();
});
