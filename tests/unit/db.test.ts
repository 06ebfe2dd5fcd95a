import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createClient } from '@libsql/client';
import { openDatabase } from '../../src/lib/server/db';
import { loadConfig } from '../../src/lib/server/config';
import { setupTokens, users } from '../../src/lib/server/db/schema';
import { MIGRATIONS, testDb } from '../fixtures/factories';

const dir = mkdtempSync(join(tmpdir(), 'pv-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('database', () => {
	it('applies the committed migrations to an in-memory database', async () => {
		const db = await testDb();
		const tables = await db.all<{ name: string }>(
			sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
		);
		expect(tables.map((t) => t.name)).toEqual(
			expect.arrayContaining(['users', 'sessions', 'memberships', 'audit_log', 'login_failures'])
		);
	});

	it('sets WAL, foreign keys, busy timeout and synchronous=FULL on every file connection', async () => {
		const { client } = await openDatabase({
			url: `file:${join(dir, 'app.db')}`,
			migrationsDir: MIGRATIONS
		});
		// Two open transactions hold two different pooled connections.
		const first = await client.transaction('read');
		const second = await client.transaction('read');
		for (const tx of [first, second]) {
			const value = async (pragma: string) =>
				Object.values((await tx.execute(`PRAGMA ${pragma}`)).rows[0] ?? {})[0];
			expect(await value('journal_mode')).toBe('wal');
			expect(await value('foreign_keys')).toBe(1);
			expect(await value('synchronous')).toBe(2);
			expect(await value('busy_timeout')).toBe(5000);
		}
		await first.commit();
		await second.commit();
		client.close();
	});

	it('writes with secure_delete on, whichever pooled connection the write gets', async () => {
		const { client } = await openDatabase({
			url: `file:${join(dir, 'secure.db')}`,
			migrationsDir: MIGRATIONS
		});
		await client.execute('CREATE TABLE probe (way TEXT, secure INTEGER)');
		// The value recorded is the one on the connection that performed the write.
		const probe = (way: string) => ({
			sql: 'INSERT INTO probe SELECT ?, secure_delete FROM pragma_secure_delete()',
			args: [way]
		});
		// Open read transactions hold connections, so each write below gets a fresh one.
		const held = [];
		for (const way of ['execute', 'batch', 'transaction', 'executeMultiple']) {
			held.push(await client.transaction('read'));
			if (way === 'execute') await client.execute(probe(way));
			if (way === 'batch') await client.batch([probe(way)], 'write');
			if (way === 'transaction') {
				const tx = await client.transaction('write');
				await tx.execute(probe(way));
				await tx.commit();
			}
			if (way === 'executeMultiple')
				await client.executeMultiple(
					`INSERT INTO probe SELECT 'executeMultiple', secure_delete FROM pragma_secure_delete();`
				);
		}
		for (const tx of held) tx.close();
		const rows = (await client.execute('SELECT way, secure FROM probe')).rows;
		expect(rows.map((r) => [r.way, r.secure])).toEqual([
			['execute', 1],
			['batch', 1],
			['transaction', 1],
			['executeMultiple', 1]
		]);
		client.close();
		// A new libsql connection does not have it by itself: hence the write gate.
		const raw = createClient({ url: `file:${join(dir, 'secure.db')}` });
		expect(Object.values((await raw.execute('PRAGMA secure_delete')).rows[0] ?? {})[0]).toBe(0);
		raw.close();
	});

	it('lets a write wait for an open write transaction instead of blocking the process', async () => {
		const { db, client } = await openDatabase({
			url: `file:${join(dir, 'gate.db')}`,
			migrationsDir: MIGRATIONS
		});
		const order: string[] = [];
		const slow = db.transaction(async (tx) => {
			await tx.insert(setupTokens).values({ tokenHash: 'first' });
			// Real waiting inside the transaction: another flow gets the event loop meanwhile.
			await new Promise((resolve) => setTimeout(resolve, 100));
			order.push('transaction');
		});
		await new Promise((resolve) => setTimeout(resolve, 10));
		const started = Date.now();
		const other = db
			.insert(setupTokens)
			.values({ tokenHash: 'second' })
			.then(() => order.push('insert'));
		await Promise.all([slow, other]);
		expect(order).toEqual(['transaction', 'insert']);
		expect(Date.now() - started).toBeLessThan(2000); // not the 5 s busy timeout
		expect((await db.select().from(setupTokens)).map((t) => t.tokenHash).sort()).toEqual([
			'first',
			'second'
		]);
		// Reads do not wait.
		const reading = db.transaction(async () => {
			await new Promise((resolve) => setTimeout(resolve, 100));
		});
		expect(await db.select().from(setupTokens)).toHaveLength(2);
		await reading;
		client.close();
	});

	it('enforces foreign keys', async () => {
		const db = await testDb();
		await expect(
			db.run(
				sql`INSERT INTO sessions (id, user_id, expires_at, last_seen_at) VALUES ('x', 'nobody', 0, 0)`
			)
		).rejects.toThrow();
		expect(await db.select().from(users)).toEqual([]);
	});
});

describe('settings', () => {
	it('defaults to a file database under DATA_DIR', () => {
		const config = loadConfig({ DATA_DIR: '/srv/pv' });
		expect(config.dataDir).toBe('/srv/pv');
		expect(config.databaseUrl).toBe('file:/srv/pv/app.db');
	});

	it('accepts libsql and http(s) database URLs and refuses others', () => {
		for (const url of [
			'libsql://db.example.org',
			'https://db.example.org',
			'http://127.0.0.1:8080'
		])
			expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
		expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL/);
	});
});
