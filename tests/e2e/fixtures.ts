import { join } from 'node:path';
import {
	test as base,
	expect,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openDatabase, type Db } from '../../src/lib/server/db';
import {
	MIGRATIONS,
	makeUser,
	makeWorld,
	sessionFor,
	giveRole,
	type TestUser,
	type World
} from '../fixtures/factories';
import type { Role } from '../../src/lib/roles';
import type { Locale } from '../../src/lib/localized';

export { expect };
export const BASE_URL = process.env.E2E_BASE_URL as string;
// Arranging photos writes media files: into the test server's data directory, like the server.
process.env.DATA_DIR = process.env.E2E_DATA_DIR;

// The test server's own database file: tests arrange their world through the same domain
// modules the app uses, then act and look only through the browser.
let dbPromise: Promise<Db> | undefined;
export function appDb(): Promise<Db> {
	dbPromise ??= openDatabase({
		url: `file:${join(process.env.E2E_DATA_DIR as string, 'app.db')}`,
		migrationsDir: MIGRATIONS
	}).then((d) => d.db);
	return dbPromise;
}

export async function signIn(context: BrowserContext, user: { id: string; isAdmin: boolean }) {
	const { token } = await sessionFor(await appDb(), user);
	await context.addCookies([
		{ name: 'session', value: token, url: BASE_URL, httpOnly: true, sameSite: 'Lax' }
	]);
}

export async function setLanguage(context: BrowserContext, locale: Locale) {
	await context.addCookies([{ name: 'lang', value: locale, url: BASE_URL, sameSite: 'Lax' }]);
}

/** A fresh browser context in this language, signed in as `user` (or anonymous), and a page. */
export async function visitor(
	browser: Browser,
	locale: Locale,
	user: { id: string; isAdmin: boolean } | null = null
) {
	const context = await browser.newContext();
	await setLanguage(context, locale);
	if (user) await signIn(context, user);
	return { context, page: await context.newPage() };
}

/** Every image address in the scope (src and srcset, img and source), each once. */
export async function imageUrls(page: Page, scope: string) {
	return page.evaluate((s) => {
		const urls = new Set<string>();
		for (const el of Array.from(document.querySelectorAll(`${s} img, ${s} source`))) {
			const src = el.getAttribute('src');
			if (src) urls.add(src);
			for (const part of (el.getAttribute('srcset') ?? '').split(',')) {
				const url = part.trim().split(' ')[0];
				if (url) urls.add(url);
			}
		}
		return [...urls];
	}, scope);
}

export async function personWithRole(world: World, role: Role, workingGroupIds: string[] = []) {
	const db = await appDb();
	const user = await makeUser(db);
	await giveRole(db, user, world.initiativeId, role, workingGroupIds);
	return user;
}

/** axe with the WCAG 2.0–2.2 A and AA rules: no violation allowed. */
export async function expectAccessible(page: Page, label = page.url()) {
	// A fade that is under way (the wall hides its bars after a few seconds of no input) is
	// half-transparent for 0.3 s, and axe would measure its contrast mid-way. The check runs
	// with reduced motion, where such things switch at once, after any running transition.
	const reduced = await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches);
	if (!reduced) await page.emulateMedia({ reducedMotion: 'reduce' });
	await page.evaluate(() =>
		Promise.all(
			document
				.getAnimations()
				.filter((a) => a instanceof CSSTransition)
				.map((a) => a.finished.catch(() => undefined))
		)
	);
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	if (!reduced) await page.emulateMedia({ reducedMotion: null });
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** Nothing wider than the viewport: usable at 360 px without sideways scrolling. */
/**
 * Opens a `<details>` disclosure and makes sure it stays open. A click on its summary before the
 * page has hydrated opens it natively, and hydration may then close it again (it sets `open`
 * from the page's state): so open, wait a moment, and try again until it holds.
 */
export async function openDisclosure(details: Locator) {
	await expect(async () => {
		if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
		await expect(details).toHaveAttribute('open', '', { timeout: 1000 });
		await details.page().waitForTimeout(300);
		await expect(details).toHaveAttribute('open', '', { timeout: 100 });
	}).toPass({ timeout: 30_000 });
}

export async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

export const test = base.extend<{ world: World; admin: TestUser }>({
	// Playwright reads a fixture's dependencies from its destructuring pattern: none here.
	// eslint-disable-next-line no-empty-pattern
	world: async ({}, use) => {
		await use(await makeWorld(await appDb()));
	},
	admin: async ({ world }, use) => {
		await use(world.admin);
	}
});

/** Within this distance of the window's top or bottom the board scrolls by itself (drag.ts). */
const AUTO_SCROLL_EDGE = 64;

/**
 * Drags by the handle with the mouse, to just inside the inline-start edge of `target` (the
 * board's cards stand in rows: a story dropped there lands before it), or to its middle.
 */
export async function mouseDrag(
	page: Page,
	handle: Locator,
	target: Locator,
	at: 'start' | 'middle'
) {
	// Away from the edges, where the board would scroll under the pointer while it moves.
	await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	const from = (await handle.boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x + from.width / 2 + 4, from.y + from.height / 2 + 12, { steps: 3 });
	const to = (await target.boundingBox())!;
	const height = page.viewportSize()!.height;
	const top = Math.max(to.y, AUTO_SCROLL_EDGE + 8);
	const bottom = Math.min(to.y + to.height, height - AUTO_SCROLL_EDGE - 8);
	if (bottom <= top) throw new Error('the drop target is not on screen away from the edges');
	const x = at === 'start' ? to.x + 10 : to.x + to.width / 2;
	await page.mouse.move(x, (top + bottom) / 2, { steps: 12 });
	await page.mouse.up();
}
