import { describe, expect, it } from 'vitest';
import type { Client, InStatement } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../src/lib/server/db/schema';
import { openDatabase } from '../../src/lib/server/db';
import { listRoleTags } from '../../src/lib/server/initiatives/role-tags';
import { MIGRATIONS, makeWorld } from '../fixtures/factories';

describe('role tags', () => {
	it('are listed with reads only once seeded: a page view never takes a turn at the write gate', async () => {
		const { client, db } = await openDatabase({ url: ':memory:', migrationsDir: MIGRATIONS });
		const world = await makeWorld(db);
		const statements: string[] = [];
		const watched = new Proxy(client, {
			get(target, key, receiver) {
				if (key === 'execute')
					return (stmt: InStatement) => {
						statements.push(typeof stmt === 'string' ? stmt : stmt.sql);
						return target.execute(stmt);
					};
				return Reflect.get(target, key, receiver);
			}
		}) as Client;
		const watchedDb = drizzle(watched, { schema });
		const first = await listRoleTags(watchedDb, world.initiativeId);
		expect(first.map((t) => t.label.en)).toContain('parent');
		statements.length = 0;
		expect(await listRoleTags(watchedDb, world.initiativeId)).toEqual(first);
		expect(statements.length).toBeGreaterThan(0);
		expect(statements.filter((s) => !/^\s*select\b/i.test(s))).toEqual([]);
	});
});
