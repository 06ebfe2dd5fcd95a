// Releases from the people shown (docs/releases.md), in Chromium: a participant uploads a photo
// with two faces, accepts one suggestion as blur and the other as squares, marks the second as a
// person and makes a release link in Arabic; in another context the person opens it, sees the
// photo and agrees; the public exhibition shows the face; the person withdraws; the very next
// request for the same picture has the face destroyed again (pixels compared). axe is clean on
// the new parts in he, ar and en.
import { eq } from 'drizzle-orm';
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
import { propose, approve, publish } from './arrange';
import { FACE_REGIONS, twoFacesJpeg } from '../fixtures/faces';
import { DESTROYED, RECOVERED, correlation, detail, regionOf } from '../fixtures/redaction-measure';
import { photos, stories } from '../../src/lib/server/db/schema';
import { ownStory } from '../../src/lib/server/access';
import { setStoryStatus, updatePhotoText } from '../../src/lib/server/stories';
import { shareStory } from '../../src/lib/server/consent';
import { createExhibition } from '../../src/lib/server/exhibitions';
import { text } from '../fixtures/factories';

test('a person agrees through the release link, is shown, withdraws, and is hidden again on the next request', async ({
	browser,
	world
}) => {
	test.setTimeout(300_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	await setLanguage(context, 'en');
	await signIn(context, participant);
	const page = await context.newPage();
	await page.goto(`/participate/${world.initiativeId}`);
	await page.getByLabel('Title').fill('Two neighbours on the bench');
	await page.getByLabel('Guide me with five questions, one at a time').uncheck();
	await page.getByRole('button', { name: 'Start the story' }).click();
	await page.getByRole('link', { name: 'Photos', exact: true }).click();
	await expect(page.locator('#photo-input')).toBeEnabled({ timeout: 30_000 });
	const original = await twoFacesJpeg();
	await page
		.locator('#photo-input')
		.setInputFiles([{ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: original }]);
	await expect(page.getByTestId('uploads').getByText('Added.')).toBeVisible({ timeout: 30_000 });
	await page.getByRole('link', { name: 'Crop, turn and hide parts' }).click();
	await expect(page).toHaveURL(/photos\/\w+$/);
	const photoId = new URL(page.url()).pathname.split('/').pop()!;

	// Nobody to mark yet: the page says how.
	await expect(page.locator('#people')).toContainText('first hide them with a hidden area');

	// The two suggestions: the left face blurred, the right one squared; saved.
	await expect(page.getByTestId('face-suggestions').getByRole('status')).toContainText(
		'2 faces found',
		{ timeout: 90_000 }
	);
	const boxes = await page.locator('[data-suggested]').evaluateAll((all) =>
		all.map((el) => ({
			n: el.getAttribute('data-suggested')!,
			left: parseFloat((el as HTMLElement).style.left)
		}))
	);
	boxes.sort((a, b) => a.left - b.left);
	const [left, right] = boxes as unknown as [{ n: string }, { n: string }];
	await page.getByRole('button', { name: `Blur face ${left.n}` }).click();
	await page.getByRole('button', { name: `Squares over face ${right.n}` }).click();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByTestId('framed-result')).toBeVisible();

	// Which hidden area is the right face? Areas are numbered in the framing's order.
	const db = await appDb();
	const [saved] = await db.select().from(photos).where(eq(photos.id, photoId));
	const rightArea = saved!.framing.redactions.findIndex((r) => r.style === 'pixelate') + 1;
	expect(rightArea).toBeGreaterThan(0);

	// Mark it as a person, in the participant's own words, and ask in Arabic, for everyone.
	const mark = page.getByTestId('mark-area').filter({ hasText: `Hidden area ${rightArea}` });
	await mark.getByLabel('Who is it? (only you see this)').fill('Rami, my neighbour');
	await mark.getByRole('button', { name: `Area ${rightArea} is a person: ask them` }).click();
	const person = page.getByTestId('person');
	await expect(person).toHaveCount(1);
	await expect(person.getByTestId('person-state')).toHaveText(
		'Hidden for everyone. No release asked yet.'
	);
	await person.getByLabel('Everyone (public exhibitions)').check();
	await person.getByLabel('Language of their page').selectOption('ar');
	await person.getByRole('button', { name: 'Make a release link' }).click();
	const link = await page.getByTestId('release-link').locator('input').inputValue();
	expect(link).toMatch(/\/release\/[a-z2-7]{32}$/);
	await expect(person.getByTestId('person-state')).toContainText('Hidden until they answer');
	for (const locale of ['he', 'ar', 'en'] as const) {
		await setLanguage(context, locale);
		await page.reload();
		await expectAccessible(page, `people in the photo (${locale})`);
		await expectNoHorizontalScroll(page);
	}
	await setLanguage(context, 'en');
	// Neither face is suggested again: one is a hidden area, the other a marked person.
	await page.reload();
	await expect(page.getByTestId('face-suggestions').getByRole('status')).toContainText(
		'No faces found',
		{ timeout: 90_000 }
	);

	// The story is shown in a public exhibition, with this photo.
	const storyId = (
		await db.select({ id: stories.id }).from(stories).where(eq(stories.id, saved!.storyId))
	)[0]!.id;
	const own = async () => (await ownStory(db, participant, storyId))!;
	await updatePhotoText(db, await own(), photoId, {
		altText: 'Two people on a bench',
		caption: ''
	});
	await setStoryStatus(db, await own(), 'finished');
	expect(await shareStory(db, await own(), { text: 'I share it.', locale: 'en' })).toBe('ok');
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text('Neighbours'),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	const placementId = await propose(world, curator.id, exhibitionId, storyId);
	await approve(participant, storyId, placementId, {
		photoIds: [photoId],
		attribution: 'anonymous'
	});
	const slug = await publish(world, curator.id, exhibitionId);

	// An anonymous visitor's picture, asked for again each time, as a browser revalidates.
	const visitor = await browser.newContext();
	await setLanguage(visitor, 'en');
	const reader = await visitor.newPage();
	await reader.goto(`/exhibitions/${slug}`);
	const urls = await imageUrls(reader, 'main');
	const jpeg = urls.find((u) => u.includes(photoId) && u.includes('/1600.jpg'));
	expect(jpeg, urls.join(' ')).toBeDefined();
	const faces = async () => {
		const response = await reader.request.get(jpeg!);
		expect(response.status()).toBe(200);
		const published = await response.body();
		const measured: number[] = [];
		for (const rect of FACE_REGIONS) {
			const w = Math.round(rect.w * 1600);
			const h = Math.round(rect.h * 900);
			measured.push(
				correlation(
					detail(await regionOf(published, rect, w, h)),
					detail(await regionOf(original, rect, w, h))
				)
			);
		}
		return measured;
	};
	let [blurred, squared] = await faces();
	expect(Math.abs(blurred!), `blurred face: ${blurred}`).toBeLessThan(DESTROYED);
	expect(Math.abs(squared!), `person, not yet agreed: ${squared}`).toBeLessThan(DESTROYED);

	// The person opens the link: no account, no language chosen — the page speaks Arabic.
	const them = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const release = await them.newPage();
	await release.goto(link);
	await expect(release.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(release.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(release.getByRole('heading', { level: 1 })).toHaveText('صورة تظهر فيها');
	await expect(release.getByTestId('release-words')).toContainText('على الجميع');
	// The participant's words for who they are are never on the page.
	await expect(release.locator('body')).not.toContainText('Rami');
	const shown = release.getByTestId('release-photo');
	await expect(shown).toBeVisible();
	expect(await shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
		1024
	);
	await expectAccessible(release, 'release page (ar)');
	await expectNoHorizontalScroll(release);
	// Agreeing without saying who answers is refused, in Arabic, and changes nothing.
	await release.getByRole('button', { name: 'أوافق', exact: true }).click();
	await expect(release.getByTestId('release-form')).toBeVisible();
	await release.getByLabel('أنا الشخص الظاهر في الصورة، وعمري 18 عامًا أو أكثر').check();
	await release.getByRole('button', { name: 'أوافق', exact: true }).click();
	await expect(release.getByTestId('release-state')).toContainText('وافقت بتاريخ');

	// Shown now, on the next request for the same picture.
	await expect
		.poll(async () => (await faces())[1]!, { timeout: 60_000, message: 'the agreed face' })
		.toBeGreaterThan(RECOVERED);
	[blurred] = await faces();
	expect(Math.abs(blurred!)).toBeLessThan(DESTROYED);
	// The participant sees it, and is told.
	await page.reload();
	await expect(page.getByTestId('person-state')).toContainText('Shown to:');
	await page.goto('/notifications');
	await expect(page.locator('main')).toContainText('agreed to be shown');

	// The release page in the other languages.
	for (const locale of ['he', 'en'] as const) {
		await setLanguage(them, locale);
		await release.reload();
		await expectAccessible(release, `release page, agreed (${locale})`);
	}

	// Withdrawn: the very next request has the face destroyed again.
	await release.getByRole('button', { name: 'Withdraw my agreement' }).click();
	await expect(release.getByTestId('release-state')).toContainText('You withdrew your agreement');
	[blurred, squared] = await faces();
	expect(Math.abs(squared!), `withdrawn: ${squared}`).toBeLessThan(DESTROYED);
	expect(Math.abs(blurred!)).toBeLessThan(DESTROYED);
	// The link cannot agree again; a made-up one is not found.
	await expect(release.getByTestId('release-form')).toHaveCount(0);
	expect((await them.request.get('/release/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status()).toBe(404);

	await them.close();
	await visitor.close();
	await context.close();
});
