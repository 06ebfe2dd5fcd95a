// Content notes (docs/content-notes.md): the participant adds one; visitors read it first and
// reveal the story with one click or key, with or without JavaScript, and no photo of it is
// asked for before; a curator's suggestion shows only once the participant accepts it; the
// wall skips or holds; the print view prints it.
import type { Page } from '@playwright/test';
import {
	BASE_URL,
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	setLanguage,
	test,
	visitor
} from './fixtures';
import { approve, propose, publish, sharedStory } from './arrange';
import {
	createExhibition,
	getExhibition,
	setWallContentNotes
} from '../../src/lib/server/exhibitions';
import { ownStory } from '../../src/lib/server/access';
import {
	noteOf,
	pendingSuggestion,
	setContentNote
} from '../../src/lib/server/stories/content-notes';
import {
	giveRole,
	makeUser,
	makeWorld,
	text,
	type TestUser,
	type World
} from '../fixtures/factories';

/** A public exhibition with two approved stories, the first of which will carry a note. */
async function exhibition(world: World) {
	const db = await appDb();
	const owner = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const id = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text('Kitchens', 'מטבחים', 'مطابخ'),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('First', 'ראשון', 'الأول')
	);
	const hard = await sharedStory(world, owner, {
		title: 'The kitchen door',
		narrative: 'The night the door broke.'
	});
	const calm = await sharedStory(world, owner, { title: 'Bus stop' });
	for (const s of [hard, calm]) {
		const placementId = await propose(world, curator.id, id, s.storyId);
		await approve(owner, s.storyId, placementId, {
			photoIds: s.photoIds,
			attribution: 'anonymous'
		});
	}
	const slug = await publish(world, curator.id, id);
	return { owner, curator, id, slug, hard, calm };
}

async function noteOn(owner: TestUser, storyId: string) {
	const db = await appDb();
	await setContentNote(db, (await ownStory(db, owner, storyId))!, {
		kinds: ['violence'],
		words: 'A night of shouting'
	});
}

/** Every request for a picture of these photos, from now on. */
function photoRequests(page: Page, photoIds: string[]) {
	const asked: string[] = [];
	page.on('request', (r) => {
		if (photoIds.some((id) => r.url().includes(`/media/${id}/`))) asked.push(r.url());
	});
	return asked;
}

test('the participant adds a note; visitors read it first and reveal the story by keyboard', async ({
	browser,
	world
}) => {
	const { owner, slug, hard, calm } = await exhibition(world);
	const { context: own, page: mine } = await visitor(browser, 'en', owner);
	await mine.goto(`/participate/${world.initiativeId}/stories/${hard.storyId}`);
	const section = mine.locator('#content-note');
	await expect(section.getByTestId('no-note')).toBeVisible();
	await section.getByLabel('violence', { exact: true }).check();
	await section.getByLabel('death, loss or grief').check();
	await section.getByLabel('In your own words (optional)').fill('A night of shouting');
	await section.getByRole('button', { name: 'Save the note' }).click();
	await expect(section.getByRole('status')).toHaveText('The content note is saved.');
	await expect(section.getByTestId('content-note')).toContainText(
		'This story speaks of violence and death, loss or grief.'
	);
	await expectAccessible(mine, 'story editor with a note');
	await own.close();

	for (const locale of ['he', 'ar', 'en'] as const) {
		const { context, page } = await visitor(browser, locale);
		await page.setViewportSize({ width: 360, height: 800 });
		const asked = photoRequests(page, hard.photoIds);
		await page.goto(`/exhibitions/${slug}`);
		const card = page.locator(`article[data-story="${hard.storyId}"]`);
		await expect(card.getByTestId('content-note')).toBeVisible();
		await expect(card.locator('img, source')).toHaveCount(0);
		await expect(card).not.toContainText('The night the door broke.');
		// The other story is as it was.
		await expect(page.locator(`article[data-story="${calm.storyId}"] img`)).toHaveCount(1);
		await expectAccessible(page, `exhibition with a note (${locale})`);
		await expectNoHorizontalScroll(page);

		await page.goto(`/exhibitions/${slug}/${hard.storyId}`);
		const note = page.getByTestId('content-note');
		await expect(note).toBeVisible();
		await expect(page.locator('main img')).toHaveCount(0);
		expect(await page.content()).not.toContain('The night the door broke.');
		await expectAccessible(page, `story behind its note (${locale})`);
		await expectNoHorizontalScroll(page);
		expect(asked, 'no picture of the story before it is revealed').toEqual([]);

		if (locale === 'en') {
			// The keyboard: the reveal is a link, reached with Tab and followed with Enter.
			const reveal = page.getByTestId('reveal');
			await expect(reveal).toHaveText('Show the story');
			await reveal.focus();
			await page.keyboard.press('Enter');
			await expect(page).toHaveURL(/\?shown=1$/);
			await expect(page.getByText('The night the door broke.')).toBeVisible();
			await expect(page.locator('main img')).toHaveCount(1);
			// The note is still first: before the photo and the words, for a screen reader too.
			const order = await page.evaluate(() => {
				const all = Array.from(document.querySelectorAll('main *'));
				const at = (el: Element | null) => (el ? all.indexOf(el) : -1);
				return {
					note: at(document.querySelector('[data-testid="content-note"]')),
					photo: at(document.querySelector('main img')),
					words: at(
						Array.from(document.querySelectorAll('main p')).find((p) =>
							p.textContent?.includes('The night the door broke.')
						) ?? null
					)
				};
			});
			expect(order.note).toBeGreaterThan(-1);
			expect(order.note).toBeLessThan(order.photo);
			expect(order.note).toBeLessThan(order.words);
			await expectAccessible(page, 'story revealed');
		}
		await context.close();
	}
});

test('without JavaScript, the note and its link reveal the story', async ({ browser, world }) => {
	const { owner, slug, hard } = await exhibition(world);
	await noteOn(owner, hard.storyId);
	const context = await browser.newContext({ javaScriptEnabled: false });
	await setLanguage(context, 'ar');
	const page = await context.newPage();
	await page.goto(`/exhibitions/${slug}`);
	await page
		.locator(`article[data-story="${hard.storyId}"]`)
		.getByRole('link', { name: 'عرض القصة' })
		.click();
	await expect(page.getByText('The night the door broke.')).toBeVisible();
	await expect(page.getByTestId('content-note')).toContainText('A night of shouting');
	await context.close();
});

test('a curator suggests a note; it shows only once the participant accepts it', async ({
	browser,
	world
}) => {
	const { owner, curator, slug, hard } = await exhibition(world);
	const { context: cur, page: curate } = await visitor(browser, 'en', curator);
	await curate.goto(`/curate/${world.initiativeId}/pool/${hard.storyId}`);
	const form = curate.locator('#suggest-note');
	await form.getByLabel('abuse or neglect').check();
	await form.getByRole('button', { name: 'Send the suggestion' }).click();
	await expect(curate.getByTestId('note-sent')).toBeVisible();
	await expectAccessible(curate, 'pool story with the suggestion form');
	await cur.close();

	// Visitors: nothing of it yet.
	const { context: anon, page } = await visitor(browser, 'en');
	await page.goto(`/exhibitions/${slug}/${hard.storyId}`);
	await expect(page.getByText('The night the door broke.')).toBeVisible();
	await expect(page.getByTestId('content-note')).toHaveCount(0);

	// The participant: told, and decides — here, changing it before accepting.
	const { context: own, page: mine } = await visitor(browser, 'he', owner);
	await mine.goto('/notifications');
	await mine
		.getByRole('link', { name: /הערת תוכן/ })
		.first()
		.click();
	const suggestion = mine.getByTestId('note-suggestion');
	await expect(suggestion).toBeVisible();
	await expect(suggestion.getByLabel('התעללות או הזנחה')).toBeChecked();
	await expectAccessible(mine, 'story editor with a suggestion (he)');
	await suggestion.getByLabel('אלימות', { exact: true }).check();
	await suggestion.getByRole('button', { name: 'קבלת ההערה' }).click();
	await expect(mine.locator('#content-note').getByRole('status')).toHaveText(
		'ההערה מופיעה עכשיו בסיפור שלך.'
	);
	await expect(mine.getByTestId('note-suggestion')).toHaveCount(0);
	await own.close();

	// The curator is told the answer, and the notification leads back to the story in the pool.
	const { context: cur2, page: told } = await visitor(browser, 'en', curator);
	await told.goto('/notifications');
	const answer = told.getByRole('link', {
		name: /The participant accepted your suggested content note for the story “The kitchen door”/
	});
	await expect(answer).toHaveCount(1);
	await answer.click();
	await expect(told).toHaveURL(new RegExp(`/curate/${world.initiativeId}/pool/${hard.storyId}$`));
	await cur2.close();

	await page.goto(`/exhibitions/${slug}/${hard.storyId}`);
	await expect(page.getByTestId('content-note')).toContainText(
		'This story speaks of violence and abuse or neglect.'
	);
	await expect(page.getByText('The night the door broke.')).toHaveCount(0);
	await anon.close();
});

test('the wall holds a story with a note, or skips it; print shows the note', async ({
	browser,
	world
}) => {
	const { owner, curator, id, slug, hard, calm } = await exhibition(world);
	await noteOn(owner, hard.storyId);
	const { context, page } = await visitor(browser, 'en');
	const asked = photoRequests(page, hard.photoIds);
	// Hold (the default): the note alone first, then the story's photo.
	await page.goto(`/exhibitions/${slug}/wall?interval=2`);
	const active = page.locator('[data-testid="wall-slide"][data-active]');
	await expect(active).toHaveAttribute('data-story', hard.storyId);
	await expect(active.getByTestId('wall-note')).toContainText('A night of shouting');
	await expect(active.locator('img')).toHaveCount(0);
	expect(asked).toEqual([]);
	await expectAccessible(page, 'wall holding a note');
	await expect(
		page.locator(`[data-testid="wall-slide"][data-active][data-story="${hard.storyId}"] img`)
	).toHaveCount(1, { timeout: 5000 });

	// The curator chooses to skip them, in the builder.
	const { context: cur, page: builder } = await visitor(browser, 'en', curator);
	await builder.goto(`/curate/${world.initiativeId}/exhibitions/${id}`);
	await builder.locator('#wall-notes').getByLabel('Leave them out of the wall').check();
	await builder
		.locator('#wall-notes')
		.getByRole('button', { name: 'Save the wall setting' })
		.click();
	await expect(builder.locator('#wall-notes').getByRole('status')).toBeVisible();
	await cur.close();
	expect((await getExhibition(await appDb(), world.initiativeId, id))!.wallContentNotes).toBe(
		'skip'
	);
	await page.goto(`/exhibitions/${slug}/wall?interval=2`);
	await expect(active).toHaveAttribute('data-story', calm.storyId);
	await expect(
		page.locator(`[data-testid="wall-slide"][data-story="${hard.storyId}"]`)
	).toHaveCount(0);
	await setWallContentNotes(await appDb(), { id }, 'hold');

	// Print: the note at the top of the story's page, before its photo.
	await page.goto(`/exhibitions/${slug}/print`);
	const sheet = page.getByTestId('catalogue-story').filter({ hasText: 'The kitchen door' });
	await expect(sheet.getByTestId('content-note')).toContainText('This story speaks of violence.');
	const first = await sheet.evaluate(
		(el) => el.firstElementChild?.querySelector('[data-testid="content-note"]') !== null
	);
	expect(first).toBe(true);
	await context.close();
});

test('only the story’s participant decides, and only its initiative’s curators suggest: 404 alike', async ({
	browser,
	world
}) => {
	const { owner, curator, hard } = await exhibition(world);
	const db = await appDb();
	const otherWorld = await makeWorld(db);
	const cases = {
		anotherParticipant: await personWithRole(world, 'participant'),
		partner: await personWithRole(world, 'partner'),
		otherCurator: await makeUser(db)
	};
	await giveRole(db, cases.otherCurator, otherWorld.initiativeId, 'curator');
	const note = { noteKinds: 'violence', noteWords: 'not theirs to say' };
	// A suggestion waits, so that a decision by anyone but its participant could change something.
	const { context: cur, page: curate } = await visitor(browser, 'en', curator);
	await curate.goto(`/curate/${world.initiativeId}/pool/${hard.storyId}`);
	await curate.locator('#suggest-note').getByLabel('loss', { exact: false }).check();
	await curate
		.locator('#suggest-note')
		.getByRole('button', { name: 'Send the suggestion' })
		.click();
	await expect(curate.getByTestId('note-sent')).toBeVisible();
	await cur.close();
	const post = async (user: { id: string; isAdmin: boolean }, path: string) => {
		const { context } = await visitor(browser, 'en', user);
		const response = await context.request.post(path, {
			form: note,
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		});
		await context.close();
		return response.status();
	};
	const story = `/participate/${world.initiativeId}/stories/${hard.storyId}`;
	for (const user of Object.values(cases)) {
		expect(await post(user, `${story}?/acceptNote`)).toBe(404);
		expect(await post(user, `${story}?/declineNote`)).toBe(404);
		expect(await post(user, `${story}?/note`)).toBe(404);
	}
	for (const user of [cases.anotherParticipant, cases.partner, owner])
		expect(
			await post(user, `/curate/${world.initiativeId}/pool/${hard.storyId}?/suggestNote`)
		).toBe(404);
	// A curator of another initiative, through their own initiative's address.
	expect(
		await post(
			cases.otherCurator,
			`/curate/${otherWorld.initiativeId}/pool/${hard.storyId}?/suggestNote`
		)
	).toBe(404);
	// Anonymous: sent to log in (as a form sent by a browser without a script), nothing changed.
	const anon = await browser.newContext();
	const status = (
		await anon.request.post(`${story}?/acceptNote`, {
			form: note,
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		})
	).status();
	expect(status).toBe(303);
	await anon.close();
	const mine = (await ownStory(db, owner, hard.storyId))!;
	expect(noteOf(mine)).toBeNull();
	expect((await pendingSuggestion(db, mine))?.kinds).toEqual(['loss']);
});
