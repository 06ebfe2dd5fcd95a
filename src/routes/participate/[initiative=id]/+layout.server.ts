import type { LayoutServerLoad } from './$types';
import { PARTICIPANTS, requireRole } from '$lib/server/auth/guards';

export const load = (async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	return {
		initiative: { id: initiative.id, title: initiative.title, description: initiative.description }
	};
}) satisfies LayoutServerLoad;
