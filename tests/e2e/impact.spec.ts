// The impact report (docs/impact.md): a curator opens it from the initiative's navigation,
// changes the period, downloads the CSV and prints; partners and participants get 404. The
// world is arranged straight in the test server's database (events at chosen dates); the
// curator acts only through the browser.
import { readFile } from 'node:fs/promises';
import {
	BASE_URL,
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	signIn,
	test,
	visitor
} from './fixtures';
import { makeUser, giveRole, type World } from '../fixtures/factories';
import { createStory } from '../../src/lib/server/stories';
import { newId } from '../../src/lib/server/ids';
import {
	consentEvents,
	exhibitions,
	responseEntries,
	responses
} from '../../src/lib/server/db/schema';

const STORY_TITLE = 'The stairs nobody fixes';
const OWNER_NAME = 'Miriam Abu-Hanna';
const DAY = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of an instant, read in Jerusalem (the server's default TIME_ZONE). */
const dayOf = (date: Date) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Jerusalem',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(date);

/** Two shares: one a month ago (in the default period), one about 400 days ago (before it). */
async function arrange(world: World) {
	const db = await appDb();
	const owner = await makeUser(db, { displayName: OWNER_NAME });
	await giveRole(db, owner, world.initiativeId, 'participant');
	const story = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: STORY_TITLE,
		language: 'en'
	});
	const story2 = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: `${STORY_TITLE} again`,
		language: 'en'
	});
	const recent = new Date(Date.now() - 30 * DAY);
	const old = new Date(Date.now() - 400 * DAY);
	const exhibitionId = newId();
	await db.insert(exhibitions).values({
		id: exhibitionId,
		initiativeId: world.initiativeId,
		slug: `impact-${exhibitionId}`,
		title: { en: 'Impact exhibition' },
		introduction: {},
		audience: 'partners',
		status: 'published',
		updatedAt: recent,
		publishedAt: recent
	});
	for (const [storyId, at] of [
		[story, recent],
		[story2, recent],
		[story, old]
	] as const)
		await db
			.insert(consentEvents)
			.values({ storyId, kind: 'shared', at, actorId: owner.id, text: 'I share it.' });
	await db.insert(consentEvents).values({
		storyId: story,
		kind: 'approved',
		at: recent,
		actorId: owner.id,
		exhibitionId,
		placementId: 'placement-one'
	});
	const responseId = newId();
	await db.insert(responses).values({
		id: responseId,
		initiativeId: world.initiativeId,
		workingGroupId: world.workingGroupIds[0],
		exhibitionId,
		subject: 'story',
		storyId: story,
		kind: 'decision',
		createdAt: recent,
		updatedAt: recent
	});
	await db.insert(responseEntries).values([
		{ id: newId(), responseId, status: 'noted', language: 'en', createdAt: recent },
		{
			id: newId(),
			responseId,
			status: 'discussed',
			body: 'Words of the group',
			language: 'en',
			createdAt: new Date(recent.getTime() + DAY)
		}
	]);
	return { owner, old };
}

const row = (page: import('@playwright/test').Page, testid: string, measure: string) =>
	page.getByTestId(testid).locator(`tr[data-measure="${measure}"] td`);

test('a curator reads the report, changes the period, downloads the CSV and prints', async ({
	browser,
	world
}) => {
	const { owner, old } = await arrange(world);
	const curator = await personWithRole(world, 'curator');
	const { context, page } = await visitor(browser, 'en', curator);
	await page.addInitScript(() => {
		(window as unknown as { printed: number }).printed = 0;
		window.print = () => {
			(window as unknown as { printed: number }).printed += 1;
		};
	});
	await page.goto(`/curate/${world.initiativeId}`);
	await page.getByRole('link', { name: 'Impact report' }).click();
	await expect(page).toHaveURL(new RegExp(`/curate/${world.initiativeId}/impact$`));
	await expect(page.getByRole('heading', { level: 1, name: 'Impact report' })).toBeVisible();

	// The default period: the last twelve months, today included.
	await expect(page.getByLabel('To (included)')).toHaveValue(dayOf(new Date()));
	await expect(row(page, 'impact-consent', 'shared')).toHaveText('2');
	await expect(row(page, 'impact-consent', 'approved')).toHaveText('1');
	await expect(row(page, 'impact-exhibitions', 'published')).toHaveText('1');
	const housing = page
		.getByTestId('impact-responses')
		.locator(`tr[data-group="${world.workingGroupIds[0]}"]`);
	await expect(housing.locator('td[data-status="discussed"]')).toHaveText('1');
	await expect(housing.locator('td[data-status="noted"]')).toHaveText('0');
	await expect(page.getByTestId('impact-report')).not.toContainText(STORY_TITLE);
	await expect(page.getByTestId('impact-report')).not.toContainText(OWNER_NAME);
	await expectAccessible(page, 'impact report (en)');

	// A period that runs backwards is refused with a clear message.
	await page.getByLabel('From').fill(dayOf(new Date()));
	await page.getByLabel('To (included)').fill(dayOf(new Date(Date.now() - 10 * DAY)));
	await page.getByRole('button', { name: 'Show the report' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'The start date must be on or before the end date.'
	);
	await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByTestId('impact-consent')).toHaveCount(0);
	await expectAccessible(page, 'impact report with an error (en)');

	// The old period: only the old share.
	const from = dayOf(new Date(old.getTime() - 10 * DAY));
	const to = dayOf(new Date(old.getTime() + 10 * DAY));
	await page.getByLabel('From').fill(from);
	await page.getByLabel('To (included)').fill(to);
	await page.getByRole('button', { name: 'Show the report' }).click();
	await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
	await expect(row(page, 'impact-consent', 'shared')).toHaveText('1');
	await expect(row(page, 'impact-consent', 'approved')).toHaveText('0');
	await expect(row(page, 'impact-exhibitions', 'published')).toHaveText('0');

	// The CSV of that period.
	const downloading = page.waitForEvent('download');
	await page.getByTestId('impact-csv').click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe(`impact-${from}-${to}.csv`);
	const bytes = await readFile((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const csv = bytes.toString('utf8');
	expect(csv).toContain(`${from},${to},Stories shared with the curators,,1\r\n`);
	expect(csv).toContain(`${from},${to},Discussed,Housing group,0\r\n`);
	expect(csv).not.toContain(STORY_TITLE);
	expect(csv).not.toContain(OWNER_NAME);
	expect(csv).not.toContain(owner.username);
	const response = await page.request.get(
		`/curate/${world.initiativeId}/impact/csv?from=${from}&to=${to}`
	);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="impact-/);
	expect(response.headers()['cache-control']).toBe('private, no-store');
	const backwards = await page.request.get(
		`/curate/${world.initiativeId}/impact/csv?from=${to}&to=${from}`
	);
	expect(backwards.status()).toBe(400);

	// Printing: the button (armed by static/js/print.js) opens the print dialog; on paper the
	// site's header, the curator navigation, the form and the buttons are gone, the tables stay.
	await page.getByTestId('impact-print').click();
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed))
		.toBe(1);
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Curating' })).toBeHidden();
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.getByTestId('impact-period')).toBeHidden();
	await expect(page.getByTestId('impact-csv')).toBeHidden();
	await expect(page.getByTestId('impact-consent')).toBeVisible();
	await expect(page.getByTestId('impact-responses')).toBeVisible();
	await page.emulateMedia({ media: 'screen' });
	await expect(page.getByTestId('impact-period')).toBeVisible();
	await context.close();
});

test('the report is accessible in Hebrew and Arabic and usable at 360 px', async ({
	browser,
	world
}) => {
	await arrange(world);
	const curator = await personWithRole(world, 'curator');
	for (const [locale, title, error] of [
		['he', 'דוח השפעה', 'תאריך ההתחלה צריך להיות לפני תאריך הסיום או באותו יום.'],
		['ar', 'تقرير الأثر', 'يجب أن يكون تاريخ البداية قبل تاريخ النهاية أو في اليوم نفسه.']
	] as const) {
		const { context, page } = await visitor(browser, locale, curator);
		await page.setViewportSize({ width: 360, height: 800 });
		await page.goto(`/curate/${world.initiativeId}/impact`);
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(row(page, 'impact-consent', 'shared')).toHaveText('2');
		await expectAccessible(page, `impact report (${locale})`);
		await expectNoHorizontalScroll(page);
		await page.goto(`/curate/${world.initiativeId}/impact?from=2026-05-02&to=2026-05-01`);
		await expect(page.getByRole('alert')).toHaveText(error);
		await expectAccessible(page, `impact report with an error (${locale})`);
		await expectNoHorizontalScroll(page);
		await context.close();
	}
});

test('without JavaScript the period form works and an admin may read the report', async ({
	browser,
	world
}) => {
	await arrange(world);
	const context = await browser.newContext({ javaScriptEnabled: false });
	await context.addCookies([{ name: 'lang', value: 'en', url: BASE_URL, sameSite: 'Lax' }]);
	await signIn(context, world.admin);
	const page = await context.newPage();
	const response = await page.goto(`/curate/${world.initiativeId}/impact`);
	expect(response?.headers()['cache-control']).toBe('private, no-store');
	await expect(row(page, 'impact-consent', 'shared')).toHaveText('2');
	// The print button needs static/js/print.js: hidden, and the page says what to do instead.
	await expect(page.getByTestId('impact-print')).toBeHidden();
	await expect(page.getByText("use your browser's print command")).toBeVisible();
	await page.getByLabel('From').fill('2020-01-01');
	await page.getByLabel('To (included)').fill('2020-12-31');
	await page.getByRole('button', { name: 'Show the report' }).click();
	await expect(page).toHaveURL(/from=2020-01-01&to=2020-12-31/);
	await expect(row(page, 'impact-consent', 'shared')).toHaveText('0');
	await context.close();
});

test('partners, participants and outsiders get 404 for the report and its CSV', async ({
	browser,
	world
}) => {
	const partner = await personWithRole(world, 'partner', [world.workingGroupIds[0]]);
	const participant = await personWithRole(world, 'participant');
	const outsider = await makeUser(await appDb());
	for (const person of [partner, participant, outsider]) {
		const { context, page } = await visitor(browser, 'en', person);
		const pageResponse = await page.goto(`/curate/${world.initiativeId}/impact`);
		expect(pageResponse?.status()).toBe(404);
		const csv = await page.request.get(`/curate/${world.initiativeId}/impact/csv`);
		expect(csv.status()).toBe(404);
		await context.close();
	}
	// Anonymous: asked to log in, never shown anything.
	const { context, page } = await visitor(browser, 'en');
	const csv = await page.request.get(`/curate/${world.initiativeId}/impact/csv`, {
		maxRedirects: 0
	});
	expect([303, 302, 401, 404]).toContain(csv.status());
	await context.close();
});
