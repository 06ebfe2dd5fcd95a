/** Text an admin or curator wrote in any of the three languages (at least one). */
export const LOCALES = ['he', 'ar', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** Each language's name in itself (language switchers and pickers). */
export const LOCALE_NAMES: Record<Locale, string> = { he: 'עברית', ar: 'العربية', en: 'English' };
export type LocalizedText = Partial<Record<Locale, string>>;

const RTL: ReadonlySet<Locale> = new Set(['he', 'ar']);

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function dirOf(locale: Locale): 'rtl' | 'ltr' {
	return RTL.has(locale) ? 'rtl' : 'ltr';
}

/**
 * The text in the reader's language, or else the first language it exists in, with that
 * language so the element can carry its own lang and dir.
 */
export function pickText(
	text: LocalizedText | null | undefined,
	locale: Locale
): { text: string; lang: Locale; dir: 'rtl' | 'ltr' } {
	const order: Locale[] = [locale, ...LOCALES.filter((l) => l !== locale)];
	for (const lang of order) {
		const value = text?.[lang]?.trim();
		if (value) return { text: value, lang, dir: dirOf(lang) };
	}
	return { text: '', lang: locale, dir: dirOf(locale) };
}

/** A text's paragraphs: split at blank lines, trimmed, empty ones dropped. */
export function paragraphsOf(text: string): string[] {
	return text
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean);
}
