import { expect, personWithRole, setLanguage, signIn, test } from './fixtures';

test('a curator issues a reset link; using it sets a new password and ends every session', async ({
	browser,
	world
}) => {
	const curator = await personWithRole(world, 'curator');
	const participant = await personWithRole(world, 'participant');
	const partner = await personWithRole(world, 'partner');

	const oldPhone = await browser.newContext();
	await signIn(oldPhone, participant);

	const curatorContext = await browser.newContext();
	await setLanguage(curatorContext, 'en');
	await signIn(curatorContext, curator);
	const page = await curatorContext.newPage();
	await page.goto(`/curate/${world.initiativeId}/people`);
	// Only experts by experience with no other role can be reset by a curator.
	await expect(
		page
			.getByRole('row')
			.filter({ hasText: partner.username })
			.getByRole('button', { name: /Password-reset link/ })
	).toHaveCount(0);
	await page
		.getByRole('row')
		.filter({ hasText: participant.username })
		.getByRole('button', { name: /Password-reset link/ })
		.click();
	const link = await page.getByTestId('reset-created').getByRole('textbox').inputValue();
	expect(link).toMatch(/\/reset\/[a-z2-7]{32}$/);

	const fresh = await browser.newContext();
	await setLanguage(fresh, 'ar');
	const resetPage = await fresh.newPage();
	await resetPage.goto(link);
	await expect(resetPage.locator('html')).toHaveAttribute('dir', 'rtl');
	await resetPage.getByRole('textbox', { name: 'كلمة المرور الجديدة' }).fill('short');
	await resetPage.getByRole('textbox', { name: 'أعد/أعيدي كتابة كلمة المرور' }).fill('short');
	await resetPage.getByRole('button', { name: 'حفظ كلمة المرور الجديدة' }).click();
	await expect(resetPage.getByText('يجب أن تتكون كلمة المرور من 10 أحرف على الأقل.')).toBeVisible();
	await resetPage.getByRole('textbox', { name: 'كلمة المرور الجديدة' }).fill('بيت صغير قرب البحر');
	await resetPage
		.getByRole('textbox', { name: 'أعد/أعيدي كتابة كلمة المرور' })
		.fill('بيت صغير قرب البحر');
	await resetPage.getByRole('button', { name: 'حفظ كلمة المرور الجديدة' }).click();
	await expect(resetPage.getByText('تم حفظ كلمة المرور الجديدة')).toBeVisible();

	// The old session is gone; the old password no longer works; the new one does.
	const old = await oldPhone.newPage();
	await old.goto(`/participate/${world.initiativeId}`);
	await expect(old).toHaveURL(/\/login/);
	await setLanguage(oldPhone, 'en');
	await old.goto('/login');
	await old.getByLabel('Username').fill(participant.username);
	await old.getByLabel('Password').fill(participant.password);
	await old.getByRole('button', { name: 'Log in' }).last().click();
	await expect(old.getByTestId('login-invalid')).toBeVisible();
	await old.getByLabel('Password').fill('بيت صغير قرب البحر');
	await old.getByRole('button', { name: 'Log in' }).last().click();
	await expect(old).toHaveURL(new RegExp(`/participate/${world.initiativeId}`));

	// Spent.
	await resetPage.goto(link);
	await expect(resetPage.getByTestId('reset-unavailable')).toBeVisible();

	await page.goto('/admin/audit');
	expect((await page.goto('/admin/audit'))?.status()).toBe(404); // curators are not admins
	for (const c of [oldPhone, curatorContext, fresh]) await c.close();
});
