// In-app notifications end to end (docs/notifications.md): a curator proposes a story → its
// participant sees the unread count in the navigation (in Hebrew, announced to screen readers),
// opens the list, follows the notification, and the count goes down; the participant withdraws
// → the curator is told, without a reason and without the story; opting out works for an
// optional kind and is not offered for placement requests. axe in he, ar, en; 360 px.
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
import { approve, propose, sharedStory } from './arrange';
import { text } from '../fixtures/factories';
import { createExhibition } from '../../src/lib/server/exhibitions';
import { markAllRead, notify, optedOutKinds } from '../../src/lib/server/notifications';
import type { Locale } from '../../src/lib/localized';

test('a request reaches the participant, a withdrawal reaches the curator without a reason', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const db = await appDb();
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	// Their "you have a new role" notifications are not what this test is about.
	await markAllRead(db, participant.id);
	await markAllRead(db, curator.id);
	const title = `הספסל בשכונה ${Date.now()}`;
	const { storyId, photoIds } = await sharedStory(world, participant, { title, language: 'he' });
	const exhibitionTitle = `Neighbours ${Date.now()}`;
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text(exhibitionTitle, `שכנים ${Date.now()}`),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('Stories', 'סיפורים', 'قصص')
	);

	const p = await visitor(browser, 'he', participant);
	await p.page.goto('/account');
	const nav = p.page.getByTestId('nav-notifications');
	await expect(nav).toHaveAccessibleName('התראות');
	await expect(p.page.getByTestId('nav-unread')).toHaveCount(0);

	// 1. A curator proposes the story: the participant's count shows on the next page.
	const placementId = await propose(world, curator.id, exhibitionId, storyId);
	await p.page.goto('/account');
	await expect(p.page.getByTestId('nav-unread')).toHaveText('1');
	await expect(nav).toHaveAccessibleName('התראות (לא נקראו: 1)');
	await expect(p.page.getByTestId('unread-live')).toHaveText('התראות שלא נקראו: 1');
	await expect(p.page.getByTestId('unread-live')).toHaveAttribute('role', 'status');

	// 2. The list, newest first, unread marked; the link leads to the request and marks it read.
	await nav.click();
	await expect(p.page).toHaveURL(/\/notifications$/);
	const item = p.page.getByTestId('notification').first();
	await expect(item).toContainText('לא נקראה');
	await expect(item.getByTestId('notification-link')).toContainText(title);
	await expect(item.getByTestId('notification-link')).toContainText('אוצר/ת מבקש/ת להציג');
	await item.getByTestId('notification-link').click();
	await expect(p.page).toHaveURL(new RegExp(`/me/requests/${placementId}$`));
	await expect(p.page.getByTestId('nav-unread')).toHaveCount(0);
	await expect(nav).toHaveAccessibleName('התראות');
	await p.page.goto('/notifications');
	await expect(p.page.getByTestId('notification').first()).not.toContainText('לא נקראה');
	const list = await p.page.request.get('/notifications');
	expect(list.headers()['cache-control']).toBe('private, no-store');

	// 3. The participant approves, then withdraws from the story's sharing page.
	await approve(participant, storyId, placementId, {
		photoIds: [photoIds[0]!],
		attribution: 'anonymous'
	});
	const c = await visitor(browser, 'en', curator);
	await c.page.goto('/account');
	await expect(c.page.getByTestId('nav-unread')).toHaveText('1');
	await p.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/sharing`);
	await p.page.getByText('ביטול ההצגה בתערוכה הזאת').click();
	await p.page.getByRole('button', { name: 'כן, לבטל' }).click();
	await expect(p.page.getByTestId('sharing-done')).toHaveText('בוטל. הסיפור כבר לא מוצג שם.');

	// 4. The curator is told: from which exhibition, not which story, not why.
	await c.page.goto('/account');
	await expect(c.page.getByTestId('nav-unread')).toHaveText('2');
	await expect(c.page.getByTestId('nav-notifications')).toHaveAccessibleName(
		'Notifications, 2 unread'
	);
	await c.page.goto('/notifications');
	const withdrawn = c.page.getByTestId('notification').filter({ hasText: 'withdrew' });
	await expect(withdrawn).toHaveCount(1);
	await expect(withdrawn).toContainText(exhibitionTitle);
	await expect(withdrawn).not.toContainText(title);
	const approved = c.page.getByTestId('notification').filter({ hasText: 'approved' });
	await expect(approved).toContainText(title);
	// Mark one read, then all.
	await withdrawn.getByTestId('mark-read').click();
	await expect(c.page.getByTestId('nav-unread')).toHaveText('1');
	await c.page.getByTestId('mark-all-read').click();
	await expect(c.page.getByTestId('nav-unread')).toHaveCount(0);
	await expect(c.page.getByTestId('mark-all-read')).toHaveCount(0);
	// Following the withdrawal leads to the exhibition in the builder.
	await c.page
		.getByTestId('notification')
		.filter({ hasText: 'withdrew' })
		.getByTestId('notification-link')
		.click();
	await expect(c.page).toHaveURL(
		new RegExp(`/curate/${world.initiativeId}/exhibitions/${exhibitionId}$`)
	);
	// Curators are not offered the participant's kinds.
	await c.page.goto('/notifications/settings');
	await expect(c.page.getByTestId('kind-placement_withdrawn')).toBeChecked();
	await expect(c.page.getByTestId('kind-placement_requested')).toHaveCount(0);
	await c.context.close();

	// 5. Opting out: an optional kind can be turned off; placement requests cannot.
	await p.page.goto('/account');
	await p.page.getByRole('link', { name: 'הגדרות התראות' }).click();
	await expect(p.page).toHaveURL(/\/notifications\/settings$/);
	const requests = p.page.getByTestId('kind-placement_requested');
	await expect(requests).toBeChecked();
	await expect(requests).toBeDisabled();
	await expect(requests).toHaveAccessibleDescription(/אי אפשר לכבות/);
	await expect(p.page.getByTestId('kind-placement_changed')).toBeDisabled();
	await p.page.getByTestId('kind-response_recorded').uncheck();
	await p.page.getByTestId('settings-save').click();
	await expect(p.page.getByTestId('settings-saved')).toBeVisible();
	await p.page.reload();
	await expect(p.page.getByTestId('kind-response_recorded')).not.toBeChecked();
	await expect(p.page.getByTestId('kind-consent_expiring')).toBeChecked();
	expect(await optedOutKinds(db, participant.id)).toEqual(['response_recorded']);
	expect(await notify(db, { userId: participant.id, kind: 'response_recorded' })).toBe(false);
	await p.context.close();
});

test('the notification pages are accessible in he, ar and en, and at 360 px', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const db = await appDb();
	const participant = await personWithRole(world, 'participant');
	await notify(db, {
		userId: participant.id,
		kind: 'account_event',
		params: { event: 'password_changed' }
	});
	// Anonymous pages carry nothing of it.
	const anon = await visitor(browser, 'he');
	await anon.page.goto('/');
	await expect(anon.page.getByTestId('nav-notifications')).toHaveCount(0);
	await anon.context.close();
	for (const locale of ['he', 'ar', 'en'] as Locale[]) {
		for (const viewport of [
			{ width: 1280, height: 900 },
			{ width: 360, height: 740 }
		]) {
			const context = await browser.newContext({ viewport });
			await setLanguage(context, locale);
			await signIn(context, participant);
			const page = await context.newPage();
			for (const path of ['/notifications', '/notifications/settings']) {
				await page.goto(path);
				await expect(page.locator('h1')).toBeVisible();
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				if (viewport.width === 360) await expectNoHorizontalScroll(page);
				else await expectAccessible(page, `${path} (${locale})`);
			}
			await context.close();
		}
	}
});
