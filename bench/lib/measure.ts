// One request recorded as it was answered, a load of `connections` by autocannon, and the
// statement count of one request (bench/statements.js).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import autocannon from 'autocannon';
import type { BenchServer } from './server';

export interface Recorded {
	status: number;
	/** In the order the server sent them, repeated names kept (Set-Cookie). */
	headers: [string, string][];
	body: Buffer;
	header: (name: string) => string | undefined;
}

/** One GET, the bytes exactly as sent: no decompression, no redirect following. */
export function record(url: string, headers: Record<string, string>): Promise<Recorded> {
	return new Promise((done, fail) => {
		const req = request(url, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const pairs: [string, string][] = [];
				for (let i = 0; i < res.rawHeaders.length; i += 2)
					pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
				done({
					status: res.statusCode ?? 0,
					headers: pairs,
					body: Buffer.concat(chunks),
					header: (name) => {
						const value = res.headers[name.toLowerCase()];
						return Array.isArray(value) ? value.join(', ') : value;
					}
				});
			});
			res.on('error', fail);
		});
		req.on('error', fail);
		req.end();
	});
}

export interface Load {
	rps: number;
	p50: number;
	p99: number;
	/** Answers with another status than expected, connection errors and timeouts. */
	failures: number;
	requests: number;
	/**
	 * The server's own CPU time per answered request, in µs (Linux; from /proc, 10 ms ticks):
	 * what a request costs the server, whatever else the machine is doing meanwhile.
	 */
	cpuUs?: number;
}

/** `connections` clients asking again as soon as answered, for `seconds`. */
export async function load(
	url: string,
	headers: Record<string, string>,
	options: { connections: number; seconds: number; expect: number }
): Promise<Load> {
	const result = await autocannon({
		url,
		headers,
		connections: options.connections,
		duration: options.seconds,
		pipelining: 1,
		timeout: 30
	});
	const expected = result.statusCodeStats[String(options.expect)]?.count ?? 0;
	const answered = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
	return {
		rps: expected / result.duration,
		p50: result.latency.p50,
		p99: result.latency.p99,
		failures: answered - expected + result.errors + result.timeouts,
		requests: expected
	};
}

/** The SQL statements the server ran for one request (bench/statements.js). */
export async function statementsFor(
	server: BenchServer,
	url: string,
	headers: Record<string, string>
): Promise<number | undefined> {
	const id = randomUUID();
	await record(url, { ...headers, 'x-bench-statements': id });
	const pattern = new RegExp(`\\[bench-statements\\] ${id} (\\d+)`);
	for (let waited = 0; waited < 2000; waited += 20) {
		const match = pattern.exec(server.output());
		if (match) return Number(match[1]);
		await new Promise((r) => setTimeout(r, 20));
	}
	return undefined;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Target {
	key: string;
	label: string;
	path: string;
	headers: Record<string, string>;
	expect: number;
	kind: 'page' | 'image';
}

/** CPU time a process has used so far, in ms (Linux; 0 elsewhere). */
function cpuMs(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		// utime and stime, fields 14 and 15 of proc(5), in clock ticks of 10 ms.
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return 0;
	}
}

/**
 * Waits until `pid` has been nearly idle (under a tenth of a core) for half a second: when a
 * load ends, the server may still be rendering the answers to requests whose clients are gone,
 * and that work must not run into the next measurement. Gives up after `maxMs`.
 */
export async function settle(pid: number | undefined, maxMs = 120_000): Promise<number> {
	if (!pid) return 0;
	const started = performance.now();
	let quiet = 0;
	let last = cpuMs(pid);
	while (performance.now() - started < maxMs) {
		await new Promise((r) => setTimeout(r, 100));
		const now = cpuMs(pid);
		quiet = now - last <= 10 ? quiet + 1 : 0;
		last = now;
		if (quiet >= 5) break;
	}
	return Math.round(performance.now() - started);
}

export interface Series {
	connections: number;
	seconds: number;
	reps: number;
	warmupSeconds: number;
	log: (line: string) => void;
}

/** One load of `target` at `base`, once every process in `quiet` has settled. */
export async function settledLoad(
	base: string,
	target: Target,
	seconds: number,
	connections: number,
	quiet: (number | undefined)[]
): Promise<Load> {
	for (const pid of quiet) await settle(pid);
	return load(base + target.path, target.headers, { connections, seconds, expect: target.expect });
}

/**
 * `target` on two servers: a warm-up on each (not counted), then `reps` × (a, b), alternating,
 * so that a noisy moment of the machine touches both.
 */
export async function measurePair(
	target: Target,
	a: { name: string; url: string; pid?: number },
	b: { name: string; url: string; pid?: number },
	series: Series
): Promise<{ a: Load[]; b: Load[] }> {
	const options = { connections: series.connections, expect: target.expect };
	// Each load starts on quiet servers (settle).
	const run = async (server: typeof a, seconds: number) => {
		await settle(a.pid);
		await settle(b.pid);
		const before = server.pid ? cpuMs(server.pid) : 0;
		const measured = await load(server.url + target.path, target.headers, { ...options, seconds });
		if (server.pid && measured.requests > 0)
			measured.cpuUs = Math.round(((cpuMs(server.pid) - before) * 1000) / measured.requests);
		return measured;
	};
	for (const server of [a, b]) await run(server, series.warmupSeconds);
	const out = { a: [] as Load[], b: [] as Load[] };
	for (let rep = 0; rep < series.reps; rep++) {
		const one = await run(a, series.seconds);
		const two = await run(b, series.seconds);
		out.a.push(one);
		out.b.push(two);
		const show = (name: string, l: Load) =>
			`${name} ${l.rps.toFixed(1)} req/s p99 ${l.p99} ms` +
			(l.cpuUs !== undefined ? `, ${l.cpuUs} µs CPU/req` : '') +
			(l.failures ? ` (${l.failures} failed)` : '');
		series.log(`  ${target.label} #${rep + 1}: ${show(a.name, one)}; ${show(b.name, two)}`);
	}
	await settle(a.pid);
	return out;
}
