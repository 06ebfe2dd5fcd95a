// The gate for working groups' responses (docs/knowledge-returns.md, "Who sees a response").
//
// A viewer sees a response when, and only when, their account is active and:
//   curator     — they curate its initiative, or are an admin;
//   partner     — they are a partner of its initiative (any working group: the impact of one
//                 group's work is the initiative's common knowledge);
//   owner       — it is about their story (a story response), or about an exhibition in which
//                 a placement of a story of theirs stands now (an exhibition response).
// Anonymous visitors and other participants never see a response.
//
// The story a response is about is shown beside it only while the gate shows that story to this
// viewer: its owner always; anyone else only while it stands in the response's exhibition for
// them (the exhibition context, or a curator's preview). After a withdrawal the response stays
// with the working group, without the story's title, text, photos or the participant's name.
//
// Who may record one: a partner who is a member of the working group (through their partner
// membership), or a curator (admin) of the initiative for any of its working groups; on a story
// they can see in a published exhibition (exhibition context, or preview while published), or on
// an exhibition they can see (published). The theme, if any: for a story, one the standing
// placement informs as its participant approved it; for an exhibition, one of its themes; and it
// belongs to the chosen working group.
//
// As the story gate does, each rule exists as an SQL condition (the list is filtered in SQL)
// and as a plain-code check over facts loaded for every row together: a constant number of
// statements however many responses a page shows.
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionThemes,
	exhibitions,
	initiatives,
	membershipWorkingGroups,
	memberships,
	placements,
	responseAnswers,
	responseEntries,
	responses,
	stories,
	themes,
	users,
	workingGroups
} from '../db/schema';
import { NOTHING, curates, termsHoldSql, type ViewerFacts, type Viewer } from './rules';
import {
	decideStories,
	exhibitionFactsOf,
	exhibitionOpenTo,
	factsAbout,
	inExhibition,
	inPreview,
	standingPlacementIds
} from './index';
import type { LocalizedText } from '../../localized';

export type ResponseRow = typeof responses.$inferSelect;
export type EntryRow = typeof responseEntries.$inferSelect;
export type AnswerRow = typeof responseAnswers.$inferSelect;

// ---------------------------------------------------------------------------------------
// SQL: the responses in scope (`responses`) this viewer may see.

export function visibleResponsesSql(viewer: Viewer, now: Date): SQL {
	if (!viewer) return NOTHING;
	return sql`EXISTS (SELECT 1 FROM ${users} vu WHERE vu.id = ${viewer.id} AND vu.disabled_at IS NULL
		AND (vu.is_admin = 1
			OR EXISTS (SELECT 1 FROM ${memberships} m WHERE m.user_id = vu.id
				AND m.initiative_id = ${responses.initiativeId} AND m.role IN ('curator', 'partner'))
			OR (${responses.subject} = 'story' AND EXISTS (SELECT 1 FROM ${stories} rs
				WHERE rs.id = ${responses.storyId} AND rs.owner_id = vu.id))
			OR (${responses.subject} = 'exhibition' AND EXISTS (SELECT 1 FROM ${placements} op
				JOIN ${exhibitions} oe ON oe.id = op.exhibition_id
				JOIN ${stories} os ON os.id = op.story_id
				WHERE op.exhibition_id = ${responses.exhibitionId} AND os.owner_id = vu.id
				AND oe.initiative_id = os.initiative_id AND ${termsHoldSql('op', 'oe', now)}
				AND EXISTS (SELECT 1 FROM ${initiatives} oi
					WHERE oi.id = os.initiative_id AND oi.archived_at IS NULL)))))`;
}

// ---------------------------------------------------------------------------------------
// Plain code

const partnerOf = (facts: ViewerFacts, initiativeId: string) =>
	facts.active && Boolean(facts.roles.get(initiativeId)?.has('partner'));

/** The working groups the viewer belongs to through a partner membership of the initiative. */
async function partnerGroupsOf(ex: Executor, viewer: Viewer, initiativeIds: string[]) {
	const found = new Map<string, Set<string>>();
	if (!viewer || initiativeIds.length === 0) return found;
	const rows = await ex
		.select({
			initiativeId: memberships.initiativeId,
			groupId: membershipWorkingGroups.workingGroupId
		})
		.from(memberships)
		.innerJoin(membershipWorkingGroups, eq(membershipWorkingGroups.membershipId, memberships.id))
		.where(
			and(
				eq(memberships.userId, viewer.id),
				eq(memberships.role, 'partner'),
				inArray(memberships.initiativeId, [...new Set(initiativeIds)])
			)
		);
	for (const r of rows) {
		const set = found.get(r.initiativeId) ?? new Set();
		set.add(r.groupId);
		found.set(r.initiativeId, set);
	}
	return found;
}

/** May this viewer add to the trail of a response of this working group? */
function writesFor(
	facts: ViewerFacts,
	groups: Map<string, Set<string>>,
	initiativeId: string,
	workingGroupId: string
) {
	if (!facts.active) return false;
	if (curates(facts, initiativeId)) return true;
	return partnerOf(facts, initiativeId) && Boolean(groups.get(initiativeId)?.has(workingGroupId));
}

const bylineOf = (
	attribution: { kind: string; pseudonym: string },
	owner: { displayName: string | null; username: string } | undefined
) =>
	attribution.kind === 'own_name'
		? owner
			? owner.displayName || owner.username
			: null
		: attribution.kind === 'pseudonym'
			? attribution.pseudonym.trim() || null
			: null;

export interface ResponseView {
	response: ResponseRow;
	exhibition: { id: string; slug: string; title: LocalizedText };
	workingGroup: { id: string; title: LocalizedText };
	theme: { id: string; title: LocalizedText } | null;
	/** The story beside it, only while the gate shows it to this viewer. */
	story: {
		id: string;
		title: string;
		language: EntryRow['language'];
		byline: string | null;
	} | null;
	/** The viewer owns the story (or a story standing in the exhibition) it is about. */
	asOwner: boolean;
	/** The viewer may add status entries to it. */
	canUpdate: boolean;
	entries: {
		entry: EntryRow;
		answer: (AnswerRow & { byline: string | null }) | null;
	}[];
}

export interface ResponseFilter {
	initiativeId?: string;
	responseId?: string;
	themeId?: string;
	/** A story's responses, and the exhibition responses of exhibitions it is placed in. */
	storyId?: string;
	/** Only those this viewer sees as a story's owner. */
	mine?: boolean;
}

/**
 * The responses this viewer may see, newest first, each with its trail, the participant's
 * answers and — only when the gate shows it to this viewer — the story it is about.
 */
export async function listResponses(
	ex: Executor,
	viewer: Viewer,
	filter: ResponseFilter,
	now = new Date()
): Promise<ResponseView[]> {
	if (!viewer) return [];
	const conditions: (SQL | undefined)[] = [visibleResponsesSql(viewer, now)];
	if (filter.initiativeId) conditions.push(eq(responses.initiativeId, filter.initiativeId));
	if (filter.responseId) conditions.push(eq(responses.id, filter.responseId));
	if (filter.themeId) conditions.push(eq(responses.themeId, filter.themeId));
	if (filter.storyId)
		conditions.push(
			or(
				eq(responses.storyId, filter.storyId),
				sql`(${responses.subject} = 'exhibition' AND EXISTS (SELECT 1 FROM ${placements} fp
					WHERE fp.story_id = ${filter.storyId} AND fp.exhibition_id = ${responses.exhibitionId}))`
			)
		);
	if (filter.mine)
		conditions.push(
			sql`(EXISTS (SELECT 1 FROM ${stories} ms WHERE ms.id = ${responses.storyId}
				AND ms.owner_id = ${viewer.id}) OR (${responses.subject} = 'exhibition'
				AND EXISTS (SELECT 1 FROM ${placements} mp JOIN ${stories} mps ON mps.id = mp.story_id
				WHERE mp.exhibition_id = ${responses.exhibitionId} AND mps.owner_id = ${viewer.id})))`
		);
	const rows = await ex
		.select({
			response: responses,
			story: stories,
			exhibition: { id: exhibitions.id, slug: exhibitions.slug, title: exhibitions.title },
			workingGroup: { id: workingGroups.id, title: workingGroups.title },
			themeTitle: themes.title
		})
		.from(responses)
		.innerJoin(exhibitions, eq(exhibitions.id, responses.exhibitionId))
		.innerJoin(workingGroups, eq(workingGroups.id, responses.workingGroupId))
		.leftJoin(themes, eq(themes.id, responses.themeId))
		.leftJoin(stories, eq(stories.id, responses.storyId))
		.where(and(...conditions))
		.orderBy(asc(responses.updatedAt));
	rows.reverse();
	if (rows.length === 0) return [];

	// The facts, for every row together.
	const initiativeIds = [...new Set(rows.map((r) => r.response.initiativeId))];
	const exhibitionResponseIds = [
		...new Set(rows.filter((r) => r.response.subject === 'exhibition').map((r) => r.exhibition.id))
	];
	const [facts, groups, ownPlaced] = await Promise.all([
		factsAbout(ex, viewer),
		partnerGroupsOf(ex, viewer, initiativeIds),
		exhibitionResponseIds.length
			? ex
					.select({ id: placements.id, exhibitionId: placements.exhibitionId })
					.from(placements)
					.innerJoin(stories, eq(stories.id, placements.storyId))
					.where(
						and(
							inArray(placements.exhibitionId, exhibitionResponseIds),
							eq(stories.ownerId, viewer.id)
						)
					)
			: Promise.resolve([])
	]);
	const standing = await standingPlacementIds(
		ex,
		[...new Set(ownPlaced.map((p) => p.exhibitionId))],
		now
	);
	const ownerIn = new Set(ownPlaced.filter((p) => standing.has(p.id)).map((p) => p.exhibitionId));
	const ownsStory = (r: (typeof rows)[number]) =>
		r.response.subject === 'story' && r.story !== null && r.story.ownerId === viewer.id;
	const asOwner = (r: (typeof rows)[number]) =>
		ownsStory(r) || (r.response.subject === 'exhibition' && ownerIn.has(r.exhibition.id));
	const seen = rows.filter(
		(r) =>
			facts.active &&
			(curates(facts, r.response.initiativeId) ||
				partnerOf(facts, r.response.initiativeId) ||
				asOwner(r))
	);
	if (seen.length === 0) return [];

	// The story beside each: owner, or visible in the response's exhibition (or its preview).
	const withStory = seen.filter((r) => r.story !== null && !ownsStory(r));
	const asks = withStory.flatMap((r) => [
		{ story: r.story!, context: inExhibition(r.exhibition.id) },
		{ story: r.story!, context: inPreview(r.exhibition.id) }
	]);
	const decided = asks.length ? await decideStories(ex, viewer, asks, now, { facts }) : [];
	const shownPlacement = new Map<string, { kind: string; pseudonym: string }>();
	withStory.forEach((r, i) => {
		const inExh = decided[2 * i]!;
		const inPrev = decided[2 * i + 1]!;
		const d = inExh.allowed ? inExh : inPrev;
		if (d.allowed && d.placement)
			shownPlacement.set(r.response.id, {
				kind: d.placement.attribution,
				pseudonym: d.placement.pseudonym
			});
	});
	// The participant's attribution for their own story (their answers, as the group sees them):
	// the placement in the response's exhibition, as approved.
	const ownerIds = [
		...new Set(
			withStory.filter((r) => shownPlacement.has(r.response.id)).map((r) => r.story!.ownerId)
		)
	];
	const responseIds = seen.map((r) => r.response.id);
	const [owners, entryRows] = await Promise.all([
		ownerIds.length
			? ex
					.select({ id: users.id, displayName: users.displayName, username: users.username })
					.from(users)
					.where(inArray(users.id, ownerIds))
			: Promise.resolve([]),
		ex
			.select()
			.from(responseEntries)
			.where(inArray(responseEntries.responseId, responseIds))
			.orderBy(asc(responseEntries.createdAt))
	]);
	const answerRows = entryRows.length
		? await ex
				.select()
				.from(responseAnswers)
				.where(
					inArray(
						responseAnswers.entryId,
						entryRows.map((e) => e.id)
					)
				)
		: [];
	const ownerById = new Map(owners.map((o) => [o.id, o]));
	const answerOf = new Map(answerRows.map((a) => [a.entryId, a]));

	return seen.map((r): ResponseView => {
		const placement = shownPlacement.get(r.response.id);
		const showStory = ownsStory(r) || placement !== undefined;
		const byline =
			placement && r.story ? bylineOf(placement, ownerById.get(r.story.ownerId)) : null;
		return {
			response: r.response,
			exhibition: r.exhibition,
			workingGroup: r.workingGroup,
			theme:
				r.response.themeId && r.themeTitle ? { id: r.response.themeId, title: r.themeTitle } : null,
			story:
				showStory && r.story
					? {
							id: r.story.id,
							title: r.story.title,
							language: r.story.language,
							byline: ownsStory(r) ? null : byline
						}
					: null,
			asOwner: asOwner(r),
			canUpdate: writesFor(facts, groups, r.response.initiativeId, r.response.workingGroupId),
			entries: entryRows
				.filter((e) => e.responseId === r.response.id)
				.map((entry) => {
					const answer = answerOf.get(entry.id);
					// The participant's name only beside a story the viewer may see (never after
					// a withdrawal); the owner sees their own answers as theirs.
					return {
						entry,
						answer: answer ? { ...answer, byline: showStory ? byline : null } : null
					};
				})
		};
	});
}

// ---------------------------------------------------------------------------------------
// Who may record

export interface RecordingChoices {
	exhibition: { id: string; slug: string; title: LocalizedText; initiativeId: string };
	story: { id: string; title: string; language: EntryRow['language'] } | null;
	/** The working groups the viewer may record for, each with the themes allowed for it. */
	groups: { id: string; title: LocalizedText; themes: { id: string; title: LocalizedText }[] }[];
}

/**
 * What this viewer may record a response on: the exhibition (and story) and, for each working
 * group they may write for, the themes it may concern. Undefined when they may not record on it
 * at all (→ 404).
 */
export async function recordingChoices(
	ex: Executor,
	viewer: Viewer,
	target: { exhibitionId: string; storyId: string | null },
	now = new Date()
): Promise<RecordingChoices | undefined> {
	if (!viewer) return undefined;
	const [facts, found] = await Promise.all([
		factsAbout(ex, viewer),
		exhibitionFactsOf(ex, [target.exhibitionId])
	]);
	const exhibition = found.get(target.exhibitionId);
	if (!exhibition || !facts.active) return undefined;
	const row = exhibition.exhibition;
	const initiativeId = row.initiativeId;
	const published = row.status === 'published' && exhibition.initiativeArchivedAt === null;
	if (!published) return undefined;
	const curator = curates(facts, initiativeId);
	if (!curator && !partnerOf(facts, initiativeId)) return undefined;

	let story: RecordingChoices['story'] = null;
	let themeIds: string[];
	if (target.storyId) {
		const [storyRow] = await ex.select().from(stories).where(eq(stories.id, target.storyId));
		if (!storyRow) return undefined;
		const decided = await decideStories(
			ex,
			viewer,
			[
				{ story: storyRow, context: inExhibition(row.id) },
				{ story: storyRow, context: inPreview(row.id) }
			],
			now,
			{ facts, exhibitions: found }
		);
		const d = decided[0]!.allowed ? decided[0]! : decided[1]!;
		if (!d.allowed || !d.placement) return undefined;
		const approved = d.placement.approvedThemeIds;
		themeIds = (d.themeIds ?? []).filter((t) => approved.includes(t));
		story = { id: storyRow.id, title: storyRow.title, language: storyRow.language };
	} else {
		if (!exhibitionOpenTo(facts, exhibition) && !curator) return undefined;
		themeIds = (
			await ex
				.select({ id: exhibitionThemes.themeId })
				.from(exhibitionThemes)
				.where(eq(exhibitionThemes.exhibitionId, row.id))
		).map((t) => t.id);
	}

	const [groupRows, themeRows, partnerGroups] = await Promise.all([
		ex
			.select({ id: workingGroups.id, title: workingGroups.title })
			.from(workingGroups)
			.where(and(eq(workingGroups.initiativeId, initiativeId), isNull(workingGroups.archivedAt)))
			.orderBy(asc(workingGroups.createdAt)),
		themeIds.length
			? ex
					.select({ id: themes.id, title: themes.title, workingGroupId: themes.workingGroupId })
					.from(themes)
					.where(and(inArray(themes.id, themeIds), isNull(themes.archivedAt)))
					.orderBy(asc(themes.createdAt))
			: Promise.resolve([]),
		partnerGroupsOf(ex, viewer, [initiativeId])
	]);
	const groups = groupRows
		.filter((g) => writesFor(facts, partnerGroups, initiativeId, g.id))
		.map((g) => ({
			id: g.id,
			title: g.title,
			themes: themeRows
				.filter((t) => t.workingGroupId === g.id)
				.map((t) => ({ id: t.id, title: t.title }))
		}));
	if (groups.length === 0) return undefined;
	return {
		exhibition: { id: row.id, slug: row.slug, title: row.title, initiativeId },
		story,
		groups
	};
}

/**
 * Whom a response's recording and updates are told to: the story's owner, or for an exhibition
 * response the owners of the stories whose placements stand in it now. Ids only.
 */
export async function ownersToTell(
	ex: Executor,
	response: Pick<ResponseRow, 'subject' | 'storyId' | 'exhibitionId'>,
	now = new Date()
): Promise<string[]> {
	if (response.subject === 'story') {
		if (!response.storyId) return [];
		const [row] = await ex
			.select({ ownerId: stories.ownerId })
			.from(stories)
			.where(eq(stories.id, response.storyId));
		return row ? [row.ownerId] : [];
	}
	const standing = await standingPlacementIds(ex, [response.exhibitionId], now);
	if (standing.size === 0) return [];
	const rows = await ex
		.selectDistinct({ ownerId: stories.ownerId })
		.from(placements)
		.innerJoin(stories, eq(stories.id, placements.storyId))
		.where(inArray(placements.id, [...standing]));
	return rows.map((r) => r.ownerId);
}
