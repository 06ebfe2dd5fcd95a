import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	AUDIT_ACTIONS,
	CONSENT_KINDS,
	JOB_KINDS,
	JOB_STATUSES
} from '../../src/lib/server/db/schema';
import { FLASH_MESSAGES } from '../../src/lib/server/flash';
import { PROBLEM_STATUS } from '../../src/lib/server/media/photos';

// Messages are split by area (messages/{locale}.json, messages/<area>/{locale}.json), as
// listed in project.inlang/settings.json; a key may live in one file only.
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
const patterns: string[] = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
const load = (locale: string) => {
	const merged: Record<string, unknown> = {};
	for (const pattern of patterns) {
		const file = JSON.parse(readFileSync(pattern.replace('{locale}', locale), 'utf8'));
		for (const [key, value] of Object.entries(file)) {
			if (key === '$schema') continue;
			if (key in merged) throw new Error(`${key} is in more than one ${locale} message file`);
			merged[key] = value;
		}
	}
	return merged;
};
const files = { he: load('he'), ar: load('ar'), en: load('en') };
const keys = (o: Record<string, unknown>) =>
	Object.keys(o)
		.filter((k) => k !== '$schema')
		.sort();
const placeholders = (value: unknown) =>
	[...JSON.stringify(value).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message files', () => {
	it('have the same keys in Hebrew, Arabic and English', () => {
		expect(keys(files.ar)).toEqual(keys(files.he));
		expect(keys(files.en)).toEqual(keys(files.he));
	});

	it('have no empty message', () => {
		for (const [locale, messages] of Object.entries(files)) {
			for (const key of keys(messages)) {
				expect(JSON.stringify(messages[key]).length, `${locale}.${key}`).toBeGreaterThan(2);
			}
		}
	});

	it('use the same placeholders in every language', () => {
		for (const key of keys(files.en)) {
			const expected = placeholders(files.en[key]);
			expect(placeholders(files.he[key]), `he.${key}`).toEqual(expected);
			expect(placeholders(files.ar[key]), `ar.${key}`).toEqual(expected);
		}
	});

	it('name every problem the server reports and every audit action', () => {
		const dynamic = [
			'error_required',
			'error_title_required',
			'username_invalid',
			'username_taken',
			'password_too_short',
			'password_too_long',
			'password_too_common',
			'password_contains_username',
			'password_mismatch',
			'password_wrong',
			'too_long',
			'text_too_long',
			'text_title_too_long',
			'text_description_too_long',
			'text_control_chars',
			'username_too_long',
			'username_confusable',
			'username_mixed_scripts',
			'form_too_large',
			'form_length_required',
			'form_field_too_long',
			'form_control_chars',
			'invite_role_required',
			'invite_days_invalid',
			...FLASH_MESSAGES,
			...JOB_KINDS.map((k) => `job_kind_${k}`),
			...JOB_STATUSES.map((s) => `job_status_${s}`),
			...Object.keys(PROBLEM_STATUS),
			'story_limit_reached',
			'upload_failed',
			'upload_forbidden',
			'finish_needs_title',
			'finish_needs_text',
			'finish_needs_photo',
			'finish_needs_alt',
			'finish_needs_pseudonym',
			'story_free_tags_invalid',
			'story_pseudonym_required',
			...CONSENT_KINDS.map((k) => `consent_kind_${k}`),
			'decide_not_pending',
			'decide_needs_photo',
			'decide_photo_needs_alt',
			'decide_needs_pseudonym',
			'decide_exhibition_closed',
			'decide_terms_changed',
			'disable_self',
			'disable_reason_required',
			'disable_unknown',
			'share_needs_finished',
			'share_already',
			'account_delete_wrong_password',
			'account_delete_last_admin',
			...AUDIT_ACTIONS.map((a) => `audit_${a.replace('.', '_')}`)
		];
		for (const key of dynamic) expect(files.en, key).toHaveProperty(key);
	});
});
