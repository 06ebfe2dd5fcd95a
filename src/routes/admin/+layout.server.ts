import type { LayoutServerLoad } from './$types';
import { requireAdmin } from '$lib/server/auth/guards';

export const load = (async (event) => {
	requireAdmin(event);
	return {};
}) satisfies LayoutServerLoad;
