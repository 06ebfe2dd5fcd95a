import * as v from 'valibot';
import { LOCALES, type LocalizedText } from '$lib/localized';

// The bodies the builder's scripts send: a move (arrange/+server.ts) and words typed so far
// (autosave/+server.ts). The same limits as the forms that do the same without JavaScript.

const ID = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/));

/** Up to three languages; trimmed, cut at `max`, empty languages left out (as localizedField). */
const localized = (max: number) =>
	v.pipe(
		v.object({
			he: v.optional(v.string()),
			ar: v.optional(v.string()),
			en: v.optional(v.string())
		}),
		v.transform((input) => {
			const text: LocalizedText = {};
			for (const locale of LOCALES) {
				const value = input[locale]?.trim().slice(0, max);
				if (value) text[locale] = value;
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
	title: localized(200),
	description: localized(4000)
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
