import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq, ne } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db';
import {
	MAX_ATTEMPTS,
	backoffMs,
	claimNext,
	enqueue,
	releaseOwnJobs,
	retryJob,
	runJob,
	startWorker
} from '../../src/lib/server/jobs';
import { jobs } from '../../src/lib/server/db/schema';
import { MIGRATIONS, testDb } from '../fixtures/factories';

describe('background jobs', () => {
	it('run once, in order of due time', async () => {
		const db = await testDb();
		const later = await enqueue(db, 'delete_files', { keys: ['b'] }, new Date(Date.now() + 60_000));
		const now = await enqueue(db, 'delete_files', { keys: ['a'] });
		const job = await claimNext(db, 'w1');
		expect(job?.id).toBe(now);
		expect(await claimNext(db, 'w2')).toBeUndefined(); // the other is not due yet, this one is taken
		const seen: unknown[] = [];
		expect(
			await runJob(db, job!, { delete_files: async (p) => void seen.push(p.keys) }, 'w1')
		).toBe('done');
		expect(seen).toEqual([['a']]);
		const [row] = await db.select().from(jobs).where(eq(jobs.id, later));
		expect(row?.status).toBe('pending');
	});

	it('retry failures with growing pauses, then wait for an admin', async () => {
		const db = await testDb();
		const id = await enqueue(db, 'render_avif', { photoId: 'p', version: 1 });
		const failing = {
			render_avif: async () => {
				throw new Error('encoder crashed');
			}
		};
		for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			await db
				.update(jobs)
				.set({ runAt: new Date(0) })
				.where(eq(jobs.id, id));
			const job = await claimNext(db, 'w');
			const result = await runJob(db, job!, failing, 'w');
			expect(result).toBe(attempt === MAX_ATTEMPTS ? 'failed' : 'retry');
			const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
			expect(row?.attempts).toBe(attempt);
			expect(row?.lastError).toBe('encoder crashed');
			if (attempt < MAX_ATTEMPTS)
				expect(row!.runAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(attempt) - 5000);
		}
		expect(await claimNext(db, 'w')).toBeUndefined();
		expect(await retryJob(db, id)).toBe(true);
		expect((await claimNext(db, 'w'))?.id).toBe(id);
	});

	it('resume after a crash: at once for the same worker, after the lease for others', async () => {
		const db = await testDb();
		const id = await enqueue(db, 'delete_files', { keys: [] });
		const t0 = new Date();
		expect((await claimNext(db, 'host:3000', t0))?.id).toBe(id);
		// The process dies; another worker must wait for the lease to run out…
		expect(await claimNext(db, 'other:3001', new Date(t0.getTime() + 1000))).toBeUndefined();
		expect((await claimNext(db, 'other:3001', new Date(t0.getTime() + 3 * 60_000)))?.id).toBe(id);
		// …while the same worker, restarting, takes its own jobs back immediately.
		await db
			.update(jobs)
			.set({ lockedBy: 'host:3000', lockedAt: new Date() })
			.where(eq(jobs.id, id));
		await releaseOwnJobs(db, 'host:3000');
		expect((await claimNext(db, 'host:3000'))?.id).toBe(id);
	});
});

describe('background jobs on one database shared by two workers', () => {
	const dir = mkdtempSync(join(tmpdir(), 'pv-jobs-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('run each job exactly once', async () => {
		const url = `file:${join(dir, 'two-workers.db')}`;
		// Two clients on one file stand for two processes (each has its own write gate).
		const a = await openDatabase({ url, migrationsDir: MIGRATIONS });
		const b = await openDatabase({ url, migrationsDir: MIGRATIONS });
		const ids = new Set<string>();
		for (let i = 0; i < 30; i++) ids.add(await enqueue(a.db, 'delete_files', { keys: [`k${i}`] }));
		const runs: { worker: string; key: string }[] = [];
		const handlers = (worker: string) => ({
			delete_files: async (payload: { keys?: unknown }) => {
				runs.push({ worker, key: String((payload.keys as string[])[0]) });
				await new Promise((resolve) => setTimeout(resolve, 3));
			}
		});
		const workers = [
			startWorker(a.db, handlers('a'), { workerId: 'a', intervalMs: 5 }),
			startWorker(b.db, handlers('b'), { workerId: 'b', intervalMs: 5 })
		];
		const deadline = Date.now() + 15_000;
		for (;;) {
			const open = await a.db.select({ id: jobs.id }).from(jobs).where(ne(jobs.status, 'done'));
			if (open.length === 0 || Date.now() > deadline) break;
			workers.forEach((w) => w.poke());
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await Promise.all(workers.map((w) => w.stop()));
		const keys = runs.map((r) => r.key).sort();
		expect(keys).toEqual([...Array(30).keys()].map((i) => `k${i}`).sort());
		// Both took part: the claims really raced.
		expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['a', 'b']));
		const rows = await b.db.select().from(jobs);
		expect(rows.every((r) => r.status === 'done' && r.lockedBy === null)).toBe(true);
		a.client.close();
		b.client.close();
	});

	it('keep the lease alive while a job runs, and refuse the finish of a worker that lost it', async () => {
		const db = await testDb();
		const id = await enqueue(db, 'delete_files', { keys: [] });
		const job = await claimNext(db, 'slow');
		const claimedAt = job!.lockedAt!;
		let during: Date | null | undefined;
		const result = await runJob(
			db,
			job!,
			{
				delete_files: async () => {
					await new Promise((resolve) => setTimeout(resolve, 120));
					during = (await db.select().from(jobs).where(eq(jobs.id, id)))[0]?.lockedAt;
				}
			},
			'slow',
			{ heartbeatMs: 20 }
		);
		expect(result).toBe('done');
		// The heartbeat ran: the lease was renewed after the claim.
		expect(during!.getTime()).toBeGreaterThan(claimedAt.getTime());

		// A worker stalls past its lease; another takes the job; the first one's finish is refused.
		const id2 = await enqueue(db, 'delete_files', { keys: [] });
		const stalled = await claimNext(db, 'stalled');
		await db
			.update(jobs)
			.set({ lockedAt: new Date(Date.now() - 10 * 60_000) })
			.where(eq(jobs.id, id2));
		expect(stalled?.id).toBe(id2);
		const taker = await claimNext(db, 'taker');
		expect(taker?.id).toBe(id2);
		expect(await runJob(db, stalled!, { delete_files: async () => {} }, 'stalled')).toBe('lost');
		const [row] = await db.select().from(jobs).where(eq(jobs.id, id2));
		expect(row).toMatchObject({ status: 'running', lockedBy: 'taker' });
		expect(await runJob(db, taker!, { delete_files: async () => {} }, 'taker')).toBe('done');
	});
});
