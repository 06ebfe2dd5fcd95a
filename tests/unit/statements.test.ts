// The gate decides a list in a constant number of SQL statements (docs/consent.md, "Reading
// many at once"): the exhibition page, the theme page, a story page and an image request run
// as many statements for an exhibition of 60 stories as for one of 5, and a public page view
// writes nothing at all.
import { describe, expect, it } from 'vitest';
import { rgbaToThumbHash } from 'thumbhash';
import type { Client } from '@libsql/client';
import { initDatabase, type Db } from '../../src/lib/server/db';
import {
	ownStory,
	readDerivative,
	inExhibition,
	type OwnedStory
} from '../../src/lib/server/access';
import { decidePlacement, shareStory, showTerms } from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import { visitExhibition, visitStory, visitTheme } from '../../src/lib/server/exhibitions/visit';
import {
	createStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import { newId } from '../../src/lib/server/ids';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { MIGRATIONS, giveRole, makeUser, makeWorld, text, type World } from '../fixtures/factories';
import { countStatements } from '../fixtures/statements';

const words = (t: string) => ({ text: t, locale: 'en' as const });
const thumbhash = Buffer.from(
	rgbaToThumbHash(4, 4, new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 37) % 256)))
).toString('base64');

/** A published public exhibition of `n` stories by three participants, two photos each. */
async function exhibitionOf(db: Db, w: World, n: number) {
	const owners = [];
	for (let i = 0; i < 3; i += 1) {
		const owner = await makeUser(db, { displayName: `Owner ${i}` });
		await giveRole(db, owner, w.initiativeId, 'participant');
		owners.push(owner);
	}
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text(`Exhibition of ${n}`),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [w.themeIds[0]!],
			endsAt: null
		},
		text('Stories')
	);
	const exhibition = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
	const made: { storyId: string; photoIds: string[]; owner: (typeof owners)[number] }[] = [];
	for (let i = 0; i < n; i += 1) {
		const owner = owners[i % owners.length]!;
		const storyId = await createStory(db, owner, {
			initiativeId: w.initiativeId,
			title: `Story ${i}`,
			language: 'en'
		});
		const own = async () => (await ownStory(db, owner, storyId)) as OwnedStory;
		const photoIds = [newId(), newId()];
		for (const id of photoIds) {
			await insertPhoto(db, await own(), {
				id,
				masterKey: `m/${id}`,
				masterWidth: 1200,
				masterHeight: 800,
				framing: DEFAULT_FRAMING,
				width: 1200,
				height: 800,
				thumbhash,
				derivatives: [320, 1024].flatMap((width) =>
					(['jpeg', 'webp'] as const).map((kind) => ({
						kind,
						width,
						height: Math.round((width * 2) / 3),
						storageKey: `d/${id}-${kind}-${width}`,
						bytes: 1000
					}))
				)
			});
			await updatePhotoText(db, await own(), id, { altText: `Photo ${id}`, caption: '' });
		}
		await setStoryStatus(db, await own(), 'finished');
		await shareStory(db, await own(), words('share'));
		const e = await exhibition();
		expect(
			await proposePlacement(db, curator.id, e, await own(), {
				sectionId: e.sections[0]!.id,
				size: 'medium',
				note: '',
				themeIds: [w.themeIds[0]!]
			})
		).toBe('ok');
		made.push({ storyId, photoIds, owner });
	}
	await setExhibitionStatus(db, curator.id, await exhibition(), 'published');
	for (const p of (await exhibition()).placements) {
		const m = made.find((x) => x.storyId === p.storyId)!;
		const own = (await ownStory(db, m.owner, m.storyId)) as OwnedStory;
		expect(
			await decidePlacement(
				db,
				own,
				p.id,
				{
					approve: {
						photoIds: m.photoIds,
						attribution: 'anonymous',
						pseudonym: '',
						expiresAt: null
					},
					shown: (await showTerms(db, p.id))!
				},
				words('I agree')
			)
		).toBe('ok');
	}
	return { ...(await exhibition()), made };
}

const noHeaders = () => {};

async function measure(n: number) {
	const { db, client } = await initDatabase({ url: ':memory:', migrationsDir: MIGRATIONS });
	const w = await makeWorld(db);
	const e = await exhibitionOf(db, w, n);
	const counter = countStatements(client as Client);
	const counts: Record<string, number> = {};
	const writes: string[] = [];
	const run = async (name: string, work: () => Promise<unknown>) => {
		counter.take();
		await work();
		const ran = counter.take();
		counts[name] = ran.length;
		writes.push(...ran.filter((s) => s.write).map((s) => `${name}: ${s.sql}`));
	};
	let shownStories = 0;
	await run('exhibition', async () => {
		const { model } = await visitExhibition(null, e.slug, 'en', noHeaders);
		shownStories = model.sections.flatMap((s) => s.items).length;
	});
	expect(shownStories).toBe(n);
	// Signed in, the viewer's own facts are one more statement, whatever the number of stories.
	const signedIn = { id: e.made[0]!.owner.id, isAdmin: false };
	await run('exhibition signed in', async () => {
		const { model } = await visitExhibition(signedIn, e.slug, 'en', noHeaders);
		expect(model.sections.flatMap((s) => s.items)).toHaveLength(n);
	});
	let themePage = { shown: 0, total: 0 };
	await run('theme', async () => {
		const page = await visitTheme(null, w.themeIds[0]!, 'en', noHeaders);
		themePage = {
			shown: page.exhibitions.flatMap((x) => x.stories).length,
			total: page.page.total
		};
	});
	// A page of PAGE_SIZE (50) at most.
	expect(themePage).toEqual({ shown: Math.min(n, 50), total: n });
	const story = e.made[n - 1]!;
	await run('story', async () => {
		const { view } = await visitStory(null, e.slug, story.storyId, 'en', noHeaders);
		expect(view.photos.length).toBe(2);
	});
	await run('image', async () => {
		const found = await readDerivative(
			db,
			null,
			{ photoId: story.photoIds[1]!, version: 1, kind: 'webp', width: 320 },
			inExhibition(e.id)
		);
		expect(found?.storageKey).toBe(`d/${story.photoIds[1]}-webp-320`);
	});
	counter.restore();
	return { counts, writes };
}

describe('statements per request', () => {
	it('do not grow with the number of stories, and a public page view writes nothing', async () => {
		// Both worlds live in the one process-wide database (initDatabase opens it once); the
		// second is a new initiative, so its pages show only its own 60 stories.
		const small = await measure(5);
		const { counts: large, writes } = await measure(60);
		console.log(
			`statements (5 stories / 60 stories): ${Object.keys(small.counts)
				.map((k) => `${k} ${small.counts[k]} / ${large[k]}`)
				.join(', ')}`
		);
		expect(large).toEqual(small.counts);
		expect([...small.writes, ...writes]).toEqual([]);
	}, 120_000);
});
