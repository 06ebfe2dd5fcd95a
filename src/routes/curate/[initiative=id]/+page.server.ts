import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { listInvitations } from '$lib/server/auth/invitations';
import { listInitiativeMembers } from '$lib/server/people';
import { listWorkingGroups } from '$lib/server/initiatives';
import { listPool } from '$lib/server/access';
import { listExhibitionsForCurator } from '$lib/server/exhibitions';
import { placementStates, recentRefusals } from '$lib/server/exhibitions/curator';

const RECENT_DAYS = 30;

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const since = new Date(Date.now() - RECENT_DAYS * 24 * 60 * 60 * 1000);
	const [members, invitations, groups, pool, exhibitions, states, refusals] = await Promise.all([
		listInitiativeMembers(db(), initiative.id),
		listInvitations(db(), initiative.id),
		listWorkingGroups(db(), initiative.id),
		listPool(db(), user, initiative.id),
		listExhibitionsForCurator(db(), initiative.id),
		placementStates(db(), initiative.id),
		recentRefusals(db(), initiative.id, since)
	]);
	const count = (role: string) => members.filter((mb) => mb.role === role).length;
	const exhibitionCount = (status: string) => exhibitions.filter((e) => e.status === status).length;
	// A story's title only while it is still in the pool; otherwise a neutral place-holder.
	const pooled = new Map(pool.map((s) => [s.id, s]));
	return {
		counts: {
			participants: count('participant'),
			curators: count('curator'),
			partners: count('partner'),
			openInvitations: invitations.filter((i) => i.status === 'open').length,
			workingGroups: groups.length,
			pool: pool.length,
			drafts: exhibitionCount('draft'),
			published: exhibitionCount('published'),
			archived: exhibitionCount('archived'),
			awaiting: states.filter((p) => p.status === 'pending' && p.exhibitionStatus !== 'archived')
				.length
		},
		recent: refusals.map((r) => {
			const story = pooled.get(r.storyId);
			return {
				id: r.id,
				status: r.status as 'declined' | 'withdrawn',
				decidedAt: r.decidedAt,
				exhibitionId: r.exhibitionId,
				exhibitionTitle: r.exhibitionTitle,
				story: story ? { id: story.id, title: story.title, language: story.language } : null
			};
		}),
		recentDays: RECENT_DAYS,
		welcome: event.url.searchParams.has('welcome')
	};
}) satisfies PageServerLoad;
