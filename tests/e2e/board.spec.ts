// The exhibition board (docs/board.md): a curator arranges a two-section exhibition by mouse
// and by keyboard alone, proposes stories from the pool panel (dragged in, and by its form),
// and the published page shows the stories in the board's order at the board's sizes. Without
// JavaScript the same is done with the details panel's and the pool panel's forms. The board
// of the demo exhibition is photographed in English and Hebrew at 1440 px and at 360 px.
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	mouseDrag,
	personWithRole,
	setLanguage,
	signIn,
	test
} from './fixtures';
import * as arrange from './arrange';
import type { TestUser, World } from '../fixtures/factories';
import { addSection, createExhibition, getExhibition } from '../../src/lib/server/exhibitions';
import type { PlacementSize } from '../../src/lib/server/db/schema';
import { exhibitions, users } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../scripts/demo/seed';

process.env.DATA_DIR = process.env.E2E_DATA_DIR;

/** An exhibition with two sections, Kitchen tables and Streets. */
async function twoSections(world: World, curator: TestUser, title: string) {
	const db = await appDb();
	const id = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: { en: title, he: `תערוכה: ${title}` },
			introduction: { en: 'People in the roles they play.' },
			audience: 'public',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		{ en: 'Kitchen tables', he: 'שולחנות מטבח', ar: 'طاولات المطبخ' }
	);
	await addSection(
		db,
		(await getExhibition(db, world.initiativeId, id))!,
		{ en: 'Streets', he: 'רחובות', ar: 'شوارع' },
		{}
	);
	return id;
}

/** The board, section by section: each card's title and size. */
function board(page: Page) {
	return page.getByTestId('section').evaluateAll((sections) =>
		sections.map((s) =>
			Array.from(s.querySelectorAll<HTMLElement>('[data-testid="placement"]')).map((card) => ({
				title: card.querySelector('h4')?.textContent?.trim() ?? '',
				size: card.dataset.size ?? ''
			}))
		)
	);
}

const titles = async (page: Page) => (await board(page)).map((s) => s.map((c) => c.title));

function card(page: Page, title: string) {
	return page.getByTestId('placement').filter({ has: page.getByRole('heading', { name: title }) });
}

function poolStory(page: Page, title: string) {
	return page.getByTestId('pool-story').filter({ hasText: title });
}

/** Drags by the handle with the mouse to a point of `target`: its inline-start edge or middle. */

test('a curator builds a two-section exhibition on the board by mouse and by keyboard, proposes from the pool panel, and the published page matches', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const exhibitionId = await twoSections(world, curator, 'On the board');
	const story = async (title: string) => {
		const s = await arrange.sharedStory(world, participant, { title });
		return { id: s.storyId, photoId: s.photoIds[0]! };
	};
	const approve = (s: { id: string; photoId: string }, placementId: string, name: string) =>
		arrange.approve(participant, s.id, placementId, {
			photoIds: [s.photoId],
			attribution: 'pseudonym',
			pseudonym: name
		});
	const placed: Record<string, { id: string; photoId: string }> = {};
	for (const [title, size] of [
		['Radio', 'small'],
		['Night bus', 'medium'],
		['Market stall', 'large']
	] as [string, PlacementSize][]) {
		const s = await story(title);
		await approve(s, await arrange.propose(world, curator.id, exhibitionId, s.id, { size }), title);
		placed[title] = s;
	}
	placed['Recipes'] = await story('Recipes');
	placed['Balcony'] = await story('Balcony');

	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await setLanguage(context, 'en');
	await signIn(context, curator);
	const page = await context.newPage();
	const builder = `/curate/${world.initiativeId}/exhibitions/${exhibitionId}`;
	await page.goto(builder);
	const live = page.getByTestId('arrange-live');
	await expect(page.getByTestId('drag-handle')).toHaveCount(3);
	expect(await titles(page)).toEqual([['Radio', 'Night bus', 'Market stall'], []]);

	// Each card shows its story's approved photo as the audience will see it (the preview's
	// addresses), and is as wide as its size says; the pool panel's stories have thumbnails.
	for (const title of ['Radio', 'Night bus', 'Market stall'])
		await expect(card(page, title).locator('img')).toHaveAttribute(
			'src',
			new RegExp(`^/media/${placed[title]!.photoId}/.*\\?in=p\\.${exhibitionId}$`)
		);
	const width = async (title: string) => (await card(page, title).boundingBox())!.width;
	expect(await width('Radio')).toBeLessThan(await width('Night bus'));
	expect(await width('Night bus')).toBeLessThan(await width('Market stall'));
	await expect(page.getByTestId('pool-story')).toHaveCount(2);
	await expect(poolStory(page, 'Recipes').locator('img')).toHaveAttribute(
		'src',
		new RegExp(`^/media/${placed['Recipes']!.photoId}/.*\\?in=pool$`)
	);
	await expectAccessible(page, 'board (en)');

	// By mouse: Market stall before Radio; Night bus into Streets; Recipes in from the pool.
	await mouseDrag(
		page,
		card(page, 'Market stall').getByTestId('drag-handle'),
		card(page, 'Radio'),
		'start'
	);
	await expect(live).toHaveText(
		'“Market stall” moved to position 1 of 3 in section “Kitchen tables”.'
	);
	expect(await titles(page)).toEqual([['Market stall', 'Radio', 'Night bus'], []]);
	await mouseDrag(
		page,
		card(page, 'Night bus').getByTestId('drag-handle'),
		page.getByTestId('section').nth(1),
		'middle'
	);
	await expect(live).toHaveText(
		'“Night bus” moved to position 1 of 1 in section “Streets”. This asks the participant again: the story is hidden until they answer.'
	);
	await expect(card(page, 'Night bus').getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);
	await page.waitForLoadState('networkidle'); // the board's reload after the last move
	await mouseDrag(
		page,
		poolStory(page, 'Recipes').getByTestId('pool-drag-handle'),
		page.getByTestId('section').nth(1),
		'middle'
	);
	await expect(live).toHaveText(
		'“Recipes” was proposed for section “Streets”, at position 2 of 2. Its participant is asked and decides.'
	);
	expect(await titles(page)).toEqual([
		['Market stall', 'Radio'],
		['Night bus', 'Recipes']
	]);
	await expect(card(page, 'Recipes').getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);
	await expect(page.getByTestId('pool-story')).toHaveCount(1);

	// By keyboard alone: Radio earlier; then, from its details, to Streets.
	await card(page, 'Radio').getByRole('link', { name: 'Radio' }).focus();
	await page.keyboard.press('Tab');
	const earlier = card(page, 'Radio').getByRole('button', { name: /^Move earlier/ });
	await expect(earlier).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText('“Radio” moved to position 1 of 2 in section “Kitchen tables”.');
	await expect(earlier).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText('“Radio” is already first in section “Kitchen tables”.');
	await page.keyboard.press('Shift+Tab');
	await expect(card(page, 'Radio').getByRole('link', { name: 'Radio' })).toBeFocused();
	await page.keyboard.press('Enter'); // its details, beside the board
	const details = page.getByTestId('card-details');
	await expect(page.locator('#card-details-title')).toBeFocused();
	await expect(details.locator('.chosen')).toHaveText('Radio');
	await page.keyboard.press('Tab'); // the story in the pool
	await page.keyboard.press('Tab');
	const to = details.getByLabel('Move to section…');
	await expect(to).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Tab');
	await expect(details.getByRole('button', { name: /^Move — Radio/ })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText(
		'“Radio” moved to position 3 of 3 in section “Streets”. This asks the participant again: the story is hidden until they answer.'
	);
	expect(await titles(page)).toEqual([['Market stall'], ['Night bus', 'Recipes', 'Radio']]);

	// From the pool panel by keyboard: Balcony, large, into Kitchen tables.
	const propose = poolStory(page, 'Balcony').getByText('Propose…');
	await propose.focus();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await expect(poolStory(page, 'Balcony').getByLabel('Section')).toBeFocused();
	await page.keyboard.press('Tab');
	const size = poolStory(page, 'Balcony').getByLabel('Size');
	await expect(size).toBeFocused();
	await page.keyboard.press('ArrowDown'); // medium → large
	await expect(size).toHaveValue('large');
	await page.keyboard.press('Tab');
	await expect(
		poolStory(page, 'Balcony').getByRole('button', { name: /^Send the request — Balcony/ })
	).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText(
		'“Balcony” was proposed for section “Kitchen tables”, at position 2 of 2. Its participant is asked and decides.'
	);
	await expect(card(page, 'Balcony').getByRole('link', { name: 'Balcony' })).toBeFocused();
	await expect(page.getByTestId('pool-panel-none')).toBeVisible();

	// It all stands after a reload.
	await page.reload();
	const arranged = [
		[
			{ title: 'Market stall', size: 'large' },
			{ title: 'Balcony', size: 'large' }
		],
		[
			{ title: 'Night bus', size: 'medium' },
			{ title: 'Recipes', size: 'medium' },
			{ title: 'Radio', size: 'small' }
		]
	];
	expect(await board(page)).toEqual(arranged);
	await expectAccessible(page, 'board after arranging (en)');

	// The participant approves every request still waiting; the curator publishes.
	const db = await appDb();
	for (const p of (await getExhibition(db, world.initiativeId, exhibitionId))!.placements) {
		if (p.status !== 'pending') continue;
		const [title, s] = Object.entries(placed).find(([, s]) => s.id === p.storyId)!;
		await approve(s, p.id, title);
	}
	await page.reload();
	await expect(page.getByTestId('board').getByTestId('placement-status')).toHaveText(
		Array(5).fill('Approved by the participant')
	);
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByTestId('exhibition-status')).toHaveText('Published');
	const onBoard = await board(page);
	expect(onBoard).toEqual(arranged);

	// The public page: the same order, the same sizes, section by section.
	const slug = (await getExhibition(db, world.initiativeId, exhibitionId))!.slug;
	const visitor = await browser.newContext();
	await setLanguage(visitor, 'en');
	const publicPage = await visitor.newPage();
	await publicPage.goto(`/exhibitions/${slug}`);
	const published = await publicPage
		.getByTestId('exhibition')
		.locator('section[aria-labelledby^="section-"]')
		.evaluateAll((sections) =>
			sections.map((s) =>
				Array.from(s.querySelectorAll<HTMLElement>('[data-testid="exhibition-item"]')).map(
					(item) => ({
						title: item.querySelector('h3')?.textContent?.trim() ?? '',
						size: item.dataset.size ?? ''
					})
				)
			)
		);
	expect(published).toEqual(onBoard);
	await visitor.close();

	// In Hebrew, right to left, axe clean too.
	await setLanguage(context, 'he');
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectAccessible(page, 'board (he)');
	await context.close();
});

test('without JavaScript the board is arranged with its forms: move, details, propose', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const exhibitionId = await twoSections(world, curator, 'No script');
	for (const title of ['First', 'Second']) {
		const s = await arrange.sharedStory(world, participant, { title });
		await arrange.propose(world, curator.id, exhibitionId, s.storyId, { size: 'small' });
	}
	await arrange.sharedStory(world, participant, { title: 'Third' });

	const context = await browser.newContext({ javaScriptEnabled: false });
	await setLanguage(context, 'en');
	await signIn(context, curator);
	const page = await context.newPage();
	await page.goto(`/curate/${world.initiativeId}/exhibitions/${exhibitionId}`);
	await expect(page.getByTestId('drag-handle')).toHaveCount(0);
	expect(await titles(page)).toEqual([['First', 'Second'], []]);

	await card(page, 'Second')
		.getByRole('button', { name: /^Move earlier/ })
		.click();
	await expect(page.getByTestId('done')).toHaveText('Moved.');
	expect(await titles(page)).toEqual([['Second', 'First'], []]);

	// The details panel: a link, then its forms post to the same actions as before.
	await card(page, 'First').getByRole('link', { name: 'First' }).click();
	const details = page.getByTestId('card-details');
	await expect(details.locator('.chosen')).toHaveText('First');
	await details.getByLabel('Move to section…').selectOption({ label: 'Streets' });
	await details.getByRole('button', { name: /^Move — First/ }).click();
	expect(await titles(page)).toEqual([['Second'], ['First']]);
	await expect(details.locator('.chosen')).toHaveText('First');
	await details.getByLabel('Size').selectOption('full');
	await details.getByRole('button', { name: /^Save the change/ }).click();
	await expect(details.getByTestId('done')).toHaveText('Saved.');
	expect((await board(page))[1]).toEqual([{ title: 'First', size: 'full' }]);

	// The pool panel's form proposes.
	await poolStory(page, 'Third').getByText('Propose…').click();
	await poolStory(page, 'Third').getByLabel('Section').selectOption({ label: 'Streets' });
	await poolStory(page, 'Third')
		.getByRole('button', { name: /^Send the request/ })
		.click();
	await expect(page.getByTestId('card-details').getByTestId('done')).toHaveText(
		'The request was sent. The story is shown only after the participant approves it.'
	);
	expect(await titles(page)).toEqual([['Second'], ['First', 'Third']]);
	await context.close();
});

/** Every picture on the page has loaded (scrolled into view: they load lazily). */
async function picturesLoaded(page: Page) {
	for (const img of await page.locator('main img').all()) {
		if (!(await img.isVisible())) continue;
		await img.scrollIntoViewIfNeeded();
		await expect
			.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))
			.toBe(true);
	}
	await page.evaluate(() => window.scrollTo(0, 0));
}

test('the board of the demo exhibition: screenshots in English and Hebrew at 1440 px and at 360 px', async ({
	browser
}) => {
	test.setTimeout(600_000);
	const manifest = await seedDemo(process.env.E2E_DATA_DIR as string);
	const db = await appDb();
	const [curator] = await db.select().from(users).where(eq(users.username, 'curator'));
	const [demo] = await db
		.select()
		.from(exhibitions)
		.where(eq(exhibitions.slug, manifest.publicExhibition.slug));
	const builder = `/curate/${manifest.initiativeId}/exhibitions/${demo!.id}`;

	for (const locale of ['en', 'he'] as const) {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await setLanguage(context, locale);
		await signIn(context, { id: curator!.id, isAdmin: false });
		const page = await context.newPage();
		await page.goto(builder);
		await expect(page.getByTestId('placement').first()).toBeVisible();
		await picturesLoaded(page);
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.screenshot({ path: `tests/artifacts/board-${locale}-1440.png`, fullPage: true });
		// One or two screens: the board and its side panel end within 1800 px of the top.
		const bottom = await page
			.locator('.board-layout')
			.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
		expect(bottom).toBeLessThanOrEqual(1800);
		await expectAccessible(page, `demo board (${locale})`);
		await context.close();
	}

	const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
	await setLanguage(context, 'he');
	await signIn(context, { id: curator!.id, isAdmin: false });
	const page = await context.newPage();
	await page.goto(builder);
	await picturesLoaded(page);
	await expectNoHorizontalScroll(page);
	const cardWidths = await page
		.getByTestId('placement')
		.evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().width));
	expect(new Set(cardWidths.map(Math.round)).size).toBe(1); // all full width
	await expectAccessible(page, 'demo board at 360 px (he)');
	await page.screenshot({ path: 'tests/artifacts/board-he-360.png', fullPage: true });
	await context.close();
});
