import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { listAudit } from '$lib/server/audit';
import { AUDIT_ACTIONS, type AuditAction } from '$lib/server/db/schema';
import { listInitiatives } from '$lib/server/initiatives';

function dateParam(value: string | null, endOfDay = false): Date | undefined {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
	const date = new Date(`${value}T00:00:00Z`);
	if (Number.isNaN(date.getTime())) return undefined;
	return endOfDay ? new Date(date.getTime() + 24 * 60 * 60 * 1000) : date;
}

export const load = (async (event) => {
	requireAdmin(event);
	const q = event.url.searchParams;
	const action = q.get('action');
	const filter = {
		action: (AUDIT_ACTIONS as readonly string[]).includes(action ?? '')
			? (action as AuditAction)
			: undefined,
		username: q.get('user')?.trim() || undefined,
		initiativeId: q.get('initiative') || undefined,
		from: dateParam(q.get('from')),
		to: dateParam(q.get('to'), true),
		before: Number(q.get('before')) || undefined
	};
	const [page, initiatives] = await Promise.all([
		listAudit(db(), filter),
		listInitiatives(db(), { includeArchived: true })
	]);
	return {
		entries: page.entries,
		nextBefore: page.nextBefore,
		actions: AUDIT_ACTIONS,
		initiatives: initiatives.map((i) => ({ id: i.id, title: i.title })),
		filter: {
			action: filter.action ?? '',
			user: q.get('user') ?? '',
			initiative: filter.initiativeId ?? '',
			from: q.get('from') ?? '',
			to: q.get('to') ?? ''
		}
	};
}) satisfies PageServerLoad;
