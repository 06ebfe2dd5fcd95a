// Visitors' reflections through the pages (docs/reflections.md): an anonymous visitor leaves
// one on a story of a public exhibition (too long and too frequent are refused, with what they
// wrote kept), the curator approves it, the participant sees it and shows it, and the next
// anonymous visitor sees it under the story — as text. Every new page: axe in he, ar and en,
// usable at 360 px.
import type { Browser } from '@playwright/test';
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	setLanguage,
	signIn,
	test
} from './fixtures';
import { STORIES, publishedExhibition } from './exhibition-data';
import { reflectionAttempts } from '../../src/lib/server/db/schema';
import { ownStory } from '../../src/lib/server/access';
import { placementsOfOwner, withdrawPlacement } from '../../src/lib/server/consent';
import type { Locale } from '../../src/lib/localized';

const LOCALES: Locale[] = ['he', 'ar', 'en'];

/** A page as a phone shows it, in this language, anonymous or signed in. */
async function phone(browser: Browser, locale: Locale, user?: { id: string; isAdmin: boolean }) {
	const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
	await setLanguage(context, locale);
	if (user) await signIn(context, user);
	return { context, page: await context.newPage() };
}

/** axe in each language, and no sideways scrolling at 360 px. */
async function checkEverywhere(
	browser: Browser,
	path: string,
	user?: { id: string; isAdmin: boolean }
) {
	for (const locale of LOCALES) {
		const { context, page } = await phone(browser, locale, user);
		const answer = await page.goto(path);
		expect(answer?.status(), path).toBe(200);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await expectAccessible(page, `${path} (${locale})`);
		await expectNoHorizontalScroll(page);
		await context.close();
	}
}

test('a visitor leaves a reflection on a story; the curator approves it; the participant shows it; visitors see it as text', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const db = await appDb();
	// The throttle counts per client address, and every test here comes from this machine.
	await db.delete(reflectionAttempts);
	const { slug, curator, owners, shown } = await publishedExhibition(world, {
		stories: [STORIES[0]!]
	});
	const storyId = shown[0]!.storyId;
	const owner = owners[0]!;
	const storyTitle = STORIES[0]!.title;
	const body = '<b>Bold</b> words, see https://example.org';

	// An anonymous visitor, on a phone, from the story page.
	const { context, page } = await phone(browser, 'en');
	await page.goto(`/exhibitions/${slug}/${storyId}`);
	await page.getByRole('link', { name: 'Leave a reflection on this story' }).click();
	await expect(page).toHaveURL(new RegExp(`/exhibitions/${slug}/reflect\\?story=${storyId}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leave a reflection');
	await expect(page.getByText(storyTitle).first()).toBeVisible();

	// Too long: refused with the limit, the words kept.
	const long = 'x'.repeat(1001);
	await page.getByLabel('A commitment').check();
	await page.getByLabel('Your words').fill(long);
	await page.getByLabel('Name (optional)').fill('Noa');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByTestId('reflection-error')).toBeVisible();
	await expect(page.locator('.field-error')).toContainText('at most 1000 characters');
	await expect(page.getByLabel('Your words')).toHaveValue(long);
	await expect(page.getByLabel('Name (optional)')).toHaveValue('Noa');
	await expect(page.getByLabel('A commitment')).toBeChecked();
	await expectAccessible(page, 'reflect, too long');

	// Sent: a confirmation that it waits for moderation.
	await page.getByLabel('Your words').fill(body);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByTestId('reflection-sent')).toContainText(
		"waits for a curator's moderation"
	);
	await expect(page).toHaveURL(/[?&]sent=1/);
	await expectAccessible(page, 'reflect, sent');
	await expectNoHorizontalScroll(page);
	// Pending: not under the story.
	await page.goto(`/exhibitions/${slug}/${storyId}`);
	await expect(page.getByText('Bold</b>')).toHaveCount(0);

	// Too frequent: four more from this client this hour (as the table would hold them), then
	// the sixth is refused, with the words kept.
	const [attempt] = await db.select().from(reflectionAttempts);
	expect(attempt).toBeTruthy();
	await db
		.insert(reflectionAttempts)
		.values(Array.from({ length: 4 }, () => ({ clientKey: attempt!.clientKey, at: new Date() })));
	await page.goto(`/exhibitions/${slug}/reflect`);
	await page.getByLabel('Your words').fill('One more thought.');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByTestId('reflection-error')).toContainText('Please try again later');
	await expect(page.getByLabel('Your words')).toHaveValue('One more thought.');
	await expectAccessible(page, 'reflect, too frequent');
	await context.close();
	await db.delete(reflectionAttempts);

	// The curator moderates: the story is named, the words are text.
	const curatorSide = await phone(browser, 'en', curator);
	await curatorSide.page.goto(`/curate/${world.initiativeId}`);
	await curatorSide.page.getByRole('link', { name: 'Reflections' }).click();
	const item = curatorSide.page.getByTestId('reflection').filter({ hasText: 'Bold' });
	await expect(item).toHaveCount(1);
	await expect(item).toContainText(storyTitle);
	await expect(item.getByText(body)).toBeVisible();
	await expect(item.locator('b')).toHaveCount(0);
	await item.getByRole('button', { name: 'Approve' }).click();
	await expect(curatorSide.page.getByTestId('reflection-decided')).toBeVisible();
	await expect(curatorSide.page.getByTestId('reflection').filter({ hasText: 'Bold' })).toHaveCount(
		0
	);
	await curatorSide.context.close();

	// Approved but not chosen yet: not under the story.
	const before = await phone(browser, 'en');
	await before.page.goto(`/exhibitions/${slug}/${storyId}`);
	await expect(before.page.getByTestId('reflection')).toHaveCount(0);
	await before.context.close();

	// The participant sees it, with an unread count on the tab, and shows it.
	const ownerSide = await phone(browser, 'he', owner);
	await ownerSide.page.goto(`/participate/${world.initiativeId}/stories/${storyId}`);
	await expect(ownerSide.page.getByTestId('reflections-unread')).toContainText('1');
	await ownerSide.page.getByRole('link', { name: /מחשבות של מבקרים/ }).click();
	await expect(ownerSide.page).toHaveURL(/\/reflections$/);
	await expect(ownerSide.page.getByTestId('reflections-unread')).toHaveCount(0);
	const mine = ownerSide.page.getByTestId('reflection');
	await expect(mine).toHaveCount(1);
	await expect(mine.getByText(body)).toBeVisible();
	await expect(mine.getByText('Noa')).toBeVisible();
	await mine.getByRole('button', { name: 'להציג לציבור מתחת לסיפור שלי' }).click();
	await expect(ownerSide.page.getByTestId('reflection-choice')).toBeVisible();
	await expect(mine.getByRole('button', { name: 'להסתיר' })).toBeVisible();
	await ownerSide.context.close();

	// The next anonymous visitor sees it under the story: as text, the address not a link.
	const after = await phone(browser, 'en');
	await after.page.goto(`/exhibitions/${slug}/${storyId}`);
	const under = after.page.getByTestId('reflection');
	await expect(under).toHaveCount(1);
	await expect(under.getByText(body)).toBeVisible();
	await expect(under).toContainText('A commitment');
	await expect(under.locator('b, a')).toHaveCount(0);
	await expectAccessible(after.page, 'story page with a reflection');
	// Not in the exhibition's guest book, which holds reflections on the whole exhibition.
	await after.page.goto(`/exhibitions/${slug}`);
	await expect(after.page.getByTestId('guest-book').getByTestId('reflection')).toHaveCount(0);

	// The participant withdraws: on the next request nothing about the story shows, its
	// reflection neither; the participant still has it.
	const own = (await ownStory(db, owner, storyId))!;
	const [placement] = await placementsOfOwner(db, own);
	await withdrawPlacement(db, own, placement!.placement.id, { text: 'Stop', locale: 'en' });
	expect((await after.page.goto(`/exhibitions/${slug}/${storyId}`))?.status()).toBe(404);
	expect((await after.page.goto(`/exhibitions/${slug}/reflect?story=${storyId}`))?.status()).toBe(
		404
	);
	await after.page.goto(`/exhibitions/${slug}`);
	await expect(after.page.getByText('Bold</b>')).toHaveCount(0);
	await after.context.close();
	const still = await phone(browser, 'en', owner);
	await still.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/reflections`);
	await expect(still.page.getByTestId('reflection').getByText(body)).toBeVisible();
	await still.context.close();
});

test('the new pages are accessible in he, ar and en and usable at 360 px; the wall shows a QR code to the form', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const db = await appDb();
	await db.delete(reflectionAttempts);
	const { slug, curator, owners, shown } = await publishedExhibition(world, {
		stories: [STORIES[0]!]
	});
	const storyId = shown[0]!.storyId;

	// One on the whole exhibition, sent and approved through the pages, for the guest book.
	const { context, page } = await phone(browser, 'ar');
	await page.goto(`/exhibitions/${slug}`);
	await page.getByTestId('guest-book').getByRole('link').click();
	await page.locator('textarea[name="body"]').fill('شكرًا على هذا المعرض.');
	await page.locator('form.card button[type="submit"]').click();
	await expect(page.getByTestId('reflection-sent')).toBeVisible();
	await context.close();
	await db.delete(reflectionAttempts);
	const curatorSide = await phone(browser, 'en', curator);
	await curatorSide.page.goto(`/curate/${world.initiativeId}/reflections`);
	await checkEverywhere(browser, `/curate/${world.initiativeId}/reflections`, curator);
	await curatorSide.page.getByRole('button', { name: 'Approve' }).click();
	await expect(curatorSide.page.getByTestId('reflection-decided')).toBeVisible();
	await curatorSide.context.close();

	await checkEverywhere(browser, `/exhibitions/${slug}`);
	const guest = await phone(browser, 'en');
	await guest.page.goto(`/exhibitions/${slug}`);
	await expect(guest.page.getByTestId('guest-book').getByTestId('reflection')).toContainText(
		'شكرًا على هذا المعرض.'
	);
	await expect(
		guest.page.getByTestId('guest-book').locator('[data-testid="reflection"] .body')
	).toHaveAttribute('lang', 'ar');

	// The wall: a QR code (inline SVG, drawn by the server) linking to the form's absolute address.
	await guest.page.goto(`/exhibitions/${slug}/wall`);
	const qr = guest.page.getByTestId('wall-reflect');
	await expect(qr).toHaveAttribute(
		'href',
		new RegExp(`^https?://[^/]+/exhibitions/${slug}/reflect$`)
	);
	// Drawn inline, as SVG: a path of many modules on a white square.
	expect(((await qr.locator('svg path').getAttribute('d')) ?? '').length).toBeGreaterThan(500);
	await guest.context.close();

	await checkEverywhere(browser, `/exhibitions/${slug}/reflect`);
	await checkEverywhere(browser, `/exhibitions/${slug}/reflect?story=${storyId}`);
	await checkEverywhere(browser, `/exhibitions/${slug}/reflect?sent=1`);
	await checkEverywhere(browser, `/exhibitions/${slug}/${storyId}`);
	await checkEverywhere(
		browser,
		`/participate/${world.initiativeId}/stories/${storyId}/reflections`,
		owners[0]!
	);
});
