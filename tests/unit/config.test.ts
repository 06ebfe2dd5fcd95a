import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/lib/server/config';

function problemsOf(env: Record<string, string>): string[] {
	try {
		loadConfig(env);
	} catch (e) {
		if (e instanceof ConfigError) return e.problems;
		throw e;
	}
	return [];
}

describe('settings checked at start', () => {
	it('accept the defaults and sensible values', () => {
		expect(problemsOf({})).toEqual([]);
		const config = loadConfig({ TIME_ZONE: 'Asia/Amman', MAX_UPLOAD_MB: '40', PORT: '8080' });
		expect(config.timeZone).toBe('Asia/Amman');
		expect(config.maxUploadBytes).toBe(40 * 1024 * 1024);
		expect(config.pageSize).toBe(50);
		expect(loadConfig({ PAGE_SIZE: '2' }).pageSize).toBe(2);
	});

	it.each([
		[{ TIME_ZONE: 'Mars/Olympus_Mons' }, /^TIME_ZONE .*Mars\/Olympus_Mons/],
		[{ MAX_UPLOAD_MB: 'lots' }, /^MAX_UPLOAD_MB must be a number from 1 to 200 \(got "lots"\)/],
		[{ MAX_UPLOAD_MB: '0' }, /^MAX_UPLOAD_MB .*"0"/],
		[{ MAX_UPLOAD_MB: '100000' }, /^MAX_UPLOAD_MB .*"100000"/],
		[{ PAGE_SIZE: '0' }, /^PAGE_SIZE must be a whole number from 1 to 1000 \(got "0"\)/],
		[{ PAGE_SIZE: '2.5' }, /^PAGE_SIZE /],
		[{ PORT: '70000' }, /^PORT must be a whole number from 1 to 65535/],
		[{ PORT: '3000.5' }, /^PORT /],
		[{ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: 'two' }, /^XFF_DEPTH /],
		[{ XFF_DEPTH: '2' }, /^XFF_DEPTH is set but ADDRESS_HEADER is not/],
		[{ QUICK_EXIT_URL: 'weather' }, /^QUICK_EXIT_URL /],
		[{ QUICK_EXIT_URL: 'javascript:alert(1)' }, /^QUICK_EXIT_URL /],
		[{ ORIGIN: 'stories.example.org' }, /^ORIGIN /],
		[{ ORIGIN: 'https://stories.example.org/' }, /^ORIGIN /],
		[{ DATABASE_URL: 'postgres://x' }, /^DATABASE_URL /],
		[{ MIGRATIONS_DIR: '/nonexistent/migrations' }, /^MIGRATIONS_DIR /]
	])('refuse %o with a message naming the setting', (env, expected) => {
		const problems = problemsOf(env);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(expected);
	});

	it('name every wrong setting at once', () => {
		expect(() => loadConfig({ TIME_ZONE: 'Nowhere', MAX_UPLOAD_MB: '-1' })).toThrow(
			/TIME_ZONE[\s\S]*MAX_UPLOAD_MB|MAX_UPLOAD_MB[\s\S]*TIME_ZONE/
		);
	});
});
