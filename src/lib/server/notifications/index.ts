// In-app notifications (docs/notifications.md). A notification stores its
// event and parameters (ids, small values), never rendered text: it is rendered in the
// recipient's language when they look. Parameters never name who viewed a story.
import { and, count, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	membershipWorkingGroups,
	memberships,
	notificationOptOuts,
	notifications,
	users,
	workingGroups,
	NOTIFICATION_KINDS,
	type NotificationKind,
	type NotificationParams
} from '../db/schema';
import { newId } from '../ids';
import type { Page } from '../paging';
import { ownsAnyStory } from '../access';
import type { Role } from '../../roles';

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

/**
 * The active members of a working group who hold one of `roles` there (partners by default),
 * through a membership of the group's own initiative.
 */
export async function workingGroupMembers(
	ex: Executor,
	workingGroupId: string,
	roles: readonly Role[] = ['partner']
): Promise<string[]> {
	const members = await ex
		.selectDistinct({ id: users.id })
		.from(membershipWorkingGroups)
		.innerJoin(workingGroups, eq(workingGroups.id, membershipWorkingGroups.workingGroupId))
		.innerJoin(memberships, eq(memberships.id, membershipWorkingGroups.membershipId))
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(membershipWorkingGroups.workingGroupId, workingGroupId),
				eq(memberships.initiativeId, workingGroups.initiativeId),
				inArray(memberships.role, [...roles]),
				isNull(users.disabledAt)
			)
		);
	return members.map((m) => m.id);
}

/**
 * Notifies every active member of a working group who holds one of `roles` there (partners by
 * default), except the person who acted. For responses and their answers (docs/notifications.md).
 */
export async function notifyWorkingGroup(
	ex: Executor,
	workingGroupId: string,
	n: Omit<NotificationInput, 'userId'>,
	exceptUserId: string | null = null,
	roles: readonly Role[] = ['partner']
): Promise<number> {
	let count = 0;
	for (const id of await workingGroupMembers(ex, workingGroupId, roles))
		if (id !== exceptUserId && (await notify(ex, { ...n, userId: id }))) count++;
	return count;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** How many of the person's notifications are unread: one COUNT on notifications_user_idx. */
export async function unreadCount(ex: Executor, userId: string): Promise<number> {
	const [row] = await ex
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return row?.n ?? 0;
}

/** One page of the person's notifications, newest first, and how many there are in all. */
export async function listNotifications(
	ex: Executor,
	userId: string,
	requested: number,
	size: number
): Promise<{ rows: NotificationRow[]; page: Page }> {
	const [totalRow] = await ex
		.select({ n: count() })
		.from(notifications)
		.where(eq(notifications.userId, userId));
	const total = totalRow?.n ?? 0;
	const pages = Math.max(1, Math.ceil(total / size));
	const number = Math.min(Math.max(1, requested), pages);
	const rows = await ex
		.select()
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(size)
		.offset((number - 1) * size);
	const from = rows.length > 0 ? (number - 1) * size + 1 : 0;
	return {
		rows,
		page: { number, count: pages, total, from, to: from > 0 ? from + rows.length - 1 : 0 }
	};
}

/** One of the person's notifications (undefined when it is not theirs). */
export async function getNotification(ex: Executor, userId: string, id: string) {
	const [row] = await ex
		.select()
		.from(notifications)
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
	return row;
}

export async function markRead(ex: Executor, userId: string, id: string, now = new Date()) {
	await ex
		.update(notifications)
		.set({ readAt: now })
		.where(
			and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt))
		);
}

export async function markAllRead(ex: Executor, userId: string, now = new Date()) {
	await ex
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/** The kinds the person turned off. */
export async function optedOutKinds(ex: Executor, userId: string): Promise<NotificationKind[]> {
	const rows = await ex
		.select({ kind: notificationOptOuts.kind })
		.from(notificationOptOuts)
		.where(eq(notificationOptOuts.userId, userId));
	return rows.map((r) => r.kind);
}

/**
 * Saves which of `offered` kinds the person turned off (the rest of `offered` back on; kinds
 * not offered are left as they are). Mandatory kinds are never stored as off.
 */
export async function saveOptOuts(
	ex: Executor,
	userId: string,
	offered: readonly NotificationKind[],
	off: readonly NotificationKind[]
) {
	const optional = offered.filter((k) => !MANDATORY_NOTIFICATIONS.includes(k));
	if (optional.length)
		await ex
			.delete(notificationOptOuts)
			.where(
				and(eq(notificationOptOuts.userId, userId), inArray(notificationOptOuts.kind, optional))
			);
	const chosen = optional.filter((k) => off.includes(k));
	if (chosen.length)
		await ex
			.insert(notificationOptOuts)
			.values(chosen.map((kind) => ({ userId, kind })))
			.onConflictDoNothing();
}

/**
 * The kinds a person may be sent, from their roles (docs/notifications.md): what a
 * participant is told, what a curator is told, what a partner is told, and account events.
 */
export function kindsFor(roles: {
	participant: boolean;
	curator: boolean;
	partner: boolean;
}): NotificationKind[] {
	const kinds = new Set<NotificationKind>();
	if (roles.participant) for (const k of PARTICIPANT_KINDS) kinds.add(k);
	if (roles.curator) for (const k of CURATOR_KINDS) kinds.add(k);
	if (roles.partner || roles.curator) kinds.add('response_answered');
	kinds.add('account_event');
	return NOTIFICATION_KINDS.filter((k) => kinds.has(k));
}

const PARTICIPANT_KINDS: readonly NotificationKind[] = [
	'placement_requested',
	'placement_changed',
	'response_recorded',
	'response_updated',
	'reflection_approved',
	'consent_expiring',
	'content_note_suggested',
	'release_answered'
];
const CURATOR_KINDS: readonly NotificationKind[] = [
	'placement_approved',
	'placement_declined',
	'placement_withdrawn',
	'reflection_to_moderate',
	'content_note_answered'
];

/** The kinds a person's settings offer, from the roles they hold now and whether they own stories. */
export async function offeredKinds(
	ex: Executor,
	user: { id: string; isAdmin: boolean }
): Promise<NotificationKind[]> {
	const [roles, owns] = await Promise.all([
		ex
			.selectDistinct({ role: memberships.role })
			.from(memberships)
			.where(eq(memberships.userId, user.id)),
		ownsAnyStory(ex, user)
	]);
	const has = (role: string) => roles.some((r) => r.role === role);
	return kindsFor({
		participant: owns || has('participant'),
		curator: has('curator'),
		partner: has('partner')
	});
}
