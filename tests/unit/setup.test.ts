import { describe, expect, it } from 'vitest';
import { completeSetup, issueSetupToken, setupTokenValid } from '../../src/lib/server/auth/setup';
import { hasAdmin } from '../../src/lib/server/auth/accounts';
import { auditLog, setupTokens } from '../../src/lib/server/db/schema';
import { testDb } from '../fixtures/factories';

describe('first-run setup', () => {
	it('issues tokens only while there is no admin, and the first one used creates the admin', async () => {
		const db = await testDb();
		const first = await issueSetupToken(db);
		const second = await issueSetupToken(db);
		expect(first).toMatch(/^[a-z2-7]{32}$/);
		expect(await setupTokenValid(db, first!)).toBe(true);
		expect(await setupTokenValid(db, 'b'.repeat(32))).toBe(false);
		const admin = await completeSetup(db, second!, {
			username: 'root',
			displayName: '',
			passwordHash: 'x'
		});
		expect(admin?.isAdmin).toBe(true);
		expect(await hasAdmin(db)).toBe(true);
		// Every other token died with it.
		expect(await db.select().from(setupTokens)).toEqual([]);
		expect(await setupTokenValid(db, first!)).toBe(false);
		expect(
			await completeSetup(db, first!, { username: 'root2', displayName: '', passwordHash: 'x' })
		).toBeUndefined();
		expect(await issueSetupToken(db)).toBeUndefined();
		expect((await db.select().from(auditLog)).map((a) => a.action)).toEqual([
			'setup.admin_created'
		]);
	});
});
