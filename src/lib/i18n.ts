import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/localized';

type MessageFn = (inputs?: Record<string, unknown>) => string;
const messages = m as unknown as Record<string, MessageFn | undefined>;

/**
 * A message by its key, for keys that travel as data (form errors from the server, audit
 * actions). A key may carry its inputs as a query (`text_too_long?max=200`, made by
 * `problem()` in $lib/server/text). Unknown keys come back as themselves, and a unit test
 * keeps them known.
 */
export function message(key: string, inputs: Record<string, unknown> = {}): string {
	const at = key.indexOf('?');
	const name = at === -1 ? key : key.slice(0, at);
	const carried = at === -1 ? {} : Object.fromEntries(new URLSearchParams(key.slice(at + 1)));
	const fn = messages[name];
	return fn ? fn({ ...carried, ...inputs }) : key;
}

export function hasMessage(key: string): boolean {
	return typeof messages[key] === 'function';
}

const INTL_LOCALE: Record<Locale, string> = { he: 'he-IL', ar: 'ar-u-nu-latn', en: 'en-GB' };

export function formatDateTime(date: Date | string | number, locale: Locale, timeZone: string) {
	return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(new Date(date));
}

export function formatDate(date: Date | string | number, locale: Locale, timeZone: string) {
	return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone }).format(
		new Date(date)
	);
}

export function formatTime(date: Date | string | number, locale: Locale, timeZone: string) {
	return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeStyle: 'short', timeZone }).format(
		new Date(date)
	);
}
