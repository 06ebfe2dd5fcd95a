import { m } from '$lib/paraglide/messages';
import type { Locale } from './localized';

/** The name of a language in the reader's language ("Hebrew", "עברית"…). */
export function languageName(locale: Locale): string {
	return { he: m.language_name_he, ar: m.language_name_ar, en: m.language_name_en }[locale]();
}
