import * as v from 'valibot';
import { LOCALES, type LocalizedText } from '../localized';

/** Only same-site paths may be redirected to (after login, after a language switch). */
export { safeRedirect } from './redirect';

/** A form field as a trimmed string ('' when absent or not text). */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** A form field exactly as typed (passwords are not trimmed). */
export function rawField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** title_he, title_ar, title_en … as one localized text; empty languages left out. */
export function localizedField(form: FormData, name: string, max: number): LocalizedText {
	const text: LocalizedText = {};
	for (const locale of LOCALES) {
		const value = field(form, `${name}_${locale}`).slice(0, max);
		if (value) text[locale] = value;
	}
	return text;
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

/** Title and description in up to three languages; a title in at least one is required. */
export function readTextFields(form: FormData) {
	const title = localizedField(form, 'title', 200);
	const description = localizedField(form, 'description', 4000);
	return {
		values: { title, description },
		error: isEmptyText(title) ? 'error_title_required' : undefined
	};
}
