import { describe, expect, it } from 'vitest';
import { safeRedirect } from '../../src/lib/server/redirect';

// Each of these would send a browser to another origin, break the Location header, or is
// simply not a path on this site. All must give the fallback.
const HOSTILE = [
	'//evil.example',
	'///evil.example',
	'////evil.example',
	'/\\evil.example',
	'\\\\evil.example',
	'\\/evil.example',
	'/\t/evil.example',
	'/%09/evil.example',
	'%2F%2Fevil.example',
	'/%2F%2Fevil.example',
	'/%2f/evil.example',
	'/%252F%252Fevil.example',
	'/%5C/evil.example',
	'/%5c%5cevil.example',
	'/%255C%255Cevil.example',
	'https://evil.example',
	'http:evil.example',
	'https:/evil.example',
	'HTTPS://evil.example/me',
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'evil.example',
	'.evil.example',
	'@evil.example',
	' /\t/evil.example',
	'\n//evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/\r\nSet-Cookie: session=x',
	'/%0D%0ASet-Cookie:%20session=x',
	'/\u000b/evil.example',
	'/\u000c/evil.example',
	'/\u0000/evil.example',
	'/%00/evil.example',
	'/\u0085/evil.example',
	'/\u007f/evil.example',
	'/..//evil.example',
	'/./..//evil.example',
	'/%2e%2e//evil.example',
	'/%E0%A4%A',
	'/%',
	'\u200b//evil.example',
	'/' + 'a'.repeat(3000),
	''
];

const FINE: [string, string][] = [
	['/me', '/me'],
	['/participate/abc123?welcome=1#top', '/participate/abc123?welcome=1#top'],
	['/exhibitions/%D7%A7%D7%95%D7%9C%D7%95%D7%AA', '/exhibitions/%D7%A7%D7%95%D7%9C%D7%95%D7%AA'],
	['/exhibitions/קולות', '/exhibitions/%D7%A7%D7%95%D7%9C%D7%95%D7%AA'],
	['/search?q=a%2Fb', '/search?q=a%2Fb'],
	['/a/./b/../c', '/a/c'],
	['/a//b', '/a//b']
];

describe('safeRedirect', () => {
	it(`refuses every one of ${HOSTILE.length} hostile targets`, () => {
		expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
		for (const target of HOSTILE)
			expect(safeRedirect(target, '/me'), JSON.stringify(target)).toBe('/me');
	});

	it('never throws, whatever it is given', () => {
		for (const target of [null, undefined, 42, {}, ['/me'], '\ud800', '/\ud800']) {
			const result = safeRedirect(target as string, '/');
			expect(new URL(result, 'https://app.example').origin).toBe('https://app.example');
		}
	});

	it('keeps same-site paths, normalised', () => {
		for (const [target, expected] of FINE) {
			expect(safeRedirect(target, '/fallback'), target).toBe(expected);
			expect(new URL(expected, 'https://app.example').origin).toBe('https://app.example');
		}
	});
});
