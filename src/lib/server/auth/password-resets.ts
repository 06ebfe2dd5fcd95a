import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { passwordResets, users } from '../db/schema';
import { hashToken, newId, newToken } from '../ids';
import { audit } from '../audit';
import { notify } from '../notifications';
import { invalidateUserSessions } from './session';

// Participants often have no email: a curator hands them a one-time link instead.
export const RESET_HOURS = 72;

export async function createPasswordReset(
	ex: Executor,
	input: { userId: string; createdBy: string; initiativeId?: string | null },
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = newToken();
	const expiresAt = new Date(now.getTime() + RESET_HOURS * 60 * 60 * 1000);
	// A new link replaces any earlier one that was not used.
	await ex
		.delete(passwordResets)
		.where(and(eq(passwordResets.userId, input.userId), isNull(passwordResets.usedAt)));
	await ex.insert(passwordResets).values({
		id: newId(),
		tokenHash: hashToken(token),
		userId: input.userId,
		createdBy: input.createdBy,
		createdAt: now,
		expiresAt
	});
	await audit(ex, {
		actorId: input.createdBy,
		action: 'password_reset.created',
		initiativeId: input.initiativeId ?? null,
		targetUserId: input.userId
	});
	// The person learns that someone made a link for their account (not who, not the link).
	if (input.createdBy !== input.userId)
		await notify(ex, {
			userId: input.userId,
			kind: 'account_event',
			initiativeId: input.initiativeId ?? null,
			params: { event: 'password_reset_issued' }
		});
	return { token, expiresAt };
}

export async function findUsableReset(ex: Executor, token: string, now = new Date()) {
	const [row] = await ex
		.select({ id: passwordResets.id, userId: users.id, username: users.username })
		.from(passwordResets)
		.innerJoin(users, eq(users.id, passwordResets.userId))
		.where(
			and(
				eq(passwordResets.tokenHash, hashToken(token)),
				isNull(passwordResets.usedAt),
				gt(passwordResets.expiresAt, now)
			)
		);
	return row;
}

/**
 * Sets the new password, marks the link used and ends every session of the person, all or
 * nothing. Returns the person, or undefined when the link was used or expired meanwhile.
 */
export async function usePasswordReset(
	db: Db,
	token: string,
	passwordHash: string,
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const [reset] = await tx
			.update(passwordResets)
			.set({ usedAt: now })
			.where(
				and(
					eq(passwordResets.tokenHash, hashToken(token)),
					isNull(passwordResets.usedAt),
					gt(passwordResets.expiresAt, now)
				)
			)
			.returning({ userId: passwordResets.userId });
		if (!reset) return undefined;
		const [user] = await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: now })
			.where(eq(users.id, reset.userId))
			.returning({ id: users.id, isAdmin: users.isAdmin });
		if (!user) return undefined;
		await invalidateUserSessions(tx, user.id);
		await audit(tx, { actorId: user.id, action: 'password_reset.used', targetUserId: user.id });
		await notify(tx, {
			userId: user.id,
			kind: 'account_event',
			params: { event: 'password_changed' }
		});
		return user;
	});
}

export async function lastResetFor(ex: Executor, userId: string) {
	const [row] = await ex
		.select({ createdAt: passwordResets.createdAt, usedAt: passwordResets.usedAt })
		.from(passwordResets)
		.where(eq(passwordResets.userId, userId))
		.orderBy(desc(passwordResets.createdAt))
		.limit(1);
	return row;
}
