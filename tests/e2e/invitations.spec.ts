import { appDb, expect, personWithRole, setLanguage, signIn, test } from './fixtures';
import { makeUser, makeWorld, unique } from '../fixtures/factories';

test('an admin sets up an initiative with working groups and themes, edits and archives', async ({
	page,
	context
}) => {
	const admin = await makeUser(await appDb(), { isAdmin: true });
	await setLanguage(context, 'en');
	await signIn(context, admin);
	await page.goto('/admin');

	// A title is needed in at least one language.
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByText('Write a title in at least one language.')).toBeVisible();

	const name = unique('Loneliness in old age ');
	await page.locator('#initiative-title-en').fill(name);
	await page.locator('#initiative-title-he').fill('צמצום הבדידות בזקנה');
	await page.locator('#initiative-description-ar').fill('مبادرة لتقليل الوحدة لدى كبار السن');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

	await page.getByText('New working group').click();
	await page.locator('#group-title-en').fill('Neighbourhoods');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Neighbourhoods' })).toBeVisible();

	await page.getByText('New theme').click();
	await page.locator('#theme-title-en').fill('Meeting places');
	await page.locator('#theme-description-en').fill('Where can older people meet close to home?');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Meeting places' })).toBeVisible();

	await page.locator('#theme-title-en').fill('Meeting places nearby');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Meeting places nearby' })
	).toBeVisible();
	await page.getByRole('button', { name: 'Archive' }).click();
	await expect(page.getByText('This is archived')).toBeVisible();
	await page.getByRole('button', { name: 'Restore from archive' }).click();
	await expect(page.getByText('This is archived')).toHaveCount(0);

	// In Hebrew, the initiative shows its Hebrew title; where Hebrew is missing, the text keeps its own language.
	await setLanguage(context, 'he');
	await page.goto('/admin');
	const card = page.getByRole('listitem').filter({ hasText: 'צמצום הבדידות בזקנה' });
	await expect(card.getByRole('heading')).toHaveAttribute('lang', 'he');
	await expect(card.locator('p[lang="ar"]')).toHaveAttribute('dir', 'rtl');

	await page.goto('/admin/audit?action=theme.updated');
	await expect(page.getByTestId('audit-table').getByRole('row')).toHaveCount(2);
});

test('invitation → join with a new account → the role home page; the link works once', async ({
	browser,
	world
}) => {
	const curator = await personWithRole(world, 'curator');
	const curatorContext = await browser.newContext();
	await setLanguage(curatorContext, 'en');
	await signIn(curatorContext, curator);
	const page = await curatorContext.newPage();
	await page.goto(`/curate/${world.initiativeId}/invitations`);

	// Unhappy path: an impossible validity is refused with a reason, and the form keeps what was typed.
	await page.getByLabel('Expert by experience').check();
	await page.getByLabel('Health group').check();
	await page.getByLabel(/Who it is for/).fill('R. from the Tuesday group');
	await page.getByLabel('Valid for how many days').fill('400');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	await expect(page.getByText('Choose a whole number of days from 1 to 90.')).toBeVisible();
	await expect(page.getByLabel(/Who it is for/)).toHaveValue('R. from the Tuesday group');
	await expect(page.getByLabel('Health group')).toBeChecked();

	await page.getByLabel('Valid for how many days').fill('7');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await page.getByTestId('invitation-created').getByRole('textbox').inputValue();
	expect(link).toMatch(/\/join\/[a-z2-7]{32}$/);
	await expect(
		page.getByRole('row').filter({ hasText: 'R. from the Tuesday group' })
	).toContainText('Open');

	// The invited person, in Hebrew, on a phone-sized screen.
	const invited = await browser.newContext({ viewport: { width: 360, height: 740 } });
	await setLanguage(invited, 'he');
	const phone = await invited.newPage();
	await phone.goto(link);
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText('הוזמנת להצטרף');
	await expect(phone.getByText('קבוצת בריאות')).toBeVisible();

	// A username someone has, a short password: both explained, nothing created.
	await phone.getByLabel('שם משתמש').fill(curator.username);
	await phone.getByRole('textbox', { name: 'סיסמה', exact: true }).fill('short');
	await phone.getByLabel('הקלדת הסיסמה שוב').fill('short');
	await phone.getByRole('button', { name: 'יצירת החשבון והצטרפות' }).click();
	await expect(phone.getByText('שם המשתמש הזה כבר תפוס')).toBeVisible();
	await expect(phone.getByText('הסיסמה צריכה להיות באורך 10 תווים לפחות.')).toBeVisible();

	// Hebrew letters and digits: a username is written in one script (docs/safety.md).
	const username = `רותי${Date.now() % 1e8}${Math.floor(Math.random() * 1e3)}`;
	await phone.getByLabel('שם משתמש').fill(username);
	await phone.getByRole('textbox', { name: 'סיסמה', exact: true }).fill('גינה ליד הבית שלי');
	await phone.getByLabel('הקלדת הסיסמה שוב').fill('גינה ליד הבית שלי');
	await phone.getByRole('button', { name: 'יצירת החשבון והצטרפות' }).click();
	await expect(phone).toHaveURL(new RegExp(`/participate/${world.initiativeId}\\?welcome=1$`));
	await expect(phone.getByRole('heading', { level: 1, name: 'הסיפורים שלי' })).toBeVisible();
	await expect(phone.getByText('קבוצת בריאות')).toBeVisible();
	await expect(phone.getByTestId('quick-exit')).toBeVisible();

	// Used once: the link now explains it cannot be used, to anyone.
	const stranger = await browser.newContext();
	const again = await stranger.newPage();
	await again.goto(link);
	await expect(again.getByTestId('join-unavailable')).toBeVisible();

	await page.reload();
	await expect(
		page.getByRole('row').filter({ hasText: 'R. from the Tuesday group' })
	).toContainText(`by ${username}`);
	await page.goto(`/curate/${world.initiativeId}/people`);
	await expect(page.getByRole('row').filter({ hasText: username })).toContainText(
		'Expert by experience'
	);

	for (const c of [curatorContext, invited, stranger]) await c.close();
});

test('a person can hold different roles in different initiatives', async ({ browser, world }) => {
	const other = await makeWorld(await appDb());
	const person = await personWithRole(world, 'participant');
	const curator = await personWithRole(other, 'curator');

	const curatorContext = await browser.newContext();
	await setLanguage(curatorContext, 'en');
	await signIn(curatorContext, curator);
	const page = await curatorContext.newPage();
	await page.goto(`/curate/${other.initiativeId}/invitations`);
	await page.getByLabel('Partner').check();
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await page.getByTestId('invitation-created').getByRole('textbox').inputValue();

	const personContext = await browser.newContext();
	await setLanguage(personContext, 'en');
	await signIn(personContext, person);
	const personPage = await personContext.newPage();
	await personPage.goto(link);
	await expect(personPage.getByText(`You are logged in as ${person.username}.`)).toBeVisible();
	await personPage.getByRole('button', { name: 'Add this role to my account' }).click();
	await expect(personPage).toHaveURL(new RegExp(`/partner/${other.initiativeId}\\?welcome=1$`));

	await personPage.goto('/me');
	const roles = personPage
		.getByRole('listitem')
		.filter({ has: personPage.getByRole('link', { name: 'Open' }) });
	await expect(roles).toHaveCount(2);
	await expect(roles.filter({ hasText: 'Expert by experience' })).toHaveCount(1);
	await expect(roles.filter({ hasText: 'Partner' })).toHaveCount(1);
	// The partner role in one initiative gives nothing in the other.
	expect((await personPage.goto(`/partner/${world.initiativeId}`))?.status()).toBe(404);

	await curatorContext.close();
	await personContext.close();
});
