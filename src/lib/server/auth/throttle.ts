import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, count, eq, gte, lt } from 'drizzle-orm';
import type { Executor } from '../db';
import { loginFailures } from '../db/schema';

// Kept in the database so that it holds across processes and restarts.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed for one username from one address within the window. */
export const MAX_FAILURES = 5;
/** Failures allowed from one address across all usernames (password spraying). */
export const MAX_ADDRESS_FAILURES = 50;
/** Failed attempts are forgotten after a day (the safety page says so). */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * What the failure table keeps of the username typed: its SHA-256, 64 hex characters whatever
 * was typed (a 20 MB "username" once went into the table as it was, and a password typed into
 * the username field is not kept readable either).
 */
export function failureKey(usernameKey: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(usernameKey)));
}

export type ThrottleState = { blocked: false } | { blocked: true; retryAt: Date };

export async function loginThrottle(
	ex: Executor,
	usernameKey: string,
	address: string,
	now = new Date()
): Promise<ThrottleState> {
	const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
	const forAccount = and(
		eq(loginFailures.usernameKey, failureKey(usernameKey)),
		eq(loginFailures.address, address),
		gte(loginFailures.at, since)
	);
	const forAddress = and(eq(loginFailures.address, address), gte(loginFailures.at, since));
	for (const [where, max] of [
		[forAccount, MAX_FAILURES],
		[forAddress, MAX_ADDRESS_FAILURES]
	] as const) {
		const [row] = await ex.select({ n: count() }).from(loginFailures).where(where);
		if ((row?.n ?? 0) >= max) {
			// Free again when enough of the failures in the window have aged out of it.
			const recent = await ex
				.select({ at: loginFailures.at })
				.from(loginFailures)
				.where(where)
				.orderBy(asc(loginFailures.at));
			const freeing = recent[recent.length - max];
			const retryAt = new Date((freeing?.at ?? now).getTime() + THROTTLE_WINDOW_MS);
			return { blocked: true, retryAt };
		}
	}
	return { blocked: false };
}

export async function recordLoginFailure(
	ex: Executor,
	usernameKey: string,
	address: string,
	now = new Date()
): Promise<void> {
	await ex.insert(loginFailures).values({ usernameKey: failureKey(usernameKey), address, at: now });
	await ex.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - KEEP_MS)));
}

export async function clearLoginFailures(
	ex: Executor,
	usernameKey: string,
	address: string
): Promise<void> {
	await ex
		.delete(loginFailures)
		.where(
			and(
				eq(loginFailures.usernameKey, failureKey(usernameKey)),
				eq(loginFailures.address, address)
			)
		);
}
