import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	InvitationUnavailable,
	createInvitation,
	findInvitation,
	joinWithExistingAccount,
	joinWithNewAccount,
	listInvitations,
	revokeInvitation
} from '../../src/lib/server/auth/invitations';
import { auditLog, invitations, users } from '../../src/lib/server/db/schema';
import { listInitiativeMembers, rolesIn } from '../../src/lib/server/people';
import { makeUser, makeWorld, testDb, giveRole } from '../fixtures/factories';

const account = (username: string) => ({ username, displayName: '', passwordHash: 'x' });

describe('invitations', () => {
	it('work once, for the role and working groups they name', async () => {
		const db = await testDb();
		const world = await makeWorld(db);
		const { token } = await createInvitation(db, {
			initiativeId: world.initiativeId,
			role: 'partner',
			workingGroupIds: [world.workingGroupIds[1]],
			label: 'Ministry of Welfare',
			days: 7,
			createdBy: world.admin.id
		});
		// Only the hash is stored.
		expect(JSON.stringify(await db.select().from(invitations))).not.toContain(token);

		const joined = await joinWithNewAccount(db, token, account('yael'));
		expect(joined.role).toBe('partner');
		const members = await listInitiativeMembers(db, world.initiativeId);
		expect(members).toMatchObject([
			{ username: 'yael', role: 'partner', workingGroupIds: [world.workingGroupIds[1]] }
		]);
		await expect(joinWithNewAccount(db, token, account('second'))).rejects.toBeInstanceOf(
			InvitationUnavailable
		);
		// The refused second use left no account behind.
		expect(await db.select().from(users).where(eq(users.username, 'second'))).toEqual([]);
		expect((await findInvitation(db, token))?.status).toBe('used');
		const actions = (await db.select().from(auditLog)).map((a) => a.action);
		expect(actions).toEqual(
			expect.arrayContaining(['invitation.created', 'invitation.used', 'membership.added'])
		);
	});

	it('stop working when expired or withdrawn', async () => {
		const db = await testDb();
		const world = await makeWorld(db);
		const base = {
			initiativeId: world.initiativeId,
			role: 'participant' as const,
			workingGroupIds: [],
			label: '',
			createdBy: world.admin.id
		};
		const old = await createInvitation(
			db,
			{ ...base, days: 1 },
			new Date(Date.now() - 2 * 86_400_000)
		);
		await expect(joinWithNewAccount(db, old.token, account('late'))).rejects.toBeInstanceOf(
			InvitationUnavailable
		);
		const withdrawn = await createInvitation(db, { ...base, days: 3 });
		expect(await revokeInvitation(db, world.admin.id, world.initiativeId, withdrawn.id)).toBe(true);
		await expect(joinWithNewAccount(db, withdrawn.token, account('nope'))).rejects.toBeInstanceOf(
			InvitationUnavailable
		);
		const statuses = (await listInvitations(db, world.initiativeId)).map((i) => i.status).sort();
		expect(statuses).toEqual(['expired', 'revoked']);
		expect(await findInvitation(db, 'a'.repeat(32))).toBeUndefined();
	});

	it('add a role to an existing account, so one person holds roles in several initiatives', async () => {
		const db = await testDb();
		const one = await makeWorld(db);
		const two = await makeWorld(db);
		const person = await makeUser(db);
		await giveRole(db, person, one.initiativeId, 'participant');
		const { token } = await createInvitation(db, {
			initiativeId: two.initiativeId,
			role: 'partner',
			workingGroupIds: [],
			label: '',
			days: 3,
			createdBy: two.admin.id
		});
		await joinWithExistingAccount(db, token, person.id);
		expect(await rolesIn(db, person.id, one.initiativeId)).toEqual(['participant']);
		expect(await rolesIn(db, person.id, two.initiativeId)).toEqual(['partner']);
	});
});
