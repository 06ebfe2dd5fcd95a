import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { impactReport } from '$lib/server/impact';
import { impactCsv } from '$lib/server/impact/csv';
import { readRange } from '$lib/server/impact/range';
import { m } from '$lib/paraglide/messages';

// The impact report as a CSV file (docs/impact.md): the same counts as the page, in the
// person's language, never a name, a title or a word anyone wrote.
export const GET: RequestHandler = async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	const read = readRange(event.url.searchParams, config().timeZone);
	if (!read.ok) error(400, m[read.problem]());
	const { range } = read;
	const report = await impactReport(db(), initiative.id, range);
	return new Response(impactCsv(report, range, event.locals.locale), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="impact-${range.fromDay}-${range.toDay}.csv"`,
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
