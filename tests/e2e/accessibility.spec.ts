import {
	appDb,
	expect,
	expectAccessible,
	expectNoHorizontalScroll,
	personWithRole,
	setLanguage,
	signIn,
	test
} from './fixtures';
import { createInvitation } from '../../src/lib/server/auth/invitations';
import { createPasswordReset } from '../../src/lib/server/auth/password-resets';
import { createStory } from '../../src/lib/server/stories';
import {
	createExhibition,
	getExhibition,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import { text } from '../fixtures/factories';

// Every page, in Hebrew, Arabic and English, at desktop width and at 360 px: no axe violation,
// correct lang/dir, no sideways scrolling. (The pages full of stories are checked again, with
// their stories, in exhibition.spec.ts, viewing.spec.ts and builder.spec.ts.)
for (const locale of ['he', 'en', 'ar'] as const) {
	test(`every page passes axe and fits 360 px — ${locale}`, async ({ browser, world }) => {
		// About 80 page loads with axe: minutes on a busy 2-core machine.
		test.setTimeout(420_000);
		const db = await appDb();
		const participant = await personWithRole(world, 'participant', [world.workingGroupIds[0]]);
		const curator = await personWithRole(world, 'curator');
		const partner = await personWithRole(world, 'partner', [world.workingGroupIds[1]]);
		const invitation = await createInvitation(db, {
			initiativeId: world.initiativeId,
			role: 'participant',
			workingGroupIds: [world.workingGroupIds[0]],
			label: 'axe',
			days: 3,
			createdBy: world.admin.id
		});
		const reset = await createPasswordReset(db, { userId: participant.id, createdBy: curator.id });
		const storyId = await createStory(db, participant, {
			initiativeId: world.initiativeId,
			title: locale === 'en' ? 'A story' : 'סיפור',
			language: locale
		});
		const story = `/participate/${world.initiativeId}/stories/${storyId}`;
		const curatorUser = curator;
		const exhibitionId = await createExhibition(
			db,
			curatorUser.id,
			world.initiativeId,
			{
				title: text(`Axe ${locale}`, `נגישות ${locale}`),
				introduction: text('An introduction.'),
				audience: 'public',
				workingGroupIds: [],
				themeIds: [world.themeIds[0]!],
				endsAt: null
			},
			text('Stories', 'סיפורים', 'قصص')
		);
		const exhibition = (await getExhibition(db, world.initiativeId, exhibitionId))!;
		await setExhibitionStatus(db, curatorUser.id, exhibition, 'published');
		const expectedDir = locale === 'en' ? 'ltr' : 'rtl';

		const pages: { who: { id: string; isAdmin: boolean } | null; paths: string[] }[] = [
			{
				who: null,
				paths: [
					'/',
					`/exhibitions/${exhibition.slug}`,
					`/exhibitions/${exhibition.slug}/wall`,
					`/exhibitions/${exhibition.slug}/print`,
					`/themes/${world.themeIds[0]}`,
					'/login',
					'/safety',
					`/join/${invitation.token}`,
					`/reset/${reset.token}`,
					`/reset/${'c'.repeat(32)}`,
					'/not-a-page'
				]
			},
			{
				who: participant,
				paths: [
					`/participate/${world.initiativeId}`,
					story,
					`${story}/guide`,
					`${story}/guide?step=done`,
					`${story}/photos`,
					`${story}/preview`,
					`${story}/sharing`,
					`/participate/${world.initiativeId}/requests`,
					`/participate/${world.initiativeId}/consents`,
					'/account'
				]
			},
			{
				who: curator,
				paths: [
					`/curate/${world.initiativeId}`,
					`/curate/${world.initiativeId}/invitations`,
					`/curate/${world.initiativeId}/people`,
					`/curate/${world.initiativeId}/pool`,
					`/curate/${world.initiativeId}/pool?language=${locale}&theme=${world.themeIds[0]}`,
					`/curate/${world.initiativeId}/exhibitions`,
					`/curate/${world.initiativeId}/exhibitions/${exhibitionId}`,
					`/curate/${world.initiativeId}/exhibitions/${exhibitionId}/preview`,
					`/curate/${world.initiativeId}/exhibitions/${exhibitionId}/preview?as=outsider`
				]
			},
			{
				who: partner,
				paths: [`/partner/${world.initiativeId}`, `/themes/${world.themeIds[1]}`]
			},
			{
				who: world.admin,
				paths: [
					'/me',
					'/admin',
					`/admin/initiatives/${world.initiativeId}`,
					`/admin/working-groups/${world.workingGroupIds[0]}`,
					`/admin/themes/${world.themeIds[0]}`,
					'/admin/users',
					'/admin/audit'
				]
			}
		];
		for (const { who, paths } of pages) {
			for (const viewport of [
				{ width: 1280, height: 900 },
				{ width: 360, height: 740 }
			]) {
				const context = await browser.newContext({ viewport });
				await setLanguage(context, locale);
				if (who) await signIn(context, who);
				const page = await context.newPage();
				for (const path of paths) {
					await page.goto(path);
					await expect(page.locator('html')).toHaveAttribute('lang', locale);
					await expect(page.locator('html')).toHaveAttribute('dir', expectedDir);
					if (viewport.width === 360) await expectNoHorizontalScroll(page);
					else await expectAccessible(page, `${path} (${locale})`);
				}
				await context.close();
			}
		}
	});
}

test('forms work by keyboard alone', async ({ page, context, world }) => {
	const participant = await personWithRole(world, 'participant');
	await setLanguage(context, 'en');
	await page.goto('/login');
	await page.getByLabel('Username').focus();
	await page.keyboard.type(participant.username);
	await page.keyboard.press('Tab');
	await page.keyboard.type(participant.password);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`/participate/${world.initiativeId}$`));

	// The skip link is the first stop and moves focus to the content.
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('#main')).toBeFocused();
});
