import { message } from '$lib/i18n';

/**
 * A form's problems (message keys, as `problem()` in $lib/server/text makes them) in the
 * request's language, for pages that should not look messages up by key in the browser: that
 * lookup sends every message of every language with the page's script.
 */
export function inWords<K extends string>(
	errors: Partial<Record<K, string | undefined>>
): Partial<Record<K, string>> {
	const out: Partial<Record<K, string>> = {};
	for (const [name, key] of Object.entries(errors) as [K, string | undefined][])
		if (key) out[name] = message(key);
	return out;
}
