// The processes a bench run starts: the built app (scripts/serve.js, as npm run serve does,
// on a data directory of the bench's choosing, with the statement counter loaded from outside:
// bench/statements.js) and the static baseline (bench/static-server.js).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_ENV, freePort } from '../../tests/e2e/server';

export interface BenchServer {
	/** http://127.0.0.1:<port> — what the load generator asks. */
	url: string;
	dataDir: string;
	pid: number;
	output: () => string;
	stop: () => Promise<void>;
}

function stopper(child: ChildProcess) {
	return () =>
		new Promise<void>((done) => {
			if (child.exitCode !== null || child.signalCode !== null) return done();
			child.once('exit', () => done());
			child.kill('SIGTERM');
		});
}

/**
 * Starts the built server. Without `dataDir`, on a fresh temporary directory that stop()
 * removes; with one, on that directory, which stays.
 */
export async function startApp(options: { dataDir?: string } = {}): Promise<BenchServer> {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pv-bench-'));
	const port = await freePort();
	const counter = pathToFileURL(resolve('bench/statements.js')).href;
	let log = '';
	// BENCH_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
	// (a profile of the server under the bench's loads; not allowed in NODE_OPTIONS).
	const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const child = spawn(process.execPath, [...nodeArgs, 'scripts/serve.js'], {
		env: {
			...process.env,
			...SERVER_ENV,
			NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${counter}`].filter(Boolean).join(' '),
			PORT: String(port),
			ORIGIN: `http://localhost:${port}`,
			DATA_DIR: dataDir
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await new Promise<void>((ready, fail) => {
		const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 60_000);
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			if (log.includes('Listening on')) {
				clearTimeout(timer);
				ready();
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			fail(new Error(`server exited (${code}):\n${log}`));
		});
	});
	const stop = stopper(child);
	return {
		url: `http://127.0.0.1:${port}`,
		dataDir,
		pid: child.pid!,
		output: () => log,
		stop: async () => {
			await stop();
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** Starts bench/static-server.js on a routes file (see there). */
export async function startStatic(routesFile: string): Promise<BenchServer> {
	let log = '';
	const child = spawn(process.execPath, ['bench/static-server.js', routesFile], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const port = await new Promise<number>((ready, fail) => {
		const timer = setTimeout(() => fail(new Error(`static server did not start:\n${log}`)), 10_000);
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			const match = /listening (\d+)/.exec(log);
			if (match) {
				clearTimeout(timer);
				ready(Number(match[1]));
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			fail(new Error(`static server exited (${code}):\n${log}`));
		});
	});
	return {
		url: `http://127.0.0.1:${port}`,
		dataDir: '',
		pid: child.pid!,
		output: () => log,
		stop: stopper(child)
	};
}

/** Resident and peak resident memory of a process, in MB (Linux; undefined elsewhere). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
		return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
	} catch {
		return undefined;
	}
}
