import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { requireUser } from '$lib/server/auth/guards';
import { field } from '$lib/server/forms';
import { requestedPage } from '$lib/server/paging';
import { listNotifications, markAllRead, markRead } from '$lib/server/notifications';
import { renderNotifications } from '$lib/server/notifications/render';

export const load = (async (event) => {
	const user = requireUser(event);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const { rows, page } = await listNotifications(
		db(),
		user.id,
		requestedPage(event.url.searchParams),
		config().pageSize
	);
	const items = await renderNotifications(db(), user, rows, {
		locale: event.locals.locale,
		timeZone: config().timeZone
	});
	return {
		items: items.map((n) => ({
			id: n.id,
			read: n.read,
			createdAt: n.createdAt,
			parts: n.parts,
			text: n.text
		})),
		page
	};
}) satisfies PageServerLoad;

export const actions = {
	read: async (event) => {
		const user = requireUser(event);
		const id = field(await event.request.formData(), 'id');
		if (!/^[a-z2-7]{16}$/.test(id)) error(404);
		await markRead(db(), user.id, id);
		return { read: id };
	},
	readAll: async (event) => {
		const user = requireUser(event);
		await markAllRead(db(), user.id);
		return { readAll: true };
	}
} satisfies Actions;
