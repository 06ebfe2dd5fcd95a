import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { getExhibition } from '$lib/server/exhibitions';
import { arrangePlacement } from '$lib/server/exhibitions/arrange';
import { ArrangeRequest, jsonBody, sameOrigin } from '../schema';

const NO_STORE = { 'Cache-Control': 'private, no-store' };

/**
 * Moves a story to a place in the exhibition — a section and a position in it — for the
 * builder's drag and drop and its move buttons. The answer says where the story now stands
 * and whether its participant is asked again (an approved story that changed section).
 */
export const POST: RequestHandler = async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	if (!sameOrigin(event)) return json({ problem: 'arrange_forbidden' }, { status: 403 });
	const input = v.safeParse(ArrangeRequest, await jsonBody(event.request));
	if (!input.success)
		return json({ problem: 'arrange_invalid' }, { status: 400, headers: NO_STORE });
	const { placementId, sectionId, index } = input.output;
	const result = await db().transaction(async (tx) => {
		const exhibition = await getExhibition(tx, initiative.id, event.params.exhibition);
		if (!exhibition) return undefined;
		return arrangePlacement(tx, user.id, exhibition, placementId, { sectionId, index });
	});
	if (!result) return json({ problem: 'arrange_not_found' }, { status: 404, headers: NO_STORE });
	if (!result.ok) return json({ problem: 'arrange_invalid' }, { status: 409, headers: NO_STORE });
	return json(result, { headers: NO_STORE });
};
