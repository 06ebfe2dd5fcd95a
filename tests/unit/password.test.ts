import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/lib/server/auth/password';

describe('passwords', () => {
	it('are hashed with argon2id and OWASP parameters', async () => {
		const hash = await hashPassword('a long enough passphrase');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'a long enough passphrase')).toBe(true);
		expect(await verifyPassword(hash, 'a long enough passphrasf')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});

	it('must be at least 10 characters and not common', () => {
		expect(passwordProblem('short1234')).toBe('password_too_short');
		expect(passwordProblem('x'.repeat(201))).toBe('password_too_long');
		expect(passwordProblem('1234567890')).toBe('password_too_common');
		expect(passwordProblem('QwertyUiop')).toBe('password_too_common');
		expect(passwordProblem('שדגכעיחלךף')).toBe('password_too_common');
		expect(passwordProblem('abababababab')).toBe('password_too_common');
		expect(passwordProblem('my-name-dana-2024', 'Dana')).toBe('password_contains_username');
		expect(passwordProblem('olive trees by the sea')).toBeNull();
		// Characters, not bytes: ten Hebrew letters are enough.
		expect(passwordProblem('זיתים ליד הים')).toBeNull();
	});
});
