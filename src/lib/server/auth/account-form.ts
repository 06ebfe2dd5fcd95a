import type { Executor } from '../db';
import { field, rawField } from '../forms';
import { checkNewAccount } from './accounts';
import { passwordProblem } from './password';

/** What a person typed to create an account (setup, invitation), checked. */
export async function readNewAccountForm(ex: Executor, form: FormData) {
	const values = { username: field(form, 'username'), displayName: field(form, 'displayName') };
	const password = rawField(form, 'password');
	const errors: Record<string, string | undefined> = await checkNewAccount(ex, {
		...values,
		password
	});
	if (!values.username) errors.username = 'error_required';
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
