import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { PARTICIPANTS, requireRole } from '$lib/server/auth/guards';
import { listOwnStories } from '$lib/server/access';
import { openRequests, recordExpiries } from '$lib/server/consent';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const own = await listOwnStories(db(), user, initiative.id);
	await recordExpiries(
		db(),
		own.map((s) => s.id)
	);
	const requests = await openRequests(
		db(),
		own.map((s) => s.id)
	);
	return {
		requests: requests.map((r) => {
			const story = own.find((s) => s.id === r.placement.storyId);
			return {
				id: r.placement.id,
				renewal: r.renewal,
				storyTitle: story?.title ?? '',
				storyLanguage: story?.language ?? 'he',
				exhibitionTitle: r.exhibition.title,
				audience: r.exhibition.audience
			};
		})
	};
}) satisfies PageServerLoad;
