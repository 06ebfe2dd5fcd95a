import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { impactReport } from '$lib/server/impact';
import { readRange } from '$lib/server/impact/range';

// The impact report (docs/impact.md): counts only, for the initiative's curators (and admins).
// The period comes in the query of a GET form, so the page works without JavaScript and its
// address can be kept or shared among curators.
export const load = (async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const read = readRange(event.url.searchParams, config().timeZone);
	if (!read.ok)
		return { problem: read.problem, values: { from: read.from, to: read.to }, report: null };
	const { range } = read;
	return {
		problem: null,
		values: { from: range.fromDay, to: range.toDay },
		period: { from: range.from, to: new Date(range.to.getTime() - 1) },
		report: await impactReport(db(), initiative.id, range)
	};
}) satisfies PageServerLoad;
