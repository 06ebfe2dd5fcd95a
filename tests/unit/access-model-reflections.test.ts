// The gate for reflections (src/lib/server/access/reflections.ts) in drawn worlds
// (tests/fixtures/worlds.ts), each with reflections of every status drawn on its exhibitions
// and stories. Who may see an exhibition and who curates is decided here in plain code over the
// world's arrays, as in tests/unit/access-model.test.ts; whether a story is visible in a context
// is asked of the story gate itself (readStory), which that test already holds to its
// reference model. So this checks what reflections add: pending and rejected never public,
// a story reflection public only when approved and shown and its story visible, curators
// naming a story only while they may see it, owners seeing only their own.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { POOL, inExhibition, inPreview, readStory, type Viewer } from '../../src/lib/server/access';
import {
	guestBook,
	ownerReflections,
	pendingReflections,
	shownStoryReflections
} from '../../src/lib/server/access/reflections';
import { reflections, REFLECTION_STATUSES } from '../../src/lib/server/db/schema';
import {
	clearWorld,
	generateWorld,
	insertWorld,
	rng,
	type WExhibition,
	type World
} from '../fixtures/worlds';
import { testDb } from '../fixtures/factories';
import type { Db } from '../../src/lib/server/db';

const WORLDS = Number(process.env.ACCESS_MODEL_REFLECTION_WORLDS ?? 60);
const SEED = Number(process.env.ACCESS_MODEL_SEED ?? 0x5eed);

interface WReflection {
	id: string;
	exhibitionId: string;
	storyId: string | null;
	status: (typeof REFLECTION_STATUSES)[number];
	shown: boolean;
	at: number;
}

function active(w: World, userId: string) {
	const user = w.users.find((u) => u.id === userId);
	return user !== undefined && !user.disabled;
}

function memberships(w: World, userId: string, initiativeId: string) {
	return w.memberships.filter((m) => m.userId === userId && m.initiativeId === initiativeId);
}

function curates(w: World, viewer: Viewer, initiativeId: string) {
	if (viewer === null || !active(w, viewer.id)) return false;
	if (w.users.find((u) => u.id === viewer.id)?.isAdmin) return true;
	return memberships(w, viewer.id, initiativeId).some((m) => m.role === 'curator');
}

function seesExhibition(w: World, viewer: Viewer, e: WExhibition) {
	if (e.status !== 'published') return false;
	if (w.initiatives.find((i) => i.id === e.initiativeId)?.archived) return false;
	if (e.audience === 'public') return true;
	if (viewer === null || !active(w, viewer.id)) return false;
	const mine = memberships(w, viewer.id, e.initiativeId);
	if (e.audience === 'partners') return mine.length > 0;
	return mine.some((m) => m.workingGroupIds.some((g) => e.workingGroupIds.includes(g)));
}

/** Reflections of every kind on the world's exhibitions: on the whole, on placed stories, on others. */
function drawReflections(w: World, seed: number): WReflection[] {
	const r = rng(seed);
	const out: WReflection[] = [];
	let k = 0;
	for (const e of w.exhibitions) {
		const placed = w.placements.filter((p) => p.exhibitionId === e.id).map((p) => p.storyId);
		const others = w.stories.filter((s) => s.initiativeId === e.initiativeId).map((s) => s.id);
		// Every placed story gets one approved and shown: the case most worth checking.
		for (const storyId of placed)
			out.push({
				id: `rf-${seed}-${k}`,
				exhibitionId: e.id,
				storyId,
				status: 'approved',
				shown: true,
				at: w.now.getTime() - 1000 * ++k
			});
		const count = r.int(0, 5);
		for (let i = 0; i < count; i++) {
			const pick = r.int(0, 2);
			const storyId =
				pick === 0 || (placed.length === 0 && others.length === 0)
					? null
					: pick === 1 && placed.length > 0
						? placed[r.int(0, placed.length - 1)]!
						: others.length > 0
							? others[r.int(0, others.length - 1)]!
							: null;
			out.push({
				id: `rf-${seed}-${k}`,
				exhibitionId: e.id,
				storyId,
				status: REFLECTION_STATUSES[r.int(0, REFLECTION_STATUSES.length - 1)]!,
				shown: r.int(0, 1) === 1,
				at: w.now.getTime() - 1000 * ++k
			});
		}
	}
	return out;
}

async function insertReflections(db: Db, rows: WReflection[]) {
	if (rows.length === 0) return;
	await db.insert(reflections).values(
		rows.map((x) => ({
			id: x.id,
			exhibitionId: x.exhibitionId,
			storyId: x.storyId,
			kind: 'reflection' as const,
			body: `words ${x.id}`,
			language: 'en' as const,
			status: x.status,
			shownByOwnerAt: x.shown ? new Date(x.at) : null,
			createdAt: new Date(x.at)
		}))
	);
}

interface Reach {
	/** (viewer, reflection) pairs shown under a story, and approved + shown ones not shown there. */
	underStory: number;
	notUnderStory: number;
	inBook: number;
	named: number;
	unnamed: number;
}

async function examine(db: Db, w: World, rows: WReflection[], reach: Reach): Promise<string[]> {
	const problems: string[] = [];
	const viewers: Viewer[] = [null, ...w.users.map((u) => ({ id: u.id, isAdmin: u.isAdmin }))];
	const sorted = (ids: string[]) => [...ids].sort();
	for (const viewer of viewers) {
		const who = viewer?.id ?? 'anonymous';
		for (const e of w.exhibitions) {
			// The guest book: approved, on the whole exhibition, to those who see the exhibition.
			const book = (await guestBook(db, viewer, e.id, 1000)).map((x) => x.id);
			const expectedBook = seesExhibition(w, viewer, e)
				? rows.filter((x) => x.exhibitionId === e.id && !x.storyId && x.status === 'approved')
				: [];
			reach.inBook += book.length;
			if (sorted(book).join() !== sorted(expectedBook.map((x) => x.id)).join())
				problems.push(`guestBook ${who} ${e.id}: ${book} ≠ ${expectedBook.map((x) => x.id)}`);

			// Under the stories: approved, shown by the participant, the story visible there now.
			const storyIds = w.stories.map((s) => s.id);
			const under = await shownStoryReflections(db, viewer, e.id, storyIds, w.now);
			const got = [...under.values()].flat().map((x) => x.id);
			const expected: string[] = [];
			for (const x of rows)
				if (x.exhibitionId === e.id && x.storyId && x.status === 'approved' && x.shown) {
					if (await readStory(db, viewer, x.storyId, inExhibition(e.id), w.now))
						expected.push(x.id);
					else reach.notUnderStory += 1;
				}
			reach.underStory += got.length;
			if (sorted(got).join() !== sorted(expected).join())
				problems.push(`shownStoryReflections ${who} ${e.id}: ${got} ≠ ${expected}`);
		}
		// Moderation: pending ones of the initiative, to its curators; a story named only while
		// the curator may see it in the pool or in that exhibition's preview.
		for (const initiative of w.initiatives) {
			const list = await pendingReflections(db, viewer, initiative.id, w.now);
			const expectedPending = curates(w, viewer, initiative.id)
				? rows.filter(
						(x) =>
							x.status === 'pending' &&
							w.exhibitions.find((e) => e.id === x.exhibitionId)?.initiativeId === initiative.id
					)
				: [];
			if (sorted(list.map((x) => x.id)).join() !== sorted(expectedPending.map((x) => x.id)).join())
				problems.push(`pendingReflections ${who} ${initiative.id}`);
			for (const item of list) {
				const x = rows.find((y) => y.id === item.id)!;
				const named = x.storyId
					? Boolean(
							(await readStory(db, viewer, x.storyId, POOL, w.now)) ??
							(await readStory(db, viewer, x.storyId, inPreview(x.exhibitionId), w.now))
						)
					: false;
				if (x.storyId) reach[named ? 'named' : 'unnamed'] += 1;
				if ((item.story !== null) !== named || item.aboutStory !== (x.storyId !== null))
					problems.push(`pendingReflections ${who} ${item.id}: named ${item.story !== null}`);
			}
		}
		// The participant: the approved ones about their own stories, and nobody else's.
		for (const s of w.stories) {
			const mine = (await ownerReflections(db, viewer, s.id)).map((x) => x.id);
			const expectedMine =
				viewer?.id === s.ownerId
					? rows.filter((x) => x.storyId === s.id && x.status === 'approved').map((x) => x.id)
					: [];
			if (sorted(mine).join() !== sorted(expectedMine).join())
				problems.push(`ownerReflections ${who} ${s.id}: ${mine} ≠ ${expectedMine}`);
		}
	}
	return problems;
}

describe('the gate for reflections, in drawn worlds', () => {
	it(`agrees in ${WORLDS} drawn worlds (seed ${SEED})`, { timeout: 600_000 }, async () => {
		const db = await testDb();
		const reach: Reach = { underStory: 0, notUnderStory: 0, inBook: 0, named: 0, unnamed: 0 };
		for (let index = 0; index < WORLDS; index++) {
			const seed = (SEED + 0x20000 + index) >>> 0;
			const w = generateWorld(seed);
			await db.run(sql`DELETE FROM reflections`);
			await clearWorld(db);
			await insertWorld(db, w);
			const rows = drawReflections(w, seed ^ 0x4ef1);
			await insertReflections(db, rows);
			const problems = await examine(db, w, rows, reach);
			if (problems.length > 0)
				expect.fail(`world seed ${seed}:\n${problems.slice(0, 10).join('\n')}`);
			await new Promise((resolve) => setImmediate(resolve));
		}
		console.info(`reflections in drawn worlds: ${JSON.stringify(reach)}`);
		// The draws reach every interesting case.
		for (const [what, count] of Object.entries(reach)) expect(count, what).toBeGreaterThan(0);
	});
});
