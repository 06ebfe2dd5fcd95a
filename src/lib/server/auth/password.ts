import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';

// argon2id with OWASP's minimum parameters (m=19456 KiB, t=2, p=1). argon2id is the
// library's default algorithm; a unit test reads the parameters back from a hash.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export const PASSWORD_MIN = 10;
/** Longer inputs only cost hashing time; no real passphrase needs more. */
export const PASSWORD_MAX = 200;

const common = new Set(COMMON_PASSWORDS);

export type PasswordProblem =
	'password_too_short' | 'password_too_long' | 'password_too_common' | 'password_contains_username';

export function passwordProblem(password: string, username?: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'password_too_short';
	if (length > PASSWORD_MAX) return 'password_too_long';
	const lowered = password.normalize('NFKC').toLowerCase();
	if (common.has(lowered)) return 'password_too_common';
	// The same character repeated, or a short run repeated, is as weak as a listed one.
	if (/^(.{1,3})\1+$/u.test(lowered)) return 'password_too_common';
	if (
		username &&
		username.length >= 3 &&
		lowered.includes(username.normalize('NFKC').toLowerCase())
	)
		return 'password_contains_username';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Verified against when the username does not exist, so that a wrong username costs the
// same time as a wrong password and timing does not tell which one was wrong.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
	dummyHash ??= hashPassword('not-a-real-password-' + crypto.randomUUID());
	await verifyPassword(await dummyHash, password);
	return false;
}
