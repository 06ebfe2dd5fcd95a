// Bidirectional text, as a reader sees it (docs/bidi.md): names and titles in another script
// isolated, counters that say "1 of 9" in words, a number with its unit read as one, arrows
// that point the way of reading, and the wording the issue found wrong. Visual order is
// asserted through the positions of the characters on screen, so that an ambiguous "9 / 1"
// or "By" drifting to the wrong side cannot come back unnoticed.
import type { Locator, Page } from '@playwright/test';
import { appDb, expect, expectAccessible, personWithRole, test, visitor } from './fixtures';
import { approve, propose, publish, sharedStory } from './arrange';
import { publishedExhibition } from './exhibition-data';
import { makeUser, giveRole, text } from '../fixtures/factories';
import { createStory } from '../../src/lib/server/stories';
import { createInvitation } from '../../src/lib/server/auth/invitations';
import { addSection, createExhibition, getExhibition } from '../../src/lib/server/exhibitions';

/**
 * The horizontal centre on screen of the first occurrence of each piece of text inside the
 * element (searched in its text content, across its child elements).
 */
async function xOf(target: Locator, pieces: string[]): Promise<number[]> {
	return target.evaluate((root, wanted) => {
		const nodes: Text[] = [];
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
		const all = nodes.map((n) => n.data).join('');
		return wanted.map((piece) => {
			const at = all.indexOf(piece);
			if (at < 0) throw new Error(`“${piece}” not in “${all}”`);
			// The piece's first character: find its node and offset.
			let offset = at;
			for (const node of nodes) {
				if (offset < node.data.length) {
					const range = document.createRange();
					range.setStart(node, offset);
					range.setEnd(node, offset + 1);
					const box = range.getBoundingClientRect();
					return box.x + box.width / 2;
				}
				offset -= node.data.length;
			}
			throw new Error('unreachable');
		});
	}, pieces);
}

/** Reading order on screen: each piece further along the line than the one before. */
async function expectReadingOrder(target: Locator, dir: 'ltr' | 'rtl', pieces: string[]) {
	const xs = await xOf(target, pieces);
	for (let i = 1; i < xs.length; i++) {
		if (dir === 'ltr')
			expect(xs[i], `${pieces[i]} after ${pieces[i - 1]}`).toBeGreaterThan(xs[i - 1]!);
		else expect(xs[i], `${pieces[i]} after ${pieces[i - 1]}`).toBeLessThan(xs[i - 1]!);
	}
}

async function openLightbox(page: Page) {
	await page.waitForFunction(() => document.querySelector('dialog[data-testid="lightbox"]'));
	await page.locator('[data-testid="exhibition-item"] .photo-link').first().click();
	const dialog = page.getByTestId('lightbox');
	await expect(dialog).toBeVisible();
	return dialog;
}

test('exhibition, lightbox and wall: isolated names, counters in words, in he, ar and en', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const { slug } = await publishedExhibition(world);
	// Photos shown: 1 + 1 + 1 + 2 (the pending story is not there).
	const total = 5;
	const of = { en: 'of', he: 'מתוך', ar: 'من' } as const;
	const by = { en: 'By', he: 'מאת', ar: 'بقلم' } as const;

	for (const locale of ['en', 'he', 'ar'] as const) {
		const dir = locale === 'en' ? 'ltr' : 'rtl';
		const v = await visitor(browser, locale);
		const { page } = v;
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(`/exhibitions/${slug}`);

		// A Hebrew name in any interface, a Latin name ending in a full stop in the RTL ones:
		// each in a <bdi>, and the words around it on their side of the line.
		for (const name of ['רחל כהן', 'Amir S.']) {
			const byline = page.getByTestId('byline').filter({ hasText: name });
			await expect(byline.locator('bdi')).toHaveText(name);
			const words = (await byline.textContent())!.trim();
			expect(words.startsWith(by[locale]), words).toBe(true);
			await expectReadingOrder(byline, dir, [by[locale], name]);
		}
		// "Amir S." keeps its full stop after the S, whatever the page's direction.
		const amir = page.getByTestId('byline').filter({ hasText: 'Amir S.' });
		await expectReadingOrder(amir, 'ltr', ['Amir', 'S.', '.']);
		await expectAccessible(page, `exhibition (${locale})`);
		await page
			.getByTestId('byline')
			.filter({ hasText: 'Amir S.' })
			.screenshot({ path: `tests/artifacts/bidi-byline-${locale}.png` });

		// The lightbox: "1 of 5" in words, the first number first in the reading direction.
		const dialog = await openLightbox(page);
		const count = dialog.locator('[data-lightbox-count]');
		await expect(count).toHaveText(`1 ${of[locale]} ${total}`);
		await expectReadingOrder(count, dir, ['1', of[locale], String(total)]);
		// The byline below the photo is in the reader's language and direction.
		const byline = dialog.locator('.who span').last();
		await expect(byline).toHaveAttribute('dir', dir);
		await expect(byline).toHaveAttribute('lang', locale);
		// …and the dash stays between the (English) title and the byline, whatever their scripts:
		// title, dash, byline, in the page's direction (cards follow the page: docs/layout.md).
		await expectReadingOrder(dialog.locator('.who'), dir, ['swing', '—', 'Noa']);
		await expectAccessible(page, `lightbox (${locale})`);
		await page.screenshot({ path: `tests/artifacts/bidi-lightbox-${locale}.png` });
		await page.keyboard.press('Escape');

		// The wall's counter, likewise.
		await page.goto(`/exhibitions/${slug}/wall?interval=120`);
		const counter = page.getByTestId('wall-counter');
		await expect(counter).toHaveText(new RegExp(`^1 ${of[locale]} \\d+$`));
		await expectReadingOrder(counter, dir, ['1', of[locale]]);
		await page.screenshot({ path: `tests/artifacts/bidi-wall-${locale}.png` });

		// The print catalogue's bylines, likewise (its page numbers: tests/unit/bidi.test.ts).
		await page.goto(`/exhibitions/${slug}/print`);
		for (const name of ['רחל כהן', 'Amir S.']) {
			const printed = page.getByTestId('catalogue-byline').filter({ hasText: name });
			await expect(printed.locator('bdi')).toHaveText(name);
			await expectReadingOrder(printed, dir, [by[locale], name]);
		}
		await expectReadingOrder(
			page.getByTestId('catalogue-byline').filter({ hasText: 'Amir S.' }),
			'ltr',
			['Amir', 'S.', '.']
		);
		await v.context.close();
	}
});

test('a number with its unit reads as one, in Hebrew: “עד 25 MB”', async ({ browser, world }) => {
	const db = await appDb();
	const owner = await personWithRole(world, 'participant');
	const storyId = await createStory(db, owner, {
		initiativeId: world.initiativeId,
		title: 'ספסל',
		language: 'he'
	});
	const v = await visitor(browser, 'he', owner);
	await v.page.goto(`/participate/${world.initiativeId}/stories/${storyId}/photos`);
	const hint = v.page.locator('#photo-input-hint');
	const unit = hint.locator('bdi[dir="ltr"]');
	await expect(unit).toHaveText(/^\d+ MB$/);
	const size = (await unit.textContent())!;
	const [number] = size.split(' ');
	// "עד" first (rightmost), then the size, read left to right: the number before "MB".
	await expectReadingOrder(hint, 'rtl', ['עד', number!]);
	await expectReadingOrder(unit, 'ltr', [number!, 'MB']);
	expect(await hint.textContent()).not.toMatch(/[\u2066-\u2069]/);
	await expectAccessible(v.page, 'photos (he)');
	await v.context.close();
});

test('the invitation names the initiative without a lone prefix, in Hebrew', async ({
	browser,
	world
}) => {
	const db = await appDb();
	const { token } = await createInvitation(db, {
		initiativeId: world.initiativeId,
		role: 'participant',
		workingGroupIds: [],
		label: 'bidi',
		days: 7,
		createdBy: world.admin.id
	});
	const v = await visitor(browser, 'he');
	await v.page.goto(`/join/${token}`);
	const intro = v.page.locator('p').filter({ hasText: 'הוזמנת להשתתף' });
	const words = (await intro.textContent())!.replace(/\s+/g, ' ').trim();
	expect(words).toMatch(/^הוזמנת להשתתף בתור מומחה\/ית מניסיון ביוזמה יוזמה .+\.$/);
	expect(words).not.toMatch(/ [בלמשהוכ] /);
	const name = intro.locator('strong');
	await expect(name).toHaveAttribute('dir', 'rtl');
	await expectReadingOrder(intro, 'rtl', ['הוזמנת', 'ביוזמה', (await name.textContent())!]);
	await expectAccessible(v.page, 'join (he)');
	await v.context.close();
});

test('home, requests, consents and approval in Hebrew: words, not arrows; dates isolated; the right message', async ({
	browser,
	world
}) => {
	test.setTimeout(120_000);
	const db = await appDb();
	const curator = await personWithRole(world, 'curator');
	const owner = await makeUser(db, { displayName: 'Noga B.' });
	await giveRole(db, owner, world.initiativeId, 'participant');
	// An exhibition already published, with an English title; a story with a Hebrew one.
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		world.initiativeId,
		{
			title: text('Open House 2'),
			introduction: text('Open.'),
			audience: 'public',
			workingGroupIds: [],
			themeIds: [world.themeIds[0]!],
			endsAt: null
		},
		text('Rooms', 'חדרים', 'غرف')
	);
	await addSection(
		db,
		(await getExhibition(db, world.initiativeId, exhibitionId))!,
		text('More'),
		text('')
	);
	const shown = await sharedStory(world, owner, {
		title: 'המטבח של סבתא',
		language: 'he',
		attribution: 'own_name'
	});
	const first = await propose(world, curator.id, exhibitionId, shown.storyId);
	await approve(owner, shown.storyId, first, {
		photoIds: shown.photoIds,
		attribution: 'own_name'
	});
	await publish(world, curator.id, exhibitionId);
	const waiting = await sharedStory(world, owner, { title: 'Room 2.', language: 'en' });
	const placementId = await propose(world, curator.id, exhibitionId, waiting.storyId);

	const v = await visitor(browser, 'he', owner);
	const { page } = v;
	await page.goto(`/participate/${world.initiativeId}`);
	const request = page.getByTestId('home-requests').getByRole('link').first();
	const words = (await request.textContent())!.replace(/\s+/g, ' ').trim();
	expect(words).toBe('Room 2. בתערוכה Open House 2');
	expect(words).not.toMatch(/[→←]/);
	await expectReadingOrder(request, 'rtl', ['Room', 'בתערוכה', 'Open']);
	await expectReadingOrder(request, 'ltr', ['Room', '2.']);
	await expectAccessible(page, 'participant home (he)');

	// Approving for the exhibition that is already published: "shown now", not "once published".
	await page.goto(`/participate/${world.initiativeId}/requests/${placementId}`);
	await expect(page.getByTestId('approval-words').locator('bdi').first()).toHaveText('Room 2.');
	await page.getByRole('button', { name: 'כן, להציג כך' }).click();
	await expect(page.getByTestId('decision-done')).toHaveText(
		'תודה. הסיפור שלך מוצג עכשיו כפי שבחרת.'
	);

	// The receipt: each date isolated, in the page's language, its comma after the year.
	await page.goto(`/participate/${world.initiativeId}/consents`);
	const receipt = page.getByTestId('consent-events');
	const date = receipt.locator('tbody tr td:first-child bdi').first();
	await expect(date).toHaveText(/^\d{1,2} ב\S+ \d{4}, \d{1,2}:\d{2}$/);
	const year = (await date.textContent())!.match(/\d{4}/)![0];
	await expectReadingOrder(date, 'rtl', [year, ',']);
	await expectAccessible(page, 'consents (he)');
	await page.screenshot({ path: 'tests/artifacts/bidi-consents-he.png', fullPage: true });
	await v.context.close();
});
