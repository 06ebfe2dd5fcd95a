// Faces found in the participant's browser are suggestions only (docs/redaction.md): two faces
// are suggested, one is accepted as blur and the other ignored, by keyboard at 360 px; the
// saved derivative has the first face destroyed and the second intact (pixels compared); axe
// is clean on the editor in he, ar and en; an exhibition visitor loads none of the detector.
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import {
	BASE_URL,
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
import { FACE_REGIONS, twoFacesJpeg } from '../fixtures/faces';
import { DESTROYED, RECOVERED, correlation, detail, regionOf } from '../fixtures/redaction-measure';
import { photos } from '../../src/lib/server/db/schema';

const FOUND = {
	he: 'נמצאו פנים של 2 אנשים',
	ar: 'عدد الوجوه التي وجدناها: 2',
	en: '2 faces found'
} as const;

test('two faces suggested; one blurred, one ignored; the saved photo is redacted only there', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const participant = await personWithRole(world, 'participant');
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	await setLanguage(context, 'en');
	await signIn(context, participant);
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('console', (m) => {
		if (m.type() === 'error' || m.text().startsWith('[faces]')) errors.push(m.text());
	});
	const requests: string[] = [];
	page.on('request', (r) => requests.push(r.url()));
	await page.goto(`/participate/${world.initiativeId}`);
	await page.getByLabel('Title').fill('Two neighbours');
	await page.getByLabel('Guide me with five questions, one at a time').uncheck();
	await page.getByRole('button', { name: 'Start the story' }).click();
	await page.getByRole('link', { name: 'Photos', exact: true }).click();
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	const original = await twoFacesJpeg();
	await page
		.locator('#photo-input')
		.setInputFiles([{ name: 'neighbours.jpg', mimeType: 'image/jpeg', buffer: original }]);
	await expect(page.getByTestId('uploads').getByText('Added.')).toBeVisible({ timeout: 30_000 });
	await page.getByRole('link', { name: 'Crop, turn and hide parts' }).click();
	await expect(page).toHaveURL(/photos\/\w+$/);
	const status = page.getByTestId('face-suggestions').getByRole('status');

	// The editor in each language: the suggestions, axe, no sideways scroll at 360 px.
	for (const locale of ['he', 'ar', 'en'] as const) {
		await setLanguage(context, locale);
		await page.reload();
		await expect(status).toContainText(FOUND[locale], { timeout: 90_000 });
		await expect(page.locator('[data-suggested]')).toHaveCount(2);
		await expectAccessible(page, `face suggestions ${locale}`);
		await expectNoHorizontalScroll(page);
	}

	// The model came from this app, and nothing else left the page.
	expect(requests.some((u) => /tiny_face_detector_model-[\w-]+\.bin$/.test(u))).toBe(true);
	expect(requests.filter((u) => !u.startsWith(BASE_URL))).toEqual([]);

	// Which suggestion is the face on the left (FACE_REGIONS[0])?
	const boxes = await page.locator('[data-suggested]').evaluateAll((all) =>
		all.map((el) => ({
			n: el.getAttribute('data-suggested')!,
			left: parseFloat((el as HTMLElement).style.left)
		}))
	);
	boxes.sort((a, b) => a.left - b.left);
	const [left, right] = boxes as unknown as [{ n: string }, { n: string }];

	// Nothing is hidden before a choice.
	const framing = async () => JSON.parse(await page.locator('input[name=framing]').inputValue());
	expect((await framing()).redactions).toEqual([]);

	// By keyboard: blur the left face; focus moves on to the other suggestion; ignore it.
	await page.getByRole('button', { name: `Blur face ${left.n}` }).focus();
	await page.keyboard.press('Enter');
	await expect(page.locator('[data-suggested]')).toHaveCount(1);
	await expect(page.getByRole('button', { name: `Blur face ${right.n}` })).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: `Ignore face ${right.n}` })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('[data-suggested]')).toHaveCount(0);
	await expect(status).toContainText('Every suggestion has been decided');
	const chosen = (await framing()).redactions;
	expect(chosen).toHaveLength(1);
	expect(chosen[0].style).toBe('blur');
	// The hidden area covers the left face.
	const face = FACE_REGIONS[0]!;
	expect(chosen[0].x).toBeLessThanOrEqual(face.x + face.w * 0.1);
	expect(chosen[0].x + chosen[0].w).toBeGreaterThanOrEqual(face.x + face.w * 0.9);
	await expectAccessible(page, 'face suggestions decided');

	// Saved as framing is saved: the server gets the framing (and the editor's mode radio)
	// and nothing else.
	const save = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/save'));
	await page.getByRole('button', { name: 'Save' }).click();
	const body = new URLSearchParams((await save).postData() ?? '');
	expect([...body.keys()].filter((k) => !k.endsWith('-mode'))).toEqual(['framing']);
	await expect(page.getByTestId('framed-result')).toBeVisible();
	const photoId = new URL(page.url()).pathname.split('/').pop()!;
	const [row] = await (await appDb()).select().from(photos).where(eq(photos.id, photoId));
	expect(row?.framing.redactions).toEqual(chosen);

	// The saved photo as published: the blurred face keeps nothing of its detail, the other
	// face is intact (the measure of tests/unit/redaction.test.ts).
	const urls = await imageUrls(page, '[data-testid=framed-result]');
	const jpeg = urls.find((u) => u.endsWith('/1600.jpg'));
	expect(jpeg, urls.join(' ')).toBeDefined();
	const response = await page.request.get(jpeg!);
	expect(response.status()).toBe(200);
	const published = await response.body();
	expect((await sharp(published).metadata()).width).toBe(1600);
	const measured: number[] = [];
	for (const rect of FACE_REGIONS) {
		const w = Math.round(rect.w * 1600);
		const h = Math.round(rect.h * 900);
		const before = await regionOf(original, rect, w, h);
		const after = await regionOf(published, rect, w, h);
		measured.push(correlation(detail(after), detail(before)));
	}
	expect(Math.abs(measured[0]!), `blurred face: ${measured[0]}`).toBeLessThan(DESTROYED);
	expect(measured[1]!, `ignored face: ${measured[1]}`).toBeGreaterThan(RECOVERED);

	// After saving, the blurred face is not suggested again; the ignored one is (an "ignore" is
	// not stored anywhere either).
	await expect(status).toContainText('1 face found', { timeout: 90_000 });
	expect(errors).toEqual([]);
	await context.close();

	// An anonymous visitor of an exhibition loads none of the detector.
	const { slug } = await publishedExhibition(world, { cover: true });
	const visitor = await browser.newContext();
	await setLanguage(visitor, 'en');
	const reader = await visitor.newPage();
	const loaded: string[] = [];
	reader.on('request', (r) => loaded.push(r.url()));
	await reader.goto(`/exhibitions/${slug}`, { waitUntil: 'networkidle' });
	expect(loaded.filter((u) => /worker|face_detector|\.bin$/.test(u))).toEqual([]);
	await visitor.close();
});
