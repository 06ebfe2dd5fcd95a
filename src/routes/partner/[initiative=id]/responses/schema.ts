import * as v from 'valibot';
import { LOCALES } from '$lib/localized';
import { RESPONSE_KINDS, RESPONSE_STATUSES } from '$lib/server/responses';

// Messages are message keys, shown in the person's language by the page. The lengths, the
// link and the working group and theme are checked again by src/lib/server/responses.
export const entrySchema = v.object({
	status: v.picklist(RESPONSE_STATUSES, 'resp_error_status'),
	body: v.string(),
	language: v.picklist(LOCALES, 'resp_error_language'),
	link: v.string()
});

export const recordSchema = v.object({
	...entrySchema.entries,
	kind: v.picklist(RESPONSE_KINDS, 'resp_error_kind'),
	workingGroupId: v.pipe(v.string(), v.minLength(1, 'resp_error_group')),
	themeId: v.string()
});

/** The form's fields as strings (what was typed, to draw the form again). */
export function formValues(form: FormData, names: readonly string[]): Record<string, string> {
	return Object.fromEntries(
		names.map((name) => {
			const value = form.get(name);
			return [name, typeof value === 'string' ? value : ''];
		})
	);
}
