import { m } from '$lib/paraglide/messages';
import * as DYNAMIC_MESSAGES from '$lib/dynamic-messages';
import type { Locale } from '$lib/localized';

type MessageFn = (inputs?: Record<string, unknown>) => string;
/**
 * On the server, every message; in the browser, only those whose keys travel as data
 * (src/lib/dynamic-messages.ts, made by scripts/dynamic-messages.js): looking a key up by name
 * in the whole catalogue would put every message of all three languages into every page that
 * shows a form error (docs/performance.md, "Messages in the browser").
 */
// Vite replaces import.meta.env.SSR in its builds (so the browser's bundle drops `m`); code run
// without Vite (Playwright's own loader for tests/e2e) has no import.meta.env and is a server.
const onServer = import.meta.env ? import.meta.env.SSR : true;
const messages = (onServer ? m : DYNAMIC_MESSAGES) as unknown as Record<
	string,
	MessageFn | undefined
>;

/**
 * A message by its key, for keys that travel as data (form errors from the server, audit
 * actions). A key may carry its inputs as a query (`text_too_long?max=200`, made by
 * `problem()` in $lib/server/text). Unknown keys come back as themselves, and unit tests keep
 * them known (tests/unit/messages.test.ts, tests/unit/dynamic-messages.test.ts).
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
