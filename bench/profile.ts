// npm run bench:profile [-- --render] [-- --path <path>]
//
// Where the server's time goes on the 60-story exhibition page (issue 11: "the cause of the
// 30 ms is named, not guessed"): the bench's world (bench/lib/setup.ts; BENCH_WORLD_DIR keeps
// it), the built server started under `node --cpu-prof`, then the page loaded with autocannon
// (25 connections, BENCH_SECONDS or 10 s) as an anonymous visitor. Prints the functions by self
// time within the load, and the CPU time per request.
//
// - default: as served, that is from the page cache on the fast path (docs/performance.md);
// - --render: with the page cache off (PAGE_CACHE_MB=0), so that every request is rendered by
//   SvelteKit through the gate, as for a signed-in visitor or the first request after a change.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from './lib/measure';
import { PAGE_HEADERS } from './lib/config';
import { setupWorld } from './lib/setup';

const args = process.argv.slice(2);
const render = args.includes('--render');
const seconds = Number(process.env.BENCH_SECONDS) || 10;
const TOP = 25;

interface Profile {
	nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Self time per function between `from` and `to` µs before the profile's end. */
function topFunctions(profile: Profile, fromEnd: number, toEnd: number) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	let t = profile.startTime;
	let busy = 0;
	profile.samples.forEach((id, i) => {
		t += profile.timeDeltas[i]!;
		const before = profile.endTime - t;
		if (before > fromEnd || before < toEnd) return;
		const spent = profile.timeDeltas[i + 1] ?? 0;
		const frame = byId.get(id)!.callFrame;
		if (frame.functionName === '(idle)') return;
		const file = frame.url.split('/').slice(-2).join('/');
		const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
		self.set(name, (self.get(name) ?? 0) + spent);
		busy += spent;
	});
	return { busy, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP) };
}

const profiles = mkdtempSync(join(tmpdir(), 'pv-profile-'));
process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profiles}`;
if (render) process.env.PAGE_CACHE_MB = '0';
const world = await setupWorld();
const path = args.includes('--path')
	? args[args.indexOf('--path') + 1]!
	: `/exhibitions/${world.exhibition.slug}`;
console.log(`${render ? 'rendering' : 'serving'} ${path} for ${seconds} s…`);
await load(world.server.url + path, PAGE_HEADERS, { connections: 25, seconds: 2, expect: 200 });
const started = performance.now();
const measured = await load(world.server.url + path, PAGE_HEADERS, {
	connections: 25,
	seconds,
	expect: 200
});
const ended = performance.now();
await world.close();
const stopped = performance.now();
const file = readdirSync(profiles).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('the server wrote no profile');
const profile: Profile = JSON.parse(readFileSync(join(profiles, file), 'utf8'));
rmSync(profiles, { recursive: true, force: true });
// The load's window, counted back from the profile's end (the server's exit).
const { busy, top } = topFunctions(profile, (stopped - started) * 1000, (stopped - ended) * 1000);
console.log(
	`\n${measured.requests} answers (${measured.rps.toFixed(0)} req/s, p99 ${measured.p99} ms); ` +
		`the JavaScript thread busy ${(busy / 1e6).toFixed(2)} s: ` +
		`${(busy / Math.max(1, measured.requests) / 1000).toFixed(2)} ms a request\n`
);
for (const [name, spent] of top)
	console.log(`${((spent / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
