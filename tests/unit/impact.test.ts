// The impact report (docs/impact.md): counts right for events inside and outside the period,
// the status of each response as of the end of the period, per working group, and a CSV that
// Excel reads (BOM, RFC 4180), that no cell turns into a formula, and that carries no person's
// name, no story title and no words anyone wrote.
import { describe, expect, it } from 'vitest';
import { impactReport } from '../../src/lib/server/impact';
import { BOM, csvField, defuse, impactCsv } from '../../src/lib/server/impact/csv';
import { defaultDays, readRange, type ImpactRange } from '../../src/lib/server/impact/range';
import { midnight } from '../../src/lib/server/days';
import {
	consentEvents,
	exhibitions,
	reflections,
	responseEntries,
	responses,
	workingGroups,
	type ConsentKind,
	type ResponseStatus
} from '../../src/lib/server/db/schema';
import { createStory } from '../../src/lib/server/stories';
import { newId } from '../../src/lib/server/ids';
import { giveRole, makeUser, makeWorld, testDb, text } from '../fixtures/factories';
import { eq } from 'drizzle-orm';

const STORY_TITLE = 'Zebra crossing at Nablus Road';
const OWNER_NAME = 'Yasmin Haddad-Levi';
const OWNER_USERNAME = 'yasmin_private_login';
const ENTRY_WORDS = 'We moved the bus stop because of this story';
const REFLECTION_WORDS = 'I will walk my children to school differently';
const VISITOR_NAME = 'Visitor Rahel Amsalem';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const rangeOf = (from: string, to: string): ImpactRange => {
	const read = readRange(new URLSearchParams({ from, to }), 'UTC');
	if (!read.ok) throw new Error(read.problem);
	return read.range;
};

async function fixture() {
	const db = await testDb();
	const w = await makeWorld(db);
	const other = await makeWorld(db);
	const owner = await makeUser(db, { displayName: OWNER_NAME, username: OWNER_USERNAME });
	await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const story = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: STORY_TITLE,
		language: 'en'
	});
	const story2 = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: `${STORY_TITLE} (2)`,
		language: 'en'
	});
	const foreign = await createStory(db, owner, {
		initiativeId: other.initiativeId,
		title: 'Elsewhere',
		language: 'en'
	});
	const exhibition = async (initiativeId: string, publishedAt: Date | null) => {
		const id = newId();
		await db.insert(exhibitions).values({
			id,
			initiativeId,
			slug: `ex-${id}`,
			title: text('Exhibition'),
			introduction: {},
			audience: 'public',
			status: publishedAt ? 'published' : 'draft',
			updatedAt: new Date(),
			publishedAt
		});
		return id;
	};
	const ex1 = await exhibition(w.initiativeId, day('2026-03-10'));
	const ex2 = await exhibition(w.initiativeId, day('2025-11-30')); // before the period
	await exhibition(w.initiativeId, null); // never published
	await exhibition(other.initiativeId, day('2026-03-10')); // another initiative
	const event = (storyId: string, kind: ConsentKind, at: string, placementId?: string) =>
		db.insert(consentEvents).values({
			storyId,
			kind,
			at: day(at),
			actorId: owner.id,
			exhibitionId: placementId ? ex1 : null,
			placementId: placementId ?? null,
			text: 'The exact words I agreed to'
		});
	// Inside the period (2026-01-01 … 2026-06-30).
	await event(story, 'shared', '2026-01-05');
	await event(story, 'unshared', '2026-01-06');
	await event(story, 'shared', '2026-01-07'); // same story again: one story shared
	await event(story2, 'shared', '2026-02-01');
	await event(story, 'approved', '2026-02-02', 'pl1');
	await event(story, 'approved', '2026-04-02', 'pl1'); // re-approval of the same placement
	await event(story2, 'approved', '2026-02-03', 'pl2');
	await event(story2, 'declined', '2026-02-04', 'pl3');
	await event(story2, 'withdrawn', '2026-05-04', 'pl2');
	await event(story, 'withdrawn_story', '2026-06-30');
	await event(story2, 'withdrawn_everything', '2026-06-15');
	// Outside: before, after, and in another initiative.
	await event(story, 'shared', '2025-12-31');
	await event(story, 'approved', '2026-07-01', 'pl4');
	await event(foreign, 'shared', '2026-03-01');

	const [groupA, groupB] = w.workingGroupIds;
	const archived = newId();
	await db.insert(workingGroups).values({
		id: archived,
		initiativeId: w.initiativeId,
		title: text('Old group'),
		description: {},
		archivedAt: new Date()
	});
	const response = async (
		groupId: string,
		createdAt: string,
		entries: [ResponseStatus, string][],
		initiativeId = w.initiativeId,
		exhibitionId = ex1
	) => {
		const id = newId();
		await db.insert(responses).values({
			id,
			initiativeId,
			workingGroupId: groupId,
			exhibitionId,
			subject: 'story',
			storyId: story,
			kind: 'decision',
			authorId: curator.id,
			createdAt: day(createdAt),
			updatedAt: day(createdAt)
		});
		for (const [status, at] of entries)
			await db.insert(responseEntries).values({
				id: newId(),
				responseId: id,
				status,
				body: ENTRY_WORDS,
				language: 'en',
				authorId: curator.id,
				createdAt: day(at)
			});
		return id;
	};
	// Group A: recorded in the period, discussed, then acted on after the period ends:
	// as of the end date it is "discussed".
	await response(groupA, '2026-02-01', [
		['noted', '2026-02-01'],
		['discussed', '2026-03-01'],
		['acted_on', '2026-08-01']
	]);
	// Group A: recorded before the period, acted on inside it (counts, not as recorded in it).
	await response(groupA, '2025-10-01', [
		['noted', '2025-10-01'],
		['acted_on', '2026-04-01']
	]);
	// Group A: recorded before and untouched in the period: not counted.
	await response(groupA, '2025-09-01', [['noted', '2025-09-01']]);
	// Group B: recorded after the period: not counted.
	await response(groupB, '2026-07-02', [['noted', '2026-07-02']]);
	// Group B: not taken forward, inside.
	await response(groupB, '2026-06-30', [['not_taken_forward', '2026-06-30']]);
	// Another initiative's group: never here.
	const otherEx = await exhibition(other.initiativeId, null);
	await response(
		other.workingGroupIds[0],
		'2026-03-01',
		[['noted', '2026-03-01']],
		other.initiativeId,
		otherEx
	);

	const reflection = async (
		exhibitionId: string,
		createdAt: string,
		kind: 'reflection' | 'commitment',
		status: 'pending' | 'approved' | 'rejected',
		moderatedAt?: string
	) =>
		db.insert(reflections).values({
			id: newId(),
			exhibitionId,
			storyId: story,
			kind,
			body: REFLECTION_WORDS,
			language: 'en',
			authorName: VISITOR_NAME,
			status,
			moderatedAt: moderatedAt ? day(moderatedAt) : null,
			createdAt: day(createdAt)
		});
	await reflection(ex1, '2026-02-10', 'reflection', 'approved', '2026-02-11');
	await reflection(ex1, '2026-02-12', 'commitment', 'pending');
	await reflection(ex1, '2026-06-30', 'commitment', 'approved', '2026-07-02'); // approved after
	await reflection(ex2, '2025-12-20', 'reflection', 'approved', '2026-01-02'); // received before
	await reflection(ex1, '2026-03-01', 'reflection', 'rejected', '2026-03-02');
	await reflection(otherEx, '2026-03-01', 'reflection', 'approved', '2026-03-02');
	return { db, w, groupA, groupB, archived };
}

describe('the impact report', () => {
	it('counts what happened in the period, in this initiative only', async () => {
		const { db, w, groupA, groupB } = await fixture();
		const report = await impactReport(db, w.initiativeId, rangeOf('2026-01-01', '2026-06-30'));
		expect(report.consent).toEqual({
			shared: 2,
			approved: 2,
			declined: 1,
			withdrawn: 1,
			withdrawn_story: 1,
			withdrawn_everything: 1
		});
		expect(report.exhibitionsPublished).toBe(1);
		expect(report.reflections).toEqual({ received: 4, commitments: 2, approved: 2 });
		const a = report.workingGroups.find((g) => g.id === groupA)!;
		const b = report.workingGroups.find((g) => g.id === groupB)!;
		expect(a.byStatus).toEqual({ noted: 0, discussed: 1, acted_on: 1, not_taken_forward: 0 });
		expect(a.total).toBe(2);
		expect(a.recorded).toBe(1);
		expect(b.byStatus).toEqual({ noted: 0, discussed: 0, acted_on: 0, not_taken_forward: 1 });
		expect(b.recorded).toBe(1);
		// Only this initiative's groups; an archived group without responses is left out.
		expect(report.workingGroups.map((g) => g.id).sort()).toEqual([groupA, groupB].sort());
	});

	it('gives each response its status as of the end of the period', async () => {
		const { db, w, groupA, groupB } = await fixture();
		// The end date moves past the acted_on entry of 2026-08-01.
		const later = await impactReport(db, w.initiativeId, rangeOf('2026-01-01', '2026-08-01'));
		const a = later.workingGroups.find((g) => g.id === groupA)!;
		expect(a.byStatus).toEqual({ noted: 0, discussed: 0, acted_on: 2, not_taken_forward: 0 });
		const b = later.workingGroups.find((g) => g.id === groupB)!;
		expect(b.byStatus.noted).toBe(1);
		expect(b.total).toBe(2);
		// A period before anything happened: zeros everywhere.
		const empty = await impactReport(db, w.initiativeId, rangeOf('2020-01-01', '2020-12-31'));
		expect(empty.consent.shared).toBe(0);
		expect(empty.workingGroups.every((g) => g.total === 0)).toBe(true);
		expect(empty.reflections).toEqual({ received: 0, commitments: 0, approved: 0 });
	});

	it('counts the first and last day of the period whole', async () => {
		const { db, w } = await fixture();
		// 2026-06-30 is the day of a whole-story withdrawal; 2026-07-01 an approval.
		const one = await impactReport(db, w.initiativeId, rangeOf('2026-06-30', '2026-06-30'));
		expect(one.consent.withdrawn_story).toBe(1);
		expect(one.consent.approved).toBe(0);
		const next = await impactReport(db, w.initiativeId, rangeOf('2026-07-01', '2026-07-01'));
		expect(next.consent.approved).toBe(1);
	});

	it('shows an archived group that had responses in the period', async () => {
		const { db, w, archived } = await fixture();
		const ex = await db
			.select()
			.from(exhibitions)
			.where(eq(exhibitions.initiativeId, w.initiativeId));
		await db.insert(responses).values({
			id: 'r'.repeat(16),
			initiativeId: w.initiativeId,
			workingGroupId: archived,
			exhibitionId: ex[0]!.id,
			subject: 'exhibition',
			kind: 'insight',
			createdAt: day('2026-02-01'),
			updatedAt: day('2026-02-01')
		});
		await db.insert(responseEntries).values({
			id: 'e'.repeat(16),
			responseId: 'r'.repeat(16),
			status: 'noted',
			language: 'en',
			createdAt: day('2026-02-01')
		});
		const report = await impactReport(db, w.initiativeId, rangeOf('2026-01-01', '2026-06-30'));
		const group = report.workingGroups.find((g) => g.id === archived);
		expect(group?.archived).toBe(true);
		expect(group?.byStatus.noted).toBe(1);
	});
});

describe('the impact CSV', () => {
	it('starts with a BOM, uses CRLF, is translated, and names no person and no story', async () => {
		const { db, w } = await fixture();
		const range = rangeOf('2026-01-01', '2026-06-30');
		const report = await impactReport(db, w.initiativeId, range);
		for (const locale of ['he', 'ar', 'en'] as const) {
			const csv = impactCsv(report, range, locale);
			expect(csv.startsWith(BOM)).toBe(true);
			expect(csv.endsWith('\r\n')).toBe(true);
			expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
			for (const secret of [
				STORY_TITLE,
				OWNER_NAME,
				OWNER_USERNAME,
				ENTRY_WORDS,
				REFLECTION_WORDS,
				VISITOR_NAME,
				'The exact words I agreed to'
			])
				expect(csv).not.toContain(secret);
			const lines = csv.slice(1).trimEnd().split('\r\n');
			// Header, 7 consent and exhibition rows, 6 per working group (2), 3 reflection rows.
			expect(lines).toHaveLength(1 + 7 + 2 * 6 + 3);
			expect(lines.every((l) => l.startsWith('2026-01-01,2026-06-30,') || l === lines[0])).toBe(
				true
			);
		}
		const he = impactCsv(report, range, 'he');
		expect(he).toContain('קבוצת דיור');
		expect(he).toContain('סיפורים ששותפו');
		const en = impactCsv(report, range, 'en');
		expect(en).toContain('2026-01-01,2026-06-30,Stories shared with the curators,,2\r\n');
		expect(en).toContain('2026-01-01,2026-06-30,Discussed,Housing group,1\r\n');
	});

	it('quotes as RFC 4180 says and never starts a cell with a formula', async () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField(12)).toBe('12');
		for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'])
			expect(defuse(bad)).toBe(`'${bad}`);
		expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		// A working group named like a formula reaches the file defused.
		const { db, w, groupA } = await fixture();
		await db
			.update(workingGroups)
			.set({ title: text('=cmd|"/c calc"!A1, group') })
			.where(eq(workingGroups.id, groupA));
		const range = rangeOf('2026-01-01', '2026-06-30');
		const csv = impactCsv(await impactReport(db, w.initiativeId, range), range, 'en');
		expect(csv).toContain(`,"'=cmd|""/c calc""!A1, group",`);
		expect(csv).not.toMatch(/(^|,)=/m);
	});
});

describe('the period', () => {
	it('defaults to the last twelve months and checks the days', () => {
		const now = new Date('2026-12-01T10:00:00Z');
		expect(defaultDays('UTC', now)).toEqual({ from: '2025-12-02', to: '2026-12-01' });
		const read = readRange(new URLSearchParams(), 'UTC', now);
		expect(read.ok && [read.range.fromDay, read.range.toDay]).toEqual(['2025-12-02', '2026-12-01']);
		const backwards = readRange(
			new URLSearchParams({ from: '2026-05-02', to: '2026-05-01' }),
			'UTC'
		);
		expect(backwards).toMatchObject({ ok: false, problem: 'impact_error_order' });
		for (const bad of ['2026-02-30', 'yesterday', '26-01-01', '1999-01-01'])
			expect(readRange(new URLSearchParams({ from: bad, to: '2026-05-01' }), 'UTC')).toMatchObject({
				ok: false,
				problem: 'impact_error_date'
			});
		const same = readRange(new URLSearchParams({ from: '2026-05-01', to: '2026-05-01' }), 'UTC');
		expect(same.ok).toBe(true);
	});

	it('starts and ends at midnight in the time zone', () => {
		// Jerusalem is UTC+2 in winter, UTC+3 in summer.
		expect(midnight(2026, 1, 1, 'Asia/Jerusalem').toISOString()).toBe('2025-12-31T22:00:00.000Z');
		expect(midnight(2026, 7, 1, 'Asia/Jerusalem').toISOString()).toBe('2026-06-30T21:00:00.000Z');
		const read = readRange(
			new URLSearchParams({ from: '2026-03-01', to: '2026-03-31' }),
			'Asia/Jerusalem'
		);
		expect(read.ok && read.range.from.toISOString()).toBe('2026-02-28T22:00:00.000Z');
		// Summer time starts on 27 March 2026 in Israel: the end is midnight of 1 April, UTC+3.
		expect(read.ok && read.range.to.toISOString()).toBe('2026-03-31T21:00:00.000Z');
	});
});
