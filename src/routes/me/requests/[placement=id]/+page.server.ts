import type { Actions, PageServerLoad } from './$types';
import { requirePlacementOfOwner } from '$lib/server/consent/participant';
import { approveRequest, declineRequest, loadRequest } from '$lib/server/consent/request-page';

// The request page from "My stories": only a login is needed, whatever role the person holds
// now (a paused placement waits here for its participant to confirm it again).
export const load = (async (event) => {
	const found = await requirePlacementOfOwner(event);
	return { ...(await loadRequest(event, found)), back: `/me/stories/${found.story.id}` };
}) satisfies PageServerLoad;

export const actions = {
	approve: async (event) => approveRequest(event, await requirePlacementOfOwner(event)),
	decline: async (event) => declineRequest(event, await requirePlacementOfOwner(event))
} satisfies Actions;
