// Nothing about a logged-in person is kept in a browser's cache, and quick exit / logout ask
// the browser to forget what the site stored (docs/safety.md).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { BASE_URL, appDb, expect, personWithRole, test } from './fixtures';
import { sharedStory } from './arrange';
import { publishedExhibition } from './exhibition-data';
import { sessionFor } from '../fixtures/factories';

async function cookieFor(user: { id: string; isAdmin: boolean }) {
	const { token } = await sessionFor(await appDb(), user);
	return `session=${token}; lang=en`;
}

test('every page about a logged-in person is private, no-store; public pages stay no-cache for visitors', async ({
	request,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const partner = await personWithRole(world, 'partner');
	const curator = await personWithRole(world, 'curator');
	const { storyId } = await sharedStory(world, participant, { title: 'Kept off the disk' });
	const partnersOnly = await publishedExhibition(world, {
		audience: 'partners',
		stories: []
	});
	const open = await publishedExhibition(world, { stories: [] });
	const init = world.initiativeId;
	const story = `/participate/${init}/stories/${storyId}`;
	const pages: [{ id: string; isAdmin: boolean }, string[]][] = [
		[
			participant,
			[
				'/me',
				'/account',
				`/participate/${init}`,
				story,
				`${story}/__data.json`,
				`${story}/preview`,
				`${story}/photos`,
				`${story}/sharing`,
				`/participate/${init}/consents`,
				`/exhibitions/${open.slug}`,
				'/no-such-page'
			]
		],
		[partner, [`/partner/${init}`, `/exhibitions/${partnersOnly.slug}`]],
		[curator, [`/curate/${init}`, `/curate/${init}/pool`, `/curate/${init}/exhibitions`]],
		[world.admin, ['/admin', '/admin/audit', '/admin/jobs', `/admin/initiatives/${init}`]]
	];
	for (const [user, paths] of pages) {
		const cookie = await cookieFor(user);
		for (const path of paths) {
			const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
			expect(response.status(), path).toBeLessThan(500);
			expect(response.headers()['cache-control'], path).toBe('private, no-store');
		}
	}
	// A visitor who is not logged in: the public exhibition keeps its no-cache (asked again
	// every time, so a withdrawal shows at once) and is not made private.
	const anonymous = await request.get(`/exhibitions/${open.slug}`, {
		headers: { cookie: 'lang=en' }
	});
	expect(anonymous.status()).toBe(200);
	expect(anonymous.headers()['cache-control']).toBe('no-cache');
	// One-time links carry a secret in their address: never kept, even for visitors.
	const join = await request.get(`/join/${'a'.repeat(32)}`, { headers: { cookie: 'lang=en' } });
	expect(join.headers()['cache-control']).toBe('private, no-store');
});

test('logging out asks the browser to clear the site’s cache, cookies and storage', async ({
	request,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const form = await request.post('/logout', {
		headers: { cookie: await cookieFor(participant), origin: BASE_URL },
		maxRedirects: 0
	});
	expect(form.status()).toBe(303);
	expect(form.headers()['location']).toBe('/');
	expect(form.headers()['clear-site-data']).toBe('"cache", "cookies", "storage"');
	// Quick exit's beacon: no page to go to.
	const beacon = await request.post('/logout?quick', {
		headers: { cookie: await cookieFor(participant), origin: BASE_URL },
		maxRedirects: 0
	});
	expect(beacon.status()).toBe(204);
	expect(beacon.headers()['clear-site-data']).toBe('"cache", "cookies", "storage"');
});

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: Buffer): string[] {
	const found: string[] = [];
	const walk = (d: string) => {
		let entries: string[];
		try {
			entries = readdirSync(d);
		} catch {
			return;
		}
		for (const name of entries) {
			const path = join(d, name);
			let stats;
			try {
				stats = statSync(path);
			} catch {
				continue;
			}
			if (stats.isDirectory()) walk(path);
			else if (stats.isFile()) {
				try {
					if (readFileSync(path).includes(needle)) found.push(path);
				} catch {
					// a file Chromium holds locked or removed meanwhile
				}
			}
		}
	};
	walk(dir);
	return found;
}

test('after quick exit, neither the narrative nor the photos are in the browser’s disk cache', async ({
	world,
	launchOptions
}) => {
	const participant = await personWithRole(world, 'participant');
	const narrative = `Nobody must find this sentence ${Date.now()} on this computer.`;
	const { storyId } = await sharedStory(world, participant, {
		title: 'A story kept off the disk',
		narrative
	});
	const profile = mkdtempSync(join(tmpdir(), 'pv-profile-'));
	const cacheDir = join(profile, 'Default', 'Cache');
	const context = await chromium.launchPersistentContext(profile, {
		...launchOptions,
		baseURL: BASE_URL
	});
	try {
		const { token } = await sessionFor(await appDb(), participant);
		await context.addCookies([
			{ name: 'session', value: token, url: BASE_URL, httpOnly: true, sameSite: 'Lax' },
			{ name: 'lang', value: 'en', url: BASE_URL, sameSite: 'Lax' }
		]);
		const page = context.pages()[0] ?? (await context.newPage());
		await page.route('https://www.google.com/**', (route) =>
			route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' })
		);
		// The photo as the browser itself loaded it (the width it chose from the srcset).
		const photo = page.waitForResponse((r) => r.url().includes('/media/') && r.ok());
		await page.goto(`/participate/${world.initiativeId}/stories/${storyId}/preview`);
		await expect(page.getByText(narrative)).toBeVisible();
		const image = await (await photo).body();
		const photoBytes = image.subarray(image.length >> 1, (image.length >> 1) + 64);
		// The photo (private, no-cache: kept, but asked again) reaches the disk cache: this is
		// what the search below would find if clearing did not work.
		await expect
			.poll(() => filesContaining(cacheDir, photoBytes).length, { timeout: 15_000 })
			.toBeGreaterThan(0);
		// The page itself (private, no-store) never does.
		expect(filesContaining(cacheDir, Buffer.from(narrative))).toEqual([]);

		await expect(page.locator('[data-testid="quick-exit"][data-armed]')).toBeVisible();
		await page.getByTestId('quick-exit').click();
		await expect(page.getByRole('heading', { name: 'Weather' })).toBeVisible();
		// Clear-Site-Data on the beacon's answer: the cache and the cookies are gone.
		await expect
			.poll(() => filesContaining(cacheDir, photoBytes).length, { timeout: 15_000 })
			.toBe(0);
		await expect
			.poll(async () => (await context.cookies(BASE_URL)).map((c) => c.name), {
				timeout: 15_000
			})
			.toEqual([]);
	} finally {
		await context.close();
	}
	expect(filesContaining(cacheDir, Buffer.from(narrative))).toEqual([]);
	rmSync(profile, { recursive: true, force: true });
});
