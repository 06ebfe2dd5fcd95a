// The heart of the platform, end to end: share → a curator proposes → the participant
// previews and approves with a pseudonym and one photo → the story appears on the published
// public exhibition with only that photo and that name → the participant withdraws → on the
// very next request the exhibition page no longer has it and its derivative URLs answer 404,
// for a curator, a partner and an anonymous visitor. Then: a wider audience asks again.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	openDisclosure,
	imageUrls,
	personWithRole,
	setLanguage,
	test,
	visitor
} from './fixtures';
import { text, type TestUser } from '../fixtures/factories';
import { phoneJpeg } from '../fixtures/photos';
import { createStory, setStoryStatus, updatePhotoText } from '../../src/lib/server/stories';
import { addPhoto } from '../../src/lib/server/media/photos';
import { ownStory } from '../../src/lib/server/access';
import { createExhibition } from '../../src/lib/server/exhibitions';
import type { World } from '../fixtures/factories';

async function finishedStory(world: World, owner: TestUser, title: string) {
	const db = await appDb();
	const storyId = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title,
		language: 'he'
	});
	const dir = join(process.env.E2E_DATA_DIR as string, 'tmp');
	await mkdir(dir, { recursive: true });
	const photoIds: string[] = [];
	for (const [i, alt] of ['ילדה על נדנדה', 'ספסל ריק בגן'].entries()) {
		const path = join(dir, `consent-${Date.now()}-${i}`);
		await writeFile(path, await phoneJpeg(900 + i * 100, 600));
		const photo = await addPhoto(db, (await ownStory(db, owner, storyId))!, path);
		await updatePhotoText(db, (await ownStory(db, owner, storyId))!, photo.id, {
			altText: alt,
			caption: ''
		});
		photoIds.push(photo.id);
	}
	const { updateStoryText } = await import('../../src/lib/server/stories');
	await updateStoryText(db, (await ownStory(db, owner, storyId))!, {
		title,
		narrative: 'בגן השעשועים של השכונה יש נדנדה אחת שעובדת.',
		language: 'he',
		roleTagIds: [],
		freeTags: [],
		attribution: 'own_name',
		pseudonym: ''
	});
	await setStoryStatus(db, (await ownStory(db, owner, storyId))!, 'finished');
	return { storyId, photoIds };
}

test('share → propose → approve with conditions → public → withdraw: gone on the next request', async ({
	browser,
	world
}) => {
	test.setTimeout(240_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const partner = await personWithRole(world, 'partner');
	const title = `הנדנדה האחרונה ${Date.now()}`;
	const { storyId, photoIds } = await finishedStory(world, participant, title);
	const db = await appDb();
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text(`Playgrounds ${Date.now()}`, 'גני שעשועים'),
			introduction: text('Where children play.'),
			audience: 'public',
			workingGroupIds: [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		text('Stories', 'סיפורים', 'قصص')
	);

	// 1. The participant shares the finished story with the curators, in Hebrew.
	const p = await visitor(browser, 'he', participant);
	await p.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/sharing`);
	await expect(p.page.getByTestId('shared-state')).toHaveText(
		'לא שיתפת את הסיפור הזה עם האוצרים והאוצרות.'
	);
	await expect(p.page.getByTestId('who-only-you')).toHaveText('רק את/ה.');
	await expectAccessible(p.page, 'sharing (he)');
	await p.page.getByRole('button', { name: 'שיתוף עם האוצרים' }).click();
	await expect(p.page.getByTestId('sharing-done')).toHaveText('שותף עם האוצרים.');

	// 2. A curator proposes it for the exhibition, with a note.
	const c = await visitor(browser, 'en', curator);
	await c.page.goto(`/curate/${world.initiativeId}/pool/${storyId}`);
	await c.page.getByLabel('Exhibition and section').selectOption({ index: 1 });
	await c.page.getByLabel('Large').check();
	await c.page
		.getByLabel('A note to the participant (optional)')
		.fill('Your swing says so much about the neighbourhood.');
	await c.page.getByRole('button', { name: 'Send the request' }).click();
	await expect(c.page.getByText('The request was sent.')).toBeVisible();

	// 3. The participant sees the request on their home page, previews and approves with a
	//    pseudonym and only the first photo.
	await p.page.goto(`/participate/${world.initiativeId}`);
	const requests = p.page.getByTestId('home-requests');
	await expect(requests).toContainText('ממתינות לתשובה שלך: 1');
	await requests.getByRole('link').first().click();
	await expect(p.page.getByTestId('audience-words')).toHaveText('כל אחד ואחת, באינטרנט הפתוח');
	await expect(p.page.getByText('Your swing says so much about the neighbourhood.')).toBeVisible();
	const preview = p.page.getByTestId('request-preview');
	await expect(preview.getByRole('heading', { name: title })).toBeVisible();
	await expectAccessible(p.page, 'request (he)');
	await p.page.getByRole('checkbox', { name: /תמונה 2/ }).uncheck();
	await p.page.getByLabel('בשם אחר שאבחר').check();
	await p.page.getByLabel('השם האחר').fill('נועה');
	await expect(preview.getByTestId('byline')).toHaveText('מאת נועה');
	await expect(preview.getByRole('img')).toHaveCount(1);
	const agreed = await p.page.getByTestId('approval-words').textContent();
	expect(agreed).toContain('התמונה האחת שבחרתי');
	expect(agreed).toContain('בשם „נועה”');
	await p.page.getByRole('button', { name: 'כן, להציג כך' }).click();
	await expect(p.page.getByTestId('decision-done')).toBeVisible();

	// 4. The curator publishes; an anonymous visitor finds it on the home page.
	await c.page.goto(`/curate/${world.initiativeId}/exhibitions/${exhibitionId}`);
	await c.page.getByRole('button', { name: 'Publish' }).click();
	const anon = await visitor(browser, 'he', null);
	await anon.page.goto('/');
	await anon.page
		.getByTestId('public-exhibitions')
		.getByRole('link', { name: 'גני שעשועים' })
		.click();
	const shown = anon.page.getByTestId('exhibition');
	await expect(shown.getByRole('heading', { name: title })).toBeVisible();
	await expect(shown.getByTestId('byline')).toHaveText('מאת נועה');
	await expect(shown).not.toContainText(participant.username);
	const urls = await imageUrls(anon.page, '[data-testid="exhibition"]');
	expect(urls.length).toBeGreaterThan(1);
	expect(urls.every((u) => u.includes(photoIds[0]!) && u.includes(`in=e.${exhibitionId}`))).toBe(
		true
	);
	for (const url of urls) {
		const r = await anon.page.request.get(url);
		expect(r.status()).toBe(200);
		expect(r.headers()['cache-control']).toBe('public, no-cache');
	}
	// The second photo, not approved, cannot be had in this exhibition's context either.
	const second = urls[0]!.replace(photoIds[0]!, photoIds[1]!);
	expect((await anon.page.request.get(second)).status()).toBe(404);
	await expectAccessible(anon.page, 'exhibition (he)');
	await anon.page.getByTestId('exhibition').getByRole('link', { name: title }).click();
	await expect(anon.page.getByTestId('byline')).toHaveText('מאת נועה');
	await expectAccessible(anon.page, 'exhibition story (he)');
	await setLanguage(anon.context, 'en');
	await anon.page.reload();
	await expect(anon.page.getByTestId('byline')).toHaveText('By נועה');
	await expectAccessible(anon.page, 'exhibition story (en)');
	await anon.page.goBack();
	await anon.page.reload();
	await expectAccessible(anon.page, 'exhibition (en)');
	const slug = new URL(anon.page.url()).pathname;
	const viewers = [anon, c, await visitor(browser, 'en', partner)];
	for (const v of viewers) {
		await v.page.goto(slug);
		await expect(
			v.page.getByTestId('exhibition').getByRole('heading', { name: title })
		).toBeVisible();
	}

	// 5. The participant withdraws, in one step plus a confirmation; no reason asked.
	await p.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/sharing`);
	await p.page.getByText('ביטול ההצגה בתערוכה הזאת').click();
	await p.page.getByRole('button', { name: 'כן, לבטל' }).click();
	await expect(p.page.getByTestId('sharing-done')).toHaveText('בוטל. הסיפור כבר לא מוצג שם.');
	const withdrawnAt = Date.now();

	// 6. Within the same second — the very next requests — it is gone, and stays gone for
	//    everyone: the exhibition page, the story's page and every derivative URL.
	const first = await Promise.all([
		anon.page.request.get(`${slug}/${storyId}`),
		anon.page.request.get(urls[0]!),
		anon.page.request.get(slug)
	]);
	expect(Date.now() - withdrawnAt).toBeLessThan(1000);
	expect(first[0].status()).toBe(404);
	expect(first[1].status()).toBe(404);
	expect(await first[2].text()).not.toContain(title);
	for (const v of viewers) {
		await v.page.goto(slug);
		await expect(v.page.getByTestId('exhibition')).toBeVisible();
		await expect(
			v.page.getByTestId('exhibition').getByRole('heading', { name: title })
		).toHaveCount(0);
		expect((await v.page.request.get(`${slug}/${storyId}`)).status()).toBe(404);
		for (const url of urls) expect((await v.page.request.get(url)).status(), url).toBe(404);
	}

	// The curator is told it was withdrawn — never why.
	await c.page.goto(`/curate/${world.initiativeId}/exhibitions/${exhibitionId}`);
	await expect(c.page.getByTestId('placement-status').first()).toHaveText(
		'Withdrawn by the participant'
	);

	// The receipt keeps every step, with the words agreed to.
	await p.page.goto(`/participate/${world.initiativeId}/consents`);
	const receipt = p.page.getByTestId('consent-events');
	await expect(receipt.getByRole('row')).toHaveCount(4); // header, shared, approved, withdrawn
	await expect(receipt).toContainText(agreed ?? '');
	await expectAccessible(p.page, 'consents (he)');
	for (const v of [p, ...viewers]) await v.context.close();
});

test('a wider audience asks again; a narrower one does not', async ({ browser, world }) => {
	test.setTimeout(180_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const { storyId } = await finishedStory(world, participant, `סיפור לשותפים ${Date.now()}`);
	const db = await appDb();
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text(`For partners ${Date.now()}`),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('Stories')
	);
	const p = await visitor(browser, 'en', participant);
	await p.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/sharing`);
	await p.page.getByRole('button', { name: 'Share with the curators' }).click();
	const c = await visitor(browser, 'en', curator);
	await c.page.goto(`/curate/${world.initiativeId}/pool/${storyId}`);
	await c.page.getByLabel('Exhibition and section').selectOption({ index: 1 });
	await c.page.getByLabel('Medium').check();
	await c.page.getByRole('button', { name: 'Send the request' }).click();
	await p.page.goto(`/participate/${world.initiativeId}/requests`);
	await expectAccessible(p.page, 'requests (en)');
	await p.page.getByTestId('requests').getByRole('link').first().click();
	await expect(p.page.getByTestId('audience-words')).toContainText('the members of');
	await expectAccessible(p.page, 'request (en)');
	await expectNoHorizontalScroll(p.page);
	await p.page.getByRole('button', { name: 'Yes, show it like this' }).click();
	await expect(p.page.getByTestId('decision-done')).toBeVisible();

	const details = async (audience: 'Public' | 'Partners' | 'Working groups', group?: string) => {
		await c.page.goto(`/curate/${world.initiativeId}/exhibitions/${exhibitionId}`);
		await openDisclosure(c.page.getByTestId('exhibition-details'));
		await c.page.getByRole('radio', { name: new RegExp(`^${audience} —`) }).check();
		if (group) await c.page.getByRole('checkbox', { name: group }).check();
		await c.page.getByRole('button', { name: 'Save the details' }).click();
	};
	const status = async () => {
		await p.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/sharing`);
		return p.page.getByTestId('placement-status').first().textContent();
	};
	await details('Working groups', 'Housing group'); // narrower
	expect(await status()).toBe('Shown with your approval');
	await details('Public'); // wider than anything approved
	expect(await status()).toBe('Waiting for your answer');
	await p.page.goto(`/participate/${world.initiativeId}/consents`);
	await expect(p.page.getByTestId('consent-events')).toContainText(
		'The curator changed the placement and asked you again'
	);
	await expectAccessible(p.page, 'consents (en)');
	await p.context.close();
	await c.context.close();
});
