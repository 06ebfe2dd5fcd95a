// "Who can see this story now": what every page that shows a story to its owner says about
// it (docs/consent.md, "Telling the truth"). It is built from the gate's own SQL conditions
// (rules.ts) — not a second copy of the rules — and a unit test checks, in every random world
// of the access model, that it covers exactly the (viewer, context) pairs the gate allows.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	exhibitionWorkingGroups,
	exhibitions,
	initiatives,
	placements,
	stories,
	users,
	workingGroups,
	type Audience
} from '../db/schema';
import { inPoolSql, storyOpenSql, termsHoldSql, type Viewer } from './rules';
import type { LocalizedText } from '../../localized';

export interface WhoCanSee {
	storyId: string;
	initiative: { id: string; title: LocalizedText; archived: boolean };
	/** The owner's account is disabled: nobody else sees anything of theirs. */
	ownerDisabled: boolean;
	/**
	 * The curators of the story's initiative and the site's admins, when they can see it: in
	 * their pool (the story is shared), and in previews of the exhibitions listed.
	 */
	curators: { pool: boolean; previewExhibitionIds: string[] } | null;
	/** Published exhibitions showing the story now, each to its audience. */
	exhibitions: {
		placementId: string;
		exhibitionId: string;
		slug: string;
		title: LocalizedText;
		audience: Audience;
		/** For the working-group audience: the groups whose members see it. */
		workingGroups: { id: string; title: LocalizedText }[];
		/** When the participant's consent runs out, or null: until they withdraw it. */
		until: Date | null;
	}[];
}

/**
 * Who can see the viewer's own story now, as the gate decides it; undefined when the story is
 * not the viewer's. Nobody but the owner, when `curators` is null and `exhibitions` empty.
 */
export async function whoCanSee(
	ex: Executor,
	viewer: Viewer,
	storyId: string,
	now = new Date()
): Promise<WhoCanSee | undefined> {
	if (!viewer) return undefined;
	const [story] = await ex
		.select({
			id: stories.id,
			initiativeId: stories.initiativeId,
			initiativeTitle: initiatives.title,
			initiativeArchivedAt: initiatives.archivedAt,
			ownerDisabledAt: users.disabledAt,
			open: sql<number>`${storyOpenSql()}`,
			pool: sql<number>`${inPoolSql()}`
		})
		.from(stories)
		.innerJoin(initiatives, eq(initiatives.id, stories.initiativeId))
		.innerJoin(users, eq(users.id, stories.ownerId))
		.where(and(eq(stories.id, storyId), eq(stories.ownerId, viewer.id)));
	if (!story) return undefined;
	const result: WhoCanSee = {
		storyId: story.id,
		initiative: {
			id: story.initiativeId,
			title: story.initiativeTitle,
			archived: story.initiativeArchivedAt !== null
		},
		ownerDisabled: story.ownerDisabledAt !== null,
		curators: null,
		exhibitions: []
	};
	if (!story.open) return result;
	const standing = await ex
		.select({ placement: placements, exhibition: exhibitions })
		.from(placements)
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.where(
			and(
				eq(placements.storyId, story.id),
				eq(exhibitions.initiativeId, story.initiativeId),
				termsHoldSql('"placements"', '"exhibitions"', now)
			)
		)
		.orderBy(asc(exhibitions.createdAt));
	if (story.pool || standing.length > 0)
		result.curators = {
			pool: Boolean(story.pool),
			previewExhibitionIds: standing.map((r) => r.exhibition.id)
		};
	const published = standing.filter((r) => r.exhibition.status === 'published');
	const groupIds = published
		.filter((r) => r.exhibition.audience === 'working_group')
		.map((r) => r.exhibition.id);
	const groups = groupIds.length
		? await ex
				.select({
					exhibitionId: exhibitionWorkingGroups.exhibitionId,
					id: workingGroups.id,
					title: workingGroups.title
				})
				.from(exhibitionWorkingGroups)
				.innerJoin(workingGroups, eq(workingGroups.id, exhibitionWorkingGroups.workingGroupId))
				.where(inArray(exhibitionWorkingGroups.exhibitionId, groupIds))
				.orderBy(asc(workingGroups.createdAt))
		: [];
	result.exhibitions = published.map(({ placement, exhibition }) => ({
		placementId: placement.id,
		exhibitionId: exhibition.id,
		slug: exhibition.slug,
		title: exhibition.title,
		audience: exhibition.audience,
		workingGroups: groups
			.filter((g) => g.exhibitionId === exhibition.id)
			.map((g) => ({ id: g.id, title: g.title })),
		until: placement.consentExpiresAt
	}));
	return result;
}
