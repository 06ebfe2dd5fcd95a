import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { setupTokens } from '../db/schema';
import { hashToken, newToken } from '../ids';
import { audit } from '../audit';
import { hasAdmin, insertUser } from './accounts';

/**
 * On an instance without an admin, makes a one-time setup token (valid until one is used)
 * and returns it, to be printed in the server log. Returns undefined once an admin exists.
 */
export async function issueSetupToken(ex: Executor): Promise<string | undefined> {
	if (await hasAdmin(ex)) return undefined;
	const token = newToken();
	await ex.insert(setupTokens).values({ tokenHash: hashToken(token) });
	return token;
}

export async function setupTokenValid(ex: Executor, token: string): Promise<boolean> {
	if (await hasAdmin(ex)) return false;
	const [row] = await ex
		.select({ tokenHash: setupTokens.tokenHash })
		.from(setupTokens)
		.where(eq(setupTokens.tokenHash, hashToken(token)));
	return Boolean(row);
}

/** Creates the first admin, all or nothing; undefined when the token is no longer valid. */
export async function completeSetup(
	db: Db,
	token: string,
	account: { username: string; displayName: string; passwordHash: string }
) {
	return db.transaction(async (tx) => {
		const [used] = await tx
			.delete(setupTokens)
			.where(eq(setupTokens.tokenHash, hashToken(token)))
			.returning({ tokenHash: setupTokens.tokenHash });
		if (!used || (await hasAdmin(tx))) return undefined;
		await tx.delete(setupTokens);
		const user = await insertUser(tx, { ...account, isAdmin: true });
		await audit(tx, { actorId: user.id, action: 'setup.admin_created', targetUserId: user.id });
		return user;
	});
}
