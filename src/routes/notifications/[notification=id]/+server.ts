// Opening a notification from the list: marks it read, then goes where it leads. A plain link
// (works without JavaScript); only the person it belongs to can open it, anyone else gets 404.
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { getNotification, markRead } from '$lib/server/notifications';
import { notificationLink } from '$lib/server/notifications/render';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	event.setHeaders({ 'Cache-Control': 'private, no-store' });
	const notification = await getNotification(db(), user.id, event.params.notification);
	if (!notification) error(404);
	await markRead(db(), user.id, notification.id);
	redirect(303, await notificationLink(db(), user, notification));
};
