// The content version and the server's caches (docs/performance.md): every table whose rows a
// page or a picture may show bumps the version in the same transaction as the change; the
// version read is never older than the request; the page cache keeps only what it may.
import { assert, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readContentVersion, FreshRead, stillValid } from '../../src/lib/server/cache/version';
import { answerFrom, cacheableRequest, PageCache } from '../../src/lib/server/cache/pages';
import { pickEncoding, matchesEtag, parseCookies } from '../../src/lib/server/cache/http';
import { SizedLru } from '../../src/lib/server/cache/lru';
import { createStory, updateStoryText } from '../../src/lib/server/stories';
import { ownStory } from '../../src/lib/server/access';
import { createExhibition } from '../../src/lib/server/exhibitions';
import { giveRole, makeUser, makeWorld, sessionFor, testDb } from '../fixtures/factories';

/**
 * Tables that hold nothing any page or picture shows, so a change to them need not make the
 * caches ask again. Every other table must bump the version (db/migrations/0010_content_version.sql).
 */
const NOT_CONTENT: Record<string, string> = {
	sessions: 'who is logged in; cached answers are for anonymous visitors only',
	setup_tokens: 'the one-time setup link',
	login_failures: 'throttling',
	password_resets: 'one-time reset links',
	invitations: 'invitation links, shown to curators only',
	invitation_working_groups: 'part of an invitation',
	media_intents: 'files about to be written',
	upload_attempts: 'per-person upload throttling',
	jobs: 'background work (its results are written to content tables)',
	audit_log: 'who saw what; never shown on a public page',
	notices: 'messages for one person at login',
	notifications: 'in-app notifications for one person; never on a cached page',
	notification_opt_outs: 'one person’s notification settings',
	reflection_attempts: 'throttling of visitors’ reflections',
	responses: 'shown to signed-in viewers only, whose pages are never cached',
	response_entries: 'part of a response',
	response_answers: 'part of a response',
	data_exports: 'a running download of a person’s data',
	erasures: 'tombstones (ids only)',
	content_note_suggestions:
		'a curator’s suggestion, shown to the story’s participant only (docs/content-notes.md)',
	content_version: 'the version itself',
	__drizzle_migrations: 'the migrations applied'
};

describe('the content version', () => {
	it('is bumped by every change to every content table, and by nothing else', async () => {
		const db = await testDb();
		const tables = (
			await db.all<{ name: string }>(
				sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
			)
		).map((r) => r.name);
		const triggers = (
			await db.all<{ name: string; tbl_name: string; sql: string }>(
				sql`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`
			)
		).filter((t) => /UPDATE `content_version` SET `version` = `version` \+ 1/.test(t.sql));
		expect(tables.length).toBeGreaterThan(25);
		for (const table of tables) {
			const ops = triggers
				.filter((t) => t.tbl_name === table)
				.map((t) => /AFTER (INSERT|UPDATE|DELETE)/.exec(t.sql)?.[1])
				.sort();
			if (table in NOT_CONTENT) expect(ops, `${table} bumps the version`).toEqual([]);
			else
				expect(ops, `${table} must bump the content version (or be listed as not content)`).toEqual(
					['DELETE', 'INSERT', 'UPDATE']
				);
		}
	});

	it('grows with changes to placed stories, in their transaction; not with drafts or logins', async () => {
		const db = await testDb();
		const w = await makeWorld(db);
		const owner = await makeUser(db);
		await giveRole(db, owner, w.initiativeId, 'participant');
		const curator = await makeUser(db);
		await giveRole(db, curator, w.initiativeId, 'curator');
		const viewer = { id: owner.id, isAdmin: false };
		const id = await createStory(db, viewer, {
			initiativeId: w.initiativeId,
			title: 'A title',
			language: 'en'
		});
		const story = (await ownStory(db, viewer, id))!;
		const edit = (title: string) =>
			updateStoryText(db, story, {
				title,
				narrative: 'Words',
				language: 'en',
				roleTagIds: [],
				freeTags: [],
				attribution: story.attribution,
				pseudonym: story.pseudonym
			});
		// A draft that is in no exhibition is in no cached answer: its edits leave the version.
		let v = await readContentVersion(db);
		await edit('Still a draft');
		expect(await readContentVersion(db)).toBe(v);
		// An exhibition, and the story placed in it (pending): from now on every edit counts.
		const exhibitionId = await createExhibition(
			db,
			curator.id,
			w.initiativeId,
			{
				title: { en: 'Roles' },
				introduction: { en: '' },
				audience: 'public',
				workingGroupIds: [],
				themeIds: [],
				endsAt: null
			},
			{ en: 'First' }
		);
		expect(await readContentVersion(db)).toBeGreaterThan(v);
		v = await readContentVersion(db);
		await db.run(
			sql`INSERT INTO placements (id, exhibition_id, story_id, position, size, approved_audience,
				approved_working_group_ids, approved_theme_ids, updated_at)
				VALUES ('p1', ${exhibitionId}, ${id}, 0, 'medium', 'public', '[]', '[]', 0)`
		);
		expect(await readContentVersion(db)).toBeGreaterThan(v);
		v = await readContentVersion(db);
		await edit('Placed now');
		expect(await readContentVersion(db)).toBe(v + 1);
		// A rolled-back change leaves the version as it was.
		await expect(
			db.transaction(async (tx) => {
				await tx.run(sql`UPDATE stories SET title = 'x' WHERE id = ${id}`);
				throw new Error('stop');
			})
		).rejects.toThrow('stop');
		expect(await readContentVersion(db)).toBe(v + 1);
		// Sessions are not content.
		await sessionFor(db, viewer);
		expect(await readContentVersion(db)).toBe(v + 1);
	});

	it('an entry is valid only at its version and before the next consent expiry', () => {
		expect(stillValid({ version: 3, until: Infinity }, 3)).toBe(true);
		expect(stillValid({ version: 3, until: Infinity }, 4)).toBe(false);
		expect(stillValid({ version: 3, until: 1000 }, 3, 999)).toBe(true);
		expect(stillValid({ version: 3, until: 1000 }, 3, 1000)).toBe(false);
		expect(stillValid({ version: Number.NaN, until: Infinity }, Number.NaN)).toBe(false);
	});
});

describe('FreshRead', () => {
	const turn = () => new Promise((resolve) => setImmediate(resolve));

	it('answers each caller with a read that started after it asked', async () => {
		let started = 0;
		let value = 0;
		const reads = new FreshRead(async () => {
			started += 1;
			return value; // the value at the moment the read starts
		});
		// Callers in the same turn share one read, made after all of them asked.
		const a = reads.next();
		const b = reads.next();
		expect(started).toBe(0);
		value = 1; // a change commits before the read starts: both see it
		expect(await a).toBe(1);
		expect(await b).toBe(1);
		expect(started).toBe(1);
		// A caller after that read started gets a read of its own.
		value = 2;
		expect(await reads.next()).toBe(2);
		expect(started).toBe(2);
		// While a slow read is on its way, a new caller does not take its answer.
		let release = () => {};
		const slow = new FreshRead(
			() =>
				new Promise<number>((resolve) => {
					const seen = value;
					release = () => resolve(seen);
				})
		);
		const first = slow.next();
		await turn(); // the first read has started, with value 2
		value = 3;
		const second = slow.next();
		const releaseFirst = release;
		await turn(); // the second read has started, with value 3
		releaseFirst();
		release();
		expect(await first).toBe(2);
		expect(await second).toBe(3);
	});

	it('a synchronous read answers its callbacks in the turn it runs, after all of them asked', async () => {
		const unexpected = (what: unknown) => assert.fail(`unexpected: ${String(what)}`);
		let value = 1;
		let reads = 0;
		const fresh = new FreshRead(() => {
			reads += 1;
			return value;
		});
		const seen: number[] = [];
		fresh.then((v) => seen.push(v), unexpected);
		fresh.then(
			() => {
				throw new Error('one caller fails');
			},
			() => {}
		);
		fresh.then((v) => seen.push(v * 10), unexpected);
		value = 2; // committed before the read starts: every caller sees it
		expect(seen).toEqual([]);
		await turn();
		// One caller throwing does not keep the others from their answer.
		expect(seen).toEqual([2, 20]);
		expect(reads).toBe(1);
		const failures: unknown[] = [];
		const broken = new FreshRead<number>(() => {
			throw new Error('no database');
		});
		broken.then(unexpected, (e) => failures.push(e));
		await expect(broken.next()).rejects.toThrow('no database');
		expect(failures).toHaveLength(1);
	});

	it('a failed read fails its callers and the next read starts afresh', async () => {
		let n = 0;
		const reads = new FreshRead(async () => {
			n += 1;
			if (n === 1) throw new Error('busy');
			return n;
		});
		const a = reads.next();
		const b = reads.next();
		await expect(a).rejects.toThrow('busy');
		await expect(b).rejects.toThrow('busy');
		expect(await reads.next()).toBe(2);
	});
});

describe('the page cache', () => {
	const lang = { cookie: 'lang=en', acceptLanguage: null };
	it('keeps only public pages of anonymous visitors', () => {
		expect(cacheableRequest('GET', '/exhibitions/roles-we-play', lang)?.key).toBe(
			'en /exhibitions/roles-we-play'
		);
		expect(cacheableRequest('HEAD', '/', lang)?.key).toBe('en /');
		expect(cacheableRequest('GET', '/themes/abcdefghijklmnop?page=2', lang)?.key).toBe(
			'en /themes/abcdefghijklmnop?page=2'
		);
		expect(cacheableRequest('GET', '/exhibitions/roles-we-play/abcdefghijklmnop', lang)).not.toBe(
			null
		);
		expect(cacheableRequest('GET', '/exhibitions/roles-we-play/print', lang)).not.toBe(null);
		// Not for anyone logged in, with a message waiting, or with any other cookie.
		for (const cookie of ['session=abc', 'lang=en; session=abc', 'flash=x', 'lang=en; other=1'])
			expect(cacheableRequest('GET', '/', { cookie, acceptLanguage: null }), cookie).toBe(null);
		// Not for changes, page data, other queries or other pages.
		expect(cacheableRequest('POST', '/', lang)).toBe(null);
		for (const path of [
			'/exhibitions/roles-we-play/__data.json',
			'/exhibitions/roles-we-play/wall',
			'/exhibitions/roles-we-play?x=1',
			'/exhibitions/roles-we-play?page=0',
			'/me',
			'/account',
			'/login',
			'/curate/abcdefghijklmnop',
			'/media/abcdefghijklmnop/1/640.webp?in=e.abcdefghijklmnop'
		])
			expect(cacheableRequest('GET', path, lang), path).toBe(null);
		// A first visit: the browser's language, and the answer sets the cookie.
		const first = cacheableRequest('GET', '/', { cookie: null, acceptLanguage: 'ar,en;q=0.5' });
		expect(first).toEqual({ key: 'ar /', locale: 'ar', setsLocale: true });
		expect(cacheableRequest('GET', '/', { cookie: 'lang=xx', acceptLanguage: null })).toBe(null);
	});

	it('answers with the encoding asked for, a strong tag, and 304 for a current copy', async () => {
		const cache = new PageCache(1024 * 1024);
		const body = Buffer.from('<!doctype html><p>' + 'story '.repeat(500));
		const entry = await cache.store(
			'en /',
			{ version: 7, until: Infinity },
			200,
			[
				['content-type', 'text/html'],
				['cache-control', 'no-cache'],
				['set-cookie', 'lang=en'],
				['etag', '"old"']
			],
			body
		);
		expect(cache.lookup('en /', 7)).toBe(entry);
		const request = { method: 'GET', setsLocale: false, locale: 'en' as const, secure: false };
		const br = answerFrom(entry, { ...request, acceptEncoding: 'gzip, br' });
		const headers = new Map(br.headers.map(([k, v]) => [k.toLowerCase(), v]));
		expect(headers.get('content-encoding')).toBe('br');
		expect(headers.get('set-cookie')).toBeUndefined();
		expect(headers.get('etag')).toMatch(/^"h-[\w-]+\.br"$/);
		expect(br.body!.length).toBeLessThan(body.length / 5);
		const plain = answerFrom(entry, { ...request, acceptEncoding: null });
		expect(plain.body).toEqual(body);
		const again = answerFrom(entry, { ...request, ifNoneMatch: headers.get('etag')! });
		expect(again.status).toBe(304);
		expect(again.body).toBe(null);
		const first = answerFrom(entry, { ...request, setsLocale: true, locale: 'en' });
		expect(first.headers.find(([k]) => k === 'Set-Cookie')?.[1]).toMatch(/^lang=en; /);
		// Another version: gone.
		expect(cache.lookup('en /', 8)).toBeUndefined();
		expect(cache.lookup('en /', 7)).toBeUndefined();
	});
});

describe('helpers', () => {
	it('picks encodings, matches tags, parses cookies, forgets the least recent', () => {
		expect(pickEncoding('gzip, deflate, br')).toBe('br');
		expect(pickEncoding('gzip')).toBe('gzip');
		expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
		expect(pickEncoding('identity')).toBe('identity');
		expect(pickEncoding(undefined)).toBe('identity');
		expect(matchesEtag('"a", W/"b"', '"b"')).toBe(true);
		expect(matchesEtag('"a"', '"b"')).toBe(false);
		expect(matchesEtag('*', '"b"')).toBe(true);
		expect([...parseCookies('a=1; b="2"; c=%20x')]).toEqual([
			['a', '1'],
			['b', '2'],
			['c', ' x']
		]);
		const lru = new SizedLru<string>(10);
		lru.set('a', 'a', 4);
		lru.set('b', 'b', 4);
		lru.get('a');
		lru.set('c', 'c', 4);
		expect(lru.get('b')).toBeUndefined();
		expect(lru.get('a')).toBe('a');
		expect(lru.size).toBe(8);
		lru.set('huge', 'x', 11);
		expect(lru.get('huge')).toBeUndefined();
	});
});
