import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { PARTNERS, requireRole } from '$lib/server/auth/guards';
import { listThemes, listWorkingGroups } from '$lib/server/initiatives';
import { listMemberships, workingGroupIdsOf } from '$lib/server/people';
import { listResponses, listVisibleExhibitions } from '$lib/server/access';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTNERS);
	const [groups, memberships] = await Promise.all([
		listWorkingGroups(db(), initiative.id),
		listMemberships(db(), user.id)
	]);
	const membership = memberships.find(
		(ms) => ms.initiativeId === initiative.id && ms.role === 'partner'
	);
	const [themes, mine, exhibitions, responses] = await Promise.all([
		listThemes(
			db(),
			groups.map((g) => g.id)
		),
		membership ? workingGroupIdsOf(db(), membership.id) : Promise.resolve([]),
		listVisibleExhibitions(db(), user, initiative.id),
		listResponses(db(), user, { initiativeId: initiative.id })
	]);
	return {
		initiative: { id: initiative.id, title: initiative.title, description: initiative.description },
		workingGroups: groups.map((g) => ({
			id: g.id,
			title: g.title,
			description: g.description,
			mine: mine.includes(g.id),
			themes: themes
				.filter((t) => t.workingGroupId === g.id)
				.map((t) => ({ id: t.id, title: t.title, description: t.description }))
		})),
		exhibitions: exhibitions.map((e) => ({
			slug: e.slug,
			title: e.title,
			introduction: e.introduction,
			audience: e.audience
		})),
		// Impact (docs/knowledge-returns.md): per working group, the stories that informed it
		// (only those the gate shows this viewer) and its responses with their status.
		impact: groups
			.map((g) => {
				const of = responses.filter((r) => r.workingGroup.id === g.id);
				const stories = new Map<
					string,
					{ id: string; slug: string; title: string; language: string }
				>();
				for (const r of of)
					if (r.story)
						stories.set(r.story.id, {
							id: r.story.id,
							slug: r.exhibition.slug,
							title: r.story.title,
							language: r.story.language
						});
				return {
					id: g.id,
					title: g.title,
					stories: [...stories.values()],
					responses: of.map((r) => ({
						id: r.response.id,
						kind: r.response.kind,
						subject: r.response.subject,
						status: r.entries[r.entries.length - 1]?.entry.status ?? 'noted',
						updatedAt: r.response.updatedAt,
						exhibitionTitle: r.exhibition.title,
						storyTitle: r.story ? r.story.title : null,
						storyLanguage: r.story?.language ?? null
					}))
				};
			})
			.filter((g) => g.responses.length > 0),
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;
