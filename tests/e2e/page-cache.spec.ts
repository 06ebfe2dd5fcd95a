// The page and picture caches under load (docs/performance.md): while anonymous visitors keep
// reading a public exhibition — its page from the page cache, its pictures through the fast
// path — a participant withdraws, first through the site (this server's process), then through
// the domain functions from this test's own process (as a second server on the same database
// would). Every request that starts after the withdrawal was acknowledged answers without the
// story: the page no longer has it, its pictures answer 404. Then the cache fills again.
import { expect, test, visitor, BASE_URL, appDb } from './fixtures';
import { publishedExhibition } from './exhibition-data';
import { ownStory } from '../../src/lib/server/access';
import { placementsOfOwner, withdrawPlacement } from '../../src/lib/server/consent';

interface Seen {
	url: string;
	started: number;
	status: number;
	body: string;
	cache: string;
}

/** Anonymous readers asking again as soon as they have an answer, until stopped. */
function readers(urls: string[], connections: number) {
	const seen: Seen[] = [];
	let running = true;
	const loops = Array.from({ length: connections }, async (_, i) => {
		for (let n = i; running; n++) {
			const url = urls[n % urls.length]!;
			const started = Date.now();
			const response = await fetch(`${BASE_URL}${url}`, {
				headers: { cookie: 'lang=en', 'accept-encoding': 'br, gzip' }
			});
			const isPage = !url.startsWith('/media/');
			const body = isPage ? await response.text() : (await response.arrayBuffer(), '');
			seen.push({
				url,
				started,
				status: response.status,
				body,
				cache: response.headers.get('server-timing') ?? ''
			});
		}
	});
	return {
		seen,
		stop: async () => {
			running = false;
			await Promise.all(loops);
		}
	};
}

test('a withdrawal shows on the next request while the cache is warm and under load', async ({
	browser,
	world
}) => {
	test.setTimeout(180_000);
	const { slug, shown, owners } = await publishedExhibition(world);
	const page = `/exhibitions/${slug}`;
	const first = shown[0]!;
	const second = shown[1]!;
	const titleOf = (s: typeof first) => s.spec.title;

	// The pictures of the two stories that will be withdrawn, as the page gives them.
	const html = await (await fetch(`${BASE_URL}${page}`, { headers: { cookie: 'lang=en' } })).text();
	expect(html).toContain(titleOf(first));
	expect(html).toContain(titleOf(second));
	const pictures = (id: string) =>
		[...html.matchAll(/\/media\/([a-z2-7]{16})\/\d+\/\d+\.(?:webp|jpg|avif)\?in=e\.[a-z2-7]{16}/g)]
			.map((m) => m[0])
			.filter((url) => url.split('/')[2] === id);
	const firstUrls = first.approvedPhotoIds.flatMap(pictures);
	const secondUrls = second.approvedPhotoIds.flatMap(pictures);
	expect(firstUrls.length).toBeGreaterThan(0);
	expect(secondUrls.length).toBeGreaterThan(0);

	const load = readers([page, page, ...firstUrls.slice(0, 2), ...secondUrls.slice(0, 2)], 12);
	try {
		// Warm: answers come from the caches.
		await expect
			.poll(() => load.seen.filter((s) => s.cache.includes('"hit"')).length, { timeout: 20_000 })
			.toBeGreaterThan(50);

		// 1. Through the site: the participant withdraws on the sharing page.
		const p = await visitor(browser, 'en', owners[0]!);
		await p.page.goto(`/participate/${world.initiativeId}/stories/${first.storyId}/sharing`);
		await p.page.getByText('Withdraw from this exhibition').click();
		await p.page.getByRole('button', { name: 'Yes, withdraw' }).click();
		await expect(p.page.getByTestId('sharing-done')).toBeVisible();
		const firstAck = Date.now();
		await p.context.close();
		const right = await fetch(`${BASE_URL}${page}`, { headers: { cookie: 'lang=en' } });
		expect(await right.text()).not.toContain(titleOf(first));
		for (const url of firstUrls) expect((await fetch(`${BASE_URL}${url}`)).status, url).toBe(404);

		// 2. From another process on the same database (this test's): the domain function.
		await expect
			.poll(
				() =>
					load.seen.filter((s) => s.started > firstAck + 500 && s.cache.includes('"hit"')).length,
				{
					timeout: 20_000
				}
			)
			.toBeGreaterThan(20); // warm again, without the first story
		const db = await appDb();
		const own = (await ownStory(db, owners[1]!, second.storyId))!;
		const [placement] = await placementsOfOwner(db, own);
		await withdrawPlacement(db, own, placement!.placement.id, { text: 'Stop', locale: 'en' });
		const secondAck = Date.now();
		const next = await fetch(`${BASE_URL}${page}`, { headers: { cookie: 'lang=en' } });
		expect(await next.text()).not.toContain(titleOf(second));
		for (const url of secondUrls) expect((await fetch(`${BASE_URL}${url}`)).status, url).toBe(404);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await load.stop();

		// Every answer to a request that started after an acknowledgement kept to it.
		const after = (at: number) => load.seen.filter((s) => s.started > at);
		for (const s of after(firstAck)) {
			if (s.url === page) expect(s.body, `${s.url} at ${s.started}`).not.toContain(titleOf(first));
			else if (firstUrls.includes(s.url)) expect(s.status, s.url).toBe(404);
		}
		for (const s of after(secondAck)) {
			if (s.url === page) expect(s.body).not.toContain(titleOf(second));
			else if (secondUrls.includes(s.url)) expect(s.status, s.url).toBe(404);
		}
		// The load was real, and the caches served most of it.
		const pages = load.seen.filter((s) => s.url === page);
		expect(pages.length).toBeGreaterThan(100);
		expect(pages.every((s) => s.status === 200)).toBe(true);
		expect(pages.filter((s) => s.cache.includes('"hit"')).length).toBeGreaterThan(pages.length / 2);
		// The other stories stayed.
		expect(
			after(secondAck)
				.filter((s) => s.url === page)
				.at(-1)?.body
		).toContain(titleOf(shown[2]!));
	} finally {
		await load.stop();
	}
});
