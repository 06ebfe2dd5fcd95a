import { describe, expect, it } from 'vitest';
import { attemptLogin } from '../../src/lib/server/auth/accounts';
import { MAX_FAILURES, THROTTLE_WINDOW_MS } from '../../src/lib/server/auth/throttle';
import { loginFailures } from '../../src/lib/server/db/schema';
import { makeUser, testDb } from '../fixtures/factories';

describe('login throttling', () => {
	it('refuses further attempts after 5 failures for an account and address in 15 minutes', async () => {
		const db = await testDb();
		const user = await makeUser(db, { username: 'Miriam' });
		const t0 = new Date('2026-01-01T10:00:00Z');
		for (let i = 0; i < MAX_FAILURES; i++) {
			const at = new Date(t0.getTime() + i * 1000);
			const result = await attemptLogin(
				db,
				{ username: 'miriam', password: 'wrong password!', address: '10.0.0.1' },
				at
			);
			expect(result).toEqual({ ok: false, reason: 'invalid' });
		}
		// Even the right password is refused now, with the time it frees up.
		const blocked = await attemptLogin(
			db,
			{ username: 'MIRIAM', password: user.password, address: '10.0.0.1' },
			new Date(t0.getTime() + 60_000)
		);
		expect(blocked).toEqual({
			ok: false,
			reason: 'throttled',
			retryAt: new Date(t0.getTime() + THROTTLE_WINDOW_MS)
		});
		// Another address is not affected.
		expect(
			(
				await attemptLogin(
					db,
					{ username: 'miriam', password: user.password, address: '10.0.0.2' },
					t0
				)
			).ok
		).toBe(true);
		// After the window, the account can log in again, and success clears the failures.
		const later = new Date(t0.getTime() + THROTTLE_WINDOW_MS + 5000);
		expect(
			(
				await attemptLogin(
					db,
					{ username: 'miriam', password: user.password, address: '10.0.0.1' },
					later
				)
			).ok
		).toBe(true);
		expect(await db.select().from(loginFailures)).toEqual([]);
	});

	it('answers the same for an unknown username as for a wrong password', async () => {
		const db = await testDb();
		await makeUser(db, { username: 'known' });
		const unknown = await attemptLogin(db, {
			username: 'nobody-here',
			password: 'whatever it is',
			address: '1.1.1.1'
		});
		const wrong = await attemptLogin(db, {
			username: 'known',
			password: 'whatever it is',
			address: '1.1.1.1'
		});
		expect(unknown).toEqual(wrong);
		// Unknown usernames are throttled too, so throttling does not tell them apart either.
		for (let i = 0; i < MAX_FAILURES; i++)
			await attemptLogin(db, {
				username: 'nobody-here',
				password: 'x'.repeat(12),
				address: '1.1.1.1'
			});
		expect(
			(
				await attemptLogin(db, {
					username: 'nobody-here',
					password: 'x'.repeat(12),
					address: '1.1.1.1'
				})
			).ok
		).toBe(false);
		expect(
			await attemptLogin(db, {
				username: 'nobody-here',
				password: 'x'.repeat(12),
				address: '1.1.1.1'
			})
		).toMatchObject({ reason: 'throttled' });
	});

	it('stores a fixed-size digest of the username typed, never the input itself', async () => {
		const db = await testDb();
		const typed = ['Miriam', 'correct horse battery staple', 'x'.repeat(5000)];
		for (const username of typed)
			await attemptLogin(db, { username, password: 'wrong password!', address: '10.0.0.9' });
		const rows = await db.select().from(loginFailures);
		expect(rows).toHaveLength(3);
		for (const row of rows) expect(row.usernameKey).toMatch(/^[0-9a-f]{64}$/);
		const stored = JSON.stringify(rows);
		expect(stored).not.toContain('miriam');
		expect(stored).not.toContain('horse');
		// Still counted per username: the digest of the same name is the same.
		expect(new Set(rows.map((r) => r.usernameKey)).size).toBe(3);
	});
});
