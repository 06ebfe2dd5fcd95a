// `npm run demo`, as someone trying the platform would use it (the build is already there):
// it seeds a data directory of its own, starts the server and prints the accounts; the printed
// passwords work; the public exhibition shows the approved stories under the names their
// participants chose, with pictures that load; the partner reaches the partner-only exhibition
// from their home; a participant finds the request still waiting for them; the story with a
// released person loads, and the framing editor finds the face in the draft's photo. A second
// start seeds nothing and prints the same accounts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { EXHIBITIONS, PARTICIPANTS, STORIES } from '../../scripts/demo/content';
import { freePort } from './server';

interface RunningDemo {
	output: () => string;
	stop: () => Promise<void>;
}

/** Runs scripts/demo.ts as `npm run demo` does after its build, until it prints the accounts. */
async function startDemo(dataDir: string, port: number): Promise<RunningDemo> {
	// Only what the demo reads: nothing of the test server's own settings.
	const env: NodeJS.ProcessEnv = { ...process.env, DEMO_DATA_DIR: dataDir, PORT: String(port) };
	for (const name of ['DATA_DIR', 'DATABASE_URL', 'ORIGIN', 'DEMO_RESET']) delete env[name];
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${log}`)), 240_000);
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			// The banner ends with this line, printed once the server listens.
			if (log.includes('Ctrl+C stops.')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the demo exited (${code}):\n${log}`));
		});
	});
	return {
		output: () => log,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

function printedAccounts(output: string) {
	const accounts = new Map<string, { role: string; password: string }>();
	for (const [, role, username, password] of output.matchAll(
		/^ {4}(admin|curator|partner|participant) +(\S+) +(\S+)/gm
	))
		accounts.set(username!, { role: role!, password: password! });
	return accounts;
}

async function logIn(browser: Browser, base: string, username: string, password: string) {
	const context = await browser.newContext({ baseURL: base });
	await context.addCookies([{ name: 'lang', value: 'en', url: base, sameSite: 'Lax' }]);
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).last().click();
	await expect(page).not.toHaveURL(/\/login/);
	return page;
}

/** Every visible picture on the page loads (scrolled into view: they load lazily). */
async function expectPicturesLoad(page: Page, atLeast: number) {
	const pictures = page.locator('main img:visible');
	const count = await pictures.count();
	expect(count).toBeGreaterThanOrEqual(atLeast);
	for (let i = 0; i < count; i++) {
		const picture = pictures.nth(i);
		await picture.scrollIntoViewIfNeeded();
		await expect
			.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
			.toBeGreaterThan(0);
	}
}

const publicSpec = EXHIBITIONS.find((e) => e.key === 'public')!;
const partnerSpec = EXHIBITIONS.find((e) => e.key === 'partners')!;
const storyTitle = (key: string) => STORIES.find((s) => s.key === key)!.title;

test('npm run demo: seeded once, started, and the printed accounts show what it promises', async ({
	browser
}) => {
	// Seeding processes every demo photo for real: minutes on a busy 2-core machine.
	test.setTimeout(480_000);
	const root = mkdtempSync(join(tmpdir(), 'pv-demo-'));
	const dataDir = join(root, 'data-demo');
	const port = await freePort();
	const base = `http://localhost:${port}`;
	let demo = await startDemo(dataDir, port);
	try {
		const output = demo.output();
		expect(output).toContain('Seeding the demo');
		expect(output).not.toMatch(/\/setup\//);
		const accounts = printedAccounts(output);
		expect([...accounts.values()].map((a) => a.role).sort()).toEqual([
			'admin',
			'curator',
			'participant',
			'participant',
			'participant',
			'partner'
		]);
		const publicUrl = output.match(/Public exhibition: +(\S+)/)?.[1];
		expect(publicUrl).toMatch(new RegExp(`^${base}/exhibitions/`));

		// Anyone: the home page lists the public exhibition (and only that one).
		const visitor = await browser.newPage({ baseURL: base });
		await visitor.context().addCookies([{ name: 'lang', value: 'en', url: base }]);
		await visitor.goto('/');
		const listed = visitor.getByTestId('public-exhibitions');
		await expect(listed.getByRole('link', { name: publicSpec.title.en })).toBeVisible();
		await expect(listed.getByRole('link', { name: partnerSpec.title.en })).toHaveCount(0);
		await listed.getByRole('link', { name: publicSpec.title.en }).click();
		await expect(visitor).toHaveURL(publicUrl!);

		// Its approved stories, under the names chosen for this exhibition; the one still
		// waiting for its participant is not there.
		const exhibition = visitor.getByTestId('exhibition');
		for (const placement of publicSpec.placements) {
			const title = exhibition.getByText(storyTitle(placement.story), { exact: true });
			if (placement.approve) await expect(title.first()).toBeVisible();
			else await expect(title).toHaveCount(0);
		}
		for (const name of ['נוגה', 'أم يوسف', 'יוסף', 'R. from Hadar', 'زيتونة'])
			await expect(exhibition.getByText(name).first()).toBeVisible();
		// Salma chose another name for the public; Michal's own name is never shown.
		for (const name of ['سلمى', 'מיכל']) await expect(exhibition.getByText(name)).toHaveCount(0);
		await expectPicturesLoad(visitor, publicSpec.placements.filter((p) => p.approve).length);
		await visitor.context().close();

		// The partner logs in with the printed password and finds the partner-only exhibition.
		const partner = await logIn(browser, base, 'partner', accounts.get('partner')!.password);
		await expect(partner).toHaveURL(/\/partner\/[a-z0-9]+$/);
		// The demo's knowledge returns: the working group's responses in its impact section.
		await expect(
			partner.getByTestId('partner-impact').locator('a[href*="/responses/"]')
		).toHaveCount(2);
		await partner
			.getByTestId('partner-exhibitions')
			.getByRole('link', { name: partnerSpec.title.en })
			.click();
		for (const placement of partnerSpec.placements)
			await expect(
				partner
					.getByTestId('exhibition')
					.getByText(storyTitle(placement.story), { exact: true })
					.first()
			).toBeVisible();
		await expectPicturesLoad(partner, partnerSpec.placements.length);
		await partner.context().close();

		// The participant with a request still open sees it waiting on their home page.
		const waiting = publicSpec.placements.find((p) => !p.approve)!;
		const owner = STORIES.find((s) => s.key === waiting.story)!.owner;
		expect(PARTICIPANTS.find((p) => p.key === owner)?.printed).toBe(true);
		const participant = await logIn(browser, base, owner, accounts.get(owner)!.password);
		const requests = participant.getByTestId('home-requests');
		await expect(requests).toContainText('Waiting for your answer: 1');
		await expect(requests).toContainText(storyTitle(waiting.story));
		await participant.context().close();

		// The people in the photos (README, "Try it: the demo"): the story with a released
		// person, in the public exhibition, with its pictures; and the participant's draft whose
		// photo the framing editor, in this browser, suggests hiding a face in.
		const releasedUrl = output.match(/A released person: +(\S+)/)?.[1];
		expect(releasedUrl).toMatch(new RegExp(`^${publicUrl}/[a-z0-9]+$`));
		const reader = await browser.newPage({ baseURL: base });
		await reader.context().addCookies([{ name: 'lang', value: 'en', url: base }]);
		await reader.goto(releasedUrl!);
		await expect(reader.getByText('He waits if he sees me coming.').first()).toBeVisible();
		await expectPicturesLoad(reader, 2);
		await reader.context().close();
		const faceUser = output.match(/A face suggestion: +log in as (\S+) and open/)?.[1];
		const faceUrl = output.match(/^ +(http\S+\/photos\/\S+)$/m)?.[1];
		expect(faceUser).toBe('ruth');
		const ruth = await logIn(browser, base, faceUser!, accounts.get(faceUser!)!.password);
		await ruth.goto(faceUrl!);
		await expect(ruth.getByTestId('face-suggestions')).toContainText('1 face found', {
			timeout: 60_000
		});
		await ruth.context().close();

		// Started again: nothing is seeded twice, and the same accounts are printed.
		await demo.stop();
		demo = await startDemo(dataDir, port);
		expect(demo.output()).toContain('was seeded on');
		expect(demo.output()).not.toContain('Seeding the demo');
		expect(printedAccounts(demo.output())).toEqual(accounts);
	} finally {
		await demo.stop();
		rmSync(root, { recursive: true, force: true });
	}
});
