// One "Download my data" at a time per person. A zip of every photo can take minutes on a slow
// phone; a second one started meanwhile (a double tap, a second tab) would only double the
// server's work, so it is refused with a message. The lease lives in the database (it holds
// across processes, as the upload limit does), is renewed while the zip streams, and is taken
// over once it has not been renewed for LEASE_MS (the process died mid-export).
import { and, eq, lt, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { dataExports } from '../db/schema';

export const LEASE_MS = 2 * 60 * 1000;
/** How often a running export renews its lease. */
export const RENEW_MS = 30 * 1000;

export interface Lease {
	userId: string;
	token: string;
	renewedAt: number;
}

/** The lease for a new export, or null while another export of this person runs. */
export async function takeLease(db: Db, userId: string, now = new Date()): Promise<Lease | null> {
	const token = randomBytes(16).toString('hex');
	const rows = await db
		.insert(dataExports)
		.values({ userId, token, renewedAt: now })
		.onConflictDoUpdate({
			target: dataExports.userId,
			set: { token: sql`excluded.token`, renewedAt: sql`excluded.renewed_at` },
			setWhere: lt(dataExports.renewedAt, new Date(now.getTime() - LEASE_MS))
		})
		.returning({ token: dataExports.token });
	return rows[0]?.token === token ? { userId, token, renewedAt: now.getTime() } : null;
}

/** Renews the lease if RENEW_MS passed since it was last renewed. */
export async function renewLease(db: Db, lease: Lease, now = new Date()): Promise<void> {
	if (now.getTime() - lease.renewedAt < RENEW_MS) return;
	lease.renewedAt = now.getTime();
	await db
		.update(dataExports)
		.set({ renewedAt: now })
		.where(and(eq(dataExports.userId, lease.userId), eq(dataExports.token, lease.token)));
}

export async function endLease(db: Db, lease: Lease): Promise<void> {
	await db
		.delete(dataExports)
		.where(and(eq(dataExports.userId, lease.userId), eq(dataExports.token, lease.token)));
}

/** Whether an export of this person is running now (for the page). */
export async function exportRunning(db: Db, userId: string, now = new Date()): Promise<boolean> {
	const [row] = await db
		.select({ renewedAt: dataExports.renewedAt })
		.from(dataExports)
		.where(eq(dataExports.userId, userId));
	return row !== undefined && row.renewedAt.getTime() >= now.getTime() - LEASE_MS;
}
