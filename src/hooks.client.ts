import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { isLocale } from '$lib/localized';

// The server chose the language and wrote it into <html lang>; the browser follows it.
overwriteGetLocale(() => {
	const lang = document.documentElement.lang;
	return isLocale(lang) ? lang : 'he';
});
