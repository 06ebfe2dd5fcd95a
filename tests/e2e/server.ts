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
}

/** A separate instance of the built server on its own empty data directory. */
export async function startServer(): Promise<RunningServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'pv-first-run-'));
	const port = await freePort();
	const url = `http://localhost:${port}`;
	let log = '';
	let child: ChildProcess;

	const launch = () =>
		new Promise<void>((resolve, reject) => {
			child = spawn(process.execPath, ['scripts/serve.js'], {
				env: { ...process.env, PORT: String(port), ORIGIN: url, DATA_DIR: dataDir },
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
		}
	};
}

export function setupLinkIn(output: string): string | undefined {
	return output.match(/(http:\/\/\S+\/setup\/[a-z2-7]{32})/)?.[1];
}
