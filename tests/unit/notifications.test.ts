// In-app notifications (docs/notifications.md): drawn in every language from what is stored,
// sent to the right people by the events that exist, once-only where they must be, and never
// turned off where the participant must decide.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ownStory, type OwnedStory } from '../../src/lib/server/access';
import {
	decidePlacement,
	shareStory,
	showTerms,
	withdrawEverything,
	withdrawPlacement,
	withdrawStory
} from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	updatePlacement
} from '../../src/lib/server/exhibitions';
import {
	createStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import {
	NOTIFICATION_KINDS,
	notificationOptOuts,
	notifications,
	type NotificationKind
} from '../../src/lib/server/db/schema';
import {
	MANDATORY_NOTIFICATIONS,
	kindsFor,
	listNotifications,
	markAllRead,
	markRead,
	notify,
	notifyWorkingGroup,
	offeredKinds,
	optedOutKinds,
	saveOptOuts,
	unreadCount
} from '../../src/lib/server/notifications';
import {
	notificationHref,
	notificationLink,
	renderNotifications
} from '../../src/lib/server/notifications/render';
import {
	REMINDER_DAYS,
	expiryDedupeKey,
	sendExpiryReminders
} from '../../src/lib/server/consent/reminders';
import { changePassword } from '../../src/lib/server/auth/accounts';
import { createPasswordReset } from '../../src/lib/server/auth/password-resets';
import { removeMembership, setAccountDisabled } from '../../src/lib/server/people';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import {
	MIGRATIONS,
	PASSWORD,
	giveRole,
	makeUser,
	makeWorld,
	testDb,
	text
} from '../fixtures/factories';
import { countStatements } from '../fixtures/statements';
import type { Client } from '@libsql/client';
import { openDatabase } from '../../src/lib/server/db';
import type { Db } from '../../src/lib/server/db';
import { LOCALES } from '../../src/lib/localized';

const words = (t: string) => ({ text: t, locale: 'en' as const });
const DAY = 24 * 60 * 60 * 1000;
let n = 0;

async function world(given?: Db) {
	const db = given ?? (await testDb());
	const w = await makeWorld(db);
	const owner = await makeUser(db);
	await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const curator2 = await makeUser(db);
	await giveRole(db, curator2, w.initiativeId, 'curator');
	const partner = await makeUser(db);
	await giveRole(db, partner, w.initiativeId, 'partner', [w.workingGroupIds[0]]);
	const storyId = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: 'Bus stop',
		language: 'en'
	});
	let story = (await ownStory(db, owner, storyId))!;
	n += 1;
	const photoId = `nt${String(n).padStart(14, '0')}`;
	await insertPhoto(db, story, {
		id: photoId,
		masterKey: `m/${photoId}`,
		masterWidth: 10,
		masterHeight: 10,
		framing: DEFAULT_FRAMING,
		width: 10,
		height: 10,
		thumbhash: '',
		derivatives: []
	});
	await updatePhotoText(db, story, photoId, { altText: 'a photo', caption: '' });
	story = (await ownStory(db, owner, storyId))!;
	await setStoryStatus(db, story, 'finished');
	story = (await ownStory(db, owner, storyId))!;
	await shareStory(db, story, words('share'));
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles we play', 'התפקידים שאנחנו ממלאים', 'الأدوار التي نؤديها'),
			introduction: {},
			audience: 'partners',
			workingGroupIds: [],
			themeIds: [w.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	const own = async () => (await ownStory(db, owner, storyId)) as OwnedStory;
	const exhibition = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
	return {
		db,
		w,
		owner,
		curator,
		curator2,
		partner,
		storyId,
		photoId,
		exhibitionId,
		own,
		exhibition
	};
}

type World = Awaited<ReturnType<typeof world>>;

async function propose(ctx: World) {
	const exhibition = await ctx.exhibition();
	expect(
		await proposePlacement(ctx.db, ctx.curator.id, exhibition, await ctx.own(), {
			sectionId: exhibition.sections[0]!.id,
			size: 'medium',
			note: ''
		})
	).toBe('ok');
	return (await ctx.exhibition()).placements[0]!.id;
}

async function approve(ctx: World, placementId: string, expiresAt: Date | null = null, now?: Date) {
	expect(
		await decidePlacement(
			ctx.db,
			await ctx.own(),
			placementId,
			{
				approve: { photoIds: [ctx.photoId], attribution: 'anonymous', pseudonym: '', expiresAt },
				shown: (await showTerms(ctx.db, placementId))!
			},
			words('yes'),
			now
		)
	).toBe('ok');
}

async function rows(db: Db, userId: string, kind?: NotificationKind) {
	return db
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), kind ? eq(notifications.kind, kind) : undefined));
}

const FAKE = 'abcdefghijklmnop';

describe('rendering', () => {
	it('draws every kind in Hebrew, Arabic and English from the stored parameters, with its link', async () => {
		const ctx = await world();
		const { db, w, owner, curator, storyId, exhibitionId } = ctx;
		const group = w.workingGroupIds[0];
		const stored: {
			userId: string;
			kind: NotificationKind;
			params: Record<string, string | number>;
			href: string;
			names: string[];
		}[] = [
			...(['placement_requested', 'placement_changed'] as const).map((kind) => ({
				userId: owner.id,
				kind,
				params: { placementId: FAKE, exhibitionId, storyId },
				href: `/me/requests/${FAKE}`,
				names: ['Bus stop', 'exhibition']
			})),
			...(['placement_approved', 'placement_declined'] as const).map((kind) => ({
				userId: curator.id,
				kind,
				params: { placementId: FAKE, exhibitionId, storyId },
				href: `/curate/${w.initiativeId}/exhibitions/${exhibitionId}`,
				names: ['Bus stop', 'exhibition']
			})),
			{
				userId: curator.id,
				kind: 'placement_withdrawn',
				params: { placementId: FAKE, exhibitionId },
				href: `/curate/${w.initiativeId}/exhibitions/${exhibitionId}`,
				names: ['exhibition']
			},
			{
				userId: owner.id,
				kind: 'response_recorded',
				params: { responseId: FAKE, exhibitionId, storyId, workingGroupId: group },
				href: `/participate/${w.initiativeId}/stories/${storyId}/responses`,
				names: ['Bus stop', 'group']
			},
			{
				userId: owner.id,
				kind: 'response_updated',
				params: {
					responseId: FAKE,
					entryId: FAKE,
					exhibitionId,
					storyId,
					workingGroupId: group,
					status: 'acted_on'
				},
				href: `/participate/${w.initiativeId}/stories/${storyId}/responses`,
				names: ['Bus stop', 'group']
			},
			{
				userId: curator.id,
				kind: 'response_answered',
				params: { responseId: FAKE, entryId: FAKE, workingGroupId: group },
				href: `/partner/${w.initiativeId}/responses/${FAKE}`,
				names: ['group']
			},
			{
				userId: curator.id,
				kind: 'reflection_to_moderate',
				params: { reflectionId: FAKE, exhibitionId },
				href: `/curate/${w.initiativeId}/reflections`,
				names: ['exhibition']
			},
			{
				userId: owner.id,
				kind: 'reflection_approved',
				params: { reflectionId: FAKE, exhibitionId, storyId },
				href: `/participate/${w.initiativeId}/stories/${storyId}/reflections`,
				names: ['Bus stop']
			},
			{
				userId: owner.id,
				kind: 'content_note_suggested',
				params: { storyId },
				href: `/participate/${w.initiativeId}/stories/${storyId}#content-note`,
				names: ['Bus stop']
			},
			...(['accepted', 'declined'] as const).map((choice) => ({
				userId: curator.id,
				kind: 'content_note_answered' as const,
				params: { storyId, choice },
				href: `/curate/${w.initiativeId}/pool/${storyId}`,
				names: ['Bus stop']
			})),
			{
				userId: owner.id,
				kind: 'release_answered',
				params: { storyId, photoId: FAKE, answer: 'withdrawn' },
				href: `/participate/${w.initiativeId}/stories/${storyId}/photos/${FAKE}#people`,
				names: ['Bus stop']
			},
			{
				userId: owner.id,
				kind: 'consent_expiring',
				params: {
					placementId: FAKE,
					exhibitionId,
					storyId,
					daysLeft: 14,
					expiresAt: Date.UTC(2027, 0, 15, 12)
				},
				href: `/me/requests/${FAKE}`,
				names: ['Bus stop', 'exhibition', '14', '2027']
			},
			...(
				[
					['password_changed', '/account'],
					['password_reset_issued', '/account'],
					['membership_added', '/me'],
					['membership_removed', '/me'],
					['account_enabled', '/account']
				] as const
			).map(([event, href]) => ({
				userId: owner.id,
				kind: 'account_event' as const,
				params: { event, role: 'participant' },
				href,
				names: event.startsWith('membership_') ? ['initiative'] : []
			}))
		];
		expect(new Set(stored.map((s) => s.kind))).toEqual(new Set(NOTIFICATION_KINDS));
		for (const s of stored)
			await notify(db, {
				userId: s.userId,
				kind: s.kind,
				initiativeId: w.initiativeId,
				params: s.params
			});
		const byUser = new Map<string, Awaited<ReturnType<typeof rows>>>();
		for (const user of [owner, curator]) byUser.set(user.id, await rows(db, user.id));
		const exhibitionTitle = {
			he: 'התפקידים שאנחנו ממלאים',
			ar: 'الأدوار التي نؤديها',
			en: 'Roles we play'
		};
		const groupTitle = { he: 'קבוצת דיור', ar: 'مجموعة السكن', en: 'Housing group' };
		for (const locale of LOCALES) {
			const drawn = new Map<string, { text: string; href: string }[]>();
			for (const user of [owner, curator])
				drawn.set(
					user.id,
					await renderNotifications(db, user, byUser.get(user.id)!, { locale, timeZone: 'UTC' })
				);
			for (const s of stored) {
				const list = byUser.get(s.userId)!;
				const index = list
					.map((r, i) => ({ r, i }))
					.filter(
						({ r }) => r.kind === s.kind && JSON.stringify(r.params) === JSON.stringify(s.params)
					)[0]!.i;
				const out = drawn.get(s.userId)![index]!;
				const where = `${locale} ${s.kind} ${String(s.params.event ?? '')}`;
				expect(out.text.length, where).toBeGreaterThan(10);
				// eslint-disable-next-line no-control-regex -- the renderer's marker must not leak
				expect(out.text, where).not.toMatch(/[{}\u0001]|undefined|NaN/);
				expect(out.href, where).toBe(s.href);
				for (const name of s.names) {
					const expected =
						name === 'exhibition'
							? exhibitionTitle[locale]
							: name === 'group'
								? groupTitle[locale]
								: name === 'initiative'
									? 'Initiative'
									: name;
					expect(out.text, where).toContain(expected);
				}
				if (s.kind === 'placement_withdrawn') expect(out.text, where).not.toContain('Bus stop');
			}
		}
		// Parts carry each name with its own language and direction.
		const [first] = await renderNotifications(
			db,
			owner,
			(await rows(db, owner.id, 'placement_requested')).slice(0, 1),
			{ locale: 'he', timeZone: 'UTC' }
		);
		expect(first!.parts).toContainEqual({ text: 'Bus stop', lang: 'en', dir: 'ltr' });
		expect(first!.parts).toContainEqual({ text: exhibitionTitle.he, lang: 'he', dir: 'rtl' });
		expect(first!.parts.map((p) => p.text).join('')).toBe(first!.text);
	});

	it('names a story only to its owner or a curator who may see it, else "a story"', async () => {
		const ctx = await world();
		const { db, owner, curator, partner, storyId, exhibitionId } = ctx;
		for (const user of [owner, curator, partner])
			await notify(db, {
				userId: user.id,
				kind: 'placement_approved',
				params: { placementId: FAKE, exhibitionId, storyId }
			});
		const draw = async (user: { id: string; isAdmin: boolean }, locale: 'he' | 'en' = 'en') =>
			(
				await renderNotifications(db, user, await rows(db, user.id, 'placement_approved'), {
					locale,
					timeZone: 'UTC'
				})
			)[0]!.text;
		expect(await draw(owner)).toContain('Bus stop');
		expect(await draw(curator)).toContain('Bus stop');
		expect(await draw(partner)).not.toContain('Bus stop');
		expect(await draw(partner)).toContain('a story');
		// Withdrawn from everywhere (and so out of the pool): curators no longer see its title.
		await withdrawStory(db, await ctx.own(), words('withdraw'));
		expect(await draw(curator)).not.toContain('Bus stop');
		expect(await draw(curator, 'he')).toContain('אחד הסיפורים');
		expect(await draw(owner)).toContain('Bus stop');
	});

	it('links a curator to a story’s pool page only while they may see it there', async () => {
		const ctx = await world();
		const { db, w, curator, partner, storyId } = ctx;
		for (const user of [curator, partner])
			await notify(db, {
				userId: user.id,
				kind: 'content_note_answered',
				initiativeId: w.initiativeId,
				params: { storyId, choice: 'declined' }
			});
		const [told] = await rows(db, curator.id, 'content_note_answered');
		const [notTheirs] = await rows(db, partner.id, 'content_note_answered');
		const pool = `/curate/${w.initiativeId}/pool/${storyId}`;
		expect(await notificationLink(db, curator, told!)).toBe(pool);
		expect(await notificationLink(db, partner, notTheirs!)).toBe('/me');
		// The same link in the list as in the redirect.
		expect(
			(await renderNotifications(db, curator, [told!], { locale: 'he', timeZone: 'UTC' }))[0]
		).toMatchObject({ href: pool });
		// Withdrawn from everywhere, so out of the pool: no link to a 404, and no title.
		await withdrawStory(db, await ctx.own(), words('withdraw'));
		expect(await notificationLink(db, curator, told!)).toBe('/me');
		const [drawn] = await renderNotifications(db, curator, [told!], {
			locale: 'en',
			timeZone: 'UTC'
		});
		expect(drawn).toMatchObject({ href: '/me' });
		expect(drawn!.text).not.toContain('Bus stop');
		expect(drawn!.text).toContain('a story');
	});

	it('looks names up in a constant number of statements, however many notifications', async () => {
		const counts: number[] = [];
		for (const many of [3, 30]) {
			const { db, client } = await openDatabase({ url: ':memory:', migrationsDir: MIGRATIONS });
			const ctx = await world(db);
			const { owner, storyId, exhibitionId, w } = ctx;
			for (let i = 0; i < many; i++)
				await notify(db, {
					userId: owner.id,
					kind: i % 2 ? 'placement_requested' : 'response_recorded',
					initiativeId: w.initiativeId,
					params: {
						placementId: FAKE,
						responseId: FAKE,
						exhibitionId,
						storyId,
						workingGroupId: w.workingGroupIds[i % 2]!
					}
				});
			const { rows: page } = await listNotifications(db, owner.id, 1, 50);
			const counter = countStatements(client as Client);
			const drawn = await renderNotifications(db, owner, page, { locale: 'ar', timeZone: 'UTC' });
			counts.push(counter.take().length);
			counter.restore();
			expect(drawn).toHaveLength(many + 1);
			expect(drawn.filter((d) => d.text.includes('Bus stop'))).toHaveLength(many);
		}
		expect(counts[1]).toBe(counts[0]);
	});

	it('falls back safely on unknown or missing parameters', () => {
		expect(
			notificationHref({
				kind: 'placement_requested',
				params: { placementId: '../x' },
				initiativeId: null
			})
		).toBe('/me');
		expect(notificationHref({ kind: 'response_answered', params: {}, initiativeId: FAKE })).toBe(
			'/me'
		);
		// Without knowing that the viewer may see the story in the pool, no link into it.
		expect(
			notificationHref({
				kind: 'content_note_answered',
				params: { storyId: FAKE, choice: 'accepted' },
				initiativeId: FAKE
			})
		).toBe('/me');
	});
});

describe('opting out', () => {
	it('suppresses an optional kind, and only for that person', async () => {
		const { db, owner, curator } = await world();
		const offered = await offeredKinds(db, owner);
		await saveOptOuts(db, owner.id, offered, ['response_recorded']);
		expect(await optedOutKinds(db, owner.id)).toEqual(['response_recorded']);
		expect(await notify(db, { userId: owner.id, kind: 'response_recorded' })).toBe(false);
		expect(await notify(db, { userId: curator.id, kind: 'response_recorded' })).toBe(true);
		expect(await rows(db, owner.id, 'response_recorded')).toHaveLength(0);
		// Turning it back on.
		await saveOptOuts(db, owner.id, offered, []);
		expect(await notify(db, { userId: owner.id, kind: 'response_recorded' })).toBe(true);
	});

	it('cannot suppress placement requests or changed requests, even with a row put in by hand', async () => {
		const ctx = await world();
		const { db, owner } = ctx;
		await saveOptOuts(db, owner.id, NOTIFICATION_KINDS, [...MANDATORY_NOTIFICATIONS]);
		expect(await optedOutKinds(db, owner.id)).toEqual([]);
		await db
			.insert(notificationOptOuts)
			.values(MANDATORY_NOTIFICATIONS.map((kind) => ({ userId: owner.id, kind })));
		const placementId = await propose(ctx);
		expect(await rows(db, owner.id, 'placement_requested')).toHaveLength(1);
		await approve(ctx, placementId);
		const exhibition = await ctx.exhibition();
		await updatePlacement(db, ctx.curator.id, exhibition, placementId, {
			sectionId: exhibition.sections[0]!.id,
			size: 'large'
		});
		expect(await rows(db, owner.id, 'placement_changed')).toHaveLength(1);
	});

	it('offers the kinds that fit the person’s roles', () => {
		const participant = kindsFor({ participant: true, curator: false, partner: false });
		expect(participant).toContain('placement_requested');
		expect(participant).toContain('consent_expiring');
		expect(participant).not.toContain('placement_withdrawn');
		// A release's answer is offered in the settings, so it can be turned off (docs/releases.md).
		expect(participant).toContain('release_answered');
		expect(participant).toContain('content_note_suggested');
		const curator = kindsFor({ participant: false, curator: true, partner: false });
		expect(curator).toContain('placement_withdrawn');
		expect(curator).toContain('reflection_to_moderate');
		expect(curator).toContain('content_note_answered');
		expect(curator).not.toContain('placement_requested');
		expect(participant).not.toContain('content_note_answered');
		const partner = kindsFor({ participant: false, curator: false, partner: true });
		expect(partner).toEqual(['response_answered', 'account_event']);
	});
});

describe('once-only and reading', () => {
	it('drops a second notification with the same dedupe key for the same person', async () => {
		const { db, owner, curator } = await world();
		expect(await notify(db, { userId: owner.id, kind: 'account_event', dedupeKey: 'k' })).toBe(
			true
		);
		expect(await notify(db, { userId: owner.id, kind: 'account_event', dedupeKey: 'k' })).toBe(
			false
		);
		expect(await notify(db, { userId: curator.id, kind: 'account_event', dedupeKey: 'k' })).toBe(
			true
		);
		expect(
			(await rows(db, owner.id, 'account_event')).filter((r) => r.dedupeKey === 'k')
		).toHaveLength(1);
	});

	it('counts unread, marks one or all read, and pages newest first', async () => {
		const { db, owner, curator } = await world();
		await markAllRead(db, owner.id);
		expect(await unreadCount(db, owner.id)).toBe(0);
		for (let i = 0; i < 5; i++)
			await notify(db, {
				userId: owner.id,
				kind: 'account_event',
				params: { event: 'password_changed' }
			});
		expect(await unreadCount(db, owner.id)).toBe(5);
		const { rows: first, page } = await listNotifications(db, owner.id, 1, 2);
		expect(page).toMatchObject({ number: 1, count: 3, from: 1, to: 2 });
		expect(first[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(first[1]!.createdAt.getTime());
		// Someone else's notification cannot be marked read.
		await markRead(db, curator.id, first[0]!.id);
		expect(await unreadCount(db, owner.id)).toBe(5);
		await markRead(db, owner.id, first[0]!.id);
		expect(await unreadCount(db, owner.id)).toBe(4);
		await markAllRead(db, owner.id);
		expect(await unreadCount(db, owner.id)).toBe(0);
		expect((await listNotifications(db, owner.id, 99, 2)).page.number).toBe(3);
	});
});

describe('consent expiry reminders', () => {
	it('fire once at 14 days and once at 2 days before the consent runs out, in any number of processes', async () => {
		const ctx = await world();
		const { db, owner } = ctx;
		const start = new Date();
		const expiresAt = new Date(start.getTime() + 20 * DAY);
		const placementId = await propose(ctx);
		await approve(ctx, placementId, expiresAt, start);
		const at = (daysLeft: number) => new Date(expiresAt.getTime() - daysLeft * DAY);
		expect(await sendExpiryReminders(db, at(15))).toBe(0);
		// Two processes checking at once: one reminder.
		const both = await Promise.all([
			sendExpiryReminders(db, at(13.9)),
			sendExpiryReminders(db, at(13.9))
		]);
		expect(both[0] + both[1]).toBe(1);
		expect(await sendExpiryReminders(db, at(10))).toBe(0);
		expect(await sendExpiryReminders(db, at(1.9))).toBe(1);
		expect(await sendExpiryReminders(db, at(1))).toBe(0);
		expect(await sendExpiryReminders(db, at(-1))).toBe(0);
		const sent = await rows(db, owner.id, 'consent_expiring');
		expect(sent.map((r) => r.dedupeKey).sort()).toEqual(
			REMINDER_DAYS.map((d) => expiryDedupeKey(placementId, expiresAt, d)).sort()
		);
		const fourteen = sent.find((r) => r.dedupeKey!.endsWith(':14'))!;
		expect(fourteen.params).toEqual({
			placementId,
			exhibitionId: ctx.exhibitionId,
			storyId: ctx.storyId,
			daysLeft: 14,
			expiresAt: expiresAt.getTime()
		});
		// Nobody else is told.
		for (const other of [ctx.curator, ctx.curator2, ctx.partner])
			expect(await rows(db, other.id, 'consent_expiring')).toHaveLength(0);
	});

	it('a consent that runs out within 2 days gets only the 2-day reminder; an opt-out gets none', async () => {
		const ctx = await world();
		const placementId = await propose(ctx);
		const now = new Date();
		const expiresAt = new Date(now.getTime() + 1.5 * DAY);
		await approve(ctx, placementId, expiresAt, now);
		expect(await sendExpiryReminders(ctx.db, now)).toBe(1);
		expect((await rows(ctx.db, ctx.owner.id, 'consent_expiring'))[0]!.dedupeKey).toBe(
			expiryDedupeKey(placementId, expiresAt, 2)
		);

		const other = await world();
		const id2 = await propose(other);
		await approve(other, id2, new Date(now.getTime() + 10 * DAY), now);
		await saveOptOuts(other.db, other.owner.id, ['consent_expiring'], ['consent_expiring']);
		expect(await sendExpiryReminders(other.db, now)).toBe(0);
	});

	it('sends nothing for a withdrawn placement', async () => {
		const ctx = await world();
		const placementId = await propose(ctx);
		const now = new Date();
		await approve(ctx, placementId, new Date(now.getTime() + 5 * DAY), now);
		await withdrawPlacement(ctx.db, await ctx.own(), placementId, words('no'));
		expect(await sendExpiryReminders(ctx.db, now)).toBe(0);
	});
});

describe('who is told of the existing events', () => {
	it('a proposal tells its participant only; a decision tells the curators, not the one who decided', async () => {
		const ctx = await world();
		const { db, owner, curator, curator2, partner, w } = ctx;
		// The participant is a curator too: they are not told of their own decision.
		await giveRole(db, owner, w.initiativeId, 'curator');
		const placementId = await propose(ctx);
		const requested = await rows(db, owner.id, 'placement_requested');
		expect(requested).toHaveLength(1);
		expect(requested[0]!.params).toEqual({
			placementId,
			exhibitionId: ctx.exhibitionId,
			storyId: ctx.storyId
		});
		for (const other of [curator, curator2, partner])
			expect(await rows(db, other.id, 'placement_requested')).toHaveLength(0);
		await approve(ctx, placementId);
		for (const c of [curator, curator2])
			expect((await rows(db, c.id, 'placement_approved')).map((r) => r.params)).toEqual([
				{ placementId, exhibitionId: ctx.exhibitionId, storyId: ctx.storyId }
			]);
		expect(await rows(db, owner.id, 'placement_approved')).toHaveLength(0);
		expect(await rows(db, partner.id, 'placement_approved')).toHaveLength(0);
		expect(await rows(db, w.admin.id, 'placement_approved')).toHaveLength(0);
	});

	it('a decline tells the curators', async () => {
		const ctx = await world();
		const placementId = await propose(ctx);
		expect(
			await decidePlacement(ctx.db, await ctx.own(), placementId, { decline: true }, words('no'))
		).toBe('ok');
		for (const c of [ctx.curator, ctx.curator2])
			expect(await rows(ctx.db, c.id, 'placement_declined')).toHaveLength(1);
		expect(await rows(ctx.db, ctx.owner.id, 'placement_declined')).toHaveLength(0);
	});

	it('a changed request tells the participant', async () => {
		const ctx = await world();
		const placementId = await propose(ctx);
		await approve(ctx, placementId);
		const exhibition = await ctx.exhibition();
		await updatePlacement(ctx.db, ctx.curator.id, exhibition, placementId, {
			sectionId: exhibition.sections[0]!.id,
			size: 'large'
		});
		expect((await rows(ctx.db, ctx.owner.id, 'placement_changed')).map((r) => r.params)).toEqual([
			{ placementId, exhibitionId: ctx.exhibitionId, storyId: ctx.storyId }
		]);
		expect(await rows(ctx.db, ctx.curator.id, 'placement_changed')).toHaveLength(0);
	});

	it('every kind of withdrawal tells the curators which exhibition, never the story or a reason', async () => {
		for (const how of ['placement', 'story', 'everything'] as const) {
			const ctx = await world();
			const placementId = await propose(ctx);
			await approve(ctx, placementId);
			const withWords = words('I have my reasons: my neighbour saw it');
			if (how === 'placement')
				expect(await withdrawPlacement(ctx.db, await ctx.own(), placementId, withWords)).toBe(true);
			if (how === 'story') await withdrawStory(ctx.db, await ctx.own(), withWords);
			if (how === 'everything') await withdrawEverything(ctx.db, [await ctx.own()], withWords);
			for (const c of [ctx.curator, ctx.curator2]) {
				const told = await rows(ctx.db, c.id, 'placement_withdrawn');
				expect(
					told.map((r) => r.params),
					how
				).toEqual([{ placementId, exhibitionId: ctx.exhibitionId }]);
				for (const locale of LOCALES) {
					const [drawn] = await renderNotifications(ctx.db, c, told, { locale, timeZone: 'UTC' });
					expect(drawn!.text).not.toContain('Bus stop');
					expect(drawn!.text).not.toContain('neighbour');
				}
			}
			expect(await rows(ctx.db, ctx.owner.id, 'placement_withdrawn')).toHaveLength(0);
			expect(await rows(ctx.db, ctx.partner.id, 'placement_withdrawn')).toHaveLength(0);
		}
	});

	it('account events tell the person: password changed, reset link issued, role added and removed', async () => {
		const ctx = await world();
		const { db, owner, curator, w } = ctx;
		const events = async () =>
			(await rows(db, owner.id, 'account_event')).map((r) => r.params.event).sort();
		expect(await events()).toEqual(['membership_added']);
		const changed = await changePassword(db, {
			userId: owner.id,
			sessionId: 'none',
			current: PASSWORD,
			password: 'a completely different passphrase 77'
		});
		expect(changed.ok).toBe(true);
		await createPasswordReset(db, {
			userId: owner.id,
			createdBy: curator.id,
			initiativeId: w.initiativeId
		});
		const membershipId = await giveRole(db, owner, w.initiativeId, 'partner');
		await removeMembership(db, curator.id, membershipId);
		// Enabling an account that was not disabled says nothing; enabling a disabled one does.
		expect(await setAccountDisabled(db, w.admin.id, owner.id, false, '')).toBe('ok');
		expect(await setAccountDisabled(db, w.admin.id, owner.id, true, 'a test')).toBe('ok');
		expect(await setAccountDisabled(db, w.admin.id, owner.id, false, '')).toBe('ok');
		expect(await events()).toEqual([
			'account_enabled',
			'membership_added',
			'membership_added',
			'membership_removed',
			'password_changed',
			'password_reset_issued'
		]);
		const removed = (await rows(db, owner.id, 'account_event')).find(
			(r) => r.params.event === 'membership_removed'
		)!;
		expect(removed.params.role).toBe('partner');
		expect(removed.initiativeId).toBe(w.initiativeId);
		// Nobody else hears of it.
		expect((await rows(db, curator.id, 'account_event')).map((r) => r.params.event)).toEqual([
			'membership_added'
		]);
	});
});

describe('working groups', () => {
	it('notifyWorkingGroup tells the partners of that group only, not the one who acted', async () => {
		const { db, w, partner, curator } = await world();
		const other = await makeUser(db);
		await giveRole(db, other, w.initiativeId, 'partner', [w.workingGroupIds[1]]);
		const actor = await makeUser(db);
		await giveRole(db, actor, w.initiativeId, 'partner', [w.workingGroupIds[0]]);
		const told = await notifyWorkingGroup(
			db,
			w.workingGroupIds[0],
			{
				kind: 'response_answered',
				initiativeId: w.initiativeId,
				params: { responseId: FAKE, entryId: FAKE, workingGroupId: w.workingGroupIds[0] }
			},
			actor.id
		);
		expect(told).toBe(1);
		expect(await rows(db, partner.id, 'response_answered')).toHaveLength(1);
		for (const u of [other, actor, curator])
			expect(await rows(db, u.id, 'response_answered')).toHaveLength(0);
	});
});
