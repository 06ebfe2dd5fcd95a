// A row whose file is gone (a restore from an older backup, a disk, a hand) is answered 404 and
// logged, never a 500: for the derivative itself, the editor image, and a new framing.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { expect, test } from '@playwright/test';
import { participantOn, postForm, storyPath, upload } from '../../scripts/hostile/session';
import { photoDerivatives, photos } from '../../src/lib/server/db/schema';
import { derivativeUrl, editorUrl } from '../../src/lib/photo-view';
import { phoneJpeg } from '../fixtures/photos';
import { startServer } from './server';

test('a missing file answers 404, is logged, and the pages around it still work', async () => {
	test.setTimeout(120_000);
	const server = await startServer();
	try {
		const who = await participantOn(server);
		const storyId = await who.newStory('Missing');
		const added = await upload(server, who, storyId, await phoneJpeg(900, 600));
		expect(added.status).toBe(201);
		const photoId = added.photoId!;
		const [photo] = await who.db.select().from(photos).where(eq(photos.id, photoId));
		const rows = await who.db
			.select()
			.from(photoDerivatives)
			.where(eq(photoDerivatives.photoId, photoId));
		const webp = rows.find((r) => r.kind === 'webp' && r.width === 640)!;
		const editor = rows.find((r) => r.kind === 'editor')!;
		const get = (path: string) =>
			fetch(`${server.url}${path}`, { headers: { Cookie: who.cookie } });
		const webpUrl = derivativeUrl(photoId, 1, 'webp', 640);
		expect((await get(webpUrl)).status).toBe(200);

		await rm(join(server.dataDir, 'media', webp.storageKey));
		await rm(join(server.dataDir, 'media', editor.storageKey));
		await rm(join(server.dataDir, 'media', photo!.masterKey));
		for (const path of [webpUrl, editorUrl(photoId, 1)]) {
			const response = await get(path);
			expect(response.status, path).toBe(404);
		}
		expect(server.output()).toContain(
			`[media] missing file for photo ${photoId}: ${webp.storageKey}`
		);
		expect(server.output()).toContain(editor.storageKey);
		// The other derivatives are still served; the owner's pages still open.
		expect((await get(derivativeUrl(photoId, 1, 'jpeg', 640))).status).toBe(200);
		expect((await get(`${storyPath(who, storyId)}/photos`)).status).toBe(200);
		expect((await get(`${storyPath(who, storyId)}/photos/${photoId}`)).status).toBe(200);
		// A new framing needs the master: not found, nothing half-made.
		const framing = {
			rotation: 90,
			aspect: 'free',
			crop: { x: 0, y: 0, w: 1, h: 1 },
			focal: { x: 0.5, y: 0.5 },
			redactions: []
		};
		const status = await postForm(
			server,
			who,
			`${storyPath(who, storyId)}/photos/${photoId}?/save`,
			{
				framing: JSON.stringify(framing)
			}
		);
		expect(status).toBe(404);
		expect(server.output()).toContain(`the master of photo ${photoId}`);
		expect(server.output()).not.toMatch(/Internal error|\[\w{8}\] (GET|POST)/);
		who.close();
	} finally {
		await server.stop();
	}
});
