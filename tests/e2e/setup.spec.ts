import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './fixtures';
import { setupLinkIn, startServer, type RunningServer } from './server';

test.use({ locale: 'he-IL' });

// Each test here runs its own server on an empty data directory: first run is a one-off.
let server: RunningServer;
test.beforeEach(async () => {
	server = await startServer();
});
test.afterEach(async () => {
	await server.stop();
});

test('the first admin is created with the one-time link from the log, and only with it', async ({
	page
}) => {
	const link = setupLinkIn(server.output());
	expect(link, server.output()).toBeTruthy();
	const token = link!.split('/setup/')[1]!;

	// Without the token, or with a wrong one, there is no way in.
	for (const path of ['/setup', `/setup/${'a'.repeat(32)}`, `/setup/${token.slice(1)}`]) {
		const response = await page.goto(server.url + path);
		expect(response?.status(), path).toBe(404);
	}

	await page.goto(link!);
	await expect(page.locator('html')).toHaveAttribute('lang', 'he');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectAccessible(page, 'setup (he)');

	// Unhappy path: a weak password and a mismatch are explained in Hebrew, nothing is created.
	await page.getByLabel('שם משתמש').fill('מנהלת');
	await page.getByRole('textbox', { name: 'סיסמה', exact: true }).fill('1234567890');
	await page.getByLabel('הקלדת הסיסמה שוב').fill('1234567891');
	await page.getByRole('button', { name: 'יצירת חשבון ניהול' }).click();
	await expect(page.getByText('הסיסמה הזאת נפוצה מדי')).toBeVisible();
	await expect(page.getByText('שתי הסיסמאות אינן זהות.')).toBeVisible();
	await expect(page.getByLabel('שם משתמש')).toHaveValue('מנהלת');

	await page.getByRole('textbox', { name: 'סיסמה', exact: true }).fill('olive trees by the sea');
	await page.getByLabel('הקלדת הסיסמה שוב').fill('olive trees by the sea');
	await page.getByRole('button', { name: 'יצירת חשבון ניהול' }).click();
	await expect(page).toHaveURL(/\/admin\?welcome=1$/);
	await expect(page.getByRole('heading', { level: 1, name: 'יוזמות' })).toBeVisible();

	// The link is spent, and a restart with an admin in place prints no new one.
	expect((await page.goto(link!))?.status()).toBe(404);
	await server.restart();
	expect(setupLinkIn(server.output())).toBeUndefined();
	await page.goto(server.url + '/admin');
	await expect(page.getByRole('heading', { level: 1, name: 'יוזמות' })).toBeVisible();
});

test('`npm run cli -- admin:create` makes an admin from a shell', async ({ page }) => {
	execFileSync(
		process.execPath,
		[
			'node_modules/tsx/dist/cli.mjs',
			'scripts/cli.ts',
			'admin:create',
			'--username',
			'shell-admin',
			'--password-stdin'
		],
		{
			env: { ...process.env, DATA_DIR: server.dataDir },
			input: 'a passphrase from the shell\n'
		}
	);
	await page.goto(server.url + '/login');
	await page.getByLabel('שם משתמש').fill('shell-admin');
	await page.getByLabel('סיסמה').fill('a passphrase from the shell');
	await page.getByRole('button', { name: 'כניסה' }).last().click();
	await expect(page).toHaveURL(/\/me$/);
	await page.goto(server.url + '/admin/audit');
	await expect(page.getByTestId('audit-table')).toContainText('נוצר/ה מנהל/ת משורת הפקודה');
	// The setup link printed at start died when the admin appeared.
	const link = setupLinkIn(server.output());
	expect((await page.goto(link!))?.status()).toBe(404);
});
