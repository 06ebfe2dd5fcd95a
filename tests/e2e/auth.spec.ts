import { appDb, expect, personWithRole, setLanguage, signIn, test } from './fixtures';
import { makeUser } from '../fixtures/factories';

test('login: a wrong password and an unknown username get the same answer; then it works', async ({
	page,
	context,
	world
}) => {
	const user = await personWithRole(world, 'participant');
	await setLanguage(context, 'en');
	await page.goto('/login');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Log in' }).last().click();
	const wrongPassword = await page.getByTestId('login-invalid').textContent();
	await expect(page.getByLabel('Username')).toHaveValue(user.username);

	await page.getByLabel('Username').fill('nobody-by-this-name');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Log in' }).last().click();
	await expect(page.getByTestId('login-invalid')).toHaveText(wrongPassword ?? '');

	// Empty fields are named, in the page's language.
	await page.getByLabel('Username').fill('');
	await page.getByLabel('Password').fill('');
	await page.getByRole('button', { name: 'Log in' }).last().click();
	await expect(page.getByText('Please fill this in.')).toHaveCount(2);

	// Case does not matter for the username; the participant lands on their home.
	await page.getByLabel('Username').fill(user.username.toUpperCase());
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Log in' }).last().click();
	await expect(page).toHaveURL(new RegExp(`/participate/${world.initiativeId}$`));

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/$/);
	await page.goto(`/participate/${world.initiativeId}`);
	await expect(page).toHaveURL(/\/login\?redirectTo=/);
});

test('login throttling: the sixth failure within 15 minutes is refused with 429 and says when to retry', async ({
	page,
	context
}) => {
	const user = await makeUser(await appDb());
	await setLanguage(context, 'he');
	await page.goto('/login');
	for (let i = 0; i < 5; i++) {
		await page.getByLabel('שם משתמש').fill(user.username);
		await page.getByLabel('סיסמה').fill(`wrong password ${i}`);
		await page.getByRole('button', { name: 'כניסה' }).last().click();
		await expect(page.getByTestId('login-invalid')).toBeVisible();
	}
	const responsePromise = page.waitForResponse(
		(r) => r.url().includes('/login') && r.request().method() === 'POST'
	);
	await page.getByLabel('שם משתמש').fill(user.username);
	await page.getByLabel('סיסמה').fill(user.password);
	await page.getByRole('button', { name: 'כניסה' }).last().click();
	expect((await responsePromise).status()).toBe(429);
	await expect(page.getByTestId('login-throttled')).toContainText('בעוד 15 דקות');
	await expect(page).toHaveURL(/\/login/);
});

test('my sessions: I see where I am logged in and end another session', async ({
	browser,
	world
}) => {
	const user = await personWithRole(world, 'curator');
	const phone = await browser.newContext({
		userAgent:
			'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
	});
	const laptop = await browser.newContext();
	await setLanguage(phone, 'en');
	await setLanguage(laptop, 'en');
	for (const context of [phone, laptop]) {
		const page = await context.newPage();
		await page.goto('/login');
		await page.getByLabel('Username').fill(user.username);
		await page.getByLabel('Password').fill(user.password);
		await page.getByRole('button', { name: 'Log in' }).last().click();
		await expect(page).toHaveURL(/\/curate\//);
	}
	const page = await laptop.newPage();
	await page.goto('/account');
	const sessions = page.getByTestId('sessions').getByRole('listitem');
	await expect(sessions).toHaveCount(2);
	await expect(sessions.filter({ hasText: 'This device' })).toHaveCount(1);
	const other = sessions.filter({ hasText: 'Chrome · Android' });
	await other.getByRole('button', { name: 'End this session' }).click();
	await expect(page.getByText('The session was ended.')).toBeVisible();
	await expect(page.getByTestId('sessions').getByRole('listitem')).toHaveCount(1);

	const phonePage = await phone.newPage();
	await phonePage.goto('/account');
	await expect(phonePage).toHaveURL(/\/login\?redirectTo=%2Faccount/);
	await phone.close();
	await laptop.close();
});

test('changing my password needs the current one and ends my other sessions', async ({
	browser,
	world
}) => {
	const user = await personWithRole(world, 'partner');
	const other = await browser.newContext();
	await signIn(other, user);
	const context = await browser.newContext();
	await setLanguage(context, 'en');
	await signIn(context, user);
	const page = await context.newPage();
	await page.goto('/account');

	await page.getByLabel('Current password').fill('not my password');
	await page.getByLabel('New password').fill('a fresh new passphrase');
	await page.getByLabel('Type the password again').fill('a fresh new passphrase');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByText('The current password is not right.')).toBeVisible();

	await page.getByLabel('Current password').fill(user.password);
	await page.getByLabel('New password').fill('password1234');
	await page.getByLabel('Type the password again').fill('password1234');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByText('This password is too common')).toBeVisible();

	await page.getByLabel('Current password').fill(user.password);
	await page.getByLabel('New password').fill('a fresh new passphrase');
	await page.getByLabel('Type the password again').fill('a fresh new passphrase');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByTestId('password-changed')).toBeVisible();
	await expect(page.getByTestId('sessions').getByRole('listitem')).toHaveCount(1);

	const otherPage = await other.newPage();
	await otherPage.goto('/account');
	await expect(otherPage).toHaveURL(/\/login/);
	await context.close();
	await other.close();
});
