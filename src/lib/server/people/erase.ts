// "Delete my account": everything about the person goes, in one transaction, and what must
// stay of them (the audit entries about what others did) stays without a name, an id or their
// words (docs/data-lifecycle.md, "Deleting an account").
import { and, count, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Executor } from '../db';
import { auditLog, invitations, loginFailures, users, type AuditAction } from '../db/schema';
import { listAllOwnStories, readPhotos, OWNER } from '../access';
import { deleteStory } from '../stories';
import { audit } from '../audit';
import { failureKey } from '../auth/throttle';

/**
 * Audit entries that record only the person's own use of their own account: they go with it.
 * Every other entry that names them (what an admin or a curator did to them, what they did as a
 * curator, partner or admin, consent changes) is kept for accountability, anonymised.
 */
const OWN_ACCOUNT_ACTIONS: AuditAction[] = ['password.changed', 'password_reset.used'];

export interface AccountErasure {
	/** Storage keys of every file of every photo: schedule their deletion in the same transaction. */
	files: string[];
	stories: number;
	photos: number;
}

/** Whether the person is the last active admin (who must not delete themselves). */
export async function isLastAdmin(ex: Executor, userId: string): Promise<boolean> {
	const [me] = await ex.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, userId));
	if (!me?.isAdmin) return false;
	const [others] = await ex
		.select({ n: count() })
		.from(users)
		.where(and(eq(users.isAdmin, true), isNull(users.disabledAt), ne(users.id, userId)));
	return (others?.n ?? 0) === 0;
}

/**
 * Erases the account and everything about its person: stories (with photos, placements,
 * consent events), memberships, sessions, notices, reset links, upload counts, login failures,
 * the invitations they used (a label may name them). Deleting the user row leaves a tombstone
 * (its id only) in `erasures`, and the write gate truncates the WAL and writes the erasure log
 * before this transaction's commit returns. Refuses ('last_admin') for the last active admin.
 * `restore` calls this too, to re-apply an account's tombstone.
 */
export async function eraseAccount(
	ex: Executor,
	userId: string,
	options: { allowLastAdmin?: boolean } = {}
): Promise<AccountErasure | 'last_admin' | 'unknown'> {
	const [person] = await ex
		.select({ id: users.id, isAdmin: users.isAdmin, usernameKey: users.usernameKey })
		.from(users)
		.where(eq(users.id, userId));
	if (!person) return 'unknown';
	if (!options.allowLastAdmin && (await isLastAdmin(ex, userId))) return 'last_admin';
	const viewer = { id: person.id, isAdmin: false };
	const files: string[] = [];
	let photos = 0;
	const stories = await listAllOwnStories(ex, viewer);
	for (const story of stories) {
		photos += (await readPhotos(ex, viewer, story.id, OWNER)).length;
		files.push(...(await deleteStory(ex, story)));
	}
	await ex.delete(invitations).where(eq(invitations.usedBy, userId));
	await ex
		.delete(loginFailures)
		.where(eq(loginFailures.usernameKey, failureKey(person.usernameKey)));
	const mine = or(eq(auditLog.actorId, userId), eq(auditLog.targetUserId, userId));
	await ex.delete(auditLog).where(and(mine, inArray(auditLog.action, OWN_ACCOUNT_ACTIONS)));
	// The reason an admin gave for disabling them is words about them.
	await ex
		.update(auditLog)
		.set({ details: {} })
		.where(
			and(
				eq(auditLog.targetUserId, userId),
				inArray(auditLog.action, ['account.disabled', 'account.enabled'])
			)
		);
	// Actor and target become null (ON DELETE SET NULL), so the kept entries name no one.
	await ex.delete(users).where(eq(users.id, userId));
	await audit(ex, {
		actorId: null,
		action: 'account.deleted',
		details: { stories: stories.length, photos }
	});
	return { files, stories: stories.length, photos };
}
