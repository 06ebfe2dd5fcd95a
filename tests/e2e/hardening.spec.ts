// Bounded cost, safe redirects, safe text and settings checked at start (docs/safety.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { BASE_URL, appDb, expect, setLanguage, signIn, test } from './fixtures';
import { freePort } from './server';
import { makeUser, sessionFor, unique } from '../fixtures/factories';
import { createInvitation } from '../../src/lib/server/auth/invitations';
import { initiatives, loginFailures } from '../../src/lib/server/db/schema';

const FORM = 'application/x-www-form-urlencoded';

test('a 20 MB username is refused from its size, at once, and nothing is stored', async ({
	request
}) => {
	const db = await appDb();
	const before = (await db.select().from(loginFailures)).length;
	const started = Date.now();
	const response = await request.post('/login', {
		headers: { 'content-type': FORM, origin: BASE_URL, accept: 'text/html', cookie: 'lang=en' },
		data: `username=${'a'.repeat(20 * 1024 * 1024)}&password=whatever`
	});
	expect(response.status()).toBe(413);
	expect(await response.text()).toContain('at most 1024 KB');
	expect(Date.now() - started).toBeLessThan(5000);
	expect((await db.select().from(loginFailures)).length).toBe(before);
	// The server is still there.
	expect((await request.get('/safety')).status()).toBe(200);
});

test('login: a username over 32 characters is told the limit, in the person’s language', async ({
	page,
	context
}) => {
	await setLanguage(context, 'he');
	await page.goto('/login');
	await page.getByLabel('שם משתמש').fill('מ'.repeat(40));
	await page.getByLabel('סיסמה').fill('a long enough passphrase');
	await page.getByRole('button', { name: 'כניסה' }).last().click();
	await expect(page.getByText('שם משתמש יכול להכיל עד 32 תווים.')).toBeVisible();
});

test('hostile redirect targets after login never leave the site and never give a 500', async ({
	request
}) => {
	const user = await makeUser(await appDb());
	for (const target of [
		'/\t/evil.example',
		'/%09/evil.example',
		'/\r\n/evil.example',
		'/\u000b/evil.example',
		'//evil.example',
		'/\\evil.example',
		'https://evil.example'
	]) {
		const response = await request.post('/login', {
			headers: { 'content-type': FORM, origin: BASE_URL, accept: 'text/html' },
			form: { username: user.username, password: user.password, redirectTo: target },
			maxRedirects: 0
		});
		// A control character other than tab and line ends refuses the whole form (form guard,
		// 400); everything else is logged in and sent to a page of this site.
		if (target.includes('\u000b')) {
			expect(response.status(), JSON.stringify(target)).toBe(400);
			continue;
		}
		expect(response.status(), JSON.stringify(target)).toBe(303);
		const location = response.headers()['location'] ?? '';
		expect(new URL(location, BASE_URL).origin, JSON.stringify(target)).toBe(BASE_URL);
		expect(location).not.toContain('evil');
		// Logged in now: the login page itself redirects with the same rule.
		const cookie = /session=[^;]+/.exec(response.headers()['set-cookie'] ?? '')?.[0] ?? '';
		expect(cookie).not.toBe('');
		const again = await request.get(`/login?redirectTo=${encodeURIComponent(target)}`, {
			headers: { cookie },
			maxRedirects: 0
		});
		expect(again.status()).toBe(303);
		expect(new URL(again.headers()['location'] ?? '', BASE_URL).origin).toBe(BASE_URL);
	}
});

test('a 5,000-character title is refused with the limit, not cut; NUL and bidi overrides never get in', async ({
	page,
	context,
	request,
	world
}) => {
	const db = await appDb();
	const { token } = await sessionFor(db, world.admin);
	const path = `/admin/initiatives/${world.initiativeId}?/update`;
	const [before] = await db
		.select()
		.from(initiatives)
		.where(eq(initiatives.id, world.initiativeId));
	const post = (fields: Record<string, string>) =>
		request.post(path, {
			headers: { origin: BASE_URL, accept: 'text/html', cookie: `session=${token}; lang=en` },
			form: fields,
			maxRedirects: 0
		});
	const long = await post({ title_en: 'T'.repeat(5000) });
	expect(long.status()).toBe(400);
	expect(await long.text()).toContain('The title can be at most 200 characters.');
	const nul = await post({ title_en: 'Before\u0000after' });
	expect(nul.status()).toBe(400);
	expect(await nul.text()).toContain('invisible control characters');
	const [after] = await db.select().from(initiatives).where(eq(initiatives.id, world.initiativeId));
	expect(after!.title).toEqual(before!.title);

	// Typed (pasted) in the browser: the override is removed, the Hebrew and English stay.
	await setLanguage(context, 'en');
	await signIn(context, world.admin);
	await page.goto(`/admin/initiatives/${world.initiativeId}`);
	const title = `Safe housing \u202eבית בטוח ${Date.now()}`;
	await page.locator('#initiative-title-en').fill(title);
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title.replace('\u202e', ''));
	const [saved] = await db.select().from(initiatives).where(eq(initiatives.id, world.initiativeId));
	expect(saved!.title.en).toBe(title.replace('\u202e', ''));
});

test('joining: a username that looks like someone else’s is refused', async ({
	page,
	context,
	world
}) => {
	const db = await appDb();
	const taken = unique('miriam');
	await makeUser(db, { username: taken });
	const invitation = await createInvitation(db, {
		initiativeId: world.initiativeId,
		role: 'participant',
		workingGroupIds: [],
		label: 'confusable',
		days: 1,
		createdBy: world.admin.id
	});
	await setLanguage(context, 'en');
	await page.goto(`/join/${invitation.token}`);
	// A dotless ı for the i: another name to a computer, the same name to a reader.
	await page.getByLabel('Username').fill(taken.replace('i', 'ı'));
	await page.locator('input[name="password"]').fill('a long enough passphrase');
	await page.locator('input[name="passwordConfirm"]').fill('a long enough passphrase');
	await page.getByRole('button', { name: 'Create my account and join' }).click();
	await expect(page.getByText('This username looks too much like someone else’s.')).toBeVisible();
});

test('a wrong setting stops the start with a message naming it', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'pv-config-'));
	try {
		const port = await freePort();
		const child = spawn(process.execPath, ['scripts/serve.js'], {
			env: {
				...process.env,
				PORT: String(port),
				ORIGIN: `http://localhost:${port}`,
				DATA_DIR: dataDir,
				TIME_ZONE: 'Mars/Olympus_Mons',
				MAX_UPLOAD_MB: 'lots'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect(code).toBe(1);
		expect(output).toContain('TIME_ZONE must be a time zone name');
		expect(output).toContain('MAX_UPLOAD_MB must be a number from 1 to 200 (got "lots")');
		expect(output).not.toContain('Listening on');
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
