import { describe, expect, it } from 'vitest';
import {
	createPasswordReset,
	findUsableReset,
	usePasswordReset
} from '../../src/lib/server/auth/password-resets';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { attemptLogin } from '../../src/lib/server/auth/accounts';
import { hashPassword } from '../../src/lib/server/auth/password';
import { mayIssueReset } from '../../src/lib/server/people';
import { giveRole, makeUser, makeWorld, testDb } from '../fixtures/factories';

describe('password-reset links', () => {
	it('set a new password once and end every session of the person', async () => {
		const db = await testDb();
		const world = await makeWorld(db);
		const curator = await makeUser(db);
		const participant = await makeUser(db, { username: 'noa' });
		await giveRole(db, participant, world.initiativeId, 'participant');
		const phone = await createSession(db, participant, '');
		const laptop = await createSession(db, participant, '');
		const { token } = await createPasswordReset(db, {
			userId: participant.id,
			createdBy: curator.id
		});
		expect((await findUsableReset(db, token))?.username).toBe('noa');
		expect(
			await usePasswordReset(db, token, await hashPassword('a brand new passphrase'))
		).toBeTruthy();
		expect(await validateSessionToken(db, phone.token)).toBeNull();
		expect(await validateSessionToken(db, laptop.token)).toBeNull();
		expect(
			(
				await attemptLogin(db, {
					username: 'noa',
					password: 'a brand new passphrase',
					address: 'a'
				})
			).ok
		).toBe(true);
		expect(await usePasswordReset(db, token, 'x')).toBeUndefined();
	});

	it('expire, and a newer link replaces an older one', async () => {
		const db = await testDb();
		const user = await makeUser(db);
		const admin = await makeUser(db, { isAdmin: true });
		const old = await createPasswordReset(
			db,
			{ userId: user.id, createdBy: admin.id },
			new Date(Date.now() - 73 * 3600_000)
		);
		expect(await findUsableReset(db, old.token)).toBeUndefined();
		const first = await createPasswordReset(db, { userId: user.id, createdBy: admin.id });
		const second = await createPasswordReset(db, { userId: user.id, createdBy: admin.id });
		expect(await findUsableReset(db, first.token)).toBeUndefined();
		expect(await findUsableReset(db, second.token)).toBeDefined();
	});

	it('are issued by curators only for participants of their initiatives who hold no other role', async () => {
		const db = await testDb();
		const world = await makeWorld(db);
		const elsewhere = await makeWorld(db);
		const curator = await makeUser(db);
		await giveRole(db, curator, world.initiativeId, 'curator');
		const participant = await makeUser(db);
		await giveRole(db, participant, world.initiativeId, 'participant');
		const alsoPartner = await makeUser(db);
		await giveRole(db, alsoPartner, world.initiativeId, 'participant');
		await giveRole(db, alsoPartner, elsewhere.initiativeId, 'partner');
		const otherInitiative = await makeUser(db);
		await giveRole(db, otherInitiative, elsewhere.initiativeId, 'participant');
		const fellowCurator = await makeUser(db);
		await giveRole(db, fellowCurator, world.initiativeId, 'curator');

		const actor = { id: curator.id, isAdmin: false };
		expect(await mayIssueReset(db, actor, participant.id)).toBe(true);
		expect(await mayIssueReset(db, actor, alsoPartner.id)).toBe(false);
		expect(await mayIssueReset(db, actor, otherInitiative.id)).toBe(false);
		expect(await mayIssueReset(db, actor, fellowCurator.id)).toBe(false);
		expect(await mayIssueReset(db, actor, world.admin.id)).toBe(false);
		expect(await mayIssueReset(db, actor, curator.id)).toBe(false);
		expect(await mayIssueReset(db, { id: world.admin.id, isAdmin: true }, alsoPartner.id)).toBe(
			true
		);
	});
});
