import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { inPreview } from '$lib/server/access';
import { getExhibition } from '$lib/server/exhibitions';
import { presentExhibition } from '$lib/server/exhibitions/present';
import { listWorkingGroups } from '$lib/server/initiatives';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const exhibition = await getExhibition(db(), initiative.id, event.params.exhibition);
	if (!exhibition) error(404);
	// Exactly what the audience sees: approved, standing placements only, through the gate.
	const [model, groups] = await Promise.all([
		presentExhibition(db(), user, exhibition, inPreview(exhibition.id), event.locals.locale),
		listWorkingGroups(db(), initiative.id, { includeArchived: true })
	]);
	return {
		exhibition: model,
		status: exhibition.status,
		audience: exhibition.audience,
		groupTitles: groups.filter((g) => exhibition.workingGroupIds.includes(g.id)).map((g) => g.title)
	};
}) satisfies PageServerLoad;
