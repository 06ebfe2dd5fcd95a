import * as v from 'valibot';
import { LOCALES, type LocalizedText } from '$lib/localized';
import { DESCRIPTION_MAX, TITLE_MAX } from '$lib/server/forms';
import { checkText, type TextKind } from '$lib/server/text';

// The bodies the builder's scripts send: a move (arrange/+server.ts) and words typed so far
// (autosave/+server.ts). The same limits as the forms that do the same without JavaScript.

const ID = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/));

/**
 * Up to three languages; cleaned and trimmed as the forms do (readLocalized), empty languages
 * left out; longer than `max` or with control characters is refused with the forms' messages.
 */
const localized = (max: number, kind: TextKind, key: string) =>
	v.pipe(
		v.object({
			he: v.optional(v.string()),
			ar: v.optional(v.string()),
			en: v.optional(v.string())
		}),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const text: LocalizedText = {};
			for (const locale of LOCALES) {
				const checked = checkText(dataset.value[locale] ?? '', { max, kind, key });
				if (checked.error) {
					addIssue({ message: checked.error });
					return NEVER;
				}
				if (checked.value) text[locale] = checked.value;
			}
			return text;
		})
	);

export const ArrangeRequest = v.object({
	placementId: ID,
	sectionId: ID,
	index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000))
});

export const AutosaveRequest = v.object({
	/** Absent: the exhibition's own title and introduction. */
	sectionId: v.optional(ID),
	title: localized(TITLE_MAX, 'line', 'text_title_too_long'),
	description: localized(DESCRIPTION_MAX, 'text', 'text_description_too_long')
});

/** The request's body as JSON, or undefined when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
	try {
		return await request.json();
	} catch {
		return undefined;
	}
}

/** Only this site's own pages may send these (SvelteKit checks form posts; these are not). */
export function sameOrigin(event: { request: Request; url: URL }): boolean {
	return event.request.headers.get('origin') === event.url.origin;
}
