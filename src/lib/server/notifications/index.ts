// In-app notifications (docs/knowledge-returns.md, "Notifications"). A notification stores its
// event and parameters (ids, small values), never rendered text: it is rendered in the
// recipient's language when they look. Parameters never name who viewed a story.
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	memberships,
	notificationOptOuts,
	notifications,
	users,
	type NotificationKind,
	type NotificationParams
} from '../db/schema';
import { newId } from '../ids';

/** Kinds a person cannot turn off: they ask the participant to decide something. */
export const MANDATORY_NOTIFICATIONS: readonly NotificationKind[] = [
	'placement_requested',
	'placement_changed'
];

export interface NotificationInput {
	userId: string;
	kind: NotificationKind;
	initiativeId?: string | null;
	params?: NotificationParams;
	/** Once-only: a second notification with the same key for the same person is dropped. */
	dedupeKey?: string | null;
}

/**
 * Records a notification for one person, unless they turned its kind off (mandatory kinds
 * cannot be). Runs in the caller's transaction, so the notification exists exactly when the
 * event it tells of does. Returns whether one was recorded.
 */
export async function notify(ex: Executor, n: NotificationInput): Promise<boolean> {
	if (!MANDATORY_NOTIFICATIONS.includes(n.kind)) {
		const off = await ex
			.select({ kind: notificationOptOuts.kind })
			.from(notificationOptOuts)
			.where(and(eq(notificationOptOuts.userId, n.userId), eq(notificationOptOuts.kind, n.kind)))
			.limit(1);
		if (off.length) return false;
	}
	const inserted = await ex
		.insert(notifications)
		.values({
			id: newId(),
			userId: n.userId,
			kind: n.kind,
			initiativeId: n.initiativeId ?? null,
			params: n.params ?? {},
			dedupeKey: n.dedupeKey ?? null
		})
		.onConflictDoNothing()
		.returning({ id: notifications.id });
	return inserted.length > 0;
}

/** Notifies every active curator of the initiative, except the person who acted. */
export async function notifyCurators(
	ex: Executor,
	initiativeId: string,
	n: Omit<NotificationInput, 'userId' | 'initiativeId'>,
	exceptUserId: string | null = null
): Promise<number> {
	const curators = await ex
		.selectDistinct({ id: users.id })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.initiativeId, initiativeId),
				eq(memberships.role, 'curator'),
				isNull(users.disabledAt),
				exceptUserId ? ne(users.id, exceptUserId) : undefined
			)
		);
	let count = 0;
	for (const c of curators) if (await notify(ex, { ...n, userId: c.id, initiativeId })) count++;
	return count;
}
