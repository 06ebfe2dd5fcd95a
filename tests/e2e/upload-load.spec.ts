import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db';
import { createStory } from '../../src/lib/server/stories';
import { MIGRATIONS, giveRole, makeUser, makeWorld, sessionFor } from '../fixtures/factories';
import { phoneJpeg } from '../fixtures/photos';
import { startServer } from './server';

// Four people upload a 24-megapixel photo at the same moment, on this 2-core machine: every
// upload completes, and the server's peak memory stays below 1 GiB.
test('four simultaneous 24-megapixel uploads complete and the server stays below 1 GiB', async () => {
	test.skip(process.platform !== 'linux', 'peak memory is read from /proc');
	test.setTimeout(240_000);
	const server = await startServer();
	try {
		const { db, client } = await openDatabase({
			url: `file:${join(server.dataDir, 'app.db')}`,
			migrationsDir: MIGRATIONS
		});
		const world = await makeWorld(db);
		const uploads = await Promise.all(
			[0, 1, 2, 3].map(async () => {
				const user = await makeUser(db);
				await giveRole(db, user, world.initiativeId, 'participant');
				const storyId = await createStory(db, user, {
					initiativeId: world.initiativeId,
					title: 'x',
					language: 'en'
				});
				const { token } = await sessionFor(db, user);
				return { storyId, token };
			})
		);
		client.close();
		const photo = await phoneJpeg(6000, 4000);
		expect(photo.length).toBeLessThan(25 * 1024 * 1024);

		const results = await Promise.all(
			uploads.map(({ storyId, token }) =>
				fetch(`${server.url}/participate/${world.initiativeId}/stories/${storyId}/photos/upload`, {
					method: 'POST',
					headers: {
						Cookie: `session=${token}`,
						Origin: server.url,
						'Content-Type': 'application/octet-stream'
					},
					body: new Blob([new Uint8Array(photo)])
				}).then(async (r) => ({ status: r.status, body: await r.text() }))
			)
		);
		for (const result of results) expect(result.status, result.body).toBe(201);
		const status = readFileSync(`/proc/${server.pid()}/status`, 'utf8');
		const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
		console.log(`server peak memory (VmHWM): ${Math.round(peakKb / 1024)} MiB`);
		expect(peakKb).toBeGreaterThan(0);
		expect(peakKb * 1024).toBeLessThan(1024 ** 3);
	} finally {
		await server.stop();
	}
});
