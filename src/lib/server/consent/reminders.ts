// Consent expiry reminders (docs/notifications.md): a participant is told 14 days and again 2
// days before an approval they gave runs out (placements.consent_expires_at), so that they can
// decide in time whether to approve again. Each reminder is once-only through its dedupe key
// `expiry:<placementId>:<expiresAt>:<14|2>` and the unique index on (user_id, dedupe_key): any
// number of processes may run the check at once, and a renewed consent (another expiresAt) gets
// reminders of its own.
import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db';
import {
	exhibitions,
	initiatives,
	notificationOptOuts,
	notifications,
	placements,
	stories,
	users
} from '../db/schema';
import { notify } from '../notifications';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The reminders, furthest first: a consent that runs out within 2 days gets only the 2-day one. */
export const REMINDER_DAYS = [14, 2] as const;
/** How often a server process looks (the reminder is due within this much of its moment). */
export const REMINDER_CHECK_MS = 10 * 60 * 1000;

export const expiryDedupeKey = (placementId: string, expiresAt: Date, days: number) =>
	`expiry:${placementId}:${expiresAt.getTime()}:${days}`;

/**
 * Records every consent expiry reminder that is due now and not yet recorded; returns how many
 * were recorded. Reads first and writes only when something is due, so an idle check costs
 * a few small reads and no write lock.
 */
export async function sendExpiryReminders(db: Db, now = new Date()): Promise<number> {
	const horizon = new Date(now.getTime() + REMINDER_DAYS[0] * DAY_MS);
	const due = await db
		.select({
			placementId: placements.id,
			exhibitionId: placements.exhibitionId,
			storyId: placements.storyId,
			expiresAt: placements.consentExpiresAt,
			ownerId: stories.ownerId,
			initiativeId: stories.initiativeId
		})
		.from(placements)
		.innerJoin(stories, eq(stories.id, placements.storyId))
		.innerJoin(users, eq(users.id, stories.ownerId))
		.innerJoin(exhibitions, eq(exhibitions.id, placements.exhibitionId))
		.innerJoin(initiatives, eq(initiatives.id, stories.initiativeId))
		.where(
			and(
				eq(placements.status, 'approved'),
				// An archived initiative shows nothing, so nothing there is about to end.
				isNull(initiatives.archivedAt),
				gt(placements.consentExpiresAt, now),
				lte(placements.consentExpiresAt, horizon),
				isNull(users.disabledAt),
				inArray(exhibitions.status, ['draft', 'published'])
			)
		);
	const wanted = due.flatMap((p) => {
		const left = p.expiresAt!.getTime() - now.getTime();
		// The nearest reminder whose moment has come: 2 days inside 2 days, else 14.
		const days = left <= REMINDER_DAYS[1] * DAY_MS ? REMINDER_DAYS[1] : REMINDER_DAYS[0];
		return [{ ...p, days, key: expiryDedupeKey(p.placementId, p.expiresAt!, days), left }];
	});
	if (wanted.length === 0) return 0;
	const [sentRows, offRows] = await Promise.all([
		db
			.select({ userId: notifications.userId, key: notifications.dedupeKey })
			.from(notifications)
			.where(
				inArray(
					notifications.dedupeKey,
					wanted.map((w) => w.key)
				)
			),
		db
			.select({ userId: notificationOptOuts.userId })
			.from(notificationOptOuts)
			.where(
				and(
					eq(notificationOptOuts.kind, 'consent_expiring'),
					inArray(notificationOptOuts.userId, [...new Set(wanted.map((w) => w.ownerId))])
				)
			)
	]);
	const sent = new Set(sentRows.map((r) => `${r.userId} ${r.key}`));
	const off = new Set(offRows.map((r) => r.userId));
	// notify() would drop these too; leaving them out here keeps an idle check free of writes.
	const todo = wanted.filter((w) => !sent.has(`${w.ownerId} ${w.key}`) && !off.has(w.ownerId));
	if (todo.length === 0) return 0;
	return db.transaction(async (tx) => {
		let recorded = 0;
		for (const w of todo) {
			const ok = await notify(tx, {
				userId: w.ownerId,
				kind: 'consent_expiring',
				initiativeId: w.initiativeId,
				dedupeKey: w.key,
				params: {
					placementId: w.placementId,
					exhibitionId: w.exhibitionId,
					storyId: w.storyId,
					daysLeft: Math.max(1, Math.ceil(w.left / DAY_MS)),
					expiresAt: w.expiresAt!.getTime()
				}
			});
			if (ok) recorded++;
		}
		return recorded;
	});
}

/** Runs the check now and then every REMINDER_CHECK_MS in this process; returns a stop. */
export function startExpiryReminders(db: Db, intervalMs = REMINDER_CHECK_MS): () => void {
	const run = () => {
		sendExpiryReminders(db).catch((e) => console.error('[reminders] expiry check failed', e));
	};
	const timer = setInterval(run, intervalMs);
	timer.unref();
	run();
	return () => clearInterval(timer);
}
