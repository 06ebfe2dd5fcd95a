import * as v from 'valibot';
import { LOCALES, type LocalizedText } from '../localized';
import { checkText, cleanText, type TextKind } from './text';

/** Only same-site paths may be redirected to (after login, after a language switch). */
export { safeRedirect } from './redirect';

/**
 * A form field as a trimmed string ('' when absent or not text), without the invisible
 * characters that only disguise text (bidi overrides, zero-width spaces: text.ts). Control
 * characters never get this far (hooks.server.ts refuses the form).
 */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? cleanText(value).trim() : '';
}

/** A form field exactly as typed (passwords are not trimmed). */
export function rawField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/**
 * title_he, title_ar, title_en … as one localized text, empty languages left out, and the first
 * problem (a language longer than `max`, a control character), as a message key.
 */
export function readLocalized(
	form: FormData,
	name: string,
	rule: { max: number; kind?: TextKind; key?: string }
): { text: LocalizedText; error?: string } {
	const text: LocalizedText = {};
	let error: string | undefined;
	for (const locale of LOCALES) {
		const raw = form.get(`${name}_${locale}`);
		const checked = checkText(typeof raw === 'string' ? raw : '', rule);
		error ??= checked.error;
		if (checked.value) text[locale] = checked.value;
	}
	return { text, error };
}

export function isEmptyText(text: LocalizedText): boolean {
	return !LOCALES.some((l) => text[l]?.trim());
}

/**
 * Validates form data against a valibot schema whose messages are message keys. Returns the
 * output, or the first problem of each field as a message key.
 */
export function parseForm<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): { ok: true; data: v.InferOutput<S> } | { ok: false; errors: Record<string, string> } {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, data: result.output };
	const errors: Record<string, string> = {};
	for (const issue of result.issues) {
		const key = v.getDotPath(issue) ?? 'form';
		errors[key] ??= issue.message;
	}
	return { ok: false, errors };
}

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 4000;

/**
 * Title and description in up to three languages; a title in at least one is required. Too
 * long is refused with the limit in the message, never cut.
 */
export function readTextFields(form: FormData) {
	const title = readLocalized(form, 'title', { max: TITLE_MAX, key: 'text_title_too_long' });
	const description = readLocalized(form, 'description', {
		max: DESCRIPTION_MAX,
		kind: 'text',
		key: 'text_description_too_long'
	});
	return {
		values: { title: title.text, description: description.text },
		error:
			title.error ??
			description.error ??
			(isEmptyText(title.text) ? 'error_title_required' : undefined)
	};
}
