// The response gate (src/lib/server/access/responses.ts) against the reference model
// (tests/fixtures/access-reference.ts), in random worlds (tests/fixtures/worlds.ts) with random
// responses written straight into the database (as if any write path had put them there). For
// every viewer: which responses they see, whether the story each is about is shown beside it,
// whether they may add to it, which they see as the story's owner; and for every exhibition (and
// every story placed in it) what they may record on it — working groups and themes.
//
// Environment: RESPONSE_MODEL_SEED (default random, shown in the test's name), RESPONSE_MODEL_WORLDS
// (default 60).
import { describe, expect, it } from 'vitest';
import {
	listResponses,
	recordingChoices,
	visibleResponsesSql,
	type Viewer
} from '../../src/lib/server/access';
import { responses } from '../../src/lib/server/db/schema';
import type { Db } from '../../src/lib/server/db';
import { testDb } from '../fixtures/factories';
import {
	clearWorld,
	clientOf,
	describeWorld,
	generateWorld,
	insertWorld,
	normalize,
	rng,
	type World
} from '../fixtures/worlds';
import {
	active,
	initiativeArchived,
	membershipsIn,
	refCurates,
	refSees,
	refSeesExhibition,
	refStanding,
	storyOpen
} from '../fixtures/access-reference';
import { inExhibition, inPreview } from '../../src/lib/server/access';

function envInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer ≥ 0`);
	return value;
}

const SEED = envInt('RESPONSE_MODEL_SEED', Math.floor(Math.random() * 2 ** 32)) >>> 0;
const WORLDS = envInt('RESPONSE_MODEL_WORLDS', 60);

interface WResponse {
	id: string;
	initiativeId: string;
	workingGroupId: string;
	exhibitionId: string;
	subject: 'story' | 'exhibition';
	storyId: string | null;
}

// =======================================================================================
// The reference: who sees a response, and the story beside it.

const partnerOf = (w: World, viewer: NonNullable<Viewer>, initiativeId: string) =>
	membershipsIn(w, viewer.id, initiativeId).some((m) => m.role === 'partner');

function refOwnsFor(w: World, viewer: Viewer, r: WResponse): boolean {
	if (viewer === null || !active(w, viewer.id)) return false;
	if (r.subject === 'story')
		return w.stories.some((s) => s.id === r.storyId && s.ownerId === viewer.id);
	return w.stories.some(
		(s) => s.ownerId === viewer.id && storyOpen(w, s) && refStanding(w, r.exhibitionId, s.id)
	);
}

function refSeesResponse(w: World, viewer: Viewer, r: WResponse): boolean {
	if (viewer === null || !active(w, viewer.id)) return false;
	return (
		refCurates(w, viewer, r.initiativeId) ||
		partnerOf(w, viewer, r.initiativeId) ||
		refOwnsFor(w, viewer, r)
	);
}

function refStoryBeside(w: World, viewer: Viewer, r: WResponse): boolean {
	const story = w.stories.find((s) => s.id === r.storyId);
	if (!story || r.subject !== 'story') return false;
	if (viewer !== null && story.ownerId === viewer.id) return true;
	return (
		refSees(w, viewer, story, inExhibition(r.exhibitionId)) ||
		refSees(w, viewer, story, inPreview(r.exhibitionId))
	);
}

/** The working groups a viewer writes for: every group as a curator, their own as a partner. */
function refWritesFor(w: World, viewer: Viewer, initiativeId: string, groupId: string): boolean {
	if (viewer === null || !active(w, viewer.id)) return false;
	if (refCurates(w, viewer, initiativeId)) return true;
	return membershipsIn(w, viewer.id, initiativeId).some(
		(m) => m.role === 'partner' && m.workingGroupIds.includes(groupId)
	);
}

/** What may be recorded on (exhibition, story?): groups → themes, or undefined. */
function refRecording(
	w: World,
	viewer: Viewer,
	exhibitionId: string,
	storyId: string | null
): Map<string, string[]> | undefined {
	if (viewer === null || !active(w, viewer.id)) return undefined;
	const exhibition = w.exhibitions.find((e) => e.id === exhibitionId)!;
	if (exhibition.status !== 'published' || initiativeArchived(w, exhibition.initiativeId))
		return undefined;
	const curator = refCurates(w, viewer, exhibition.initiativeId);
	if (!curator && !partnerOf(w, viewer, exhibition.initiativeId)) return undefined;
	let themeIds: string[];
	if (storyId) {
		const story = w.stories.find((s) => s.id === storyId)!;
		if (
			!refSees(w, viewer, story, inExhibition(exhibitionId)) &&
			!refSees(w, viewer, story, inPreview(exhibitionId))
		)
			return undefined;
		const standing = refStanding(w, exhibitionId, storyId)!;
		// The themes it informs there, as its participant approved them.
		themeIds = standing.placement.themeIds.filter((t) =>
			standing.approval.terms.themeIds.includes(t)
		);
	} else {
		if (!refSeesExhibition(w, viewer, exhibitionId) && !curator) return undefined;
		themeIds = exhibition.themeIds;
	}
	const groups = new Map<string, string[]>();
	for (const g of w.groups) {
		if (g.initiativeId !== exhibition.initiativeId) continue;
		if (!refWritesFor(w, viewer, g.initiativeId, g.id)) continue;
		groups.set(
			g.id,
			w.themes
				.filter((t) => t.groupId === g.id && themeIds.includes(t.id))
				.map((t) => t.id)
				.sort()
		);
	}
	return groups.size > 0 ? groups : undefined;
}

// =======================================================================================
// Random responses, written straight into the database.

async function insertResponses(db: Db, w: World, seed: number): Promise<WResponse[]> {
	const r = rng(seed ^ 0x5eed);
	const made: WResponse[] = [];
	const statements: { sql: string; args: (string | number | null)[] }[] = [];
	const t = w.now.getTime();
	for (let i = r.int(0, 8); i > 0; i--) {
		if (w.exhibitions.length === 0) break;
		const exhibition = r.pick(w.exhibitions);
		const groups = w.groups.filter((g) => g.initiativeId === exhibition.initiativeId);
		if (groups.length === 0) continue;
		const placed = w.placements.filter((p) => p.exhibitionId === exhibition.id);
		const subject = placed.length > 0 && r.chance(0.7) ? 'story' : 'exhibition';
		const storyId =
			subject === 'story' ? (r.chance(0.9) ? r.pick(placed).storyId : r.pick(w.stories).id) : null;
		const response: WResponse = {
			id: `r${made.length}`,
			initiativeId: exhibition.initiativeId,
			workingGroupId: r.pick(groups).id,
			exhibitionId: exhibition.id,
			subject,
			storyId
		};
		made.push(response);
		statements.push({
			sql: `INSERT INTO responses (id, initiative_id, working_group_id, exhibition_id, subject, story_id, kind, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 'insight', ?)`,
			args: [
				response.id,
				response.initiativeId,
				response.workingGroupId,
				response.exhibitionId,
				subject,
				storyId,
				t - made.length
			]
		});
		for (let k = r.int(1, 2); k > 0; k--) {
			const entryId = `${response.id}e${k}`;
			statements.push({
				sql: `INSERT INTO response_entries (id, response_id, status, body, language) VALUES (?, ?, 'noted', 'words', 'en')`,
				args: [entryId, response.id]
			});
			const owner = w.stories.find((s) => s.id === storyId)?.ownerId;
			if (owner && r.chance(0.5))
				statements.push({
					sql: `INSERT INTO response_answers (id, entry_id, kind, language, author_id) VALUES (?, ?, 'thanks', 'en', ?)`,
					args: [`${entryId}a`, entryId, owner]
				});
		}
	}
	if (statements.length) await clientOf(db).batch(statements, 'write');
	return made;
}

async function clearResponses(db: Db) {
	await clientOf(db).batch(
		['DELETE FROM response_answers', 'DELETE FROM response_entries', 'DELETE FROM responses'],
		'write'
	);
}

const viewersOf = (w: World): Viewer[] => [
	null,
	...w.users.map((u) => ({ id: u.id, isAdmin: u.isAdmin }))
];
const showViewer = (v: Viewer) => (v === null ? 'anonymous' : v.id);
const sortedIds = (ids: Iterable<string>) => [...ids].sort();

async function checkWorld(db: Db, w: World, list: WResponse[]) {
	const where = (what: string) =>
		`${what}\n${describeWorld(w)}\nresponses: ${JSON.stringify(list)}`;
	for (const viewer of viewersOf(w)) {
		const seen = await listResponses(db, viewer, {}, w.now);
		const expected = list.filter((r) => refSeesResponse(w, viewer, r));
		// The SQL condition alone selects exactly the same.
		const bySql = await db
			.select({ id: responses.id })
			.from(responses)
			.where(visibleResponsesSql(viewer, w.now));
		expect(sortedIds(bySql.map((r) => r.id)), where(`SQL for ${showViewer(viewer)}`)).toEqual(
			sortedIds(expected.map((r) => r.id))
		);
		expect(
			sortedIds(seen.map((s) => s.response.id)),
			where(`responses seen by ${showViewer(viewer)}`)
		).toEqual(sortedIds(expected.map((r) => r.id)));
		for (const view of seen) {
			const r = list.find((x) => x.id === view.response.id)!;
			const label = `${r.id} for ${showViewer(viewer)}`;
			expect(view.story !== null, where(`story beside ${label}`)).toBe(
				refStoryBeside(w, viewer, r)
			);
			expect(view.canUpdate, where(`may update ${label}`)).toBe(
				refWritesFor(w, viewer, r.initiativeId, r.workingGroupId)
			);
			expect(view.asOwner, where(`as owner ${label}`)).toBe(refOwnsFor(w, viewer, r));
			// The participant's name beside an answer only when the story is shown.
			if (view.story === null)
				for (const e of view.entries) expect(e.answer?.byline ?? null).toBeNull();
		}
		const mine = await listResponses(db, viewer, { mine: true }, w.now);
		expect(
			sortedIds(mine.filter((m) => m.asOwner).map((m) => m.response.id)),
			where(`own responses of ${showViewer(viewer)}`)
		).toEqual(sortedIds(list.filter((r) => refOwnsFor(w, viewer, r)).map((r) => r.id)));
		// What they may record, on each exhibition and on each story placed in it.
		for (const exhibition of w.exhibitions) {
			const targets = [
				null,
				...w.placements.filter((p) => p.exhibitionId === exhibition.id).map((p) => p.storyId)
			];
			for (const storyId of targets) {
				const got = await recordingChoices(
					db,
					viewer,
					{ exhibitionId: exhibition.id, storyId },
					w.now
				);
				const want = refRecording(w, viewer, exhibition.id, storyId);
				const label = `recording on ${exhibition.id}/${storyId ?? '-'} by ${showViewer(viewer)}`;
				expect(got === undefined, where(label)).toBe(want === undefined);
				if (got && want)
					expect(
						new Map(got.groups.map((g) => [g.id, g.themes.map((t) => t.id).sort()])),
						where(label)
					).toEqual(want);
			}
		}
	}
}

describe(`the response gate against the reference model (seed ${SEED})`, () => {
	it(`agrees in ${WORLDS} random worlds`, { timeout: 600_000 }, async () => {
		const db = await testDb();
		let seen = 0;
		for (let i = 0; i < WORLDS; i++) {
			const seed = (SEED + i) >>> 0;
			const w = normalize(generateWorld(seed));
			await clearResponses(db);
			await clearWorld(db);
			await insertWorld(db, w);
			const list = await insertResponses(db, w, seed);
			seen += list.length;
			await checkWorld(db, w, list);
		}
		expect(seen).toBeGreaterThan(0);
	});
});
