// Visitors' reflections (docs/reflections.md): plain text, limited in length, throttled per
// client, held for moderation; and the gate decides who sees which.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { render } from 'svelte/server';
import { ownStory, type OwnedStory } from '../../src/lib/server/access';
import {
	guestBook,
	ownerReflections,
	pendingReflections,
	readReflectionTarget,
	shownStoryReflections,
	unreadOwnerReflections
} from '../../src/lib/server/access/reflections';
import {
	REFLECTION_MAX,
	REFLECTION_THROTTLE_MAX,
	markReflectionsRead,
	moderateReflection,
	reflectionClientKey,
	reflectionThrottled,
	sendReflection,
	showReflection
} from '../../src/lib/server/exhibitions/reflections';
import {
	decidePlacement,
	shareStory,
	showTerms,
	withdrawPlacement
} from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import {
	createStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import { notifications, reflectionAttempts, reflections } from '../../src/lib/server/db/schema';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { reflectionSchema } from '../../src/routes/exhibitions/[slug=slug]/reflect/schema';
import ReflectionList from '../../src/lib/components/reflections/ReflectionList.svelte';
import { giveRole, makeUser, makeWorld, testDb, text } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';
import type { Audience } from '../../src/lib/server/db/schema';

const words = (t: string) => ({ text: t, locale: 'en' as const });
let n = 0;
const fresh = async (db: Db, owner: { id: string; isAdmin: boolean }, id: string) =>
	(await ownStory(db, owner, id)) as OwnedStory;

/** A published exhibition of this audience with one approved, standing story in it. */
async function world(audience: Audience = 'public') {
	const db = await testDb();
	const w = await makeWorld(db);
	const owner = await makeUser(db, { displayName: 'Sara' });
	await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const partner = await makeUser(db);
	await giveRole(db, partner, w.initiativeId, 'partner', [w.workingGroupIds[0]!]);
	const outsider = await makeUser(db);
	const storyId = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: 'Bus stop',
		language: 'en'
	});
	n += 1;
	const photoId = `rf${String(n).padStart(14, '0')}`;
	await insertPhoto(db, await fresh(db, owner, storyId), {
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
	await updatePhotoText(db, await fresh(db, owner, storyId), photoId, {
		altText: 'a photo',
		caption: ''
	});
	await setStoryStatus(db, await fresh(db, owner, storyId), 'finished');
	expect(await shareStory(db, await fresh(db, owner, storyId), words('share'))).toBe('ok');
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles we play'),
			introduction: {},
			audience,
			workingGroupIds: audience === 'working_group' ? [w.workingGroupIds[0]!] : [],
			themeIds: [w.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	let exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
	expect(
		await proposePlacement(db, curator.id, exhibition, await fresh(db, owner, storyId), {
			sectionId: exhibition.sections[0]!.id,
			size: 'medium',
			note: ''
		})
	).toBe('ok');
	exhibition = (await getExhibition(db, w.initiativeId, exhibitionId))!;
	const placementId = exhibition.placements[0]!.id;
	expect(
		await decidePlacement(
			db,
			await fresh(db, owner, storyId),
			placementId,
			{
				approve: { photoIds: [photoId], attribution: 'own_name', pseudonym: '', expiresAt: null },
				shown: (await showTerms(db, placementId))!
			},
			words('I agree')
		)
	).toBe('ok');
	await setExhibitionStatus(db, curator.id, exhibition, 'published');
	const published = (await getExhibition(db, w.initiativeId, exhibitionId))!;
	return { db, w, owner, curator, partner, outsider, storyId, placementId, exhibition: published };
}

type World = Awaited<ReturnType<typeof world>>;
let client = 0;
async function send(
	ctx: World,
	opts: { storyId?: string | null; body?: string; key?: string; at?: Date } = {}
) {
	const result = await sendReflection(
		ctx.db,
		{
			exhibition: { id: ctx.exhibition.id, initiativeId: ctx.w.initiativeId },
			storyId: opts.storyId ?? null,
			kind: 'reflection',
			body: opts.body ?? 'It moved me.',
			language: 'en',
			authorName: '',
			clientKey: opts.key ?? reflectionClientKey(`10.0.0.${++client}`)
		},
		opts.at
	);
	if (!result.ok) throw new Error(result.problem);
	return result.id;
}

describe('reflections are plain text', () => {
	it('markup is stored as typed and shown as text, an address is not a link', async () => {
		const ctx = await world();
		const body = '<b>bold</b> <script>alert(1)</script> see https://example.org';
		const id = await send(ctx, { body });
		const [row] = await ctx.db.select().from(reflections).where(eq(reflections.id, id));
		expect(row!.body).toBe(body);
		const { body: html } = render(ReflectionList, {
			props: {
				items: [
					{ id, kind: 'reflection', body, language: 'en', authorName: '<i>x</i>', createdAt: 0 }
				],
				locale: 'en',
				timeZone: 'UTC'
			}
		});
		expect(html).not.toContain('<b>');
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<i>');
		expect(html).not.toContain('<a ');
		expect(html).toContain('&lt;b>bold&lt;/b>');
		expect(html).toContain('https://example.org');
	});

	it('is refused beyond the length limit, by the form schema', () => {
		const ok = v.safeParse(reflectionSchema, {
			kind: 'commitment',
			body: 'x'.repeat(REFLECTION_MAX),
			name: ''
		});
		expect(ok.success).toBe(true);
		const long = v.safeParse(reflectionSchema, {
			kind: 'reflection',
			body: 'x'.repeat(REFLECTION_MAX + 1),
			name: ''
		});
		expect(long.success).toBe(false);
		expect(long.issues?.[0]?.message).toBe(`refl_too_long?max=${REFLECTION_MAX}`);
		const empty = v.safeParse(reflectionSchema, { kind: 'reflection', body: '', name: '' });
		expect(empty.issues?.[0]?.message).toBe('refl_body_required');
		const kind = v.safeParse(reflectionSchema, { kind: 'spam', body: 'x', name: '' });
		expect(kind.issues?.[0]?.message).toBe('refl_kind_required');
	});
});

describe('the throttle', () => {
	it('refuses the sixth within the hour from one client, not from another, and frees up later', async () => {
		const ctx = await world();
		const key = reflectionClientKey('203.0.113.7');
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		const t0 = new Date('2026-01-01T10:00:00Z');
		for (let i = 0; i < REFLECTION_THROTTLE_MAX; i++)
			await send(ctx, { key, at: new Date(t0.getTime() + i * 60_000) });
		const at = new Date(t0.getTime() + 10 * 60_000);
		expect(await reflectionThrottled(ctx.db, key, at)).toBe(true);
		const sixth = await sendReflection(
			ctx.db,
			{
				exhibition: { id: ctx.exhibition.id, initiativeId: ctx.w.initiativeId },
				storyId: null,
				kind: 'reflection',
				body: 'again',
				language: 'en',
				authorName: '',
				clientKey: key
			},
			at
		);
		expect(sixth).toEqual({ ok: false, problem: 'throttled' });
		expect(await ctx.db.select().from(reflections)).toHaveLength(REFLECTION_THROTTLE_MAX);
		// Another client is not held back.
		expect(await reflectionThrottled(ctx.db, reflectionClientKey('203.0.113.8'), at)).toBe(false);
		// An hour after the first, one place is free again.
		expect(await reflectionThrottled(ctx.db, key, new Date(t0.getTime() + 61 * 60_000))).toBe(
			false
		);
	});

	it('forgets attempts after a day', async () => {
		const ctx = await world();
		const key = reflectionClientKey('198.51.100.1');
		await send(ctx, { key, at: new Date('2026-01-01T10:00:00Z') });
		await send(ctx, { key: reflectionClientKey('x'), at: new Date('2026-01-03T10:00:00Z') });
		const left = await ctx.db
			.select()
			.from(reflectionAttempts)
			.where(eq(reflectionAttempts.clientKey, key));
		expect(left).toEqual([]);
	});
});

describe('the gate for reflections', () => {
	it('a pending reflection is never public; an approved one on the exhibition is in its guest book', async () => {
		const ctx = await world();
		const id = await send(ctx);
		for (const viewer of [null, ctx.partner, ctx.outsider, ctx.owner, ctx.curator])
			expect(await guestBook(ctx.db, viewer, ctx.exhibition.id)).toEqual([]);
		// Curators are told, and see it to moderate.
		const told = await ctx.db
			.select()
			.from(notifications)
			.where(eq(notifications.kind, 'reflection_to_moderate'));
		expect(told.map((t) => [t.userId, t.params])).toEqual([
			[ctx.curator.id, { reflectionId: id, exhibitionId: ctx.exhibition.id }]
		]);
		expect(
			(await pendingReflections(ctx.db, ctx.curator, ctx.w.initiativeId)).map((r) => r.id)
		).toEqual([id]);
		for (const viewer of [null, ctx.partner, ctx.owner, ctx.outsider])
			expect(await pendingReflections(ctx.db, viewer, ctx.w.initiativeId)).toEqual([]);

		expect(await moderateReflection(ctx.db, ctx.curator.id, 'elsewhere', id, 'approved')).toBe(
			'gone'
		);
		expect(
			await moderateReflection(ctx.db, ctx.curator.id, ctx.w.initiativeId, id, 'approved')
		).toBe('ok');
		expect(
			await moderateReflection(ctx.db, ctx.curator.id, ctx.w.initiativeId, id, 'rejected')
		).toBe('gone');
		for (const viewer of [null, ctx.partner, ctx.outsider])
			expect((await guestBook(ctx.db, viewer, ctx.exhibition.id)).map((r) => r.id)).toEqual([id]);
		expect(await pendingReflections(ctx.db, ctx.curator, ctx.w.initiativeId)).toEqual([]);
	});

	it('a rejected reflection is never shown', async () => {
		const ctx = await world();
		const id = await send(ctx);
		await moderateReflection(ctx.db, ctx.curator.id, ctx.w.initiativeId, id, 'rejected');
		expect(await guestBook(ctx.db, null, ctx.exhibition.id)).toEqual([]);
	});

	it('a partners exhibition shows its guest book to members only; a working-group one has none', async () => {
		const ctx = await world('partners');
		const id = await send(ctx);
		await moderateReflection(ctx.db, ctx.curator.id, ctx.w.initiativeId, id, 'approved');
		expect(await guestBook(ctx.db, null, ctx.exhibition.id)).toEqual([]);
		expect(await guestBook(ctx.db, ctx.outsider, ctx.exhibition.id)).toEqual([]);
		expect((await guestBook(ctx.db, ctx.partner, ctx.exhibition.id)).map((r) => r.id)).toEqual([
			id
		]);
		expect(await readReflectionTarget(ctx.db, null, ctx.exhibition.slug, null)).toBeUndefined();
		expect(
			(await readReflectionTarget(ctx.db, ctx.partner, ctx.exhibition.slug, null))?.exhibition.id
		).toBe(ctx.exhibition.id);

		const group = await world('working_group');
		const member = group.partner;
		expect(
			await readReflectionTarget(group.db, member, group.exhibition.slug, null)
		).toBeUndefined();
		expect(
			await readReflectionTarget(group.db, member, group.exhibition.slug, group.storyId)
		).toBeUndefined();
	});

	it('a story reflection is public only when approved, shown by its participant and the story visible; after withdrawal it is not', async () => {
		const ctx = await world();
		expect(
			(await readReflectionTarget(ctx.db, null, ctx.exhibition.slug, ctx.storyId))?.story?.id
		).toBe(ctx.storyId);
		const id = await send(ctx, { storyId: ctx.storyId });
		const shown = async (viewer: World['partner'] | null) =>
			(await shownStoryReflections(ctx.db, viewer, ctx.exhibition.id, [ctx.storyId])).get(
				ctx.storyId
			) ?? [];
		// Pending: nobody sees it under the story, the owner does not have it yet.
		expect(await shown(null)).toEqual([]);
		expect(await ownerReflections(ctx.db, ctx.owner, ctx.storyId)).toEqual([]);
		const [pending] = await pendingReflections(ctx.db, ctx.curator, ctx.w.initiativeId);
		expect(pending).toMatchObject({
			id,
			aboutStory: true,
			story: { id: ctx.storyId, title: 'Bus stop' }
		});

		await moderateReflection(ctx.db, ctx.curator.id, ctx.w.initiativeId, id, 'approved');
		// The participant is told, with ids only.
		const [told] = await ctx.db
			.select()
			.from(notifications)
			.where(eq(notifications.kind, 'reflection_approved'));
		expect(told).toMatchObject({
			userId: ctx.owner.id,
			params: { reflectionId: id, exhibitionId: ctx.exhibition.id, storyId: ctx.storyId }
		});
		// Approved but not chosen: still not public; not in the exhibition's guest book either.
		expect(await shown(null)).toEqual([]);
		expect(await guestBook(ctx.db, null, ctx.exhibition.id)).toEqual([]);
		expect(await unreadOwnerReflections(ctx.db, ctx.owner, ctx.storyId)).toBe(1);
		expect(await unreadOwnerReflections(ctx.db, ctx.partner, ctx.storyId)).toBe(0);
		expect((await ownerReflections(ctx.db, ctx.owner, ctx.storyId)).map((r) => r.id)).toEqual([id]);
		for (const viewer of [null, ctx.partner, ctx.curator])
			expect(await ownerReflections(ctx.db, viewer, ctx.storyId)).toEqual([]);
		await markReflectionsRead(ctx.db, await fresh(ctx.db, ctx.owner, ctx.storyId));
		expect(await unreadOwnerReflections(ctx.db, ctx.owner, ctx.storyId)).toBe(0);

		expect(
			await showReflection(ctx.db, await fresh(ctx.db, ctx.owner, ctx.storyId), id, true)
		).toBe(true);
		for (const viewer of [null, ctx.partner, ctx.outsider])
			expect((await shown(viewer)).map((r) => r.id)).toEqual([id]);
		// Hidden again: gone from the page.
		await showReflection(ctx.db, await fresh(ctx.db, ctx.owner, ctx.storyId), id, false);
		expect(await shown(null)).toEqual([]);
		await showReflection(ctx.db, await fresh(ctx.db, ctx.owner, ctx.storyId), id, true);

		// Withdrawal: nothing about the story shows, on the next request.
		await withdrawPlacement(
			ctx.db,
			await fresh(ctx.db, ctx.owner, ctx.storyId),
			ctx.placementId,
			words('no more')
		);
		for (const viewer of [null, ctx.partner, ctx.outsider, ctx.curator])
			expect(await shown(viewer)).toEqual([]);
		expect(
			await readReflectionTarget(ctx.db, null, ctx.exhibition.slug, ctx.storyId)
		).toBeUndefined();
		// A curator still names it while it is in their pool (the next test: once it is not)…
		const again = await send(ctx, { storyId: ctx.storyId });
		const rows = await pendingReflections(ctx.db, ctx.curator, ctx.w.initiativeId);
		expect(rows.find((r) => r.id === again)?.story?.id).toBe(ctx.storyId);
		// …and the participant still has it.
		expect((await ownerReflections(ctx.db, ctx.owner, ctx.storyId)).map((r) => r.id)).toEqual([id]);
	});

	it('the curator sees no story title once the story is neither in the pool nor standing', async () => {
		const ctx = await world();
		const id = await send(ctx, { storyId: ctx.storyId });
		const { unshareStory } = await import('../../src/lib/server/consent');
		await withdrawPlacement(
			ctx.db,
			await fresh(ctx.db, ctx.owner, ctx.storyId),
			ctx.placementId,
			words('no more')
		);
		await unshareStory(ctx.db, await fresh(ctx.db, ctx.owner, ctx.storyId), words('stop'));
		const [row] = await pendingReflections(ctx.db, ctx.curator, ctx.w.initiativeId);
		expect(row).toMatchObject({ id, aboutStory: true, story: null });
		expect(JSON.stringify(row)).not.toContain('Bus stop');
	});
});
