import { describe, expect, it } from 'vitest';
import { audit, listAudit } from '../../src/lib/server/audit';
import { makeUser, makeWorld, testDb } from '../fixtures/factories';

describe('audit log', () => {
	it('lists newest first and filters by action, person, initiative and date', async () => {
		const db = await testDb();
		const world = await makeWorld(db); // writes initiative, group and theme events
		const dana = await makeUser(db, { username: 'Dana' });
		await audit(
			db,
			{ actorId: world.admin.id, action: 'admin.granted', targetUserId: dana.id },
			new Date('2026-03-01T12:00:00Z')
		);
		await audit(
			db,
			{ actorId: dana.id, action: 'password.changed', targetUserId: dana.id },
			new Date('2026-03-05T12:00:00Z')
		);

		const all = await listAudit(db, {});
		expect(all.entries[0]?.action).toBe('password.changed');
		expect((await listAudit(db, { action: 'admin.granted' })).entries).toMatchObject([
			{ target: 'Dana', actor: world.admin.username }
		]);
		expect((await listAudit(db, { username: 'dana' })).entries.map((e) => e.action)).toEqual([
			'password.changed',
			'admin.granted'
		]);
		expect((await listAudit(db, { initiativeId: world.initiativeId })).entries.length).toBe(5);
		const march = await listAudit(db, {
			from: new Date('2026-03-02T00:00:00Z'),
			to: new Date('2026-03-06T00:00:00Z')
		});
		expect(march.entries.map((e) => e.action)).toEqual(['password.changed']);
	});

	it('pages through long logs', async () => {
		const db = await testDb();
		const user = await makeUser(db);
		for (let i = 0; i < 60; i++) await audit(db, { actorId: user.id, action: 'password.changed' });
		const first = await listAudit(db, {});
		expect(first.entries).toHaveLength(50);
		const second = await listAudit(db, { before: first.nextBefore });
		expect(second.entries).toHaveLength(10);
		expect(second.nextBefore).toBeUndefined();
	});
});
