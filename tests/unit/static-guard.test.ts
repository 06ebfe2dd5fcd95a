import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sirv from 'sirv';
import { guardStaticFiles } from '../../scripts/static-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'pv-static-'));
let server: Server | undefined;
afterAll(() => {
	server?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('static files', () => {
	it('a file removed after start answers with an error for that request only', async () => {
		guardStaticFiles();
		writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\n');
		writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
		// As adapter-node does: sirv lists the folder once, at start.
		const serve = sirv(dir, { etag: true });
		server = createServer((req, res) =>
			serve(req, res, () => {
				res.writeHead(404).end();
			})
		);
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
		expect((await fetch(`${base}/robots.txt`)).status).toBe(200);

		rmSync(join(dir, 'robots.txt'));
		// Without the guard the file stream's unhandled 'error' ends the process (and fails this run).
		await fetch(`${base}/robots.txt`)
			.then((r) => r.text())
			.catch(() => 'connection closed');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const again = await fetch(`${base}/favicon.svg`);
		expect(again.status).toBe(200);
		expect(await again.text()).toBe('<svg/>');
	});
});
