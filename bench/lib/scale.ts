// npm run bench -- --scale <dir>: the same pages on the generated database (bench/scale-data.ts)
// and on the demo world (bench/lib/setup.ts), in the same run: the 60-story public exhibition
// (written the same way in both), the curator pool (as a curator, with a session made here)
// and the theme that exhibition informs. Target: at most TARGETS.scaleSlowdown (1.5) times
// slower there, in requests per second, with 25 connections. Statements per request and the
// scale server's memory are reported beside.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
	median,
	settle,
	settledLoad,
	statementsFor,
	type Load,
	type Series,
	type Target
} from './measure';
import { memoryOf, startApp } from './server';
import type { BenchWorld } from './setup';
import type { Row } from './table';
import { PAGE_HEADERS, TARGETS, below } from './config';

interface ScaleManifest {
	initiativeId: string;
	curator: { id: string; isAdmin: boolean };
	exhibition: { slug: string; storyIds: string[] };
	themeId: string;
	counts: Record<string, number>;
}

export async function compareScale(
	world: BenchWorld,
	scaleDir: string,
	series: Series
): Promise<{ rows: Row[]; results: Record<string, unknown> }> {
	const dir = resolve(scaleDir);
	const manifest: ScaleManifest = JSON.parse(
		readFileSync(join(dir, 'scale-manifest.json'), 'utf8')
	);
	series.log(`the generated world in ${dir}: ${JSON.stringify(manifest.counts)}`);
	// Its own server on its own directory (which it changes as any server does: sessions, audit).
	const scale = await startApp({ dataDir: dir });
	try {
		const { openDatabase } = await import('../../src/lib/server/db');
		const { sessionFor } = await import('../../tests/fixtures/factories');
		const { db, client } = await openDatabase({
			url: `file:${join(dir, 'app.db')}`,
			migrationsDir: 'db/migrations'
		});
		const scaleSession = (await sessionFor(db, manifest.curator)).token;
		client.close();
		const demoSession = await world.curatorSession();

		const pages = (
			m: {
				initiativeId: string;
				exhibition: { slug: string };
				themeId: string;
			},
			session: string
		) => ({
			exhibition: `/exhibitions/${m.exhibition.slug}`,
			pool: `/curate/${m.initiativeId}/pool`,
			theme: `/themes/${m.themeId}`,
			session
		});
		const demo = pages(world, demoSession);
		const big = pages(manifest, scaleSession);
		const rows: Row[] = [];
		const results: Record<string, unknown> = { counts: manifest.counts };
		for (const key of ['exhibition', 'pool', 'theme'] as const) {
			const curator = key === 'pool';
			const headers = (session: string) =>
				curator ? { ...PAGE_HEADERS, cookie: `session=${session}; lang=he` } : PAGE_HEADERS;
			// The two servers answer different addresses: measure each with its own.
			const target = (path: string, session: string): Target => ({
				key,
				label: `${key} (${curator ? 'curator' : 'anonymous'})`,
				path,
				headers: headers(session),
				expect: 200,
				kind: 'page'
			});
			const a = target(demo[key], demo.session);
			const b = target(big[key], big.session);
			const quiet = [world.server.pid, scale.pid];
			const run = (base: string, t: Target, seconds: number) =>
				settledLoad(base, t, seconds, series.connections, quiet);
			await run(world.server.url, a, series.warmupSeconds);
			await run(scale.url, b, series.warmupSeconds);
			const demoLoads: Load[] = [];
			const scaleLoads: Load[] = [];
			for (let rep = 0; rep < series.reps; rep++) {
				demoLoads.push(await run(world.server.url, a, series.seconds));
				scaleLoads.push(await run(scale.url, b, series.seconds));
				const show = (l: Load) =>
					`${l.rps.toFixed(1)} req/s p99 ${l.p99} ms${l.failures ? ` (${l.failures} failed)` : ''}`;
				series.log(
					`  ${a.label} #${rep + 1}: demo ${show(demoLoads.at(-1)!)}; scale ${show(scaleLoads.at(-1)!)}`
				);
			}
			for (const pid of quiet) await settle(pid);
			const demoStatements = await statementsFor(
				world.server,
				world.server.url + a.path,
				a.headers
			);
			const scaleStatements = await statementsFor(scale, scale.url + b.path, b.headers);
			const demoRps = median(demoLoads.map((l) => l.rps));
			const scaleRps = median(scaleLoads.map((l) => l.rps));
			const slowdown = demoRps / scaleRps;
			const failures = scaleLoads.reduce((sum, l) => sum + l.failures, 0);
			rows.push({
				name: `${a.label} req/s, scale vs demo (${scaleStatements ?? '?'} vs ${demoStatements ?? '?'} SQL)`,
				measured: scaleRps.toFixed(1),
				baseline: demoRps.toFixed(1),
				ratio: Number.isFinite(slowdown) ? `${slowdown.toFixed(2)}× slower` : '∞',
				target: `≤ ${below(TARGETS.scaleSlowdown)}× slower`,
				pass: slowdown <= below(TARGETS.scaleSlowdown) && failures === 0,
				note: failures ? `${failures} requests on the scale server failed or timed out` : undefined
			});
			rows.push({
				name: `${a.label} p99, scale vs demo`,
				measured: `${median(scaleLoads.map((l) => l.p99))} ms`,
				baseline: `${median(demoLoads.map((l) => l.p99))} ms`,
				ratio: '',
				target: '(informational)',
				pass: null
			});
			results[key] = {
				demo: { path: a.path, loads: demoLoads, statements: demoStatements },
				scale: { path: b.path, loads: scaleLoads, statements: scaleStatements }
			};
		}
		const memory = memoryOf(scale.pid);
		if (memory)
			rows.push({
				name: 'scale server memory',
				measured: `${memory.rssMb} MB`,
				baseline: `peak ${memory.peakMb} MB`,
				ratio: '',
				target: '(informational)',
				pass: null
			});
		results.memory = memory;
		return { rows, results };
	} finally {
		await scale.stop();
	}
}
