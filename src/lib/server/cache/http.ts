// Small helpers for answering on node:http directly (the fast path in front of SvelteKit) and
// for the headers every answer carries (hooks.server.ts sets the same ones on SvelteKit's).

/** Sent with every answer: the same list hooks.server.ts sets. */
export const SECURITY_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Permissions-Policy':
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), ' +
		'magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=(), browsing-topics=()'
};

/** The cookies of a request, by name (the last one wins, as SvelteKit's parser does). */
export function parseCookies(header: string | undefined | null): Map<string, string> {
	const cookies = new Map<string, string>();
	if (!header) return cookies;
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at < 0) continue;
		const name = part.slice(0, at).trim();
		if (!name) continue;
		let value = part.slice(at + 1).trim();
		if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
		try {
			value = decodeURIComponent(value);
		} catch {
			// kept as sent
		}
		cookies.set(name, value);
	}
	return cookies;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts among br, gzip and none (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined | null): Encoding {
	if (!acceptEncoding) return 'identity';
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name = '', ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
	}
	const wants = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (wants('br')) return 'br';
	if (wants('gzip')) return 'gzip';
	return 'identity';
}

/** Whether If-None-Match names one of these tags (or `*`). */
export function matchesEtag(ifNoneMatch: string | undefined | null, ...tags: string[]): boolean {
	if (!ifNoneMatch) return false;
	return ifNoneMatch.split(',').some((raw) => {
		const tag = raw.trim().replace(/^W\//, '');
		return tag === '*' || tags.includes(tag);
	});
}
