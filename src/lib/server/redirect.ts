// Where a redirect may go when its target comes from input (redirectTo after login, the
// language switch): only to a path on this site. See docs/safety.md, "Redirects".

const MAX_LENGTH = 2048;
/** C0 controls (tab, CR, LF, VT…), space, DEL and C1 controls; and the backslash. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\\]/;
const BASE = 'http://same-origin.invalid';

function looksElsewhere(path: string): boolean {
	return !path.startsWith('/') || path.startsWith('//') || FORBIDDEN.test(path);
}

/**
 * The target as a same-origin path (`/…`, normalised), or `fallback`. Refuses anything a
 * browser could read as another origin: scheme or protocol-relative URLs, backslashes (read as
 * slashes), tabs and newlines (dropped by browsers' URL parsers), other controls (which would
 * also break the Location header), and the same spelled with percent-encoding.
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
	if (typeof target !== 'string' || target.length === 0 || target.length > MAX_LENGTH)
		return fallback;
	if (looksElsewhere(target)) return fallback;
	// What it says once decoded, up to three layers deep, must be a plain path too.
	let decoded = target;
	for (let layer = 0; layer < 3; layer++) {
		let next: string;
		try {
			next = decodeURIComponent(decoded);
		} catch {
			return fallback; // malformed percent-encoding
		}
		if (next === decoded) break;
		if (looksElsewhere(next)) return fallback;
		decoded = next;
	}
	let url: URL;
	try {
		url = new URL(target, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const path = url.pathname + url.search + url.hash;
	// Dot segments can make a path protocol-relative once resolved ("/..//evil.example").
	return looksElsewhere(path) ? fallback : path;
}
