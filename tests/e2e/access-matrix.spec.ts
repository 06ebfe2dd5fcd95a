// Every role × every story state, over HTTP against the built server: the owner's pages, the
// curators' pool, the exhibition page with its wall and print views, the story's page in the
// exhibition, the theme page the exhibitions inform, and every derivative URL in every context
// answer 200 exactly when the rules say so, and 404 (or a login redirect for owner pages)
// otherwise.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { appDb, BASE_URL } from './fixtures';
import {
	giveRole,
	makeUser,
	makeWorld,
	sessionFor,
	text,
	type TestUser
} from '../fixtures/factories';
import { phoneJpeg } from '../fixtures/photos';
import { createStory, setStoryStatus, updatePhotoText } from '../../src/lib/server/stories';
import { addPhoto } from '../../src/lib/server/media/photos';
import {
	ownStory,
	OWNER,
	readPhotos,
	inExhibition,
	inPreview,
	POOL
} from '../../src/lib/server/access';
import { endMembership } from '../../src/lib/server/consent/membership';
import { setAccountDisabled } from '../../src/lib/server/people';
import { setInitiativeArchived } from '../../src/lib/server/initiatives';
import { memberships } from '../../src/lib/server/db/schema';
import { and, eq } from 'drizzle-orm';
import {
	decidePlacement,
	shareStory,
	withdrawPlacement,
	showTerms
} from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import { photoViews } from '../../src/lib/server/media/views';
import type { Audience } from '../../src/lib/server/db/schema';

type State =
	'draft' | 'finished' | 'shared' | 'pending' | 'approved' | 'declined' | 'withdrawn' | 'expired';

test('the access matrix: roles × story states × pages and derivative URLs', async ({
	playwright
}) => {
	test.setTimeout(300_000);
	const db = await appDb();
	const a = await makeWorld(db);
	const b = await makeWorld(db);
	const [wg1] = a.workingGroupIds;
	const owner = await makeUser(db);
	await giveRole(db, owner, a.initiativeId, 'participant');
	const viewers: Record<string, TestUser | null> = { anonymous: null, owner };
	const add = async (
		name: string,
		initiative: string,
		role: 'participant' | 'curator' | 'partner',
		groups: string[] = []
	) => {
		const user = await makeUser(db);
		await giveRole(db, user, initiative, role, groups);
		viewers[name] = user;
	};
	await add('otherParticipant', a.initiativeId, 'participant');
	await add('curatorHere', a.initiativeId, 'curator');
	await add('curatorElsewhere', b.initiativeId, 'curator');
	await add('partnerHere', a.initiativeId, 'partner');
	await add('partnerElsewhere', b.initiativeId, 'partner');
	await add('groupMember', a.initiativeId, 'partner', [wg1]);
	await add('groupNonMember', b.initiativeId, 'partner', [b.workingGroupIds[0]]);
	viewers.admin = a.admin;

	const curator = viewers.curatorHere!;
	const theme = a.themeIds[0]!;
	const exhibition = async (name: string, audience: Audience, publish: boolean) => {
		const id = await createExhibition(
			db,
			curator.id,
			a.initiativeId,
			{
				title: text(name),
				introduction: {},
				audience,
				workingGroupIds: audience === 'working_group' ? [wg1] : [],
				themeIds: [theme],
				endsAt: null
			},
			text('Stories')
		);
		if (publish)
			await setExhibitionStatus(
				db,
				curator.id,
				(await getExhibition(db, a.initiativeId, id))!,
				'published'
			);
		return (await getExhibition(db, a.initiativeId, id))!;
	};
	const exhibitions = {
		public: await exhibition('Public one', 'public', true),
		partners: await exhibition('Partners one', 'partners', true),
		group: await exhibition('Group one', 'working_group', true),
		draft: await exhibition('Draft one', 'public', false)
	};

	// One story per state (and per exhibition for approved), each with one real photo.
	const photoBytes = await phoneJpeg(700, 500);
	const uploads = join(process.env.E2E_DATA_DIR as string, 'tmp');
	await mkdir(uploads, { recursive: true });
	type Case = {
		name: string;
		state: State;
		exhibition: keyof typeof exhibitions | null;
		storyId: string;
		title: string;
	};
	const cases: Case[] = [];
	const plan: [State, keyof typeof exhibitions | null][] = [
		['draft', null],
		['finished', null],
		['shared', null],
		['pending', 'public'],
		['approved', 'public'],
		['approved', 'partners'],
		['approved', 'group'],
		['approved', 'draft'],
		['declined', 'public'],
		['withdrawn', 'public'],
		['expired', 'public']
	];
	for (const [i, [state, where]] of plan.entries()) {
		const title = `Matrix story ${i} ${state} ${where ?? ''}`.trim();
		const storyId = await createStory(db, owner, {
			initiativeId: a.initiativeId,
			title,
			language: 'en'
		});
		const path = join(uploads, `matrix-${Date.now()}-${i}`);
		await writeFile(path, photoBytes);
		const photo = await addPhoto(db, (await ownStory(db, owner, storyId))!, path);
		await updatePhotoText(db, (await ownStory(db, owner, storyId))!, photo.id, {
			altText: 'A street',
			caption: ''
		});
		if (state !== 'draft')
			await setStoryStatus(db, (await ownStory(db, owner, storyId))!, 'finished');
		if (!['draft', 'finished'].includes(state))
			await shareStory(db, (await ownStory(db, owner, storyId))!, { text: 'share', locale: 'en' });
		if (where) {
			const ex = (await getExhibition(db, a.initiativeId, exhibitions[where].id))!;
			await proposePlacement(db, curator.id, ex, (await ownStory(db, owner, storyId))!, {
				sectionId: ex.sections[0]!.id,
				size: 'medium',
				note: '',
				themeIds: [theme]
			});
			const placement = (await getExhibition(db, a.initiativeId, ex.id))!.placements.find(
				(p) => p.storyId === storyId
			)!;
			const story = (await ownStory(db, owner, storyId))!;
			const approve = async (expiresAt: Date | null) =>
				decidePlacement(
					db,
					story,
					placement.id,
					{
						approve: { photoIds: [photo.id], attribution: 'anonymous', pseudonym: '', expiresAt },
						shown: (await showTerms(db, placement.id))!
					},
					{ text: 'yes', locale: 'en' }
				);
			if (state === 'approved') await approve(null);
			if (state === 'expired') await approve(new Date(Date.now() - 60_000));
			if (state === 'declined')
				await decidePlacement(
					db,
					story,
					placement.id,
					{ decline: true },
					{ text: 'no', locale: 'en' }
				);
			if (state === 'withdrawn') {
				await approve(null);
				await withdrawPlacement(db, (await ownStory(db, owner, storyId))!, placement.id, {
					text: 'withdraw',
					locale: 'en'
				});
			}
		}
		cases.push({ name: `${state}@${where ?? '-'}`, state, exhibition: where, storyId, title });
	}

	// The rules, plainly.
	const memberHere = (v: string) =>
		['owner', 'otherParticipant', 'curatorHere', 'partnerHere', 'groupMember'].includes(v);
	const inAudience = (v: string, where: keyof typeof exhibitions) => {
		const audience = exhibitions[where].audience;
		if (audience === 'public') return true;
		if (audience === 'partners') return memberHere(v);
		return v === 'groupMember';
	};
	const exhibitionOpen = (v: string, where: keyof typeof exhibitions) =>
		where !== 'draft' && inAudience(v, where);
	const inPool = (c: Case) => !['draft', 'finished'].includes(c.state);
	const shownIn = (v: string, c: Case, where: keyof typeof exhibitions) =>
		c.exhibition === where && c.state === 'approved' && exhibitionOpen(v, where);

	const contexts: Record<string, APIRequestContext> = {};
	for (const [name, user] of Object.entries(viewers)) {
		const headers: Record<string, string> = {};
		if (user) headers.Cookie = `session=${(await sessionFor(db, user)).token}`;
		contexts[name] = await playwright.request.newContext({
			baseURL: BASE_URL,
			extraHTTPHeaders: headers,
			maxRedirects: 0
		});
	}

	const failures: string[] = [];
	const check = async (viewer: string, url: string, allowed: boolean, containing?: string) => {
		// Thousands of requests on kept-alive sockets: one may meet the server closing an idle
		// socket (ECONNRESET). A browser sends such a GET again; so does this test, once.
		const response = await contexts[viewer]!.get(url).catch((error: Error) => {
			if (!/ECONNRESET|socket hang up/.test(error.message)) throw error;
			return contexts[viewer]!.get(url);
		});
		const status = response.status();
		const ok = status === 200 && (!containing || (await response.text()).includes(containing));
		const denied =
			status === 404 ||
			(viewer === 'anonymous' && status === 303) ||
			(status === 200 && containing !== undefined && !(await response.text()).includes(containing));
		if (allowed ? !ok : !denied)
			failures.push(`${viewer} ${url}: expected ${allowed ? 'visible' : 'hidden'}, got ${status}`);
	};

	for (const c of cases) {
		const story = (await ownStory(db, owner, c.storyId))!;
		const ownerPhotos = await readPhotos(db, owner, c.storyId, OWNER);
		const urlsFor = async (context: Parameters<typeof photoViews>[2]) =>
			(await photoViews(db, ownerPhotos, context)).flatMap((p) => [
				p.fallback,
				...p.webp.split(', ').map((s) => s.split(' ')[0]!)
			]);
		for (const viewer of Object.keys(viewers)) {
			const isOwner = viewer === 'owner';
			await check(viewer, `/participate/${a.initiativeId}/stories/${c.storyId}`, isOwner);
			for (const url of await urlsFor({ kind: 'owner' })) await check(viewer, url, isOwner);
			const curates = viewer === 'curatorHere' || viewer === 'admin';
			await check(viewer, `/curate/${a.initiativeId}/pool/${c.storyId}`, curates && inPool(c));
			for (const url of await urlsFor(POOL)) await check(viewer, url, curates && inPool(c));
			for (const where of Object.keys(exhibitions) as (keyof typeof exhibitions)[]) {
				const ex = exhibitions[where];
				const shown = shownIn(viewer, c, where);
				await check(viewer, `/exhibitions/${ex.slug}/${c.storyId}`, shown);
				for (const url of await urlsFor(inExhibition(ex.id))) await check(viewer, url, shown);
				// The exhibition page and its wall and print views: open to its audience, with this
				// story only when shown.
				for (const view of ['', '/wall', '/print'])
					if (exhibitionOpen(viewer, where))
						await check(viewer, `/exhibitions/${ex.slug}${view}`, shown, c.title);
					else await check(viewer, `/exhibitions/${ex.slug}${view}`, false);
			}
			// The theme every exhibition informs: open to all, naming the story only where shown.
			const anywhere = (Object.keys(exhibitions) as (keyof typeof exhibitions)[]).some((w) =>
				shownIn(viewer, c, w)
			);
			await check(viewer, `/themes/${theme}`, anywhere, c.title);
			void story;
		}
	}
	for (const ctx of Object.values(contexts)) await ctx.dispose();
	expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
});

// The same, for the people and places whose standing changed: a disabled owner (their stories
// hidden from all), a disabled viewer (their session gone: anonymous), a participant whose
// membership was removed (their story shown as agreed; My stories theirs), and an archived
// initiative (its pool and previews closed, in the gate, for its curators and admins too).
test('the access matrix: disabled owners and viewers, removed participants, archived initiatives', async ({
	playwright
}) => {
	test.setTimeout(300_000);
	const db = await appDb();
	const a = await makeWorld(db);
	const theme = a.themeIds[0]!;
	const curator = await makeUser(db);
	await giveRole(db, curator, a.initiativeId, 'curator');
	const partner = await makeUser(db);
	await giveRole(db, partner, a.initiativeId, 'partner');
	const disabledPartner = await makeUser(db);
	await giveRole(db, disabledPartner, a.initiativeId, 'partner');
	const people = {
		kept: await makeUser(db),
		disabled: await makeUser(db),
		archived: await makeUser(db)
	};
	for (const who of Object.values(people)) await giveRole(db, who, a.initiativeId, 'participant');
	const elsewhere = await makeWorld(db, `Closing ${Date.now()}`);
	await giveRole(db, people.archived, elsewhere.initiativeId, 'participant');
	const closingCurator = await makeUser(db);
	await giveRole(db, closingCurator, elsewhere.initiativeId, 'curator');

	const photoBytes = await phoneJpeg(640, 480);
	const uploads = join(process.env.E2E_DATA_DIR as string, 'tmp');
	await mkdir(uploads, { recursive: true });
	const exhibitionIn = async (initiativeId: string, actor: string, audience: Audience) => {
		const id = await createExhibition(
			db,
			actor,
			initiativeId,
			{
				title: text(`Standing ${audience}`),
				introduction: {},
				audience,
				workingGroupIds: [],
				themeIds: initiativeId === a.initiativeId ? [theme] : [],
				endsAt: null
			},
			text('Stories')
		);
		return (await getExhibition(db, initiativeId, id))!;
	};
	/** A shared story with one photo, approved in a published exhibition of its initiative. */
	const shownStory = async (
		owner: TestUser,
		initiativeId: string,
		actor: string,
		audience: Audience
	) => {
		const title = `Standing story ${owner.username}`;
		const storyId = await createStory(db, owner, { initiativeId, title, language: 'en' });
		const path = join(uploads, `standing-${Date.now()}-${owner.id}`);
		await writeFile(path, photoBytes);
		const photo = await addPhoto(db, (await ownStory(db, owner, storyId))!, path);
		await updatePhotoText(db, (await ownStory(db, owner, storyId))!, photo.id, {
			altText: 'A yard',
			caption: ''
		});
		await setStoryStatus(db, (await ownStory(db, owner, storyId))!, 'finished');
		await shareStory(db, (await ownStory(db, owner, storyId))!, { text: 'share', locale: 'en' });
		const ex = await exhibitionIn(initiativeId, actor, audience);
		await proposePlacement(db, actor, ex, (await ownStory(db, owner, storyId))!, {
			sectionId: ex.sections[0]!.id,
			size: 'medium',
			note: '',
			themeIds: initiativeId === a.initiativeId ? [theme] : []
		});
		const placement = (await getExhibition(db, initiativeId, ex.id))!.placements[0]!;
		expect(
			await decidePlacement(
				db,
				(await ownStory(db, owner, storyId))!,
				placement.id,
				{
					approve: {
						photoIds: [photo.id],
						attribution: 'anonymous',
						pseudonym: '',
						expiresAt: null
					},
					shown: (await showTerms(db, placement.id))!
				},
				{ text: 'yes', locale: 'en' }
			)
		).toBe('ok');
		await setExhibitionStatus(
			db,
			actor,
			(await getExhibition(db, initiativeId, ex.id))!,
			'published'
		);
		return { storyId, title, exhibition: ex, photos: await readPhotos(db, owner, storyId, OWNER) };
	};
	const kept = await shownStory(people.kept, a.initiativeId, curator.id, 'public');
	const hidden = await shownStory(people.disabled, a.initiativeId, curator.id, 'public');
	const partnersOnly = await shownStory(people.kept, a.initiativeId, curator.id, 'partners');
	const closing = await shownStory(
		people.archived,
		elsewhere.initiativeId,
		closingCurator.id,
		'public'
	);

	// Sessions first, then what changes their standing.
	const sessions: Record<string, TestUser | null> = {
		anonymous: null,
		curator,
		partner,
		disabledPartner,
		kept: people.kept,
		disabledOwner: people.disabled,
		closingCurator,
		admin: a.admin
	};
	const contexts: Record<string, APIRequestContext> = {};
	for (const [name, user] of Object.entries(sessions)) {
		const headers: Record<string, string> = {};
		if (user) headers.Cookie = `session=${(await sessionFor(db, user)).token}`;
		contexts[name] = await playwright.request.newContext({
			baseURL: BASE_URL,
			extraHTTPHeaders: headers,
			maxRedirects: 0
		});
	}
	const membershipOf = async (user: TestUser, initiativeId: string) =>
		(
			await db
				.select({ id: memberships.id })
				.from(memberships)
				.where(and(eq(memberships.userId, user.id), eq(memberships.initiativeId, initiativeId)))
		)[0]!.id;
	const keptMembership = await membershipOf(people.kept, a.initiativeId);
	await db.transaction((tx) => endMembership(tx, a.admin.id, keptMembership, 'keep'));
	for (const who of [people.disabled, disabledPartner])
		expect(
			await db.transaction((tx) => setAccountDisabled(tx, a.admin.id, who.id, true, 'Matrix.'))
		).toBe('ok');
	await setInitiativeArchived(db, a.admin.id, elsewhere.initiativeId, true);

	const failures: string[] = [];
	const check = async (viewer: string, url: string, allowed: boolean, containing?: string) => {
		const response = await contexts[viewer]!.get(url).catch((error: Error) => {
			if (!/ECONNRESET|socket hang up/.test(error.message)) throw error;
			return contexts[viewer]!.get(url);
		});
		const status = response.status();
		const body = status === 200 && containing ? await response.text() : '';
		const ok = status === 200 && (!containing || body.includes(containing));
		const denied =
			status === 404 ||
			(status === 303 && (response.headers()['location'] ?? '').startsWith('/login')) ||
			(status === 200 && containing !== undefined && !body.includes(containing));
		if (allowed ? !ok : !denied)
			failures.push(`${viewer} ${url}: expected ${allowed ? 'visible' : 'hidden'}, got ${status}`);
	};
	const urlsOf = async (photos: typeof kept.photos, context: Parameters<typeof photoViews>[2]) =>
		(await photoViews(db, photos, context)).flatMap((p) => [
			p.fallback,
			...p.webp.split(', ').map((x) => x.split(' ')[0]!)
		]);
	const everyone = Object.keys(sessions);

	for (const viewer of everyone) {
		// A removed participant's story stays as agreed; only its owner reaches it in My stories,
		// and no longer through the initiative's participant pages.
		await check(viewer, `/exhibitions/${kept.exhibition.slug}/${kept.storyId}`, true);
		for (const url of await urlsOf(kept.photos, inExhibition(kept.exhibition.id)))
			await check(viewer, url, true);
		await check(viewer, `/me/stories/${kept.storyId}`, viewer === 'kept');
		await check(viewer, `/participate/${a.initiativeId}/stories/${kept.storyId}`, false);
		await check(
			viewer,
			`/curate/${a.initiativeId}/pool/${kept.storyId}`,
			viewer === 'curator' || viewer === 'admin'
		);
		// Partner-only: its audience is the members; neither the removed owner nor a disabled
		// partner (now anonymous) is one.
		const member = viewer === 'curator' || viewer === 'partner';
		await check(viewer, `/exhibitions/${partnersOnly.exhibition.slug}`, member);
		await check(
			viewer,
			`/exhibitions/${partnersOnly.exhibition.slug}/${partnersOnly.storyId}`,
			member
		);

		// A disabled owner's story: nowhere, for nobody.
		await check(viewer, `/exhibitions/${hidden.exhibition.slug}/${hidden.storyId}`, false);
		await check(viewer, `/exhibitions/${hidden.exhibition.slug}`, false, hidden.title);
		for (const url of await urlsOf(hidden.photos, inExhibition(hidden.exhibition.id)))
			await check(viewer, url, false);
		await check(viewer, `/curate/${a.initiativeId}/pool/${hidden.storyId}`, false);
		for (const url of await urlsOf(hidden.photos, POOL)) await check(viewer, url, false);
		await check(viewer, `/themes/${theme}`, false, hidden.title);
		await check(viewer, `/themes/${theme}`, true, kept.title);

		// An archived initiative: its pool and previews are closed in the gate, for its curators
		// and admins too, and so are its exhibitions.
		await check(viewer, `/curate/${elsewhere.initiativeId}/pool/${closing.storyId}`, false);
		for (const url of await urlsOf(closing.photos, POOL)) await check(viewer, url, false);
		for (const url of await urlsOf(closing.photos, inPreview(closing.exhibition.id)))
			await check(viewer, url, false);
		await check(viewer, `/exhibitions/${closing.exhibition.slug}/${closing.storyId}`, false);
		for (const url of await urlsOf(closing.photos, inExhibition(closing.exhibition.id)))
			await check(viewer, url, false);
	}
	// A disabled person's session is gone: their next request is anonymous.
	for (const viewer of ['disabledPartner', 'disabledOwner']) {
		const response = await contexts[viewer]!.get('/me');
		expect(response.status(), viewer).toBe(303);
		expect(response.headers()['location'], viewer).toMatch(/^\/login/);
	}
	expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
	for (const ctx of Object.values(contexts)) await ctx.dispose();
});
