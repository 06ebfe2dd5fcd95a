// Issue 11, target 9: AVIF jobs do not slow page serving by more than 20% while they run.
//
// One draft story (never placed, so its renderings change no page: docs/performance.md, "The
// content version") gets two 12-megapixel photos through the app's own upload path. Then, in
// each repetition: the exhibition page is loaded on the idle server; then AVIF renderings of
// those photos are queued, due now, more than the load can finish; once the server's own job
// worker runs one, the same load again. The ratio of the two is the figure. What is still
// queued afterwards is taken back, and the next repetition starts on a quiet server again.
//
// A rendering job renders only the AVIF files a photo lacks (src/lib/server/media/photos.ts),
// so the photos' AVIF rows are removed before each repetition, and again for a photo as soon
// as one of the queued jobs has rendered it: every queued job then has work to do. The photos'
// own first renderings are waited for before the first quiet load.
import { and, eq, inArray } from 'drizzle-orm';
import { join } from 'node:path';
import { load, median, settle, type Load, type Target } from './measure';
import type { BenchWorld } from './setup';

export interface DuringAvif {
	quiet: Load[];
	busy: Load[];
	/** AVIF renderings that finished during the busy loads. */
	rendered: number;
	/** Whether a rendering was running at the end of every busy load (else the figure says less). */
	heldThroughout: boolean;
}

export async function measureDuringAvif(
	world: BenchWorld,
	target: Target,
	options: { connections: number; seconds: number; reps: number; log: (line: string) => void }
): Promise<DuringAvif> {
	const { server } = world;
	const { openDatabase } = await import('../../src/lib/server/db');
	const { jobs, photoDerivatives } = await import('../../src/lib/server/db/schema');
	const { enqueue } = await import('../../src/lib/server/jobs');
	const { giveRole, makeUser } = await import('../../tests/fixtures/factories');
	const { phoneJpeg } = await import('../../tests/fixtures/photos');
	const { writeStory } = await import('./world');
	const { db, client } = await openDatabase({
		url: `file:${join(server.dataDir, 'app.db')}`,
		migrationsDir: 'db/migrations'
	});
	const out: DuringAvif = { quiet: [], busy: [], rendered: 0, heldThroughout: true };
	try {
		const owner = await makeUser(db);
		await giveRole(db, owner, world.initiativeId, 'participant');
		const photo = await phoneJpeg(4000, 3000);
		const story = await writeStory(db, owner, {
			initiativeId: world.initiativeId,
			title: 'AVIF load (bench)',
			language: 'en',
			narrative: 'Not placed anywhere: its renderings change no page.',
			photos: [
				{ data: photo, ext: 'jpg' },
				{ data: photo, ext: 'jpg' }
			],
			finish: false,
			share: false
		});
		const ours = (ids: string[]) => and(eq(jobs.kind, 'render_avif'), inArray(jobs.id, ids));
		const unAvif = (photoIds: string[]) =>
			db
				.delete(photoDerivatives)
				.where(and(inArray(photoDerivatives.photoId, photoIds), eq(photoDerivatives.kind, 'avif')));
		// Its own first renderings (due 15 s after the upload): done before anything is measured.
		await db
			.update(jobs)
			.set({ runAt: new Date() })
			.where(and(eq(jobs.kind, 'render_avif'), eq(jobs.status, 'pending')));
		for (let waited = 0; ; waited += 500) {
			const left = await db
				.select({ id: jobs.id })
				.from(jobs)
				.where(and(eq(jobs.kind, 'render_avif'), inArray(jobs.status, ['pending', 'running'])));
			if (left.length === 0) break;
			if (waited > 180_000) throw new Error('the first AVIF renderings did not finish');
			await new Promise((r) => setTimeout(r, 500));
		}
		const url = server.url + target.path;
		const loadOptions = { connections: options.connections, seconds: options.seconds, expect: 200 };
		for (let rep = 0; rep < options.reps; rep++) {
			await settle(server.pid);
			const quiet = await load(url, target.headers, loadOptions);
			await unAvif(story.photoIds);
			// One rendering of both photos takes seconds: one per second of load is more than enough.
			const ids: string[] = [];
			for (let i = 0; i < options.seconds + 2; i++)
				ids.push(
					await enqueue(db, 'render_avif', {
						photoId: story.photoIds[i % story.photoIds.length]!,
						version: 1
					})
				);
			const status = async () => db.select({ status: jobs.status }).from(jobs).where(ours(ids));
			for (let waited = 0; ; waited += 100) {
				if ((await status()).some((j) => j.status === 'running')) break;
				if (waited > 30_000) throw new Error('the server did not start an AVIF rendering');
				await new Promise((r) => setTimeout(r, 100));
			}
			// Each photo is made to lack its AVIF files again once a job of ours rendered it.
			let loading = true;
			const handled = new Set<string>();
			const rearm = (async () => {
				while (loading) {
					const done = await db
						.select({ id: jobs.id, payload: jobs.payload })
						.from(jobs)
						.where(and(ours(ids), eq(jobs.status, 'done')));
					const fresh = done.filter((j) => !handled.has(j.id));
					for (const j of fresh) handled.add(j.id);
					const photoIds = [...new Set(fresh.map((j) => String(j.payload.photoId)))];
					if (photoIds.length > 0) await unAvif(photoIds);
					await new Promise((r) => setTimeout(r, 200));
				}
			})();
			const busy = await load(url, target.headers, loadOptions);
			loading = false;
			await rearm;
			const after = await status();
			const stillRunning = after.some((j) => j.status === 'running' || j.status === 'pending');
			out.heldThroughout &&= stillRunning;
			out.rendered += after.filter((j) => j.status === 'done').length;
			await db.delete(jobs).where(and(ours(ids), eq(jobs.status, 'pending')));
			out.quiet.push(quiet);
			out.busy.push(busy);
			options.log(
				`  ${target.label} while AVIF renders #${rep + 1}: idle ${quiet.rps.toFixed(1)} req/s ` +
					`p99 ${quiet.p99} ms; rendering ${busy.rps.toFixed(1)} req/s p99 ${busy.p99} ms`
			);
		}
		await settle(server.pid);
	} finally {
		client.close();
	}
	return out;
}

export function duringAvifRatio(m: DuringAvif): number {
	return median(m.busy.map((l) => l.rps)) / median(m.quiet.map((l) => l.rps));
}
