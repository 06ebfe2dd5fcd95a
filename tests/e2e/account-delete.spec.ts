// "Delete my account" (docs/data-lifecycle.md): the warning, a wrong password refused with
// nothing deleted, the deletion itself (stories, photos and their files, sessions), the
// browser told to forget the site, and a confirmation page that only a real deletion shows.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import {
	appDb,
	BASE_URL,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	test,
	visitor
} from './fixtures';
import { sharedStory } from './arrange';
import { makeUser, PASSWORD } from '../fixtures/factories';
import { photoDerivatives, photos, users } from '../../src/lib/server/db/schema';

test.describe.configure({ timeout: 120_000 });

test('a participant deletes their account: everything goes, the browser forgets', async ({
	browser,
	world
}) => {
	const person = await personWithRole(world, 'participant');
	const story = await sharedStory(world, person, { title: 'Account-deletion story 4c1d' });
	const db = await appDb();
	const keys = [
		...(await db
			.select({ key: photos.masterKey })
			.from(photos)
			.where(eq(photos.storyId, story.storyId))),
		...(await db
			.select({ key: photoDerivatives.storageKey })
			.from(photoDerivatives)
			.where(eq(photoDerivatives.photoId, story.photoIds[0]!)))
	].map((r) => r.key);
	const media = join(process.env.E2E_DATA_DIR as string, 'media');
	expect(keys.every((k) => existsSync(join(media, k)))).toBe(true);

	const { context, page } = await visitor(browser, 'en', person);
	await page.goto('/account');
	await page.getByTestId('delete-account-link').click();
	await expect(page).toHaveURL(/\/account\/delete$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Delete my account' })).toBeVisible();
	await expect(page.getByTestId('removed')).toContainText('Your stories (1)');
	await expectAccessible(page, 'account delete, en');

	// A wrong password: refused, in plain words, and nothing deleted.
	await page.getByLabel('Your password, to confirm it is you').fill('not the password at all');
	await page.getByRole('button', { name: 'Delete my account and everything in it' }).click();
	await expect(page.getByTestId('delete-problem')).toHaveText(
		'That is not your password. Nothing was deleted.'
	);
	expect(await db.select().from(users).where(eq(users.id, person.id))).toHaveLength(1);
	await expectAccessible(page, 'account delete with an error, en');

	// The right one, from the keyboard.
	await page.getByLabel('Your password, to confirm it is you').fill(PASSWORD);
	const confirmation = page.waitForResponse((r) => r.url().endsWith('/account/deleted'));
	await page.getByLabel('Your password, to confirm it is you').press('Enter');
	const answer = await confirmation;
	expect((await answer.allHeaders())['clear-site-data']).toBe('"cache", "cookies", "storage"');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Your account was deleted' })
	).toBeVisible();
	await expectAccessible(page, 'account deleted, en');

	expect(await db.select().from(users).where(eq(users.id, person.id))).toEqual([]);
	expect(await db.select().from(photos).where(eq(photos.storyId, story.storyId))).toEqual([]);
	await expect
		.poll(() => keys.filter((k) => existsSync(join(media, k))).length, { timeout: 30_000 })
		.toBe(0);
	expect((await context.cookies()).some((c) => c.name === 'session')).toBe(false);
	// Logged out; the photo is not served; the confirmation does not show again.
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login/);
	const photo = await page.request.get(`${BASE_URL}/media/${story.photoIds[0]}/1/320.webp`);
	expect(photo.status()).toBe(404);
	await page.goto('/account/deleted');
	await expect(page).toHaveURL(`${BASE_URL}/`);
	await context.close();
});

test('a person with no membership deletes their account, in Hebrew, at 360 px', async ({
	browser
}) => {
	const person = await makeUser(await appDb());
	const { context, page } = await visitor(browser, 'he', person);
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto('/account/delete');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1, name: 'מחיקת החשבון שלי' })).toBeVisible();
	await expectAccessible(page, 'account delete, he, 360 px');
	await expectNoHorizontalScroll(page);
	await page.getByLabel('הסיסמה שלך, לאישור שזה באמת את/ה').fill(PASSWORD);
	await page.getByRole('button', { name: 'מחיקת החשבון וכל מה שבו' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'החשבון שלך נמחק' })).toBeVisible();
	await expectAccessible(page, 'account deleted, he, 360 px');
	await expectNoHorizontalScroll(page);
	expect(await (await appDb()).select().from(users).where(eq(users.id, person.id))).toEqual([]);
	await context.close();
});

test('wrong passwords are throttled as logins are', async ({ browser }) => {
	const person = await makeUser(await appDb());
	const { context, page } = await visitor(browser, 'en', person);
	await page.goto('/account/delete');
	for (let i = 0; i < 5; i++) {
		await page.getByLabel('Your password, to confirm it is you').fill(`wrong password ${i}`);
		await page.getByRole('button', { name: 'Delete my account and everything in it' }).click();
		await expect(page.getByTestId('delete-problem')).toContainText('Nothing was deleted');
	}
	await page.getByLabel('Your password, to confirm it is you').fill(PASSWORD);
	await page.getByRole('button', { name: 'Delete my account and everything in it' }).click();
	await expect(page.getByTestId('delete-problem')).toContainText('Too many wrong passwords');
	expect(await (await appDb()).select().from(users).where(eq(users.id, person.id))).toHaveLength(1);
	await context.close();
});
