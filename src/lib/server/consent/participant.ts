import { error, type RequestEvent } from '@sveltejs/kit';
import { db } from '../db';
import { PARTICIPANTS, requireRole } from '../auth/guards';
import { listOwnStories } from '../access';
import { ownPlacement } from './index';

/** A placement of one of the participant's own stories in this initiative, or 404. */
export async function requireOwnPlacement(
	event: Pick<RequestEvent, 'locals' | 'url'> & {
		params: { initiative: string; placement: string };
	}
) {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const own = await listOwnStories(db(), user, initiative.id);
	const found = await ownPlacement(db(), own, event.params.placement);
	if (!found || found.exhibition.initiativeId !== initiative.id) error(404);
	return { user, initiative, ...found };
}
