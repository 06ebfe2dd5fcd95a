import type { Actions, PageServerLoad } from './$types';
import { requireOwnPlacement } from '$lib/server/consent/participant';
import { approveRequest, declineRequest, loadRequest } from '$lib/server/consent/request-page';

export const load = (async (event) => {
	const found = await requireOwnPlacement(event);
	return { ...(await loadRequest(event, found)), back: `/participate/${found.initiative.id}` };
}) satisfies PageServerLoad;

export const actions = {
	approve: async (event) => approveRequest(event, await requireOwnPlacement(event)),
	decline: async (event) => declineRequest(event, await requireOwnPlacement(event))
} satisfies Actions;
