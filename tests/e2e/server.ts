import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export interface RunningServer {
	url: string;
	dataDir: string;
	pid: () => number | undefined;
	output: () => string;
	stop: () => Promise<void>;
	restart: () => Promise<void>;
	/** Kills the process at once (SIGKILL: what the kernel's OOM killer does), keeps the data. */
	kill: () => Promise<void>;
	/** Starts it again on the same port and data after kill(). */
	start: () => Promise<void>;
}

/** The environment the README asks for on glibc Linux (memory given back after bursts). */
export const SERVER_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/** A separate instance of the built server on its own empty data directory. */
export async function startServer(
	options: { env?: Record<string, string> } = {}
): Promise<RunningServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'pv-first-run-'));
	const port = await freePort();
	const url = `http://localhost:${port}`;
	let log = '';
	let child: ChildProcess;

	const launch = () =>
		new Promise<void>((resolve, reject) => {
			child = spawn(process.execPath, ['scripts/serve.js'], {
				env: Object.fromEntries(
					Object.entries({
						...process.env,
						...SERVER_ENV,
						...options.env,
						PORT: String(port),
						ORIGIN: url,
						DATA_DIR: dataDir
					}).filter(([, value]) => value !== '') // '' in options.env: unset it
				),
				stdio: ['ignore', 'pipe', 'pipe']
			});
			const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
			const onData = (chunk: Buffer) => {
				log += chunk.toString();
				if (log.includes('Listening on')) {
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', onData);
			child.on('exit', (code) => {
				clearTimeout(timer);
				if (!log.includes('Listening on')) reject(new Error(`server exited (${code}):\n${log}`));
			});
		});

	const stop = () =>
		new Promise<void>((resolve) => {
			if (!child || child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});

	const kill = () =>
		new Promise<void>((resolve) => {
			if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});

	await launch();
	return {
		url,
		dataDir,
		pid: () => child.pid,
		output: () => log,
		stop: async () => {
			await stop();
			rmSync(dataDir, { recursive: true, force: true });
		},
		restart: async () => {
			await stop();
			log = '';
			await launch();
		},
		kill,
		start: async () => {
			log = '';
			await launch();
		}
	};
}

export function setupLinkIn(output: string): string | undefined {
	return output.match(/(http:\/\/\S+\/setup\/[a-z2-7]{32})/)?.[1];
}
