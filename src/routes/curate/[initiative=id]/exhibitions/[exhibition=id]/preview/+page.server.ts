import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { inPreview } from '$lib/server/access';
import { getExhibition } from '$lib/server/exhibitions';
import { presentExhibition, veilNoted } from '$lib/server/exhibitions/present';
import { audienceSize } from '$lib/server/exhibitions/links';
import { listWorkingGroups } from '$lib/server/initiatives';

export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const exhibition = await getExhibition(db(), initiative.id, event.params.exhibition);
	if (!exhibition) error(404);
	// As its audience (the default), or as someone outside it.
	const viewAs = event.url.searchParams.get('as') === 'outsider' ? 'outsider' : 'audience';
	// Exactly what the audience sees: approved, standing placements only, through the gate.
	const [model, groups, reach] = await Promise.all([
		presentExhibition(db(), user, exhibition, inPreview(exhibition.id), event.locals.locale),
		listWorkingGroups(db(), initiative.id, { includeArchived: true }),
		audienceSize(db(), exhibition)
	]);
	return {
		exhibition: veilNoted(model),
		status: exhibition.status,
		audience: exhibition.audience,
		groupTitles: groups
			.filter((g) => exhibition.workingGroupIds.includes(g.id))
			.map((g) => g.title),
		reach,
		viewAs
	};
}) satisfies PageServerLoad;
