// Consent integrity, end to end (docs/consent.md): a participant agrees to exactly what they
// saw; every story page says who can see the story now; a person whose role ended still
// withdraws their story; a withdrawn photo does not survive in the browser's own cache; a
// theme page lists only the stories whose placement informs it.
import type { CDPSession, Page } from '@playwright/test';
import {
	BASE_URL,
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	openDisclosure,
	imageUrls,
	personWithRole,
	setLanguage,
	signIn,
	test,
	visitor
} from './fixtures';
import { approve, propose, publish, sharedStory } from './arrange';
import { text, type TestUser, type World } from '../fixtures/factories';
import { createExhibition, getExhibition } from '../../src/lib/server/exhibitions';
import { ownStory } from '../../src/lib/server/access';
import { withdrawPlacement } from '../../src/lib/server/consent';
import { placements } from '../../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';
import type { Audience } from '../../src/lib/server/db/schema';
import type { Locale } from '../../src/lib/localized';

async function exhibition(
	world: World,
	curator: TestUser,
	opts: { title: string; audience: Audience; themeIds?: string[]; groups?: string[] }
) {
	const db = await appDb();
	const id = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text(opts.title, `${opts.title} (he)`, `${opts.title} (ar)`),
			introduction: text('An exhibition for the integrity tests.'),
			audience: opts.audience,
			workingGroupIds: opts.groups ?? [],
			themeIds: opts.themeIds ?? [],
			endsAt: null
		},
		text('Stories', 'סיפורים', 'قصص')
	);
	return { id, slug: (await getExhibition(db, world.initiativeId, id))!.slug };
}

async function statusOf(placementId: string) {
	const db = await appDb();
	return (await db.select().from(placements).where(eq(placements.id, placementId)))[0]!.status;
}

test('a request changed while its participant reads it approves nothing, and says what changed', async ({
	browser,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const story = await sharedStory(world, participant, { title: 'Kitchen window' });
	const { id, slug } = await exhibition(world, curator, {
		title: 'Partners first',
		audience: 'partners'
	});
	await publish(world, curator.id, id);
	const placementId = await propose(world, curator.id, id, story.storyId);

	// The participant opens the request: the members of the initiative would see it.
	const them = await visitor(browser, 'en', participant);
	const request = `/participate/${world.initiativeId}/requests/${placementId}`;
	await them.page.goto(request);
	await expect(them.page.getByTestId('audience-words')).toContainText('the members of');

	// Meanwhile, in another browser, the curator opens the exhibition to the whole internet.
	const curatorSide = await visitor(browser, 'en', curator);
	await curatorSide.page.goto(`/curate/${world.initiativeId}/exhibitions/${id}`);
	// The exhibition's details are a disclosure below the board (closed again after a save).
	const details = curatorSide.page.getByTestId('exhibition-details');
	const openDetails = () => openDisclosure(details);
	await openDetails();
	await curatorSide.page.getByRole('radio', { name: /^Public —/ }).check();
	await curatorSide.page.getByRole('button', { name: 'Save the details' }).click();
	await curatorSide.page.waitForLoadState('networkidle');
	await openDetails();
	await expect(curatorSide.page.getByRole('radio', { name: /^Public —/ })).toBeChecked();

	// The participant agrees to what they read: nothing is approved, and they are told why.
	await them.page.getByRole('button', { name: 'Yes, show it like this' }).click();
	const problem = them.page.getByTestId('decision-problem');
	await expect(problem).toContainText('This request changed while you were reading it');
	const changes = them.page.getByTestId('terms-changes');
	await expect(changes).toContainText('Who will see it');
	await expect(changes).toContainText('Before: the members of');
	await expect(changes).toContainText('Now: anyone, on the open internet');
	// The page now shows the new terms.
	await expect(them.page.getByTestId('audience-words')).toHaveText('anyone, on the open internet');
	await expectAccessible(them.page, 'request page with what changed (en)');
	expect(await statusOf(placementId)).toBe('pending');

	// Nothing is published until they approve again.
	const anonymous = await visitor(browser, 'en');
	await anonymous.page.goto(`/exhibitions/${slug}`);
	await expect(anonymous.page.getByRole('heading', { name: 'Kitchen window' })).toHaveCount(0);

	await them.page.getByRole('button', { name: 'Yes, show it like this' }).click();
	await expect(them.page.getByTestId('decision-done')).toContainText('now shown');
	expect(await statusOf(placementId)).toBe('approved');
	await anonymous.page.goto(`/exhibitions/${slug}`);
	await expect(anonymous.page.getByRole('heading', { name: 'Kitchen window' })).toBeVisible();

	// The receipt keeps the terms it was given for.
	const db = await appDb();
	const { consentEvents } = await import('../../src/lib/server/db/schema');
	const events = await db
		.select()
		.from(consentEvents)
		.where(eq(consentEvents.placementId, placementId));
	const approval = events.find((e) => e.kind === 'approved')!;
	expect(approval.terms?.audience).toBe('public');
	expect(approval.termsDigest).toMatch(/^[0-9a-f]{64}$/);
	expect(approval.text).toContain('anyone, on the open internet');
	for (const side of [them, curatorSide, anonymous]) await side.context.close();
});

const SUMMARY_WORDS = {
	en: {
		onlyYou: 'Only you.',
		curators: 'The curators of',
		public: 'Anyone on the internet, in the exhibition',
		partners: 'The members of'
	},
	he: {
		onlyYou: 'רק את/ה.',
		curators: 'האוצרים והאוצרות של',
		public: 'כל אחד ואחת באינטרנט, בתערוכה',
		partners: 'חברי וחברות'
	}
} as const;

for (const locale of ['en', 'he'] as const) {
	test(`a story's page says who can see it now, through its life — ${locale}`, async ({
		browser,
		world
	}) => {
		test.setTimeout(120_000);
		const words = SUMMARY_WORDS[locale];
		const participant = await personWithRole(world, 'participant');
		const curator = await personWithRole(world, 'curator');
		const { page, context } = await visitor(browser, locale, participant);
		const summary = page.getByTestId('who-can-see');

		// A draft: only its author.
		const draft = await (async () => {
			const db = await appDb();
			const { createStory } = await import('../../src/lib/server/stories');
			return createStory(db, participant, {
				initiativeId: world.initiativeId,
				title: `Draft ${locale}`,
				language: locale
			});
		})();
		await page.goto(`/participate/${world.initiativeId}/stories/${draft}`);
		await expect(summary.getByTestId('who-only-you')).toHaveText(words.onlyYou);

		// Shared: the curators too.
		const story = await sharedStory(world, participant, {
			title: `Life ${locale}`,
			language: locale
		});
		const base = `/participate/${world.initiativeId}/stories/${story.storyId}`;
		await page.goto(base);
		await expect(summary.getByTestId('who-only-you')).toHaveCount(0);
		await expect(summary.getByTestId('who-curators')).toContainText(words.curators);

		// Approved in a public and a partner exhibition, both published.
		const open = await exhibition(world, curator, { title: `Open ${locale}`, audience: 'public' });
		const inner = await exhibition(world, curator, {
			title: `Inner ${locale}`,
			audience: 'partners'
		});
		for (const e of [open, inner]) {
			const placementId = await propose(world, curator.id, e.id, story.storyId);
			await approve(participant, story.storyId, placementId, {
				photoIds: story.photoIds,
				attribution: 'anonymous'
			});
			await publish(world, curator.id, e.id);
		}
		await page.goto(base);
		const entries = summary.getByTestId('who-exhibition');
		await expect(entries).toHaveCount(2);
		await expect(summary.locator('[data-audience="public"]')).toContainText(words.public);
		await expect(summary.locator('[data-audience="partners"]')).toContainText(words.partners);
		await expectAccessible(page, `story page with its summary (${locale})`);
		// The participant's home says the same for the story.
		await page.goto(`/participate/${world.initiativeId}`);
		const card = page
			.getByTestId('my-stories')
			.getByRole('listitem')
			.filter({
				hasText: `Life ${locale}`
			});
		await expect(card.getByTestId('who-exhibition')).toHaveCount(2);

		// One withdrawn, from the summary itself.
		await page.goto(`${base}/photos`);
		const publicEntry = summary.locator('[data-audience="public"]');
		await publicEntry.locator('summary').click();
		await publicEntry.getByRole('button').click();
		await expect(page).toHaveURL(/\/sharing\?done=withdrawn$/);
		await expect(summary.getByTestId('who-exhibition')).toHaveCount(1);
		await expect(summary.locator('[data-audience="partners"]')).toBeVisible();

		// All withdrawn: only its author again.
		await page.getByTestId('withdraw-story').locator('summary').click();
		await page.getByTestId('withdraw-story').getByRole('button').click();
		await expect(summary.getByTestId('who-only-you')).toHaveText(words.onlyYou);
		await expectAccessible(page, `story page after withdrawing everything (${locale})`);
		await context.close();
	});
}

test('a participant whose role ended logs in and withdraws their story from a published exhibition', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const story = await sharedStory(world, participant, { title: 'Harbour at dawn' });
	const { id, slug } = await exhibition(world, curator, { title: 'Harbours', audience: 'public' });
	const placementId = await propose(world, curator.id, id, story.storyId);
	await approve(participant, story.storyId, placementId, {
		photoIds: story.photoIds,
		attribution: 'anonymous'
	});
	await publish(world, curator.id, id);

	// The admin removes the role; the confirmation says what is at stake, and keeps placements.
	const admin = await visitor(browser, 'en', world.admin);
	await admin.page.goto('/admin/users');
	const person = admin.page.getByRole('listitem').filter({ hasText: participant.username });
	await person.getByTestId('remove-link').click();
	const confirm = admin.page.getByTestId('remove-membership');
	await expect(confirm).toContainText(`Remove ${participant.username} as Expert by experience`);
	await expect(confirm.getByTestId('remove-at-stake')).toContainText(
		'Shown in published exhibitions now: 1'
	);
	await expectAccessible(admin.page, 'admin: confirm removing a role');
	await expect(confirm.getByRole('radio', { name: /stay as the person agreed/ })).toBeChecked();
	await confirm.getByRole('button', { name: 'Remove the role' }).click();
	await expect(admin.page.getByTestId('admin-done')).toContainText('The role was removed');

	// Still shown, as agreed.
	const anonymous = await visitor(browser, 'en');
	await anonymous.page.goto(`/exhibitions/${slug}`);
	await expect(anonymous.page.getByRole('heading', { name: 'Harbour at dawn' })).toBeVisible();

	// The person logs in with their password: they are told, and reach My stories.
	const { page, context } = await visitor(browser, 'en');
	await page.goto('/login');
	await page.getByLabel('Username').fill(participant.username);
	await page.getByLabel('Password').fill(participant.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/me$/);
	const notice = page.getByTestId('notice');
	await expect(notice).toContainText('Your role as Expert by experience');
	await expect(notice).toContainText('stay as you agreed');
	await expectAccessible(page, '/me with a notice');
	await notice.getByRole('link', { name: 'My stories' }).click();
	await expect(page).toHaveURL(/\/me\/stories$/);
	const card = page.getByTestId('mine-stories').getByRole('listitem').filter({
		hasText: 'Harbour at dawn'
	});
	const entry = card.locator('[data-audience="public"]');
	await expect(entry).toContainText('Anyone on the internet');
	await expectAccessible(page, '/me/stories');
	await entry.locator('summary').click();
	await entry.getByRole('button').click();
	await expect(page.getByTestId('mine-done')).toContainText('Withdrawn');
	await expect(card.getByTestId('who-exhibition')).toHaveCount(0);

	// The very next request: gone.
	await anonymous.page.goto(`/exhibitions/${slug}`);
	await expect(anonymous.page.getByRole('heading', { name: 'Harbour at dawn' })).toHaveCount(0);
	expect(await statusOf(placementId)).toBe('withdrawn');
	for (const side of [admin, anonymous]) await side.context.close();
	await context.close();
});

test('an admin disables an account: its sessions end at once and its stories are hidden, not lost', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const story = await sharedStory(world, participant, { title: 'Night shift' });
	const { id, slug } = await exhibition(world, curator, { title: 'Nights', audience: 'public' });
	const placementId = await propose(world, curator.id, id, story.storyId);
	await approve(participant, story.storyId, placementId, {
		photoIds: story.photoIds,
		attribution: 'anonymous'
	});
	await publish(world, curator.id, id);
	const them = await visitor(browser, 'en', participant);
	await them.page.goto(`/participate/${world.initiativeId}`);
	await expect(them.page.getByTestId('my-stories')).toContainText('Night shift');

	const admin = await visitor(browser, 'en', world.admin);
	await admin.page.goto('/admin/users');
	const person = admin.page.getByRole('listitem').filter({ hasText: participant.username });
	await person.getByText('Disable this account').click();
	// A reason is needed.
	await person.getByRole('button', { name: 'Disable the account' }).click();
	await expect(person.getByRole('textbox')).toBeFocused();
	await person.getByLabel('Why (kept in the audit log)').fill('Someone else had the password.');
	await expectAccessible(admin.page, 'admin: disabling an account');
	await person.getByRole('button', { name: 'Disable the account' }).click();
	await expect(admin.page.getByTestId('admin-done')).toContainText('disabled');
	await expect(
		admin.page
			.getByRole('listitem')
			.filter({ hasText: participant.username })
			.getByTestId('disabled-badge')
	).toBeVisible();

	// The very next request of the person is anonymous; their story is nowhere to be seen.
	await them.page.goto(`/participate/${world.initiativeId}`);
	await expect(them.page).toHaveURL(/\/login\?redirectTo=/);
	const anonymous = await visitor(browser, 'en');
	await anonymous.page.goto(`/exhibitions/${slug}`);
	await expect(anonymous.page.getByRole('heading', { name: 'Night shift' })).toHaveCount(0);
	const curatorSide = await visitor(browser, 'en', curator);
	expect(
		(await curatorSide.page.goto(`/curate/${world.initiativeId}/pool/${story.storyId}`))?.status()
	).toBe(404);

	// Logging in again is refused, in words.
	await them.page.getByLabel('Username').fill(participant.username);
	await them.page.getByLabel('Password').fill(participant.password);
	await them.page.getByRole('button', { name: 'Log in' }).click();
	await expect(them.page.getByTestId('login-disabled')).toContainText('disabled');

	// Enabled again: shown as agreed.
	await admin.page
		.getByRole('listitem')
		.filter({ hasText: participant.username })
		.getByRole('button', { name: /Enable the account again/ })
		.click();
	await expect(admin.page.getByTestId('admin-done')).toContainText('enabled again');
	await anonymous.page.goto(`/exhibitions/${slug}`);
	await expect(anonymous.page.getByRole('heading', { name: 'Night shift' })).toBeVisible();
	for (const side of [them, admin, anonymous, curatorSide]) await side.context.close();
});

/** The browser's own network log: what it sent (with cache validators) and what came back. */
async function networkLog(page: Page) {
	const cdp: CDPSession = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	const sent = new Map<string, { url: string; headers: Record<string, string> }>();
	const received = new Map<string, { status: number; fromDiskCache: boolean }>();
	cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
		const headers = Object.fromEntries(
			Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), String(v)])
		);
		sent.set(e.requestId, { url: sent.get(e.requestId)?.url ?? '', headers });
	});
	cdp.on('Network.requestWillBeSent', (e) => {
		sent.set(e.requestId, { url: e.request.url, headers: sent.get(e.requestId)?.headers ?? {} });
	});
	// What the server itself answered (a 304 the cache then serves shows here as 304).
	const wire = new Map<string, number>();
	cdp.on('Network.responseReceivedExtraInfo', (e) => wire.set(e.requestId, e.statusCode));
	cdp.on('Network.responseReceived', (e) =>
		received.set(e.requestId, {
			status: e.response.status,
			fromDiskCache: Boolean(e.response.fromDiskCache)
		})
	);
	return {
		for(url: string) {
			return [...sent.entries()]
				.filter(([, s]) => s.url === url)
				.map(([id, s]) => ({ ...s, ...received.get(id), server: wire.get(id) }));
		}
	};
}

test('after a withdrawal, the browser asks again for the photo and gets 404 — never its cached copy', async ({
	browser,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const story = await sharedStory(world, participant, { title: 'Red door' });
	const { id, slug } = await exhibition(world, curator, { title: 'Doors', audience: 'public' });
	const placementId = await propose(world, curator.id, id, story.storyId);
	await approve(participant, story.storyId, placementId, {
		photoIds: story.photoIds,
		attribution: 'anonymous'
	});
	await publish(world, curator.id, id);

	// One browser, with its HTTP cache: the visitor sees the story and its photo.
	const context = await browser.newContext();
	await setLanguage(context, 'en');
	const page = await context.newPage();
	const log = await networkLog(page);
	await page.goto(`/exhibitions/${slug}/${story.storyId}`);
	const [src] = await imageUrls(page, 'main');
	expect(src).toBeTruthy();
	const url = new URL(src!, BASE_URL).toString();
	const first = await page.goto(url);
	expect(first?.status()).toBe(200);
	expect(first?.headers()['cache-control']).toBe('public, no-cache');
	expect(first?.headers()['etag']).toMatch(/^"[^"]+"$/);

	// Before the withdrawal a second look revalidates and is told nothing changed (304).
	await page.goto('about:blank');
	await page.goto(url);
	await expect.poll(() => log.for(url).length).toBeGreaterThanOrEqual(2);
	const second = log.for(url).at(-1)!;
	expect(second.headers['if-none-match']).toBe(first?.headers()['etag']);
	expect(second.server).toBe(304);

	// The participant withdraws.
	const db = await appDb();
	await withdrawPlacement(db, (await ownStory(db, participant, story.storyId))!, placementId, {
		text: 'I withdraw.',
		locale: 'en'
	});

	// The same browser looks again: it asks the server (with its validator), and gets 404.
	await page.goto('about:blank');
	const again = await page.goto(url);
	expect(again?.status()).toBe(404);
	await expect.poll(() => log.for(url).length).toBeGreaterThanOrEqual(3);
	const third = log.for(url).at(-1)!;
	expect(third.headers['if-none-match']).toBe(first?.headers()['etag']);
	expect(third.server).toBe(404);
	expect(third.status).toBe(404);
	expect(third.fromDiskCache).toBe(false);

	// And a reload of the exhibition shows neither the story nor the photo.
	await page.goto(`/exhibitions/${slug}`);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Red door' })).toHaveCount(0);
	expect(await imageUrls(page, 'main')).not.toContain(src);
	await context.close();
});

test('a theme page shows only the stories whose placement informs the theme', async ({
	browser,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const curator = await personWithRole(world, 'curator');
	const [housing, care] = world.themeIds as [string, string];
	const { id, slug } = await exhibition(world, curator, {
		title: 'Homes and care',
		audience: 'public',
		themeIds: [housing, care]
	});
	const stories = {
		housing: await sharedStory(world, participant, { title: 'A key of my own' }),
		care: await sharedStory(world, participant, { title: 'Waiting room' }),
		none: await sharedStory(world, participant, { title: 'A telescope on the roof' })
	};
	const themesOf = { housing: [housing], care: [care], none: [] as string[] };
	for (const key of ['housing', 'care', 'none'] as const) {
		const placementId = await propose(world, curator.id, id, stories[key].storyId, {
			themeIds: themesOf[key]
		});
		await approve(participant, stories[key].storyId, placementId, {
			photoIds: stories[key].photoIds,
			attribution: 'anonymous'
		});
	}
	await publish(world, curator.id, id);

	const { page, context } = await visitor(browser, 'en');
	await page.goto(`/exhibitions/${slug}`);
	for (const s of Object.values(stories))
		await expect(page.getByRole('heading', { name: s.title })).toBeVisible();

	await page.goto(`/themes/${housing}`);
	await expect(page.getByText('A key of my own')).toBeVisible();
	await expect(page.getByText('Waiting room')).toHaveCount(0);
	await expect(page.getByText('A telescope on the roof')).toHaveCount(0);
	await expectAccessible(page, 'theme page (en)');

	await page.goto(`/themes/${care}`);
	await expect(page.getByText('Waiting room')).toBeVisible();
	await expect(page.getByText('A key of my own')).toHaveCount(0);
	await expect(page.getByText('A telescope on the roof')).toHaveCount(0);

	// The curator links the telescope to the housing theme in the builder: its participant never
	// agreed, so it is asked again — and the theme page (and the exhibition) do not show it.
	const curatorSide = await visitor(browser, 'en', curator);
	await curatorSide.page.goto(`/curate/${world.initiativeId}/exhibitions/${id}`);
	// On the board, a card's title opens its details panel, where its themes are.
	await curatorSide.page
		.getByTestId('placement')
		.filter({ hasText: 'A telescope on the roof' })
		.getByRole('link', { name: 'A telescope on the roof' })
		.click();
	const panel = curatorSide.page.getByTestId('card-details');
	const housingBox = panel
		.getByTestId('placement-themes')
		.getByRole('checkbox', { name: /Safe housing/ });
	await expect(housingBox).not.toBeChecked();
	await housingBox.check();
	await panel.getByRole('button', { name: /Save the change/ }).click();
	await expect(
		curatorSide.page.getByTestId('placement').filter({ hasText: 'A telescope on the roof' })
	).toHaveAttribute('data-status', 'pending');
	await page.goto(`/themes/${housing}`);
	await expect(page.getByText('A telescope on the roof')).toHaveCount(0);
	await page.goto(`/exhibitions/${slug}`);
	await expect(page.getByRole('heading', { name: 'A telescope on the roof' })).toHaveCount(0);
	await curatorSide.context.close();
	await context.close();
});

// The pages this work added or changed, with content, in every language, at both widths.
for (const locale of ['he', 'ar', 'en'] as Locale[]) {
	test(`the new consent pages pass axe, fit 360 px and read ${locale === 'en' ? 'left to right' : 'right to left'} — ${locale}`, async ({
		browser,
		world
	}) => {
		// About 50 page loads with axe: minutes on a busy 2-core machine.
		test.setTimeout(360_000);
		const participant = await personWithRole(world, 'participant');
		const curator = await personWithRole(world, 'curator');
		const story = await sharedStory(world, participant, {
			title: locale === 'en' ? 'The orchard' : locale === 'he' ? 'הפרדס' : 'البستان',
			language: locale
		});
		const shown = await exhibition(world, curator, {
			title: `Shown ${locale}`,
			audience: 'public',
			themeIds: [world.themeIds[0]!]
		});
		const asked = await exhibition(world, curator, {
			title: `Asked ${locale}`,
			audience: 'working_group',
			groups: [world.workingGroupIds[0]],
			themeIds: [world.themeIds[0]!]
		});
		const approved = await propose(world, curator.id, shown.id, story.storyId, {
			themeIds: [world.themeIds[0]!]
		});
		await approve(participant, story.storyId, approved, {
			photoIds: story.photoIds,
			attribution: 'anonymous'
		});
		await publish(world, curator.id, shown.id);
		const pending = await propose(world, curator.id, asked.id, story.storyId, {
			themeIds: [world.themeIds[0]!]
		});
		const db = await appDb();
		const { memberships } = await import('../../src/lib/server/db/schema');
		const { and } = await import('drizzle-orm');
		const [membership] = await db
			.select()
			.from(memberships)
			.where(
				and(
					eq(memberships.userId, participant.id),
					eq(memberships.initiativeId, world.initiativeId)
				)
			);
		const base = `/participate/${world.initiativeId}/stories/${story.storyId}`;
		const pages: { who: { id: string; isAdmin: boolean }; paths: string[] }[] = [
			{
				who: participant,
				paths: [
					`/participate/${world.initiativeId}`,
					base,
					`${base}/sharing`,
					`/participate/${world.initiativeId}/requests/${pending}`,
					'/me/stories',
					`/me/stories/${story.storyId}`,
					`/me/requests/${pending}`
				]
			},
			{
				who: curator,
				paths: [
					`/curate/${world.initiativeId}/people?remove=${membership!.id}`,
					`/curate/${world.initiativeId}/pool/${story.storyId}`,
					`/curate/${world.initiativeId}/exhibitions/${asked.id}`
				]
			},
			{ who: world.admin, paths: [`/admin/users?remove=${membership!.id}`] }
		];
		const expectedDir = locale === 'en' ? 'ltr' : 'rtl';
		for (const { who, paths } of pages) {
			for (const viewport of [
				{ width: 1280, height: 900 },
				{ width: 360, height: 740 }
			]) {
				const context = await browser.newContext({ viewport });
				await setLanguage(context, locale);
				await signIn(context, who);
				const page = await context.newPage();
				for (const path of paths) {
					const response = await page.goto(path);
					expect(response?.status(), path).toBe(200);
					await expect(page.locator('html')).toHaveAttribute('lang', locale);
					await expect(page.locator('html')).toHaveAttribute('dir', expectedDir);
					if (viewport.width === 360) await expectNoHorizontalScroll(page);
					else await expectAccessible(page, `${path} (${locale})`);
				}
				await context.close();
			}
		}
	});
}
