import { and, desc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../db';
import { sessions, users } from '../db/schema';
import { hashToken, newToken } from '../ids';

// Sessions as in the Lucia guide: a random token in the cookie, only its SHA-256 stored,
// sliding expiry. Admins get a short leash: 30 minutes idle, 12 hours at most.
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_MS = 30 * DAY;
const RENEW_BELOW_MS = 15 * DAY;
export const ADMIN_IDLE_MS = 30 * 60 * 1000;
export const ADMIN_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so most requests do not write. */
const TOUCH_MS = 60 * 1000;

export const SESSION_COOKIE = 'session';

export interface SessionUser {
	id: string;
	username: string;
	displayName: string | null;
	isAdmin: boolean;
}

export interface Session {
	id: string;
	userId: string;
	createdAt: Date;
	expiresAt: Date;
	lastSeenAt: Date;
}

function expiryFor(isAdmin: boolean, createdAt: Date, now: Date): Date {
	if (!isAdmin) return new Date(now.getTime() + SESSION_MS);
	return new Date(Math.min(now.getTime() + ADMIN_IDLE_MS, createdAt.getTime() + ADMIN_ABSOLUTE_MS));
}

export async function createSession(
	ex: Executor,
	user: { id: string; isAdmin: boolean },
	device: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const token = newToken();
	const session: Session = {
		id: hashToken(token),
		userId: user.id,
		createdAt: now,
		expiresAt: expiryFor(user.isAdmin, now, now),
		lastSeenAt: now
	};
	await ex.insert(sessions).values({ ...session, device });
	return { token, session };
}

export interface ValidSession {
	session: Session;
	user: SessionUser;
	/** True when the expiry moved and the cookie should be written again. */
	renewed: boolean;
}

export async function validateSessionToken(
	ex: Executor,
	token: string,
	now = new Date()
): Promise<ValidSession | null> {
	const id = hashToken(token);
	const [row] = await ex
		.select({
			session: {
				id: sessions.id,
				userId: sessions.userId,
				createdAt: sessions.createdAt,
				expiresAt: sessions.expiresAt,
				lastSeenAt: sessions.lastSeenAt
			},
			user: {
				id: users.id,
				username: users.username,
				displayName: users.displayName,
				isAdmin: users.isAdmin
			},
			disabledAt: users.disabledAt
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const { session, user } = row;
	// A disabled account has no sessions: disabling deletes them, and this makes sure of it.
	if (row.disabledAt !== null) {
		await ex.delete(sessions).where(eq(sessions.userId, user.id));
		return null;
	}
	const t = now.getTime();
	const expired =
		t >= session.expiresAt.getTime() ||
		(user.isAdmin &&
			(t >= session.createdAt.getTime() + ADMIN_ABSOLUTE_MS ||
				t >= session.lastSeenAt.getTime() + ADMIN_IDLE_MS));
	if (expired) {
		await ex.delete(sessions).where(eq(sessions.id, session.id));
		return null;
	}
	let renewed = false;
	const update: Partial<Session> = {};
	if (user.isAdmin) {
		if (t - session.lastSeenAt.getTime() >= TOUCH_MS) {
			update.expiresAt = expiryFor(true, session.createdAt, now);
			update.lastSeenAt = now;
		}
	} else {
		if (session.expiresAt.getTime() - t < RENEW_BELOW_MS) {
			update.expiresAt = expiryFor(false, session.createdAt, now);
		}
		if (t - session.lastSeenAt.getTime() >= TOUCH_MS) update.lastSeenAt = now;
	}
	if (update.expiresAt || update.lastSeenAt) {
		await ex.update(sessions).set(update).where(eq(sessions.id, session.id));
		Object.assign(session, update);
		renewed = update.expiresAt !== undefined;
	}
	return { session, user, renewed };
}

export async function invalidateSession(ex: Executor, sessionId: string): Promise<void> {
	await ex.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a person, or every other one when `exceptId` is given. */
export async function invalidateUserSessions(
	ex: Executor,
	userId: string,
	exceptId?: string
): Promise<void> {
	await ex
		.delete(sessions)
		.where(
			exceptId
				? and(eq(sessions.userId, userId), ne(sessions.id, exceptId))
				: eq(sessions.userId, userId)
		);
}

export async function listUserSessions(ex: Executor, userId: string) {
	return ex
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			expiresAt: sessions.expiresAt,
			device: sessions.device
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(desc(sessions.lastSeenAt));
}

/** Ends one of the person's own sessions; another person's session id does nothing. */
export async function endOwnSession(ex: Executor, userId: string, sessionId: string) {
	await ex.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
}
