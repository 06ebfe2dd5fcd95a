import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, negotiateLocale } from '../../src/lib/server/locale';
import { pickText } from '../../src/lib/localized';
import { safeRedirect } from '../../src/lib/server/forms';

describe('language', () => {
	it('follows the first language of the browser that the platform speaks', () => {
		expect(localeFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
		expect(localeFromAcceptLanguage('fr-FR,fr;q=0.9,ar;q=0.8,en;q=0.7')).toBe('ar');
		expect(localeFromAcceptLanguage('de;q=0.5, en;q=0.6, he;q=0.9')).toBe('he');
		expect(localeFromAcceptLanguage('iw-IL')).toBe('he');
		expect(localeFromAcceptLanguage('ar;q=0, en')).toBe('en');
		expect(localeFromAcceptLanguage('fr, de')).toBeUndefined();
		expect(localeFromAcceptLanguage(null)).toBeUndefined();
	});

	it('prefers the remembered choice, and falls back to Hebrew', () => {
		expect(negotiateLocale('ar', 'en')).toEqual({ locale: 'ar', fromCookie: true });
		expect(negotiateLocale('xx', 'en')).toEqual({ locale: 'en', fromCookie: false });
		expect(negotiateLocale(undefined, 'fr')).toEqual({ locale: 'he', fromCookie: false });
	});

	it('shows text in the reader language or the first that exists, with its direction', () => {
		expect(pickText({ he: 'שלום', en: 'Hello' }, 'en')).toEqual({
			text: 'Hello',
			lang: 'en',
			dir: 'ltr'
		});
		expect(pickText({ ar: 'مرحبا' }, 'en')).toEqual({ text: 'مرحبا', lang: 'ar', dir: 'rtl' });
		expect(pickText({}, 'he')).toEqual({ text: '', lang: 'he', dir: 'rtl' });
	});

	it('redirects only to paths on this site', () => {
		expect(safeRedirect('/me?x=1')).toBe('/me?x=1');
		expect(safeRedirect('//evil.example')).toBe('/');
		expect(safeRedirect('/\\evil.example')).toBe('/');
		expect(safeRedirect('https://evil.example', '/me')).toBe('/me');
		expect(safeRedirect(null, '/me')).toBe('/me');
	});
});
