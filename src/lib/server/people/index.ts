import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../db';
import { initiatives, membershipWorkingGroups, memberships, sessions, users } from '../db/schema';
import { newId } from '../ids';
import { audit } from '../audit';
import { notify } from '../notifications';
import type { Role } from '../../roles';

/** Every membership of a person, with its initiative, for their home and for guards. */
export async function listMemberships(ex: Executor, userId: string) {
	return ex
		.select({
			id: memberships.id,
			role: memberships.role,
			initiativeId: memberships.initiativeId,
			initiativeTitle: initiatives.title,
			initiativeArchivedAt: initiatives.archivedAt
		})
		.from(memberships)
		.innerJoin(initiatives, eq(initiatives.id, memberships.initiativeId))
		.where(eq(memberships.userId, userId))
		.orderBy(asc(initiatives.createdAt), asc(memberships.role));
}

export async function rolesIn(ex: Executor, userId: string, initiativeId: string): Promise<Role[]> {
	const rows = await ex
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.initiativeId, initiativeId)));
	return rows.map((r) => r.role);
}

export async function workingGroupIdsOf(ex: Executor, membershipId: string): Promise<string[]> {
	const rows = await ex
		.select({ id: membershipWorkingGroups.workingGroupId })
		.from(membershipWorkingGroups)
		.where(eq(membershipWorkingGroups.membershipId, membershipId));
	return rows.map((r) => r.id);
}

/**
 * Gives a person a role in an initiative (or, when they hold it already, adds the working
 * groups). Returns the membership id.
 */
export async function addMembership(
	ex: Executor,
	input: {
		userId: string;
		initiativeId: string;
		role: Role;
		workingGroupIds: string[];
		actorId: string | null;
		via: 'invitation' | 'admin';
	}
): Promise<string> {
	const [existing] = await ex
		.select({ id: memberships.id })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, input.userId),
				eq(memberships.initiativeId, input.initiativeId),
				eq(memberships.role, input.role)
			)
		);
	const membershipId = existing?.id ?? newId();
	if (!existing) {
		await ex.insert(memberships).values({
			id: membershipId,
			userId: input.userId,
			initiativeId: input.initiativeId,
			role: input.role
		});
	}
	if (input.workingGroupIds.length > 0) {
		await ex
			.insert(membershipWorkingGroups)
			.values(input.workingGroupIds.map((workingGroupId) => ({ membershipId, workingGroupId })))
			.onConflictDoNothing();
	}
	await audit(ex, {
		actorId: input.actorId,
		action: 'membership.added',
		initiativeId: input.initiativeId,
		targetUserId: input.userId,
		details: {
			role: input.role,
			via: input.via,
			workingGroups: input.workingGroupIds.length,
			existing: Boolean(existing)
		}
	});
	if (!existing)
		await notify(ex, {
			userId: input.userId,
			kind: 'account_event',
			initiativeId: input.initiativeId,
			params: { event: 'membership_added', role: input.role }
		});
	return membershipId;
}

export async function getMembership(ex: Executor, membershipId: string) {
	const [row] = await ex
		.select({
			id: memberships.id,
			userId: memberships.userId,
			initiativeId: memberships.initiativeId,
			role: memberships.role,
			username: users.username,
			displayName: users.displayName
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.id, membershipId));
	return row;
}

/**
 * Ends a membership. What it means for a participant's stories is decided by the caller
 * (src/lib/server/consent/membership.ts) in the same transaction; `details` go to the audit log.
 */
export async function removeMembership(
	ex: Executor,
	actorId: string,
	membershipId: string,
	details: Record<string, string | number | boolean | null> = {}
) {
	const [row] = await ex.delete(memberships).where(eq(memberships.id, membershipId)).returning({
		userId: memberships.userId,
		initiativeId: memberships.initiativeId,
		role: memberships.role
	});
	if (!row) return undefined;
	await audit(ex, {
		actorId,
		action: 'membership.removed',
		initiativeId: row.initiativeId,
		targetUserId: row.userId,
		details: { role: row.role, ...details }
	});
	await notify(ex, {
		userId: row.userId,
		kind: 'account_event',
		initiativeId: row.initiativeId,
		params: { event: 'membership_removed', role: row.role }
	});
	return row;
}

export type DisableProblem = 'disable_self' | 'disable_reason_required' | 'disable_unknown';

/**
 * Disables an account (or enables it again). Disabling ends all its sessions in the same
 * transaction, so the very next request is anonymous; the gate then hides the person's
 * stories from everyone but themselves (nothing is deleted). The reason goes to the audit log.
 */
export async function setAccountDisabled(
	ex: Executor,
	actorId: string,
	userId: string,
	disabled: boolean,
	reason: string
): Promise<'ok' | DisableProblem> {
	if (actorId === userId) return 'disable_self';
	const text = reason.trim().slice(0, 500);
	if (disabled && !text) return 'disable_reason_required';
	const [before] = await ex
		.select({ disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, userId));
	const [row] = await ex
		.update(users)
		.set(
			disabled
				? { disabledAt: new Date(), disabledReason: text }
				: { disabledAt: null, disabledReason: '' }
		)
		.where(eq(users.id, userId))
		.returning({ id: users.id });
	if (!row) return 'disable_unknown';
	if (disabled) await ex.delete(sessions).where(eq(sessions.userId, userId));
	await audit(ex, {
		actorId,
		action: disabled ? 'account.disabled' : 'account.enabled',
		targetUserId: userId,
		details: { reason: text || null }
	});
	if (!disabled && before?.disabledAt)
		await notify(ex, {
			userId,
			kind: 'account_event',
			params: { event: 'account_enabled' }
		});
	return 'ok';
}

/** The people of one initiative, each with their roles there. */
export async function listInitiativeMembers(ex: Executor, initiativeId: string) {
	const rows = await ex
		.select({
			userId: users.id,
			username: users.username,
			displayName: users.displayName,
			isAdmin: users.isAdmin,
			membershipId: memberships.id,
			role: memberships.role,
			since: memberships.createdAt
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.initiativeId, initiativeId))
		.orderBy(asc(users.usernameKey));
	const groups = rows.length
		? await ex
				.select({
					membershipId: membershipWorkingGroups.membershipId,
					workingGroupId: membershipWorkingGroups.workingGroupId
				})
				.from(membershipWorkingGroups)
				.where(
					inArray(
						membershipWorkingGroups.membershipId,
						rows.map((r) => r.membershipId)
					)
				)
		: [];
	return rows.map((r) => ({
		...r,
		workingGroupIds: groups
			.filter((g) => g.membershipId === r.membershipId)
			.map((g) => g.workingGroupId)
	}));
}

export async function listUsers(ex: Executor) {
	const people = await ex
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			isAdmin: users.isAdmin,
			createdAt: users.createdAt,
			disabledAt: users.disabledAt,
			disabledReason: users.disabledReason
		})
		.from(users)
		.orderBy(asc(users.usernameKey));
	const all = await ex
		.select({
			id: memberships.id,
			userId: memberships.userId,
			role: memberships.role,
			initiativeId: memberships.initiativeId,
			initiativeTitle: initiatives.title
		})
		.from(memberships)
		.innerJoin(initiatives, eq(initiatives.id, memberships.initiativeId));
	return people.map((p) => ({ ...p, memberships: all.filter((m) => m.userId === p.id) }));
}

export async function getUser(ex: Executor, userId: string) {
	const [row] = await ex
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			isAdmin: users.isAdmin
		})
		.from(users)
		.where(eq(users.id, userId));
	return row;
}

export type SetAdminResult = 'ok' | 'last_admin';

export async function setAdmin(
	ex: Executor,
	actorId: string,
	userId: string,
	isAdmin: boolean
): Promise<SetAdminResult> {
	if (!isAdmin) {
		const others = await ex
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.isAdmin, true), ne(users.id, userId)));
		if (others.length === 0) return 'last_admin';
	}
	await ex.update(users).set({ isAdmin }).where(eq(users.id, userId));
	await audit(ex, {
		actorId,
		action: isAdmin ? 'admin.granted' : 'admin.revoked',
		targetUserId: userId
	});
	return 'ok';
}

/**
 * Who may issue a password-reset link for whom. An admin: for anyone but another admin's
 * account is still allowed, since admins run the instance. A curator: only for a person who is
 * a participant in one of the curator's initiatives and holds no other role anywhere and is not
 * an admin, so that a reset link can never hand a curator someone else's wider access.
 */
export async function mayIssueReset(
	ex: Executor,
	actor: { id: string; isAdmin: boolean },
	targetUserId: string
): Promise<boolean> {
	if (actor.id === targetUserId) return false;
	const target = await getUser(ex, targetUserId);
	if (!target) return false;
	if (actor.isAdmin) return true;
	if (target.isAdmin) return false;
	const targetMemberships = await ex
		.select({ initiativeId: memberships.initiativeId, role: memberships.role })
		.from(memberships)
		.where(eq(memberships.userId, targetUserId));
	if (targetMemberships.length === 0) return false;
	if (targetMemberships.some((m) => m.role !== 'participant')) return false;
	const curated = await ex
		.select({ initiativeId: memberships.initiativeId })
		.from(memberships)
		.where(and(eq(memberships.userId, actor.id), eq(memberships.role, 'curator')));
	const curatedIds = new Set(curated.map((c) => c.initiativeId));
	return targetMemberships.some((m) => curatedIds.has(m.initiativeId));
}
