import { and, count, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { users } from '../db/schema';
import { newId } from '../ids';
import { audit } from '../audit';
import { notify } from '../notifications';
import { hashPassword, passwordProblem, verifyAgainstNothing, verifyPassword } from './password';
import type { PasswordProblem } from './password';
import { clearLoginFailures, loginThrottle, recordLoginFailure } from './throttle';
import { invalidateUserSessions } from './session';
import { checkText, cleanText, mixesScripts, tooLong, usernameSkeletons } from '../text';

/** Letters of any script, digits, dot, dash and underscore; 3 to 32 of them. */
export const USERNAME_MAX = 32;
const USERNAME = /^[\p{L}\p{M}\p{N}._-]{3,32}$/u;
export const DISPLAY_NAME_MAX = 80;

export function usernameKey(username: string): string {
	return username.normalize('NFKC').toLowerCase();
}

/**
 * A message key: username_invalid, username_taken, username_confusable, username_mixed_scripts,
 * or username_too_long with its limit (text.ts tooLong).
 */
export type UsernameProblem = string;

/** What is wrong with a new username's form, before looking at anyone else's. */
export function usernameProblem(username: string): UsernameProblem | null {
	const name = username.normalize('NFC');
	if ([...name].length > USERNAME_MAX) return tooLong(USERNAME_MAX, 'username_too_long');
	if (!USERNAME.test(name)) return 'username_invalid';
	if (mixesScripts(name)) return 'username_mixed_scripts';
	return null;
}

export async function usernameTaken(ex: Executor, username: string): Promise<boolean> {
	const [row] = await ex
		.select({ n: count() })
		.from(users)
		.where(eq(users.usernameKey, usernameKey(username)));
	return (row?.n ?? 0) > 0;
}

/**
 * Whether the username looks like someone's already (Unicode's skeleton, text.ts): `admın`
 * beside `admin`. Compares with every username: a few hundred people per instance. (A stored
 * skeleton column with a unique index would make this one lookup; see docs/safety.md.)
 */
export async function usernameConfusable(ex: Executor, username: string): Promise<boolean> {
	const wanted = usernameSkeletons(username);
	for (const { name } of await ex.select({ name: users.username }).from(users))
		for (const s of usernameSkeletons(name)) if (wanted.has(s)) return true;
	return false;
}

export interface NewAccount {
	username: string;
	displayName?: string | null;
	passwordHash: string;
	isAdmin?: boolean;
}

/** Inserts a person; the caller has checked the username and hashed the password. */
export async function insertUser(ex: Executor, account: NewAccount) {
	const username = account.username.normalize('NFC');
	const [user] = await ex
		.insert(users)
		.values({
			id: newId(),
			username,
			usernameKey: usernameKey(username),
			displayName: account.displayName ? cleanText(account.displayName).trim() || null : null,
			passwordHash: account.passwordHash,
			isAdmin: account.isAdmin ?? false
		})
		.returning({ id: users.id, username: users.username, isAdmin: users.isAdmin });
	if (!user) throw new Error('insert returned no row');
	return user;
}

export type AccountFieldErrors = Partial<
	Record<'username' | 'password' | 'displayName', UsernameProblem | PasswordProblem | string>
>;

/** Checks what a person typed for a new account; hashing happens only when all is well. */
export async function checkNewAccount(
	ex: Executor,
	input: { username: string; password: string; displayName?: string }
): Promise<AccountFieldErrors> {
	const errors: AccountFieldErrors = {};
	const nameProblem = usernameProblem(input.username);
	if (nameProblem) errors.username = nameProblem;
	else if (await usernameTaken(ex, input.username)) errors.username = 'username_taken';
	else if (await usernameConfusable(ex, input.username)) errors.username = 'username_confusable';
	const pwProblem = passwordProblem(input.password, input.username);
	if (pwProblem) errors.password = pwProblem;
	const displayName = checkText(input.displayName ?? '', { max: DISPLAY_NAME_MAX });
	if (displayName.error) errors.displayName = displayName.error;
	return errors;
}

export async function hasAdmin(ex: Executor): Promise<boolean> {
	const [row] = await ex.select({ n: count() }).from(users).where(eq(users.isAdmin, true));
	return (row?.n ?? 0) > 0;
}

export type LoginResult =
	| { ok: true; user: { id: string; isAdmin: boolean } }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAt: Date }
	/** The password was right, but an admin disabled the account. */
	| { ok: false; reason: 'disabled' };

/**
 * Checks a login attempt. The answer for a wrong password and for an unknown username is
 * the same, and takes the same time.
 */
export async function attemptLogin(
	db: Db,
	input: { username: string; password: string; address: string },
	now = new Date()
): Promise<LoginResult> {
	const key = usernameKey(input.username.trim());
	const throttle = await loginThrottle(db, key, input.address, now);
	if (throttle.blocked) return { ok: false, reason: 'throttled', retryAt: throttle.retryAt };
	const [user] = await db
		.select({
			id: users.id,
			isAdmin: users.isAdmin,
			passwordHash: users.passwordHash,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(eq(users.usernameKey, key));
	const valid = user
		? await verifyPassword(user.passwordHash, input.password)
		: await verifyAgainstNothing(input.password);
	if (!user || !valid) {
		await recordLoginFailure(db, key, input.address, now);
		return { ok: false, reason: 'invalid' };
	}
	await clearLoginFailures(db, key, input.address);
	// Said only to someone who knows the password: the account exists, and is disabled.
	if (user.disabledAt !== null) return { ok: false, reason: 'disabled' };
	return { ok: true, user: { id: user.id, isAdmin: user.isAdmin } };
}

export type ConfirmPasswordResult =
	{ ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'throttled'; retryAt: Date };

/**
 * Asks the logged-in person for their password again before something that cannot be undone
 * (deleting the account). Throttled as logins are, with the same failure table: five wrong
 * tries from one address in 15 minutes, and this form waits as the login form does.
 */
export async function confirmPassword(
	db: Db,
	input: { userId: string; password: string; address: string },
	now = new Date()
): Promise<ConfirmPasswordResult> {
	const [user] = await db
		.select({ usernameKey: users.usernameKey, passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, input.userId));
	if (!user) return { ok: false, reason: 'wrong' };
	const throttle = await loginThrottle(db, user.usernameKey, input.address, now);
	if (throttle.blocked) return { ok: false, reason: 'throttled', retryAt: throttle.retryAt };
	if (!(await verifyPassword(user.passwordHash, input.password))) {
		await recordLoginFailure(db, user.usernameKey, input.address, now);
		return { ok: false, reason: 'wrong' };
	}
	return { ok: true };
}

export type ChangePasswordResult =
	| { ok: true }
	| { ok: false; field: 'current'; problem: 'password_wrong' }
	| { ok: false; field: 'password'; problem: PasswordProblem };

/** Changes the person's password and ends their other sessions. */
export async function changePassword(
	db: Db,
	input: { userId: string; sessionId: string; current: string; password: string }
): Promise<ChangePasswordResult> {
	const [user] = await db
		.select({ username: users.username, passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, input.userId));
	if (!user || !(await verifyPassword(user.passwordHash, input.current)))
		return { ok: false, field: 'current', problem: 'password_wrong' };
	const problem = passwordProblem(input.password, user.username);
	if (problem) return { ok: false, field: 'password', problem };
	const passwordHash = await hashPassword(input.password);
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: new Date() })
			.where(eq(users.id, input.userId));
		await invalidateUserSessions(tx, input.userId, input.sessionId);
		await audit(tx, {
			actorId: input.userId,
			action: 'password.changed',
			targetUserId: input.userId
		});
		await notify(tx, {
			userId: input.userId,
			kind: 'account_event',
			params: { event: 'password_changed' }
		});
	});
	return { ok: true };
}

export async function setDisplayName(ex: Executor, userId: string, displayName: string) {
	await ex
		.update(users)
		.set({ displayName: cleanText(displayName).trim() || null })
		.where(and(eq(users.id, userId)));
}
