// The exhibition builder: arranging stories by mouse, by touch and by keyboard alone, with
// what a screen reader hears; words that save themselves; the cover; the preview as each
// audience sees it; publishing; and the pool's filters. The world is arranged through the
// domain modules (stories shared, proposed and approved); the curator acts only in the browser.
import type { Locator, Page } from '@playwright/test';
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
import { ownStory } from '../../src/lib/server/access';
import { decidePlacement } from '../../src/lib/server/consent';
import { addSection, createExhibition, getExhibition } from '../../src/lib/server/exhibitions';
import type { Audience, PlacementSize } from '../../src/lib/server/db/schema';
import type { Locale } from '../../src/lib/localized';

process.env.DATA_DIR = process.env.E2E_DATA_DIR;

const words = (text: string) => ({ text, locale: 'en' as const });

/** A shared story with one photo, as the builder's cards show it. */
async function sharedStory(
	world: World,
	owner: TestUser,
	opts: { title: string; language?: Locale; roles?: string[] }
) {
	const story = await arrange.sharedStory(world, owner, opts);
	return { id: story.storyId, photoId: story.photoIds[0]!, title: story.title };
}

type Story = Awaited<ReturnType<typeof sharedStory>>;

async function exhibitionWith(
	world: World,
	curator: TestUser,
	opts: { title: string; audience: Audience; themeIds?: string[]; workingGroupIds?: string[] }
) {
	const db = await appDb();
	const id = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: { en: opts.title, he: `תערוכה: ${opts.title}` },
			introduction: { en: 'People in the roles they play.' },
			audience: opts.audience,
			workingGroupIds: opts.workingGroupIds ?? [],
			themeIds: opts.themeIds ?? [],
			endsAt: null
		},
		{ en: 'Kitchen tables', he: 'שולחנות מטבח', ar: 'طاولات المطبخ' }
	);
	await addSection(
		db,
		(await getExhibition(db, world.initiativeId, id))!,
		{
			en: 'Streets',
			he: 'רחובות',
			ar: 'شوارع'
		},
		{}
	);
	return id;
}

function propose(
	world: World,
	curator: TestUser,
	exhibitionId: string,
	story: Story,
	size: PlacementSize,
	themeIds: string[] = []
) {
	return arrange.propose(world, curator.id, exhibitionId, story.id, { size, themeIds });
}

function approve(owner: TestUser, story: Story, placementId: string, pseudonym: string) {
	return arrange.approve(owner, story.id, placementId, {
		photoIds: [story.photoId],
		attribution: 'pseudonym',
		pseudonym
	});
}

/** The story titles on the board, section by section. */
async function board(page: Page) {
	return page
		.getByTestId('section')
		.evaluateAll((sections) =>
			sections.map((s) =>
				Array.from(s.querySelectorAll('[data-testid="placement"] h4')).map(
					(h) => h.textContent?.trim() ?? ''
				)
			)
		);
}

/** What an exhibition page shows, section by section: title, size and byline of each story. */
async function shown(page: Page, scope: Locator) {
	return scope.locator('section[aria-labelledby^="section-"]').evaluateAll((sections) =>
		sections.map((s) => ({
			section: s.querySelector('h2')?.textContent?.trim() ?? '',
			items: Array.from(s.querySelectorAll('[data-testid="exhibition-item"]')).map((item) => ({
				title: item.querySelector('h3')?.textContent?.trim() ?? '',
				size: (item as HTMLElement).dataset.size ?? '',
				byline: item.querySelector('[data-testid="byline"]')?.textContent?.trim() ?? ''
			}))
		}))
	);
}

function card(page: Page, title: string) {
	return page.getByTestId('placement').filter({ has: page.getByRole('heading', { name: title }) });
}

test('a curator builds an exhibition with two sections by mouse and by keyboard only, previews, publishes', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const exhibitionId = await exhibitionWith(world, curator, {
		title: 'Everyday roles',
		audience: 'public',
		themeIds: [world.themeIds[0]!]
	});
	const sizes: PlacementSize[] = ['small', 'medium', 'large', 'full'];
	const names = ['Amal', 'Bina', 'Carmel', 'Dalia'];
	const stories: (Story & { placementId: string })[] = [];
	for (const [i, title] of ['Radio', 'Night bus', 'Market stall', 'Recipes'].entries()) {
		const story = await sharedStory(world, participant, { title });
		const placementId = await propose(world, curator, exhibitionId, story, sizes[i]!);
		await approve(participant, story, placementId, names[i]!);
		stories.push({ ...story, placementId });
	}
	const [radio, , market] = stories;

	const context = await browser.newContext({ viewport: { width: 1280, height: 3600 } });
	await setLanguage(context, 'en');
	await signIn(context, curator);
	const page = await context.newPage();
	const builder = `/curate/${world.initiativeId}/exhibitions/${exhibitionId}`;
	await page.goto(builder);
	const live = page.getByTestId('arrange-live');
	await expect(page.getByTestId('drag-handle')).toHaveCount(4);
	expect(await board(page)).toEqual([['Radio', 'Night bus', 'Market stall', 'Recipes'], []]);
	await expectAccessible(page, 'builder with the board (en)');

	// By mouse: Recipes to the top of its section, then Radio into the other section.
	await mouseDrag(
		page,
		card(page, 'Recipes').getByTestId('drag-handle'),
		card(page, 'Radio'),
		'start'
	);
	await expect(live).toHaveText('“Recipes” moved to position 1 of 4 in section “Kitchen tables”.');
	expect(await board(page)).toEqual([['Recipes', 'Radio', 'Night bus', 'Market stall'], []]);
	await mouseDrag(
		page,
		card(page, 'Radio').getByTestId('drag-handle'),
		page.getByTestId('section').nth(1),
		'middle'
	);
	await expect(live).toHaveText(
		'“Radio” moved to position 1 of 1 in section “Streets”. This asks the participant again: the story is hidden until they answer.'
	);
	expect(await board(page)).toEqual([['Recipes', 'Night bus', 'Market stall'], ['Radio']]);
	await expect(card(page, 'Radio').getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);

	// By keyboard only: Market stall earlier by one place; Night bus, from its details panel, to
	// the other section.
	await card(page, 'Market stall').getByRole('link', { name: 'Market stall' }).focus();
	await page.keyboard.press('Tab');
	const up = card(page, 'Market stall').getByRole('button', { name: /^Move earlier/ });
	await expect(up).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText(
		'“Market stall” moved to position 2 of 3 in section “Kitchen tables”.'
	);
	expect(await board(page)).toEqual([['Recipes', 'Market stall', 'Night bus'], ['Radio']]);
	await expect(up).toBeFocused();
	await page.keyboard.press('Space');
	await expect(live).toHaveText(
		'“Market stall” moved to position 1 of 3 in section “Kitchen tables”.'
	);
	await expect(up).toBeFocused();
	await page.keyboard.press('Enter'); // already first: nothing moves, and it is said
	await expect(live).toHaveText('“Market stall” is already first in section “Kitchen tables”.');
	await page.keyboard.press('Tab');
	await expect(
		card(page, 'Market stall').getByRole('button', { name: /Move later/ })
	).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText(
		'“Market stall” moved to position 2 of 3 in section “Kitchen tables”.'
	);
	expect(await board(page)).toEqual([['Recipes', 'Market stall', 'Night bus'], ['Radio']]);

	await card(page, 'Night bus').getByRole('link', { name: 'Night bus' }).focus();
	await page.keyboard.press('Enter'); // its details panel
	const panel = page.getByTestId('card-details');
	await expect(page.locator('#card-details-title')).toBeFocused();
	await page.keyboard.press('Tab'); // the story in the pool
	await page.keyboard.press('Tab'); // Move to section…
	const to = panel.getByLabel('Move to section…');
	await expect(to).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(to).toHaveValue(
		(await getExhibition(await appDb(), world.initiativeId, exhibitionId))!.sections[1]!.id
	);
	await page.keyboard.press('Tab');
	await expect(panel.getByRole('button', { name: /^Move — / })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(live).toHaveText(
		'“Night bus” moved to position 2 of 2 in section “Streets”. This asks the participant again: the story is hidden until they answer.'
	);
	expect(await board(page)).toEqual([
		['Recipes', 'Market stall'],
		['Radio', 'Night bus']
	]);
	await expect(panel.getByLabel('Move to section…')).toBeFocused();
	await expect(card(page, 'Night bus').getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);

	// It all stands after a reload. Radio's participant approves its new section; Night bus waits.
	await approve(participant, radio!, radio!.placementId, 'Amal');
	await page.reload();
	expect(await board(page)).toEqual([
		['Recipes', 'Market stall'],
		['Radio', 'Night bus']
	]);
	await expect(card(page, 'Radio').getByTestId('placement-status')).toHaveText(
		'Approved by the participant'
	);
	await expect(card(page, 'Night bus').getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);
	await expectAccessible(page, 'builder after arranging (en)');

	// Words save themselves: a new title, no Save pressed (the details are a disclosure).
	const openDetails = async () => {
		const disclosure = page.getByTestId('exhibition-details');
		if ((await disclosure.getAttribute('open')) === null)
			await disclosure.locator('summary').click();
		await expect(disclosure).toHaveAttribute('open', '');
	};
	await openDetails();
	const titleField = page.locator('#exhibition-title-en');
	await titleField.fill('Kitchens and streets');
	const details = page.getByTestId('autosave-status').last();
	await expect(details).toHaveText(/^Saved at \d{1,2}:\d{2}/);
	expect((await getExhibition(await appDb(), world.initiativeId, exhibitionId))!.title.en).toBe(
		'Kitchens and streets'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kitchens and streets');
	// A section's text too.
	const streets = page.getByTestId('section').nth(1);
	await streets.getByText('Edit the section').click();
	await streets.locator('textarea[name="description_en"]').fill('Where we meet by chance.');
	await expect(streets.getByTestId('autosave-status')).toHaveText(/^Saved at/);
	// The audience is not among the words: a wider one would ask participants again.
	await openDetails();
	await page.getByRole('radio', { name: /^Partners —/ }).check();
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kitchens and streets');
	await openDetails();
	await expect(titleField).toHaveValue('Kitchens and streets');
	await expect(page.getByRole('radio', { name: /^Public —/ })).toBeChecked();
	await expect(page.getByTestId('section').nth(1)).toContainText('Where we meet by chance.');

	// The cover: among the approved photos; Night bus (awaiting) is not offered.
	const cover = page.getByTestId('cover');
	await cover.locator('summary').click(); // a disclosure below the board
	await expect(cover.getByRole('radio')).toHaveCount(4); // none + three approved
	await expect(cover.getByRole('radio', { name: 'No cover' })).toBeChecked();
	await expect(cover.getByRole('radio', { name: /Night bus/ })).toHaveCount(0);
	for (const img of await cover.locator('img').all())
		expect(await img.getAttribute('src')).toContain(`?in=p.${exhibitionId}`);
	await page.goto(`${builder}/preview`);
	const coverImages = page.getByTestId('preview').locator(`img[src*="/media/${market!.photoId}/"]`);
	const before = await coverImages.count();
	await page.goto(builder);
	await cover.locator('summary').click();
	await cover.getByRole('radio', { name: /Market stall/ }).check();
	await cover.getByRole('button', { name: 'Save the cover' }).click();
	await expect(cover.getByTestId('done')).toHaveText('The cover was saved.');
	await expect(cover.getByRole('radio', { name: /Market stall/ })).toBeChecked();
	expect((await getExhibition(await appDb(), world.initiativeId, exhibitionId))!.coverPhotoId).toBe(
		market!.photoId
	);

	// The preview: as its audience, approved stories only, in order, at their sizes.
	await page.goto(`${builder}/preview`);
	const preview = page.getByTestId('preview');
	// The cover is shown once (docs/layout.md): above the sections, not again in its story's
	// card, which leads with its next photo or its words.
	await expect(coverImages).toHaveCount(before);
	await expect(page.getByTestId('preview').locator('#cover')).toHaveCount(1);
	await expect(page.getByTestId('preview-who')).toHaveText(
		'Who sees it once published: anyone, on the open internet, without logging in.'
	);
	const expected = [
		{
			section: 'Kitchen tables',
			items: [
				{ title: 'Recipes', size: 'full', byline: 'By Dalia' },
				{ title: 'Market stall', size: 'large', byline: 'By Carmel' }
			]
		},
		{ section: 'Streets', items: [{ title: 'Radio', size: 'small', byline: 'By Amal' }] }
	];
	expect(await shown(page, preview)).toEqual(expected);
	await expect(preview.getByText('Night bus')).toHaveCount(0);
	await expectAccessible(page, 'preview (en)');
	await page.getByRole('link', { name: 'Someone outside its audience' }).click();
	await expect(page.getByTestId('preview-outsider')).toContainText(
		'For them, this page does not exist.'
	);
	await expect(page.getByTestId('preview-outsider')).toContainText('It is not published');

	// Publish; the public page shows the same, to anyone.
	await page.goto(builder);
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByTestId('exhibition-status')).toHaveText('Published');
	await page.goto(`${builder}/preview?as=outsider`);
	await expect(page.getByTestId('preview-outsider-same')).toBeVisible();
	const slug = (await getExhibition(await appDb(), world.initiativeId, exhibitionId))!.slug;
	const visitor = await browser.newContext();
	await setLanguage(visitor, 'en');
	const publicPage = await visitor.newPage();
	await publicPage.goto(`/exhibitions/${slug}`);
	await expect(publicPage.getByRole('heading', { level: 1 })).toHaveText('Kitchens and streets');
	expect(await shown(publicPage, publicPage.getByTestId('exhibition'))).toEqual(expected);
	await expect(publicPage.getByText('Night bus')).toHaveCount(0);

	// An approved story moved to another section awaits its participant, and leaves the page.
	await page.goto(builder);
	await mouseDrag(
		page,
		card(page, 'Recipes').getByTestId('drag-handle'),
		card(page, 'Night bus'),
		'start'
	);
	await expect(live).toHaveText(
		'“Recipes” moved to position 2 of 3 in section “Streets”. This asks the participant again: the story is hidden until they answer.'
	);
	await expect(card(page, 'Recipes').getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);
	expect(await board(page)).toEqual([['Market stall'], ['Radio', 'Recipes', 'Night bus']]);
	await publicPage.reload();
	expect(await shown(publicPage, publicPage.getByTestId('exhibition'))).toEqual([
		{
			section: 'Kitchen tables',
			items: [{ title: 'Market stall', size: 'large', byline: 'By Carmel' }]
		},
		{ section: 'Streets', items: [{ title: 'Radio', size: 'small', byline: 'By Amal' }] }
	]);
	await expect(publicPage.getByText('Recipes')).toHaveCount(0);
	await visitor.close();
	await context.close();
});

test('the pool narrows by role, language, theme and working group, without JavaScript too', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const kitchen = await sharedStory(world, participant, {
		title: 'Kitchen table',
		roles: ['parent']
	});
	const bus = await sharedStory(world, participant, { title: 'Night bus', roles: ['worker'] });
	await sharedStory(world, participant, {
		title: 'סיפור מהשוק',
		language: 'he',
		roles: ['parent']
	});
	const declined = await sharedStory(world, participant, { title: 'Said no' });
	// Night bus: proposed for an exhibition that informs Safe housing (Housing group), as
	// informing it. The declined one was proposed the same way; a no is not a link.
	const housing = await exhibitionWith(world, curator, {
		title: 'Homes',
		audience: 'partners',
		themeIds: [world.themeIds[0]!]
	});
	await propose(world, curator, housing, bus, 'medium', [world.themeIds[0]!]);
	const no = await propose(world, curator, housing, declined, 'medium', [world.themeIds[0]!]);
	const db = await appDb();
	await decidePlacement(
		db,
		(await ownStory(db, participant, declined.id))!,
		no,
		{ decline: true },
		words('No.')
	);
	// Kitchen table: approved for an exhibition shown to the Health group.
	const health = await exhibitionWith(world, curator, {
		title: 'Care',
		audience: 'working_group',
		workingGroupIds: [world.workingGroupIds[1]]
	});
	await approve(participant, kitchen, await propose(world, curator, health, kitchen, 'small'), 'K');

	for (const javaScriptEnabled of [true, false]) {
		const context = await browser.newContext({ javaScriptEnabled });
		await setLanguage(context, 'en');
		await signIn(context, curator);
		const page = await context.newPage();
		const pool = `/curate/${world.initiativeId}/pool`;
		const titles = () =>
			page.getByTestId('pool').getByRole('heading', { level: 2 }).allTextContents();
		const filter = async (label: string, option: string) => {
			await page
				.getByTestId('pool-filters')
				.getByLabel(label, { exact: true })
				.selectOption({ label: option });
			const before = page.url();
			await page.getByRole('button', { name: 'Show the stories' }).click();
			await expect(page).not.toHaveURL(before);
		};
		// Clearing is a navigation too: wait for the whole pool before choosing the next filter,
		// or the next choice lands on the page being left.
		const clear = async () => {
			await page.getByTestId('pool-clear').click();
			await expect(page).toHaveURL((url) => url.search === '');
			await expect.poll(async () => (await titles()).length).toBe(4);
		};
		await page.goto(pool);
		await expect(page.getByTestId('pool-results')).toHaveText(
			'Stories shared with the curators: 4.'
		);
		await filter('Role', 'parent');
		await expect
			.poll(async () => (await titles()).sort())
			.toEqual(['Kitchen table', 'סיפור מהשוק']);
		await expect(page.getByTestId('pool-results')).toHaveText('Stories shown: 2 of 4.');
		await filter('Story language', 'Hebrew');
		await expect.poll(titles).toEqual(['סיפור מהשוק']);
		await clear();
		await filter('Theme', 'Safe housing');
		await expect.poll(titles).toEqual(['Night bus']); // not the declined one
		await expect(
			page.getByTestId('pool').getByRole('listitem').filter({ hasText: 'Night bus' }).first()
		).toContainText("Awaiting the participant's answer");
		await clear();
		await filter('Working group', 'Health group');
		await expect.poll(titles).toEqual(['Kitchen table']);
		await filter('Role', 'worker');
		await expect(page.getByTestId('pool-none')).toBeVisible();
		await expect(page.getByTestId('pool-results')).toHaveText('Stories shown: 0 of 4.');
		await context.close();
	}
});

for (const locale of ['he', 'ar', 'en'] as const) {
	test(`the board, the cover and the filtered pool pass axe and fit 360 px; touch drags — ${locale}`, async ({
		browser,
		world
	}) => {
		test.setTimeout(180_000);
		const participant = await personWithRole(world, 'participant');
		const curator = await personWithRole(world, 'curator');
		const exhibitionId = await exhibitionWith(world, curator, {
			title: 'Small screens',
			audience: 'working_group',
			workingGroupIds: [world.workingGroupIds[0]],
			themeIds: [world.themeIds[0]!]
		});
		const first = await sharedStory(world, participant, { title: 'First', roles: ['carer'] });
		const second = await sharedStory(world, participant, { title: 'Second' });
		await approve(
			participant,
			first,
			await propose(world, curator, exhibitionId, first, 'full'),
			'Rotem'
		);
		await propose(world, curator, exhibitionId, second, 'small');

		const context = await browser.newContext({
			viewport: { width: 360, height: 800 },
			hasTouch: true
		});
		await setLanguage(context, locale);
		await signIn(context, curator);
		const page = await context.newPage();
		const base = `/curate/${world.initiativeId}`;
		await page.goto(`${base}/exhibitions/${exhibitionId}`);
		await expect(page.locator('html')).toHaveAttribute('dir', locale === 'en' ? 'ltr' : 'rtl');
		await expect(page.getByTestId('drag-handle')).toHaveCount(2);
		await expectNoHorizontalScroll(page);
		await expectAccessible(page, `builder (${locale})`);

		// A finger drags Second above First.
		const handle = page.getByTestId('placement').nth(1).getByTestId('drag-handle');
		await handle.scrollIntoViewIfNeeded();
		const target = page.getByTestId('placement').first();
		await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
		const from = (await handle.boundingBox())!;
		const to = (await target.boundingBox())!;
		const cdp = await context.newCDPSession(page);
		const point = (x: number, y: number) => [{ x: Math.round(x), y: Math.round(y), id: 1 }];
		const sx = from.x + from.width / 2;
		const sy = from.y + from.height / 2;
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(sx, sy) });
		const steps = 12;
		for (let i = 1; i <= steps; i++)
			await cdp.send('Input.dispatchTouchEvent', {
				type: 'touchMove',
				touchPoints: point(sx, sy + ((to.y + 6 - sy) * i) / steps)
			});
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
		await expect(page.getByTestId('arrange-live')).not.toBeEmpty();
		await expect(page.getByTestId('placement').first()).toContainText('Second');
		await expectNoHorizontalScroll(page);

		// The cover chooser with a choice made, and the preview's two views.
		await page.getByTestId('cover').locator('summary').click();
		await page.getByTestId('cover').getByRole('radio').nth(1).check();
		await page.getByTestId('cover').locator('button[type="submit"]').click();
		await expect(page.getByTestId('cover').getByTestId('done')).toBeVisible();
		await expectAccessible(page, `builder with a cover (${locale})`);
		await expectNoHorizontalScroll(page);
		for (const view of ['audience', 'outsider']) {
			await page.goto(`${base}/exhibitions/${exhibitionId}/preview?as=${view}`);
			await expectNoHorizontalScroll(page);
			await expectAccessible(page, `preview as ${view} (${locale})`);
		}

		await page.goto(`${base}/pool?role=unknown`);
		await expect(page.getByTestId('pool-results')).toBeVisible();
		await page
			.getByTestId('pool-filters')
			.locator('select[name="role"]')
			.selectOption({ label: { he: 'מטפל/ת', ar: 'مقدّم/ة رعاية', en: 'carer' }[locale] });
		await page.getByTestId('pool-filters').getByRole('button').click();
		await expect(page.getByTestId('pool-clear')).toBeVisible();
		await expect(page.getByTestId('pool').getByRole('heading', { level: 2 })).toHaveText(['First']);
		await expectNoHorizontalScroll(page);
		await expectAccessible(page, `pool with filters (${locale})`);
		await context.close();
	});
}
