// Deletion is real in the database files (docs/safety.md): after a story or a photo is deleted
// through the domain functions, as the routes do, its words are in no file under the data
// directory — not in app.db, not in app.db-wal, not in app.db-shm.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { ownStory } from '../../src/lib/server/access';
import {
	createStory,
	deletePhoto,
	deleteStory,
	insertPhoto,
	updatePhotoText,
	updateStoryText
} from '../../src/lib/server/stories';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { MIGRATIONS, giveRole, makeUser, makeWorld } from '../fixtures/factories';

const dataDir = mkdtempSync(join(tmpdir(), 'pv-erasure-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** How many times `text` occurs in the raw bytes of each file under the data directory. */
function occurrences(text: string): Record<string, number> {
	const needle = Buffer.from(text, 'utf8');
	const found: Record<string, number> = {};
	for (const name of readdirSync(dataDir, { recursive: true }) as string[]) {
		let bytes: Buffer;
		try {
			bytes = readFileSync(join(dataDir, name));
		} catch {
			continue; // a directory
		}
		let n = 0;
		for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++;
		if (n > 0) found[name] = n;
	}
	return found;
}

describe('deleting', () => {
	it('leaves no copy of a story or a photo in any database file', async () => {
		const { db, client } = await openDatabase({
			url: `file:${join(dataDir, 'app.db')}`,
			migrationsDir: MIGRATIONS
		});
		const world = await makeWorld(db);
		const owner = await makeUser(db);
		await giveRole(db, owner, world.initiativeId, 'participant');
		const title = 'Kestrel-title-7f3a';
		const storyId = await createStory(db, owner, {
			initiativeId: world.initiativeId,
			title,
			language: 'he'
		});
		const own = async () => (await ownStory(db, owner, storyId))!;
		// Several versions, as autosave and editing leave them; long enough for overflow pages.
		const marker = 'Umbral-narrative-91c4';
		const paragraph = `${marker}: ביום שעזבתי לקחתי רק את המפתח ואת התמונה של אמא. `;
		for (let version = 1; version <= 4; version++)
			await updateStoryText(db, await own(), {
				title,
				narrative: paragraph.repeat(40 * version),
				language: 'he',
				roleTagIds: [],
				freeTags: ['Sparrow-tag-2d9e'],
				attribution: 'pseudonym',
				pseudonym: 'Heron-pseudonym-5b1c'
			});
		const photoId = 'photo0000erasure';
		expect(
			await insertPhoto(db, await own(), {
				id: photoId,
				masterKey: 'masters/erasure',
				masterWidth: 100,
				masterHeight: 100,
				framing: DEFAULT_FRAMING,
				width: 100,
				height: 100,
				thumbhash: 'x',
				derivatives: []
			})
		).toBe(true);
		const caption = 'Plover-caption-3e8b';
		await updatePhotoText(db, await own(), photoId, { altText: 'Wren-alt-6a0f', caption });
		// The words are there, in the files, before deletion: the search below can find them.
		expect(Object.keys(occurrences(marker)).length).toBeGreaterThan(0);
		expect(Object.keys(occurrences(caption)).length).toBeGreaterThan(0);

		// A photo deleted as the photos page does it.
		await db.transaction(async (tx) => {
			expect(await deletePhoto(tx, await own(), photoId)).toEqual(['masters/erasure']);
		});
		expect(occurrences(caption)).toEqual({});
		expect(occurrences('Wren-alt-6a0f')).toEqual({});
		expect(Object.keys(occurrences(marker)).length).toBeGreaterThan(0); // the story is still there

		// The story deleted as its page does it.
		await db.transaction(async (tx) => {
			await deleteStory(tx, await own());
		});
		for (const words of [marker, 'ביום שעזבתי', title, 'Sparrow-tag-2d9e', 'Heron-pseudonym-5b1c'])
			expect(occurrences(words), words).toEqual({});
		// Everything else is still there and readable.
		expect(await ownStory(db, owner, storyId)).toBeUndefined();
		const [check] = (await client.execute('PRAGMA integrity_check')).rows;
		expect(Object.values(check ?? {})[0]).toBe('ok');
		client.close();
		// And after the process lets go of the files.
		expect(occurrences(marker)).toEqual({});
	});
});
