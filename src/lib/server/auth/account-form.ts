import type { Executor } from '../db';
import { field, rawField } from '../forms';
import { USERNAME_MAX, checkNewAccount } from './accounts';
import { PASSWORD_MAX, passwordProblem } from './password';
import { tooLong } from '../text';

/**
 * The login form's limits, checked before the throttle table is read or a password hashed;
 * undefined when both fields are within them. No account has a longer username or password.
 */
export function loginFieldProblems(username: string, password: string) {
	const errors: { username?: string; password?: string } = {};
	if ([...username].length > USERNAME_MAX)
		errors.username = tooLong(USERNAME_MAX, 'username_too_long');
	if ([...password].length > PASSWORD_MAX) errors.password = 'password_too_long';
	return errors.username || errors.password ? errors : undefined;
}

/** What a person typed to create an account (setup, invitation), checked. */
export async function readNewAccountForm(ex: Executor, form: FormData) {
	const values = { username: field(form, 'username'), displayName: field(form, 'displayName') };
	// Refused before anything else is looked at, and not sent back whole.
	const tooLongName = [...values.username].length > USERNAME_MAX;
	if (tooLongName) values.username = [...values.username].slice(0, USERNAME_MAX).join('');
	const password = rawField(form, 'password');
	const errors: Record<string, string | undefined> = await checkNewAccount(ex, {
		...values,
		password
	});
	if (!values.username) errors.username = 'error_required';
	if (tooLongName) errors.username = tooLong(USERNAME_MAX, 'username_too_long');
	if (password !== rawField(form, 'passwordConfirm')) errors.passwordConfirm = 'password_mismatch';
	const ok = Object.values(errors).every((e) => !e);
	return { values, password, errors, ok };
}

/** A new password and its confirmation (reset link, change password). */
export function readNewPasswordForm(form: FormData, username: string) {
	const password = rawField(form, 'password');
	const errors: Record<string, string | undefined> = {};
	const problem = passwordProblem(password, username);
	if (problem) errors.password = problem;
	if (password !== rawField(form, 'passwordConfirm')) errors.passwordConfirm = 'password_mismatch';
	return { password, errors, ok: !errors.password && !errors.passwordConfirm };
}
