import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { PART_MAX_BYTES, exportPlan, exportRunning } from '$lib/server/export';

export const load = (async (event) => {
	const user = requireUser(event);
	const [plan, running] = await Promise.all([
		exportPlan(db(), user, PART_MAX_BYTES),
		exportRunning(db(), user.id)
	]);
	const problem = event.url.searchParams.get('problem');
	return {
		plan,
		running,
		problem: problem === 'busy' || problem === 'changed' ? problem : null
	};
}) satisfies PageServerLoad;
