// Durable background jobs in the database: slow work (AVIF encoding) and clean-up (deleting
// stored files) that must happen even if the server stops halfway. A job is claimed with a
// lease; a crash leaves it 'running' with a lease that runs out, and a restart of the same
// worker takes its own unfinished jobs back at once. Failures are retried with growing
// pauses and, after MAX_ATTEMPTS, left as 'failed' for an admin to see and retry.
// Several processes may run workers on one database: a claim is a compare-and-set, and every
// later update of a job is conditioned on the worker still holding it ('lost' otherwise).
import { hostname } from 'node:os';
import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { jobs, type JobKind } from '../db/schema';
import { newId } from '../ids';

export const MAX_ATTEMPTS = 6;
export const LEASE_MS = 2 * 60 * 1000;
export const HEARTBEAT_MS = 20 * 1000;

/** Seconds to wait before attempt n+1: 10 s, 40 s, 2.7 min, 10 min, 40 min. */
export function backoffMs(attempts: number): number {
	return 10_000 * 4 ** Math.max(0, attempts - 1);
}

export type JobPayload = Record<string, string | number | string[]>;
export type JobHandler = (payload: JobPayload) => Promise<void>;

export async function enqueue(
	ex: Executor,
	kind: JobKind,
	payload: JobPayload,
	runAt = new Date()
): Promise<string> {
	const id = newId();
	await ex.insert(jobs).values({ id, kind, payload, runAt });
	return id;
}

/** Due now: pending and its time has come, or running with a lease that ran out. */
function due(now: Date) {
	return or(
		and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
		and(eq(jobs.status, 'running'), lt(jobs.lockedAt, new Date(now.getTime() - LEASE_MS)))
	);
}

/**
 * Takes the next due job for this worker, or undefined. An idle poll only reads (no write
 * lock, no turn at the write gate); a claim is one conditional UPDATE … RETURNING, so of two
 * workers racing for a job exactly one gets the row back.
 */
export async function claimNext(db: Db, workerId: string, now = new Date()) {
	const [waiting] = await db.select({ id: jobs.id }).from(jobs).where(due(now)).limit(1);
	if (!waiting) return undefined;
	const next = db
		.select({ id: jobs.id })
		.from(jobs)
		.where(due(now))
		// Deleting files first: a person's deleted photos must not wait behind a queue of AVIF
		// renderings (docs/data-lifecycle.md).
		.orderBy(sql`${jobs.kind} = 'delete_files' DESC`, asc(jobs.runAt))
		.limit(1);
	const [claimed] = await db
		.update(jobs)
		.set({ status: 'running', lockedBy: workerId, lockedAt: now })
		.where(and(inArray(jobs.id, next), due(now)))
		.returning();
	return claimed;
}

/** A restarting worker takes back the jobs it was running when it stopped. */
export async function releaseOwnJobs(db: Db, workerId: string) {
	await db
		.update(jobs)
		.set({ status: 'pending', lockedBy: null, lockedAt: null })
		.where(and(eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId)));
}

/** Updates of a job this worker still holds; a job whose lease another took is left alone. */
function heldBy(jobId: string, workerId: string) {
	return and(eq(jobs.id, jobId), eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId));
}

export async function runJob(
	db: Db,
	job: typeof jobs.$inferSelect,
	handlers: Partial<Record<JobKind, JobHandler>>,
	workerId: string,
	options: { heartbeatMs?: number } = {}
): Promise<'done' | 'retry' | 'failed' | 'lost'> {
	const handler = handlers[job.kind];
	// The lease is renewed while the handler runs; each renewal is awaited (a drizzle query runs
	// only when awaited) and the next waits for the previous one.
	let beat: Promise<unknown> = Promise.resolve();
	const heartbeat = setInterval(() => {
		beat = beat
			.then(() => db.update(jobs).set({ lockedAt: new Date() }).where(heldBy(job.id, workerId)))
			.catch((e) => console.error(`[jobs] heartbeat of ${job.id} failed`, e));
	}, options.heartbeatMs ?? HEARTBEAT_MS);
	const finish = async (values: Partial<typeof jobs.$inferInsert>) => {
		clearInterval(heartbeat);
		await beat;
		const [row] = await db
			.update(jobs)
			.set(values)
			.where(heldBy(job.id, workerId))
			.returning({ id: jobs.id });
		return Boolean(row);
	};
	try {
		if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
		await handler(job.payload);
	} catch (error) {
		const attempts = job.attempts + 1;
		const failed = attempts >= MAX_ATTEMPTS;
		const held = await finish({
			status: failed ? 'failed' : 'pending',
			attempts,
			lastError: String(error instanceof Error ? error.message : error).slice(0, 2000),
			runAt: new Date(Date.now() + backoffMs(attempts)),
			lockedBy: null,
			lockedAt: null,
			finishedAt: failed ? new Date() : null
		});
		if (!held) return 'lost';
		return failed ? 'failed' : 'retry';
	} finally {
		clearInterval(heartbeat);
	}
	const held = await finish({
		status: 'done',
		finishedAt: new Date(),
		lockedBy: null,
		lockedAt: null,
		lastError: null
	});
	return held ? 'done' : 'lost';
}

export interface Worker {
	/** Runs due jobs now instead of at the next tick (after an upload, say). */
	poke(): void;
	stop(): Promise<void>;
}

/** Starts the job loop of this process. One job at a time: image work is heavy. */
export function startWorker(
	db: Db,
	handlers: Partial<Record<JobKind, JobHandler>>,
	options: { workerId?: string; intervalMs?: number } = {}
): Worker {
	const workerId = options.workerId ?? `${hostname()}:${process.env.PORT ?? 'cli'}`;
	let stopped = false;
	let running: Promise<void> | undefined;
	let again = false;

	const released = releaseOwnJobs(db, workerId);
	const drain = async () => {
		await released;
		for (;;) {
			if (stopped) return;
			const job = await claimNext(db, workerId);
			if (!job) return;
			const result = await runJob(db, job, handlers, workerId);
			if (result !== 'done') console.warn(`[jobs] ${job.kind} ${job.id}: ${result}`);
		}
	};
	const tick = () => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = drain()
			.catch((e) => console.error('[jobs] worker error', e))
			.finally(() => {
				running = undefined;
				if (again) {
					again = false;
					tick();
				}
			});
	};
	const timer = setInterval(tick, options.intervalMs ?? 2000);
	timer.unref();
	tick();
	return {
		poke: tick,
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}

export async function listJobsForAdmin(ex: Executor) {
	return ex
		.select()
		.from(jobs)
		.where(inArray(jobs.status, ['pending', 'running', 'failed']))
		.orderBy(desc(jobs.createdAt))
		.limit(200);
}

export async function retryJob(ex: Executor, jobId: string) {
	const [row] = await ex
		.update(jobs)
		.set({ status: 'pending', attempts: 0, runAt: new Date(), finishedAt: null })
		.where(and(eq(jobs.id, jobId), eq(jobs.status, 'failed')))
		.returning({ id: jobs.id });
	return Boolean(row);
}
