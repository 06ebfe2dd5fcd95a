import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	ADMIN_ABSOLUTE_MS,
	ADMIN_IDLE_MS,
	SESSION_MS,
	createSession,
	invalidateUserSessions,
	listUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { hashToken } from '../../src/lib/server/ids';
import { sessions } from '../../src/lib/server/db/schema';
import { makeUser, testDb } from '../fixtures/factories';

const MIN = 60 * 1000;
const DAY = 24 * 60 * MIN;

describe('sessions', () => {
	it('use 160-bit random tokens and store only their SHA-256', async () => {
		const db = await testDb();
		const user = await makeUser(db);
		const a = await createSession(db, user, '');
		const b = await createSession(db, user, '');
		expect(a.token).toMatch(/^[a-z2-7]{32}$/); // 32 base32 characters = 160 bits
		expect(a.token).not.toBe(b.token);
		const rows = await db.select().from(sessions);
		expect(rows.map((r) => r.id).sort()).toEqual([hashToken(a.token), hashToken(b.token)].sort());
		expect(JSON.stringify(rows)).not.toContain(a.token);
	});

	it('last 30 days, sliding when half of that has passed', async () => {
		const db = await testDb();
		const user = await makeUser(db);
		const t0 = new Date('2026-01-01T00:00:00Z');
		const { token, session } = await createSession(db, user, '', t0);
		expect(session.expiresAt.getTime() - t0.getTime()).toBe(SESSION_MS);

		const day10 = new Date(t0.getTime() + 10 * DAY);
		const early = await validateSessionToken(db, token, day10);
		expect(early?.renewed).toBe(false);
		expect(early?.session.expiresAt.getTime()).toBe(t0.getTime() + SESSION_MS);

		const day20 = new Date(t0.getTime() + 20 * DAY);
		const later = await validateSessionToken(db, token, day20);
		expect(later?.renewed).toBe(true);
		expect(later?.session.expiresAt.getTime()).toBe(day20.getTime() + SESSION_MS);

		const gone = new Date(day20.getTime() + SESSION_MS);
		expect(await validateSessionToken(db, token, gone)).toBeNull();
		expect(await db.select().from(sessions)).toEqual([]);
	});

	it('end after 30 idle minutes or 12 hours for admins', async () => {
		const db = await testDb();
		const admin = await makeUser(db, { isAdmin: true });
		const t0 = new Date('2026-01-01T00:00:00Z');
		const idle = await createSession(db, admin, '', t0);
		expect(idle.session.expiresAt.getTime() - t0.getTime()).toBe(ADMIN_IDLE_MS);
		expect(
			await validateSessionToken(db, idle.token, new Date(t0.getTime() + 29 * MIN))
		).not.toBeNull();
		// Used at minute 29: alive until minute 59, gone at 60.
		expect(
			await validateSessionToken(db, idle.token, new Date(t0.getTime() + 58 * MIN))
		).not.toBeNull();
		expect(
			await validateSessionToken(db, idle.token, new Date(t0.getTime() + 89 * MIN))
		).toBeNull();

		const busy = await createSession(db, admin, '', t0);
		let t = t0.getTime();
		while (t + 20 * MIN < t0.getTime() + ADMIN_ABSOLUTE_MS) {
			t += 20 * MIN;
			expect(await validateSessionToken(db, busy.token, new Date(t))).not.toBeNull();
		}
		expect(
			await validateSessionToken(db, busy.token, new Date(t0.getTime() + ADMIN_ABSOLUTE_MS))
		).toBeNull();
	});

	it('an account becoming admin puts its old sessions under the admin limits', async () => {
		const db = await testDb();
		const user = await makeUser(db);
		const t0 = new Date('2026-01-01T00:00:00Z');
		const { token } = await createSession(db, user, '', t0);
		await db.update((await import('../../src/lib/server/db/schema')).users).set({ isAdmin: true });
		expect(
			await validateSessionToken(db, token, new Date(t0.getTime() + 13 * 60 * MIN))
		).toBeNull();
	});

	it('can be ended one by one or all but the current one', async () => {
		const db = await testDb();
		const user = await makeUser(db);
		const other = await makeUser(db);
		const a = await createSession(db, user, 'Firefox · Linux');
		const b = await createSession(db, user, '');
		const c = await createSession(db, other, '');
		await invalidateUserSessions(db, user.id, a.session.id);
		expect((await listUserSessions(db, user.id)).map((s) => s.id)).toEqual([a.session.id]);
		expect(await validateSessionToken(db, b.token)).toBeNull();
		expect(await validateSessionToken(db, c.token)).not.toBeNull();
		await invalidateUserSessions(db, user.id);
		expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
	});
});
