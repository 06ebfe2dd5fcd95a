// The curators' side: the stories participants shared with them, exhibitions built from them
// by proposing (never placing), the builder, the preview, and the overview. The world is
// arranged through the domain modules; the curator acts only through the browser.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
	BASE_URL,
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	openDisclosure,
	personWithRole,
	setLanguage,
	signIn,
	test
} from './fixtures';
import { giveRole, makeUser, makeWorld, type TestUser, type World } from '../fixtures/factories';
import { phoneJpeg } from '../fixtures/photos';
import { ownStory } from '../../src/lib/server/access';
import {
	createStory,
	setStoryStatus,
	updatePhotoText,
	updateStoryText
} from '../../src/lib/server/stories';
import { addPhoto } from '../../src/lib/server/media/photos';
import {
	decidePlacement,
	shareStory,
	withdrawStory,
	showTerms
} from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement
} from '../../src/lib/server/exhibitions';
import type { Attribution } from '../../src/lib/server/db/schema';

// Photos are added by this process straight into the test server's data directory.
process.env.DATA_DIR = process.env.E2E_DATA_DIR;

const words = (text: string) => ({ text, locale: 'en' as const });

/** A story of `owner` with photos (each described), optionally finished and shared. */
async function arrangeStory(
	world: World,
	owner: TestUser,
	opts: {
		title: string;
		photos?: number;
		finished?: boolean;
		shared?: boolean;
		attribution?: Attribution;
		pseudonym?: string;
	}
) {
	const db = await appDb();
	const id = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: opts.title,
		language: 'en'
	});
	let story = (await ownStory(db, owner, id))!;
	const photoIds: string[] = [];
	const tmp = join(process.env.E2E_DATA_DIR as string, 'tmp');
	await mkdir(tmp, { recursive: true });
	for (let i = 0; i < (opts.photos ?? 1); i++) {
		const path = join(tmp, `curator-e2e-${randomUUID()}`);
		await writeFile(path, await phoneJpeg(640, 480));
		try {
			const photo = await addPhoto(db, story, path);
			photoIds.push(photo.id);
			await updatePhotoText(db, story, photo.id, {
				altText: `${opts.title}, photo ${i + 1}`,
				caption: ''
			});
		} finally {
			await rm(path, { force: true });
		}
	}
	await updateStoryText(db, story, {
		title: opts.title,
		narrative: `The words of “${opts.title}”.\n\nA second paragraph.`,
		language: 'en',
		roleTagIds: [],
		freeTags: ['gardener'],
		attribution: opts.attribution ?? 'anonymous',
		pseudonym: opts.pseudonym ?? ''
	});
	if (opts.finished || opts.shared) await setStoryStatus(db, story, 'finished');
	story = (await ownStory(db, owner, id))!;
	if (opts.shared) expect(await shareStory(db, story, words('I share it.'))).toBe('ok');
	return { id, photoIds };
}

/** An exhibition made through the domain, with a story proposed for its first section. */
async function arrangeExhibition(world: World, curator: TestUser, title: string) {
	const db = await appDb();
	const id = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: { en: title, he: `תערוכה ${title}` },
			introduction: { en: 'An introduction.', he: 'פתיח.' },
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		{ en: 'Stories', he: 'סיפורים', ar: 'قصص' }
	);
	return id;
}

async function propose(world: World, curator: TestUser, exhibitionId: string, storyId: string) {
	const db = await appDb();
	const exhibition = (await getExhibition(db, world.initiativeId, exhibitionId))!;
	const result = await proposePlacement(
		db,
		curator.id,
		exhibition,
		{ id: storyId, sharedAt: new Date() },
		{
			sectionId: exhibition.sections[0]!.id,
			size: 'medium',
			note: 'We would love to show it.'
		}
	);
	expect(result).toBe('ok');
	const after = (await getExhibition(db, world.initiativeId, exhibitionId))!;
	return after.placements.find((p) => p.storyId === storyId)!.id;
}

async function approve(
	owner: TestUser,
	storyId: string,
	placementId: string,
	approval: { photoIds: string[]; attribution: Attribution; pseudonym?: string }
) {
	const db = await appDb();
	const story = (await ownStory(db, owner, storyId))!;
	const result = await decidePlacement(
		db,
		story,
		placementId,
		{
			approve: {
				photoIds: approval.photoIds,
				attribution: approval.attribution,
				pseudonym: approval.pseudonym ?? '',
				expiresAt: null
			},
			shown: (await showTerms(db, placementId))!
		},
		words('I agree.')
	);
	expect(result).toBe('ok');
}

async function imageSources(page: Page, scope: string) {
	return page.evaluate(
		(testid) =>
			Array.from(document.querySelectorAll(`[data-testid="${testid}"] img`)).map(
				(img) => img.getAttribute('src') ?? ''
			),
		scope
	);
}

test('a curator proposes a shared story; it shows only once approved, as approved', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const garden = await arrangeStory(world, participant, {
		title: 'Balcony garden',
		photos: 2,
		shared: true,
		attribution: 'pseudonym',
		pseudonym: 'Rotem'
	});
	await arrangeStory(world, participant, { title: 'Kept to myself', finished: true });
	const reopened = await arrangeStory(world, participant, {
		title: 'Shared then reopened',
		shared: true
	});
	const db = await appDb();
	await setStoryStatus(db, (await ownStory(db, participant, reopened.id))!, 'draft');
	await arrangeStory(world, participant, { title: 'Still a draft' });

	const context = await browser.newContext();
	await setLanguage(context, 'en');
	await signIn(context, curator);
	const page = await context.newPage();
	const base = `/curate/${world.initiativeId}`;

	// The pool: the shared, finished story only, under the name its participant chose.
	await page.goto(`${base}/pool`);
	const pool = page.getByTestId('pool');
	await expect(pool.getByRole('heading', { level: 2 })).toHaveCount(1);
	const card = pool.getByRole('listitem').filter({ hasText: 'Balcony garden' }).first();
	await expect(card.getByTestId('byline')).toHaveText('By Rotem');
	await expect(card).toContainText('Photos: 2');
	await expect(card).toContainText('Language: English');
	await expect(card).toContainText('gardener');
	await expect(card).toContainText('Not proposed for any exhibition yet.');
	for (const hidden of ['Kept to myself', 'Shared then reopened', 'Still a draft'])
		await expect(page.getByText(hidden)).toHaveCount(0);
	expect(await page.locator('main').innerText()).not.toContain(participant.username);
	await expectAccessible(page, 'pool (en)');

	// A new exhibition, through the form: no title is refused and the form keeps what was typed.
	await page.goto(`${base}/exhibitions`);
	await expect(page.getByText('There are no exhibitions yet.')).toBeVisible();
	await page.locator('#new-exhibition-description-en').fill('People in the roles they play.');
	await page.getByRole('radio', { name: /^Working groups —/ }).check();
	await page.getByRole('button', { name: 'Create the exhibition' }).click();
	await expect(page.getByText('Write a title in at least one language.')).toBeVisible();
	await expect(
		page.getByText('Choose at least one working group, or another audience.')
	).toBeVisible();
	await expect(page.locator('#new-exhibition-description-en')).toHaveValue(
		'People in the roles they play.'
	);
	await page.locator('#new-exhibition-title-en').fill('The roles we play');
	await page.locator('#new-exhibition-title-he').fill('התפקידים שאנחנו ממלאים');
	await page.getByRole('radio', { name: /^Partners —/ }).check();
	await page.getByRole('checkbox', { name: /Safe housing/ }).check();
	await page.getByLabel('Last day (optional)').fill('2031-06-30');
	await page.getByRole('button', { name: 'Create the exhibition' }).click();
	await expect(page).toHaveURL(/\/exhibitions\/[a-z2-7]{16}\?done=created$/);
	await expect(page.getByTestId('done')).toContainText('The exhibition was created.');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('The roles we play');
	await expect(page.getByTestId('exhibition-status')).toHaveText('Draft');
	await expect(page.getByLabel('Last day (optional)')).toHaveValue('2031-06-30');
	const builderUrl = new URL(page.url()).pathname;
	const exhibitionId = builderUrl.split('/').pop()!;

	// A second section.
	await page.getByText('Add a section').click();
	await page.locator('#new-section-title-en').fill('At home');
	await page.locator('#new-section-description-en').fill('Where the day starts.');
	await page.getByRole('button', { name: 'Add the section' }).click();
	await expect(page.getByTestId('section')).toHaveCount(2);
	await expect(page.getByTestId('section').nth(1).getByRole('heading', { level: 3 })).toHaveText(
		'At home'
	);
	await expectAccessible(page, 'builder, empty (en)');

	// Propose the story for the second section. A second tab, opened before, then tries again.
	await page.goto(`${base}/pool`);
	await page.getByRole('link', { name: 'Balcony garden' }).click();
	await expect(page).toHaveURL(new RegExp(`/pool/${garden.id}$`));
	await expect(
		page.getByTestId('pool-story').getByRole('heading', { name: 'Balcony garden' })
	).toBeVisible();
	const storySources = await imageSources(page, 'pool-story');
	expect(storySources.length).toBe(2);
	for (const src of storySources) {
		expect(src).toContain('?in=pool');
		expect((await page.request.get(src)).status(), src).toBe(200);
	}
	await expectAccessible(page, 'pool story (en)');
	const stale = await context.newPage();
	await stale.goto(page.url());
	await page
		.getByLabel('Exhibition and section')
		.selectOption({ label: 'The roles we play › At home' });
	await page.getByLabel('Large', { exact: true }).check();
	await page.getByLabel('A note to the participant (optional)').fill('Your garden says a lot.');
	await page.getByRole('button', { name: 'Send the request' }).click();
	await expect(page.getByTestId('proposed')).toBeVisible();
	await expect(page.getByTestId('story-placements')).toContainText(
		"Awaiting the participant's answer"
	);
	await expect(
		page.getByText('This story was already proposed for every open exhibition.')
	).toBeVisible();
	await stale
		.getByLabel('Exhibition and section')
		.selectOption({ label: 'The roles we play › Stories' });
	await stale.getByRole('button', { name: 'Send the request' }).click();
	await expect(stale.getByTestId('propose-problem')).toHaveText(
		'This story was already proposed for that exhibition.'
	);
	await stale.close();

	// The builder shows it awaiting, in its section, at its size.
	await page.goto(builderUrl);
	const placement = page.getByTestId('placement');
	await expect(placement).toHaveCount(1);
	await expect(page.getByTestId('section').nth(1).getByTestId('placement')).toContainText(
		'Balcony garden'
	);
	await expect(placement.getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);
	await expect(placement.getByTestId('placement-size')).toHaveText('Size: Large');
	await expectAccessible(page, 'builder, awaiting (en)');

	// The preview shows nothing of it while it awaits.
	await page.getByRole('link', { name: 'See the preview' }).click();
	await expect(page.getByTestId('preview-banner')).toContainText(
		'exactly as the members of this initiative will see it'
	);
	await expect(page.getByTestId('preview').getByText('No stories here yet.')).toHaveCount(2);
	await expect(page.getByText('Balcony garden')).toHaveCount(0);
	await expectAccessible(page, 'preview, empty (en)');

	// The participant approves: the first photo only, under another name.
	const placementId = (await getExhibition(db, world.initiativeId, exhibitionId))!.placements[0]!
		.id;
	await approve(participant, garden.id, placementId, {
		photoIds: [garden.photoIds[0]!],
		attribution: 'pseudonym',
		pseudonym: 'Noa'
	});
	await page.reload();
	const preview = page.getByTestId('preview');
	await expect(preview.getByRole('heading', { name: 'Balcony garden' })).toBeVisible();
	await expect(preview.getByTestId('byline')).toHaveText('By Noa');
	await expect(preview.getByRole('img')).toHaveCount(1);
	await expect(preview.getByRole('img', { name: 'Balcony garden, photo 1' })).toBeVisible();
	await expect(preview.getByRole('img', { name: 'Balcony garden, photo 2' })).toHaveCount(0);
	await expect(preview.getByTestId('placement-status')).toHaveCount(0);
	expect(await preview.innerText()).not.toContain('Rotem');
	const previewSources = await imageSources(page, 'preview');
	for (const src of previewSources) {
		expect(src).toContain(`?in=p.${exhibitionId}`);
		expect((await page.request.get(src)).status(), src).toBe(200);
	}
	await expectAccessible(page, 'preview, approved (en)');

	// Approved in the builder; a new size asks the participant again and hides it.
	await page.goto(builderUrl);
	await expect(placement.getByTestId('placement-status')).toHaveText('Approved by the participant');
	// The size is in the chosen story's details panel, beside the board.
	await placement.getByRole('heading', { level: 4 }).getByRole('link').click();
	const panel = page.getByTestId('card-details');
	await panel.getByLabel('Size').selectOption('medium');
	await panel.getByRole('button', { name: /Save the change/ }).click();
	await expect(panel.getByTestId('done')).toContainText('The participant is asked again');
	await expect(placement.getByTestId('placement-status')).toHaveText(
		"Awaiting the participant's answer"
	);
	await expect(placement.getByTestId('placement-size')).toHaveText('Size: Medium');
	await page.goto(`${builderUrl}/preview`);
	await expect(page.getByText('Balcony garden')).toHaveCount(0);

	// Publishing shows the exhibition's address, which opens for members of the initiative.
	await page.goto(builderUrl);
	await expect(page.getByTestId('public-address')).toHaveCount(0);
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByTestId('exhibition-status')).toHaveText('Published');
	const address = await page.getByLabel("The exhibition's address").inputValue();
	expect(address).toMatch(new RegExp(`^${BASE_URL}/exhibitions/the-roles-we-play-[a-z2-7]{6}$`));
	await expectAccessible(page, 'builder, published (en)');
	await page.getByRole('link', { name: 'Open the exhibition' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('The roles we play');

	// The list and the overview count it.
	await page.goto(`${base}/exhibitions`);
	const row = page.getByTestId('exhibitions').getByRole('row', { name: /The roles we play/ });
	await expect(row).toContainText('Published');
	await expect(row).toContainText('Partners');
	await expect(row).toContainText('Awaiting an answer: 1');
	await expectAccessible(page, 'exhibitions (en)');
	await page.goto(base);
	await expect(page.getByTestId('pool-count')).toHaveText('Stories shared with the curators: 1');
	await expect(page.getByTestId('awaiting-count')).toHaveText('1');
	await expectAccessible(page, 'overview (en)');
	await context.close();
});

test('declines and withdrawals reach the curator as facts, never with a reason', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const declined = await arrangeStory(world, participant, { title: 'Night shift', shared: true });
	const withdrawn = await arrangeStory(world, participant, {
		title: 'Bus to the clinic',
		shared: true
	});
	const exhibitionId = await arrangeExhibition(world, curator, 'Care');
	const first = await propose(world, curator, exhibitionId, declined.id);
	const second = await propose(world, curator, exhibitionId, withdrawn.id);
	const db = await appDb();
	expect(
		await decidePlacement(
			db,
			(await ownStory(db, participant, declined.id))!,
			first,
			{ decline: true },
			words('No.')
		)
	).toBe('ok');
	await approve(participant, withdrawn.id, second, {
		photoIds: withdrawn.photoIds,
		attribution: 'anonymous'
	});
	await withdrawStory(db, (await ownStory(db, participant, withdrawn.id))!, words('I withdraw.'));

	const context = await browser.newContext();
	await setLanguage(context, 'en');
	await signIn(context, curator);
	const page = await context.newPage();
	const base = `/curate/${world.initiativeId}`;

	await page.goto(base);
	const recent = page.getByTestId('recent-changes').getByRole('listitem');
	await expect(recent).toHaveCount(2);
	await expect(recent.filter({ hasText: 'Night shift' })).toContainText(
		'Declined by the participant'
	);
	// Withdrawn from everywhere: out of the pool too, so the story is no longer named.
	await expect(recent.filter({ hasText: 'A story no longer shared' })).toContainText(
		'Withdrawn by the participant'
	);
	await expect(page.getByText('Bus to the clinic')).toHaveCount(0);

	await page.goto(`${base}/exhibitions/${exhibitionId}`);
	const placements = page.getByTestId('placement');
	await expect(placements).toHaveCount(2);
	await expect(
		placements.filter({ hasText: 'Night shift' }).getByTestId('placement-status')
	).toHaveText('Declined by the participant');
	const gone = placements.filter({ hasText: 'A story no longer shared' });
	await expect(gone.getByTestId('placement-status')).toHaveText('Withdrawn by the participant');
	await expect(page.getByText('Bus to the clinic')).toHaveCount(0);
	// Nothing to change about a refusal, and it stays on record: a no there is not asked again.
	await expect(gone.getByRole('button', { name: /Save the change/ })).toHaveCount(0);
	await expect(gone.getByText('Remove from the exhibition')).toHaveCount(0);
	await expect(
		placements.filter({ hasText: 'Night shift' }).getByText('Remove from the exhibition')
	).toHaveCount(0);
	await context.close();
});

test('every curator form works without JavaScript', async ({ browser, world }) => {
	test.setTimeout(120_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const story = await arrangeStory(world, participant, { title: 'Market day', shared: true });
	const context = await browser.newContext({ javaScriptEnabled: false });
	await setLanguage(context, 'en');
	await signIn(context, curator);
	const page = await context.newPage();
	const base = `/curate/${world.initiativeId}`;

	await page.goto(`${base}/exhibitions`);
	await page.locator('#new-exhibition-title-ar').fill('أدوار');
	await page.getByRole('radio', { name: /^Working groups —/ }).check();
	await page.getByRole('button', { name: 'Create the exhibition' }).click();
	await expect(
		page.getByText('Choose at least one working group, or another audience.')
	).toBeVisible();
	await expect(page.locator('#new-exhibition-title-ar')).toHaveValue('أدوار');
	await expect(page.getByRole('radio', { name: /^Working groups —/ })).toBeChecked();
	await page.getByRole('checkbox', { name: 'Housing group' }).check();
	await page.getByRole('button', { name: 'Create the exhibition' }).click();
	await expect(page.getByTestId('done')).toContainText('The exhibition was created.');
	const builderUrl = new URL(page.url()).pathname;

	// Sections: add, rename, move, delete.
	await page.getByText('Add a section').click();
	await page.getByRole('button', { name: 'Add the section' }).click();
	await expect(page.getByText('Write a title in at least one language.')).toBeVisible();
	await page.locator('#new-section-title-en').fill('Work');
	await page.getByRole('button', { name: 'Add the section' }).click();
	await expect(page.getByTestId('section')).toHaveCount(2);
	const work = page.getByTestId('section').nth(1);
	await work.getByText('Edit the section').click();
	await work.getByRole('group', { name: 'In English' }).getByLabel('Title').fill('At work');
	await work.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByTestId('section').nth(1).getByRole('heading', { level: 3 })).toHaveText(
		'At work'
	);
	await work.getByText('Edit the section').click(); // the section's controls are in its disclosure
	await page.getByRole('button', { name: /Move the section earlier/ }).click();
	await expect(page.getByTestId('section').first().getByRole('heading', { level: 3 })).toHaveText(
		'At work'
	);

	// Propose from the pool, then change, move and remove in the builder.
	await page.goto(`${base}/pool/${story.id}`);
	await page.getByRole('button', { name: 'Send the request' }).click();
	await expect(page.getByText('Choose an exhibition and a section.')).toBeVisible();
	await page.getByLabel('Exhibition and section').selectOption({ label: 'أدوار › At work' });
	await page.getByLabel('Full width').check();
	await page.getByRole('button', { name: 'Send the request' }).click();
	await expect(page.getByTestId('proposed')).toBeVisible();
	await page.goto(builderUrl);
	const placement = page.getByTestId('placement');
	await expect(placement.getByTestId('placement-size')).toHaveText('Size: Full width');
	// The card's title opens its details panel, whose forms post as before.
	const panel = page.getByTestId('card-details');
	await placement.getByRole('heading', { level: 4 }).getByRole('link').click();
	await panel.getByLabel('Move to section…').selectOption({ index: 1 });
	await panel.getByRole('button', { name: /^Move — / }).click();
	await expect(page.getByTestId('section').nth(1).getByTestId('placement')).toContainText(
		'Market day'
	);
	await page.getByTestId('section').first().getByText('Edit the section').click();
	await page
		.getByTestId('section')
		.first()
		.getByText('Delete the section', { exact: true })
		.click();
	await page.getByRole('button', { name: 'Yes, delete the section' }).click();
	await expect(page.getByTestId('section')).toHaveCount(1);
	await expect(page.getByTestId('placement')).toContainText('Market day');
	await placement.getByRole('heading', { level: 4 }).getByRole('link').click();
	await panel.getByText('Remove from the exhibition', { exact: true }).click();
	await page.getByRole('button', { name: 'Yes, remove it' }).click();
	await expect(page.getByTestId('placement')).toHaveCount(0);

	// Details (a disclosure below the board) and status.
	await openDisclosure(page.getByTestId('exhibition-details'));
	await page.getByRole('radio', { name: /^Public —/ }).check();
	await page.getByRole('button', { name: 'Save the details' }).click();
	await expect(page.getByTestId('done')).toHaveText('Saved.');
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByTestId('exhibition-status')).toHaveText('Published');
	await page.getByRole('button', { name: 'Archive' }).click();
	await expect(page.getByTestId('exhibition-status')).toHaveText('Archived');
	await context.close();
});

for (const locale of ['he', 'en', 'ar'] as const) {
	test(`the curator pages pass axe and fit 360 px — ${locale}`, async ({ browser, world }) => {
		test.setTimeout(150_000);
		const participant = await personWithRole(world, 'participant');
		const curator = await personWithRole(world, 'curator');
		const shown = await arrangeStory(world, participant, {
			title: 'A long walk home through the old market, past the bakery and the school',
			photos: 1,
			shared: true,
			attribution: 'own_name'
		});
		const waiting = await arrangeStory(world, participant, { title: 'Waiting', shared: true });
		const exhibitionId = await arrangeExhibition(world, curator, 'Everyday roles');
		const placementId = await propose(world, curator, exhibitionId, shown.id);
		await propose(world, curator, exhibitionId, waiting.id);
		await approve(participant, shown.id, placementId, {
			photoIds: shown.photoIds,
			attribution: 'pseudonym',
			pseudonym: 'Maya'
		});
		const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
		await setLanguage(context, locale);
		await signIn(context, curator);
		const page = await context.newPage();
		const base = `/curate/${world.initiativeId}`;
		for (const path of [
			base,
			`${base}/pool`,
			`${base}/pool/${shown.id}`,
			`${base}/exhibitions`,
			`${base}/exhibitions/${exhibitionId}`,
			`${base}/exhibitions/${exhibitionId}/preview`
		]) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(200);
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page.locator('html')).toHaveAttribute('dir', locale === 'en' ? 'ltr' : 'rtl');
			await expectNoHorizontalScroll(page);
			await expectAccessible(page, `${path} (${locale})`);
		}
		// Each story keeps its own language and direction inside the Hebrew or English page.
		await page.goto(`${base}/pool`);
		await expect(page.getByTestId('pool').getByRole('link').first()).toHaveAttribute('dir', 'ltr');
		await page.goto(`${base}/exhibitions/${exhibitionId}/preview`);
		await expect(page.getByTestId('preview').locator('article.story-card')).toHaveAttribute(
			'lang',
			'en'
		);
		// A form sent back with problems, in the curator's language.
		await page.goto(`${base}/exhibitions`);
		await page
			.getByRole('button', {
				name: { he: 'יצירת התערוכה', en: 'Create the exhibition', ar: 'إنشاء المعرض' }[locale]
			})
			.click();
		await expect(page.getByRole('alert').first()).toBeVisible();
		await expectAccessible(page, `exhibitions with errors (${locale})`);
		await expectNoHorizontalScroll(page);
		await context.close();
	});
}

test('other initiatives, unknown ids and unshared stories answer 404', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const db = await appDb();
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const shared = await arrangeStory(world, participant, { title: 'Ours', shared: true });
	const unshared = await arrangeStory(world, participant, { title: 'Not shared', finished: true });
	const exhibitionId = await arrangeExhibition(world, curator, 'Ours');
	await propose(world, curator, exhibitionId, shared.id);

	const other = await makeWorld(db);
	const otherCurator = await makeUser(db);
	await giveRole(db, otherCurator, other.initiativeId, 'curator');
	const otherParticipant = await makeUser(db);
	await giveRole(db, otherParticipant, other.initiativeId, 'participant');
	const theirs = await arrangeStory(other, otherParticipant, { title: 'Theirs', shared: true });
	const theirExhibition = await arrangeExhibition(other, otherCurator, 'Theirs');

	const base = `/curate/${world.initiativeId}`;
	const ours = [
		base,
		`${base}/pool`,
		`${base}/pool/${shared.id}`,
		`${base}/exhibitions`,
		`${base}/exhibitions/${exhibitionId}`,
		`${base}/exhibitions/${exhibitionId}/preview`
	];

	// A curator of another initiative, and a participant of this one: as if nothing were here.
	for (const who of [otherCurator, participant]) {
		const context = await browser.newContext();
		await signIn(context, who);
		const page = await context.newPage();
		for (const path of ours) expect((await page.goto(path))?.status(), path).toBe(404);
		const post = await page.request.post(`${base}/pool/${shared.id}?/propose`, {
			headers: { origin: BASE_URL },
			form: { target: `${theirExhibition}:x`, size: 'small', note: '' }
		});
		expect(post.status()).toBe(404);
		await context.close();
	}

	// This initiative's curator: another initiative's story or exhibition, an unshared story,
	// unknown ids.
	const context = await browser.newContext();
	await signIn(context, curator);
	const page = await context.newPage();
	for (const path of [
		`${base}/pool/${theirs.id}`,
		`${base}/pool/${unshared.id}`,
		`${base}/pool/${'a'.repeat(16)}`,
		`${base}/exhibitions/${theirExhibition}`,
		`${base}/exhibitions/${theirExhibition}/preview`,
		`${base}/exhibitions/${'a'.repeat(16)}`,
		`/curate/${other.initiativeId}/pool`
	])
		expect((await page.goto(path))?.status(), path).toBe(404);
	const post = await page.request.post(`${base}/exhibitions/${theirExhibition}?/status`, {
		headers: { origin: BASE_URL },
		form: { status: 'published' }
	});
	expect(post.status()).toBe(404);
	expect((await getExhibition(db, other.initiativeId, theirExhibition))!.status).toBe('draft');
	await context.close();
});
