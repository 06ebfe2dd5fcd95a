import { appDb, expect, personWithRole, signIn, test } from './fixtures';
import { makeUser } from '../fixtures/factories';

test('every response carries the security headers; no inline script may run', async ({
	request
}) => {
	for (const path of ['/', '/login', '/no-such-page', '/safety']) {
		const response = await request.get(path);
		const h = response.headers();
		expect(h['x-content-type-options'], path).toBe('nosniff');
		expect([
			'same-origin',
			'no-referrer',
			'strict-origin-when-cross-origin',
			'strict-origin'
		]).toContain(h['referrer-policy']);
		expect(h['permissions-policy']).toContain('camera=()');
		expect(h['permissions-policy']).toContain('geolocation=()');
		const csp = h['content-security-policy'] ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		const scriptSrc =
			csp
				.split(';')
				.map((d) => d.trim())
				.find((d) => d.startsWith('script-src')) ?? '';
		expect(scriptSrc).toMatch(/^script-src 'self'/);
		expect(scriptSrc).not.toContain('unsafe-inline');
		expect(scriptSrc).not.toContain('unsafe-eval');
	}
});

test('form posts from another origin are refused', async ({ request }) => {
	const response = await request.post('/login', {
		headers: {
			Origin: 'https://evil.example',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		data: 'username=a&password=b'
	});
	expect(response.status()).toBe(403);
});

test('the session cookie is HttpOnly and SameSite=Lax, and only a hash of it is stored', async ({
	page,
	context,
	world
}) => {
	const user = await personWithRole(world, 'partner');
	await page.goto('/login');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Log in' }).last().click();
	await expect(page).toHaveURL(/\/partner\//);
	const cookie = (await context.cookies()).find((c) => c.name === 'session');
	expect(cookie?.httpOnly).toBe(true);
	expect(cookie?.sameSite).toBe('Lax');
	expect(cookie?.value).toMatch(/^[a-z2-7]{32}$/);
	const db = await appDb();
	const rows = await db.query.sessions.findMany();
	expect(rows.some((r) => r.id === cookie?.value)).toBe(false);
});

test('forbidden and unknown pages answer 404 alike; anonymous visitors are asked to log in', async ({
	browser,
	world
}) => {
	const participant = await personWithRole(world, 'participant');
	const outsider = await makeUser(await appDb());
	const anonymous = await browser.newContext();
	const page = await anonymous.newPage();
	await page.goto(`/curate/${world.initiativeId}`);
	await expect(page).toHaveURL(/\/login\?redirectTo=/);

	const context = await browser.newContext();
	await signIn(context, participant);
	const p = await context.newPage();
	for (const path of [
		`/curate/${world.initiativeId}`,
		`/partner/${world.initiativeId}`,
		'/admin',
		'/admin/audit',
		`/participate/${'a'.repeat(16)}`,
		`/participate/not-an-id`
	]) {
		expect((await p.goto(path))?.status(), path).toBe(404);
	}
	const outsiderContext = await browser.newContext();
	await signIn(outsiderContext, outsider);
	const o = await outsiderContext.newPage();
	expect((await o.goto(`/participate/${world.initiativeId}`))?.status()).toBe(404);
	for (const c of [anonymous, context, outsiderContext]) await c.close();
});
