import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	MAX_ATTEMPTS,
	backoffMs,
	claimNext,
	enqueue,
	releaseOwnJobs,
	retryJob,
	runJob
} from '../../src/lib/server/jobs';
import { jobs } from '../../src/lib/server/db/schema';
import { testDb } from '../fixtures/factories';

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
