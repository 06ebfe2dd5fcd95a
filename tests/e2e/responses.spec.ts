// Knowledge returns, end to end (docs/knowledge-returns.md): a partner of a working group records
// a response on a story seen in a public exhibition and updates its status twice; the participant
// sees every entry on the story and on their home page, in Hebrew, with the unread count —
// never the partner's name — and answers; the partner sees the answer under the name chosen for
// the exhibition; the theme page shows the trail to partners and not to anonymous visitors;
// after the participant withdraws, the response no longer shows the story to the partner.
// Every new page is checked with axe in he, ar and en.
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	test,
	visitor
} from './fixtures';
import { approve, propose, publish, sharedStory } from './arrange';
import { giveRole, makeUser, text } from '../fixtures/factories';
import { createExhibition } from '../../src/lib/server/exhibitions';
import { ownStory } from '../../src/lib/server/access';
import { withdrawPlacement } from '../../src/lib/server/consent';
import type { Locale } from '../../src/lib/localized';

const LOCALES: Locale[] = ['he', 'ar', 'en'];

test('a response travels from the working group to the participant and back', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const db = await appDb();
	const themeId = world.themeIds[0]!;
	const groupId = world.workingGroupIds[0];
	const participant = await makeUser(db, { displayName: 'Miriam Levi' });
	await giveRole(db, participant, world.initiativeId, 'participant');
	const partner = await makeUser(db, { displayName: 'Partner Person' });
	await giveRole(db, partner, world.initiativeId, 'partner', [groupId]);
	const curator = await makeUser(db);
	await giveRole(db, curator, world.initiativeId, 'curator');

	const story = await sharedStory(world, participant, {
		title: 'התחנה בלי צל',
		language: 'he',
		narrative: 'אין צל בתחנת האוטובוס, ואנחנו מחכים בשמש.'
	});
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text('Waiting in the sun', 'מחכים בשמש', 'ننتظر في الشمس'),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [themeId],
			endsAt: null
		},
		text('Streets', 'רחובות', 'شوارع')
	);
	const placementId = await propose(world, curator.id, exhibitionId, story.storyId, {
		themeIds: [themeId]
	});
	await approve(participant, story.storyId, placementId, {
		photoIds: story.photoIds,
		attribution: 'pseudonym',
		pseudonym: 'דליה'
	});
	const slug = await publish(world, curator.id, exhibitionId);
	const storyUrl = `/exhibitions/${slug}/${story.storyId}`;

	// Anonymous visitors never get the link to record a response (and the page they get is cached).
	const anon = await visitor(browser, 'en');
	for (let i = 0; i < 2; i++) {
		await anon.page.goto(storyUrl);
		await expect(anon.page.getByRole('heading', { level: 1 })).toContainText('התחנה בלי צל');
		await expect(
			anon.page.getByRole('link', { name: 'Record a working group response' })
		).toHaveCount(0);
	}

	await anon.page.goto(`/exhibitions/${slug}`);
	await expect(
		anon.page.getByRole('link', { name: 'Record a working group response' })
	).toHaveCount(0);

	// 1. The partner records a response from the story page (the exhibition page offers one on
	// the whole exhibition).
	const p = await visitor(browser, 'en', partner);
	await p.page.goto(`/exhibitions/${slug}`);
	await expect(
		p.page.getByRole('link', { name: 'Record a working group response' })
	).toHaveAttribute(
		'href',
		`/partner/${world.initiativeId}/responses/new?exhibition=${exhibitionId}`
	);
	await p.page.goto(storyUrl);
	await p.page.getByRole('link', { name: 'Record a working group response' }).click();
	await expect(p.page.getByRole('heading', { level: 1 })).toHaveText('Record a response');
	await expectAccessible(p.page, 'record form (en)');
	// Too long a link scheme is refused with a clear message, nothing written.
	await p.page
		.getByLabel('What we learned, decided or did')
		.fill('We will ask the city for shade.');
	await p.page.getByLabel('Link to a public document (optional)').fill('javascript:alert(1)');
	await p.page.getByRole('button', { name: 'Record the response' }).click();
	await expect(p.page.getByText('The link must be a web address')).toBeVisible();
	await p.page.getByLabel('Theme').selectOption(themeId);
	await p.page.getByLabel('Decision').check();
	await p.page.getByLabel('Written in').selectOption('en');
	await p.page
		.getByLabel('What we learned, decided or did')
		.fill('We will ask the city for shade at this bus stop.');
	await p.page
		.getByLabel('Link to a public document (optional)')
		.fill('https://example.org/minutes');
	await p.page.getByRole('button', { name: 'Record the response' }).click();
	await expect(p.page.getByRole('main').getByRole('status')).toContainText(
		'The response is recorded'
	);
	const responseUrl = new URL(p.page.url()).pathname;
	expect(responseUrl).toMatch(/^\/partner\/[a-z2-7]{16}\/responses\/[a-z2-7]{16}$/);

	// 2. …and updates its status twice.
	for (const [status, words] of [
		['discussed', 'Discussed at the city council.'],
		['acted_on', 'הוחלט להציב סככה.']
	] as const) {
		await p.page.getByLabel('Status', { exact: true }).selectOption(status);
		await p.page.getByLabel('Written in').selectOption(status === 'acted_on' ? 'he' : 'en');
		await p.page.getByLabel('What changed (optional)').fill(words);
		await p.page.getByRole('button', { name: 'Add the update' }).click();
		await expect(p.page.getByRole('main').getByRole('status')).toContainText(
			'The status is updated'
		);
	}
	await expect(p.page.getByTestId('response-entry')).toHaveCount(3);
	await expect(p.page.getByTestId('response-status')).toHaveText('Acted on');
	// Each entry in its own language and direction.
	await expect(
		p.page.locator('[lang="he"][dir="rtl"]', { hasText: 'הוחלט להציב סככה.' })
	).toHaveCount(1);
	await expectNoHorizontalScroll(p.page);

	// 3. The participant, in Hebrew: the unread count on the home page, every entry on the story.
	const u = await visitor(browser, 'he', participant);
	await u.page.goto(`/participate/${world.initiativeId}`);
	const home = u.page.getByTestId('home-responses');
	await expect(home.getByTestId('responses-unread')).toHaveText('חדשות: 3');
	await expect(home).toContainText('התחנה בלי צל');
	await expect(home).not.toContainText('Partner Person');
	await home.getByRole('link', { name: /התחנה בלי צל/ }).click();
	await expect(u.page.getByRole('heading', { name: 'תגובות לסיפור' })).toBeVisible();
	const own = u.page.getByTestId('own-response');
	await expect(own.getByTestId('response-entry')).toHaveCount(3);
	await expect(own).toContainText('We will ask the city for shade at this bus stop.');
	await expect(own).toContainText('Discussed at the city council.');
	await expect(own).toContainText('הוחלט להציב סככה.');
	await expect(own).toContainText('קבוצת דיור');
	await expect(u.page.locator('body')).not.toContainText('Partner Person');
	await expect(u.page.locator('body')).not.toContainText(partner.username);
	await expectAccessible(u.page, 'participant responses (he)');
	// The participant answers the first entry, once.
	const first = own.getByTestId('response-entry').first();
	await first.getByLabel('תודה').check();
	await first.getByLabel('מילים משלך (לא חובה)').fill('תודה שהקשבתם!');
	await first.getByRole('button', { name: 'שליחת התשובה' }).click();
	await expect(u.page.getByRole('main').getByRole('status')).toContainText('התשובה נשלחה');
	await expect(own.getByTestId('response-entry').first().getByTestId('answer-form')).toHaveCount(0);
	await expect(own.getByTestId('answer-form')).toHaveCount(2);
	// Read now: the count is gone from the home page.
	await u.page.goto(`/participate/${world.initiativeId}`);
	await expect(u.page.getByTestId('home-responses')).toBeVisible();
	await expect(u.page.getByTestId('responses-unread')).toHaveCount(0);

	// 4. The partner sees the answer, under the name chosen for the exhibition.
	await p.page.goto(responseUrl);
	const answer = p.page.getByTestId('response-answer');
	await expect(answer).toContainText('תודה שהקשבתם!');
	await expect(answer).toContainText('דליה');
	await expect(answer).not.toContainText('Miriam Levi');

	// 5. The theme page shows the trail to the partner, not to an anonymous visitor.
	await p.page.goto(`/themes/${themeId}`);
	await expect(p.page.getByTestId('theme-response')).toHaveCount(1);
	await expect(p.page.getByTestId('theme-response')).toContainText('הוחלט להציב סככה.');
	await expect(
		p.page.getByTestId('theme-response').getByRole('link', { name: 'התחנה בלי צל' })
	).toBeVisible();
	for (let i = 0; i < 2; i++) {
		await anon.page.goto(`/themes/${themeId}`);
		await expect(anon.page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(anon.page.getByTestId('theme-responses')).toHaveCount(0);
		await expect(anon.page.locator('body')).not.toContainText('הוחלט להציב סככה.');
	}

	// The partners' page: the impact of the working group.
	await p.page.goto(`/partner/${world.initiativeId}`);
	const impact = p.page.getByTestId('partner-impact');
	await expect(impact).toContainText('התחנה בלי צל');
	await expect(impact).toContainText('Acted on');

	// axe in every language on every new page.
	for (const locale of LOCALES) {
		const pl = await visitor(browser, locale, partner);
		// Usable at 360 px: nothing wider than the screen.
		await pl.page.setViewportSize({ width: 360, height: 800 });
		await pl.page.goto(
			`/partner/${world.initiativeId}/responses/new?exhibition=${exhibitionId}&story=${story.storyId}`
		);
		await expectAccessible(pl.page, `record form (${locale})`);
		await expectNoHorizontalScroll(pl.page);
		await pl.page.goto(responseUrl);
		await expectAccessible(pl.page, `response page (${locale})`);
		await expectNoHorizontalScroll(pl.page);
		await pl.page.goto(`/themes/${themeId}`);
		await expectAccessible(pl.page, `theme page with responses (${locale})`);
		await expectNoHorizontalScroll(pl.page);
		await pl.page.goto(`/partner/${world.initiativeId}`);
		await expectAccessible(pl.page, `partner page with impact (${locale})`);
		await expectNoHorizontalScroll(pl.page);
		await pl.context.close();
		const ul = await visitor(browser, locale, participant);
		await ul.page.setViewportSize({ width: 360, height: 800 });
		await ul.page.goto(`/participate/${world.initiativeId}/stories/${story.storyId}/responses`);
		await expectAccessible(ul.page, `participant responses (${locale})`);
		await expectNoHorizontalScroll(ul.page);
		await ul.page.goto(`/participate/${world.initiativeId}`);
		await expectAccessible(ul.page, `participant home (${locale})`);
		await expectNoHorizontalScroll(ul.page);
		await ul.context.close();
	}

	// 6. After the participant withdraws, the response stays, without the story or their name.
	await withdrawPlacement(db, (await ownStory(db, participant, story.storyId))!, placementId, {
		text: 'I withdraw.',
		locale: 'he'
	});
	await p.page.goto(responseUrl);
	await expect(p.page.getByTestId('response-entry')).toHaveCount(3);
	await expect(p.page.getByTestId('response-subject')).toContainText(
		'The story is no longer shown'
	);
	await expect(p.page.locator('body')).not.toContainText('התחנה בלי צל');
	await expect(p.page.locator('body')).not.toContainText('דליה');
	await expect(p.page.getByTestId('response-answer')).toContainText('תודה שהקשבתם!');
	// The participant still sees their own story beside it.
	await u.page.goto(`/participate/${world.initiativeId}/stories/${story.storyId}/responses`);
	await expect(u.page.getByTestId('own-response')).toContainText('הוחלט להציב סככה.');

	for (const c of [anon, p, u]) await c.context.close();
});
