import type { Cookies } from '@sveltejs/kit';
import { isLocale, type Locale } from '../localized';

export const LOCALE_COOKIE = 'lang';

/** Remembers a language for this browser (a first visit's, or the person's choice). */
export function rememberLocale(cookies: Cookies, locale: Locale, secure: boolean) {
	cookies.set(LOCALE_COOKIE, locale, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		secure,
		maxAge: 60 * 60 * 24 * 400
	});
}

/** The first of the browser's languages (by q-value) that the platform speaks. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
		})
		.filter((entry) => entry.q > 0)
		.sort((a, b) => b.q - a.q || a.index - b.index);
	for (const { tag } of ranked) {
		const base = tag.split('-')[0];
		// Old browsers still send "iw" for Hebrew.
		const normalized = base === 'iw' ? 'he' : base;
		if (isLocale(normalized)) return normalized;
	}
	return undefined;
}

/** Cookie first (the person's choice), then the browser's languages, then Hebrew. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null) {
	if (isLocale(cookie)) return { locale: cookie, fromCookie: true };
	return { locale: localeFromAcceptLanguage(acceptLanguage) ?? 'he', fromCookie: false };
}
