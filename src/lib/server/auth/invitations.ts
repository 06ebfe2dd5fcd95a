import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { invitationWorkingGroups, invitations, users, workingGroups } from '../db/schema';
import { hashToken, newId, newToken } from '../ids';
import { audit } from '../audit';
import { addMembership } from '../people';
import { insertUser } from './accounts';
import type { Role } from '../../roles';

export const INVITATION_DAYS_MAX = 90;
export const INVITATION_DAYS_DEFAULT = 14;
const DAY = 24 * 60 * 60 * 1000;

export async function createInvitation(
	ex: Executor,
	input: {
		initiativeId: string;
		role: Role;
		workingGroupIds: string[];
		label: string;
		days: number;
		createdBy: string;
	},
	now = new Date()
): Promise<{ id: string; token: string; expiresAt: Date }> {
	const token = newToken();
	const id = newId();
	const expiresAt = new Date(now.getTime() + input.days * DAY);
	await ex.insert(invitations).values({
		id,
		tokenHash: hashToken(token),
		initiativeId: input.initiativeId,
		role: input.role,
		label: input.label.trim(),
		createdBy: input.createdBy,
		createdAt: now,
		expiresAt
	});
	if (input.workingGroupIds.length > 0) {
		await ex
			.insert(invitationWorkingGroups)
			.values(
				input.workingGroupIds.map((workingGroupId) => ({ invitationId: id, workingGroupId }))
			);
	}
	await audit(ex, {
		actorId: input.createdBy,
		action: 'invitation.created',
		initiativeId: input.initiativeId,
		details: { invitationId: id, role: input.role, days: input.days }
	});
	return { id, token, expiresAt };
}

export type InvitationStatus = 'open' | 'used' | 'expired' | 'revoked';

function statusOf(
	row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
	now: Date
): InvitationStatus {
	if (row.usedAt) return 'used';
	if (row.revokedAt) return 'revoked';
	if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
	return 'open';
}

export async function listInvitations(ex: Executor, initiativeId: string, now = new Date()) {
	const rows = await ex
		.select({
			id: invitations.id,
			role: invitations.role,
			label: invitations.label,
			createdAt: invitations.createdAt,
			expiresAt: invitations.expiresAt,
			usedAt: invitations.usedAt,
			revokedAt: invitations.revokedAt,
			usedBy: users.username
		})
		.from(invitations)
		.leftJoin(users, eq(users.id, invitations.usedBy))
		.where(eq(invitations.initiativeId, initiativeId))
		.orderBy(desc(invitations.createdAt));
	return rows.map((r) => ({ ...r, status: statusOf(r, now) }));
}

export async function revokeInvitation(
	ex: Executor,
	actorId: string,
	initiativeId: string,
	invitationId: string
): Promise<boolean> {
	const [row] = await ex
		.update(invitations)
		.set({ revokedAt: new Date() })
		.where(
			and(
				eq(invitations.id, invitationId),
				eq(invitations.initiativeId, initiativeId),
				isNull(invitations.usedAt),
				isNull(invitations.revokedAt)
			)
		)
		.returning({ id: invitations.id });
	if (!row) return false;
	await audit(ex, {
		actorId,
		action: 'invitation.revoked',
		initiativeId,
		details: { invitationId }
	});
	return true;
}

/** The invitation behind a link, whatever its state, or undefined for an unknown token. */
export async function findInvitation(ex: Executor, token: string, now = new Date()) {
	const [row] = await ex
		.select()
		.from(invitations)
		.where(eq(invitations.tokenHash, hashToken(token)));
	if (!row) return undefined;
	const groups = await ex
		.select({ id: workingGroups.id, title: workingGroups.title })
		.from(invitationWorkingGroups)
		.innerJoin(workingGroups, eq(workingGroups.id, invitationWorkingGroups.workingGroupId))
		.where(eq(invitationWorkingGroups.invitationId, row.id));
	return { ...row, workingGroups: groups, status: statusOf(row, now) };
}

/** Marks the invitation used if it still can be; false when someone else got there first. */
async function claim(ex: Executor, token: string, userId: string, now: Date) {
	const [row] = await ex
		.update(invitations)
		.set({ usedAt: now, usedBy: userId })
		.where(
			and(
				eq(invitations.tokenHash, hashToken(token)),
				isNull(invitations.usedAt),
				isNull(invitations.revokedAt),
				gt(invitations.expiresAt, now)
			)
		)
		.returning({
			id: invitations.id,
			initiativeId: invitations.initiativeId,
			role: invitations.role
		});
	if (!row) return undefined;
	const groups = await ex
		.select({ id: invitationWorkingGroups.workingGroupId })
		.from(invitationWorkingGroups)
		.where(eq(invitationWorkingGroups.invitationId, row.id));
	return { ...row, workingGroupIds: groups.map((g) => g.id) };
}

export class InvitationUnavailable extends Error {
	constructor() {
		super('invitation no longer usable');
	}
}

/**
 * Creates the invited person's account and membership, all or nothing. Throws
 * InvitationUnavailable when the link was used, revoked or expired meanwhile.
 */
export async function joinWithNewAccount(
	db: Db,
	token: string,
	account: { username: string; displayName: string; passwordHash: string },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const user = await insertUser(tx, account);
		const invitation = await claim(tx, token, user.id, now);
		if (!invitation) throw new InvitationUnavailable();
		await addMembership(tx, {
			userId: user.id,
			initiativeId: invitation.initiativeId,
			role: invitation.role,
			workingGroupIds: invitation.workingGroupIds,
			actorId: user.id,
			via: 'invitation'
		});
		await audit(tx, {
			actorId: user.id,
			action: 'invitation.used',
			initiativeId: invitation.initiativeId,
			targetUserId: user.id,
			details: { invitationId: invitation.id, role: invitation.role, newAccount: true }
		});
		return { user, initiativeId: invitation.initiativeId, role: invitation.role };
	});
}

/** Adds the invitation's role to the account of the person who is logged in. */
export async function joinWithExistingAccount(
	db: Db,
	token: string,
	userId: string,
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const invitation = await claim(tx, token, userId, now);
		if (!invitation) throw new InvitationUnavailable();
		await addMembership(tx, {
			userId,
			initiativeId: invitation.initiativeId,
			role: invitation.role,
			workingGroupIds: invitation.workingGroupIds,
			actorId: userId,
			via: 'invitation'
		});
		await audit(tx, {
			actorId: userId,
			action: 'invitation.used',
			initiativeId: invitation.initiativeId,
			targetUserId: userId,
			details: { invitationId: invitation.id, role: invitation.role, newAccount: false }
		});
		return { initiativeId: invitation.initiativeId, role: invitation.role };
	});
}

/** Working groups that belong to the initiative and are not archived, out of those asked for. */
export async function validWorkingGroupIds(
	ex: Executor,
	initiativeId: string,
	ids: string[]
): Promise<string[]> {
	if (ids.length === 0) return [];
	const rows = await ex
		.select({ id: workingGroups.id })
		.from(workingGroups)
		.where(
			and(
				inArray(workingGroups.id, ids),
				eq(workingGroups.initiativeId, initiativeId),
				isNull(workingGroups.archivedAt)
			)
		);
	return rows.map((r) => r.id);
}
