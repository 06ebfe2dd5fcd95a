// The browser's message() knows only the messages whose keys travel as data
// (docs/performance.md, "Messages in the browser"): the list must be what the source names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allKeys, dynamicKeys, moduleText } from '../../scripts/dynamic-messages.js';

describe('the messages the browser knows by key', () => {
	it('src/lib/dynamic-messages.ts is up to date (node scripts/dynamic-messages.js --write)', () => {
		expect(readFileSync('src/lib/dynamic-messages.ts', 'utf8')).toBe(moduleText());
	});

	it('includes the keys the server sends and those built by a prefix', () => {
		const keys: string[] = dynamicKeys();
		// A valibot message, a problem with inputs, a template prefix, a flash message.
		for (const key of ['text_too_long', 'username_taken', 'job_kind_render_avif'])
			expect(keys).toContain(key);
		expect(keys.some((k) => k.startsWith('audit_'))).toBe(true);
		// Far fewer than all of them: the point of the list.
		expect(keys.length).toBeLessThan(allKeys().length / 3);
	});
});
