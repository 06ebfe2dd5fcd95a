import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import {
	MANDATORY_NOTIFICATIONS,
	offeredKinds,
	optedOutKinds,
	saveOptOuts
} from '$lib/server/notifications';
import type { NotificationKind } from '$lib/server/db/schema';

export const load = (async (event) => {
	const user = requireUser(event);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const [offered, off] = await Promise.all([
		offeredKinds(db(), user),
		optedOutKinds(db(), user.id)
	]);
	return {
		kinds: offered.map((kind) => ({
			kind,
			mandatory: MANDATORY_NOTIFICATIONS.includes(kind),
			on: MANDATORY_NOTIFICATIONS.includes(kind) || !off.includes(kind)
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const offered = await offeredKinds(db(), user);
		// A checkbox sends its kind when ticked: every offered kind not sent is turned off.
		const on = new Set(form.getAll('on').filter((v): v is string => typeof v === 'string'));
		const off = offered.filter((k) => !on.has(k)) as NotificationKind[];
		await saveOptOuts(db(), user.id, offered, off);
		return { saved: true };
	}
} satisfies Actions;
