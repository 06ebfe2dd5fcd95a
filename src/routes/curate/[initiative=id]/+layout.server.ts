import type { LayoutServerLoad } from './$types';
import { CURATORS, requireRole } from '$lib/server/auth/guards';

export const load = (async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	return {
		initiative: {
			id: initiative.id,
			title: initiative.title,
			description: initiative.description,
			archived: Boolean(initiative.archivedAt)
		}
	};
}) satisfies LayoutServerLoad;
