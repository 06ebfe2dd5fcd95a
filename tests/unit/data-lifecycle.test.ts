// Erasure that survives a restore, backups that restore, and "delete my account"
// (docs/data-lifecycle.md): tombstones from every deletion path, the erasure log, backup and
// restore on real files, and an account erased with everything of its person.
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditLog, erasures, invitations, sessions, users } from '../../src/lib/server/db/schema';
import { ownStory } from '../../src/lib/server/access';
import { createStory, deletePhoto, deleteStory, insertPhoto } from '../../src/lib/server/stories';
import { eraseAccount } from '../../src/lib/server/people/erase';
import { audit } from '../../src/lib/server/audit';
import { backup, restore, BackupError } from '../../src/lib/server/db/backup';
import { readErasureLog } from '../../src/lib/server/db/erasure-log';
import { confirmPassword } from '../../src/lib/server/auth/accounts';
import { claimNext, enqueue } from '../../src/lib/server/jobs';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import {
	MIGRATIONS,
	PASSWORD,
	giveRole,
	makeUser,
	makeWorld,
	sessionFor,
	testDb
} from '../fixtures/factories';

const root = mkdtempSync(join(tmpdir(), 'pv-lifecycle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);

/** A story with one photo whose master and derivative are real files under dataDir/media. */
async function storyWithPhoto(
	db: Db,
	dataDir: string,
	owner: { id: string; isAdmin: boolean },
	initiativeId: string,
	title: string
) {
	const storyId = await createStory(db, owner, { initiativeId, title, language: 'en' });
	const photoId = `ph${storyId}`.slice(0, 20);
	const master = `masters/${photoId}`;
	const derivative = `derivatives/${photoId}/1/320.webp`;
	for (const key of [master, derivative]) {
		mkdirSync(join(dataDir, 'media', ...key.split('/').slice(0, -1)), { recursive: true });
		writeFileSync(join(dataDir, 'media', key), `bytes of ${title} ${key}`);
	}
	await insertPhoto(db, (await ownStory(db, owner, storyId))!, {
		id: photoId,
		masterKey: master,
		masterWidth: 10,
		masterHeight: 10,
		framing: DEFAULT_FRAMING,
		width: 10,
		height: 10,
		thumbhash: 'x',
		derivatives: [{ kind: 'webp', width: 10, height: 10, storageKey: derivative, bytes: 1 }]
	});
	return { storyId, photoId, keys: [master, derivative] };
}

function bytesContain(dir: string, text: string): string[] {
	const needle = Buffer.from(text);
	return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => {
		try {
			return readFileSync(join(dir, name)).includes(needle);
		} catch {
			return false;
		}
	});
}

describe('tombstones', () => {
	it('are written by every deletion, with ids only, and refuse change', async () => {
		const db = await testDb();
		const world = await makeWorld(db);
		const owner = await makeUser(db);
		await giveRole(db, owner, world.initiativeId, 'participant');
		const a = await createStory(db, owner, {
			initiativeId: world.initiativeId,
			title: 'A',
			language: 'en'
		});
		await insertPhoto(db, (await ownStory(db, owner, a))!, {
			id: 'photo-a',
			masterKey: 'masters/a',
			masterWidth: 1,
			masterHeight: 1,
			framing: DEFAULT_FRAMING,
			width: 1,
			height: 1,
			thumbhash: 'x',
			derivatives: []
		});
		await insertPhoto(db, (await ownStory(db, owner, a))!, {
			id: 'photo-b',
			masterKey: 'masters/b',
			masterWidth: 1,
			masterHeight: 1,
			framing: DEFAULT_FRAMING,
			width: 1,
			height: 1,
			thumbhash: 'x',
			derivatives: []
		});
		await db.transaction(async (tx) => {
			await deletePhoto(tx, (await ownStory(tx, owner, a))!, 'photo-a');
		});
		await db.transaction(async (tx) => {
			await deleteStory(tx, (await ownStory(tx, owner, a))!);
		});
		const rows = await db.select().from(erasures).orderBy(erasures.seq);
		expect(rows.map((r) => [r.kind, r.subjectId])).toEqual([
			['photo', 'photo-a'],
			['photo', 'photo-b'], // by the cascade
			['story', a]
		]);
		await expect(db.delete(erasures)).rejects.toThrow();
		await expect(db.update(erasures).set({ subjectId: 'x' })).rejects.toThrow();
	});
});

describe('deleting an account', () => {
	it('removes everything about the person and keeps anonymised audit entries', async () => {
		const db = await testDb();
		const world = await makeWorld(db);
		const admin = await makeUser(db, { isAdmin: true });
		const person = await makeUser(db);
		await giveRole(db, person, world.initiativeId, 'participant');
		await giveRole(db, person, world.initiativeId, 'curator');
		await createStory(db, person, {
			initiativeId: world.initiativeId,
			title: 'Mine',
			language: 'en'
		});
		await sessionFor(db, person);
		await audit(db, {
			actorId: admin.id,
			action: 'account.disabled',
			targetUserId: person.id,
			details: { reason: 'Named Person said so' }
		});
		await audit(db, { actorId: person.id, action: 'password.changed', targetUserId: person.id });
		await db.insert(invitations).values({
			id: 'inv1',
			tokenHash: 'h1',
			initiativeId: world.initiativeId,
			role: 'participant',
			label: 'for Named Person',
			expiresAt: new Date(Date.now() + 1e6),
			usedAt: new Date(),
			usedBy: person.id
		});
		const result = await db.transaction((tx) => eraseAccount(tx, person.id));
		expect(result).toMatchObject({ stories: 1, photos: 0 });
		expect(await db.select().from(users).where(eq(users.id, person.id))).toEqual([]);
		expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
		expect(await db.select().from(invitations)).toEqual([]);
		const entries = await db.select().from(auditLog);
		expect(entries.some((e) => e.action === 'password.changed')).toBe(false);
		const disabled = entries.find((e) => e.action === 'account.disabled')!;
		expect(disabled).toMatchObject({ actorId: admin.id, targetUserId: null, details: {} });
		expect(JSON.stringify(entries)).not.toContain(person.id);
		expect(JSON.stringify(entries)).not.toContain('Named Person');
		expect(entries.some((e) => e.action === 'account.deleted')).toBe(true);
		expect((await db.select().from(erasures)).map((e) => e.kind).sort()).toEqual([
			'account',
			'story'
		]);
	});

	it('refuses the last admin, and works for a person with no membership', async () => {
		const db = await testDb();
		const admin = await makeUser(db, { isAdmin: true });
		expect(await db.transaction((tx) => eraseAccount(tx, admin.id))).toBe('last_admin');
		const second = await makeUser(db, { isAdmin: true });
		expect(await db.transaction((tx) => eraseAccount(tx, admin.id))).toMatchObject({ stories: 0 });
		const loner = await makeUser(db);
		expect(await db.transaction((tx) => eraseAccount(tx, loner.id))).toMatchObject({ stories: 0 });
		expect(await db.transaction((tx) => eraseAccount(tx, second.id))).toBe('last_admin');
	});

	it('asks for the password, throttled as logins are', async () => {
		const db = await testDb();
		const person = await makeUser(db);
		const ask = (password: string) =>
			confirmPassword(db, { userId: person.id, password, address: '1.2.3.4' });
		expect(await ask(PASSWORD)).toEqual({ ok: true });
		for (let i = 0; i < 5; i++)
			expect(await ask('wrong password here')).toEqual({ ok: false, reason: 'wrong' });
		expect(await ask(PASSWORD)).toMatchObject({ ok: false, reason: 'throttled' });
	});
});

describe('backup and restore', () => {
	it('restores without what was erased after the backup, and refuses what it cannot restore', async () => {
		const dataDir = fresh('data');
		const log = join(dataDir, 'erasures.log');
		const { db, client } = await openDatabase({
			url: `file:${join(dataDir, 'app.db')}`,
			migrationsDir: MIGRATIONS,
			erasureLogPath: log
		});
		const world = await makeWorld(db);
		const owner = await makeUser(db);
		await giveRole(db, owner, world.initiativeId, 'participant');
		const kept = await storyWithPhoto(db, dataDir, owner, world.initiativeId, 'Keeper-title-1b2c');
		const victim = await storyWithPhoto(
			db,
			dataDir,
			owner,
			world.initiativeId,
			'Victim-title-9d8e'
		);
		const out = fresh('backup');
		const manifest = await backup({ databaseFile: join(dataDir, 'app.db'), dataDir, out });
		expect(manifest).toMatchObject({ stories: 2, photos: 2 });
		expect(manifest.files).toHaveLength(4);

		// Deleted after the backup, as the story page does (its files too, as the job does).
		await db.transaction(async (tx) => {
			await deleteStory(tx, (await ownStory(tx, owner, victim.storyId))!);
		});
		for (const key of victim.keys) rmSync(join(dataDir, 'media', key));
		expect(readErasureLog(log).tombstones.map((t) => t.id)).toEqual([
			victim.photoId,
			victim.storyId
		]);
		client.close();

		// Without the erasure log: refused.
		await expect(
			restore({
				backupDir: out,
				dataDir: fresh('r'),
				migrationsDir: MIGRATIONS,
				erasureLogs: [],
				targetErasureLog: join(root, 'x.log')
			})
		).rejects.toThrow(/erasure log/);
		// Into a non-empty DATA_DIR: refused, nothing touched.
		await expect(
			restore({
				backupDir: out,
				dataDir,
				migrationsDir: MIGRATIONS,
				erasureLogs: [log],
				targetErasureLog: log
			})
		).rejects.toThrow(/not empty/);

		const target = fresh('restored');
		const report = await restore({
			backupDir: out,
			dataDir: target,
			migrationsDir: MIGRATIONS,
			erasureLogs: [log],
			targetErasureLog: join(target, 'erasures.log')
		});
		expect(report.erased).toMatchObject({ stories: 1, photos: 0, files: 2 });
		expect(report).toMatchObject({ stories: 1, photos: 1, files: 2 });
		for (const key of victim.keys) expect(existsSync(join(target, 'media', key))).toBe(false);
		for (const key of kept.keys) expect(existsSync(join(target, 'media', key))).toBe(true);
		expect(bytesContain(target, 'Victim-title-9d8e')).toEqual([]);
		expect(bytesContain(target, 'Keeper-title-1b2c').length).toBeGreaterThan(0);
		expect(readErasureLog(join(target, 'erasures.log')).tombstones.map((t) => t.id)).toContain(
			victim.storyId
		);

		// A backup with a file missing: refused.
		rmSync(join(out, 'media', kept.keys[1]!));
		await expect(
			restore({
				backupDir: out,
				dataDir: fresh('r'),
				migrationsDir: MIGRATIONS,
				erasureLogs: [log],
				targetErasureLog: join(root, 'y.log')
			})
		).rejects.toThrow(/1 files the database names are missing/);
		// A folder without a manifest is no backup.
		await expect(
			restore({
				backupDir: fresh('nothing'),
				dataDir: fresh('r'),
				migrationsDir: MIGRATIONS,
				erasureLogs: null,
				targetErasureLog: join(root, 'z.log')
			})
		).rejects.toThrow(BackupError);
		// A backup goes into an empty folder only.
		await expect(
			backup({ databaseFile: join(target, 'app.db'), dataDir: target, out })
		).rejects.toThrow(/not empty/);
	});
});

describe('deletion jobs', () => {
	it('go before renderings that were queued earlier', async () => {
		const db = await testDb();
		const past = new Date(Date.now() - 60_000);
		await enqueue(db, 'render_avif', { photoId: 'p', version: 1 }, past);
		await enqueue(db, 'delete_files', { keys: ['masters/x'] });
		expect((await claimNext(db, 'worker'))?.kind).toBe('delete_files');
		expect((await claimNext(db, 'worker'))?.kind).toBe('render_avif');
	});
});
