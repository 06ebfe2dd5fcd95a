// Content notes (docs/content-notes.md): the participant's note, a curator's suggestion that
// applies only once the participant accepts it, who may suggest, and what visitors get.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	inExhibition,
	ownStory,
	readExhibitionBySlug,
	type OwnedStory
} from '../../src/lib/server/access';
import { decidePlacement, shareStory, showTerms } from '../../src/lib/server/consent';
import {
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus,
	setWallContentNotes
} from '../../src/lib/server/exhibitions';
import { presentExhibition, veilNoted } from '../../src/lib/server/exhibitions/present';
import { setCover } from '../../src/lib/server/exhibitions/arrange';
import {
	createStory,
	deleteStory,
	insertPhoto,
	setStoryStatus,
	updatePhotoText
} from '../../src/lib/server/stories';
import {
	NOTE_WORDS_MAX,
	decideSuggestion,
	noteOf,
	pendingSuggestion,
	readNote,
	setContentNote,
	suggestContentNote
} from '../../src/lib/server/stories/content-notes';
import { auditLog, contentNoteSuggestions, notifications } from '../../src/lib/server/db/schema';
import { saveOptOuts } from '../../src/lib/server/notifications';
import { renderNotifications } from '../../src/lib/server/notifications/render';
import { readContentVersion } from '../../src/lib/server/cache/version';
import { DEFAULT_FRAMING } from '../../src/lib/framing';
import { giveRole, makeUser, makeWorld, testDb, text } from '../fixtures/factories';

const words = (t: string) => ({ text: t, locale: 'en' as const });

/** A public, published exhibition showing one approved story with a photo, the exhibition's cover. */
async function exhibited() {
	const db = await testDb();
	const w = await makeWorld(db);
	const owner = await makeUser(db);
	await giveRole(db, owner, w.initiativeId, 'participant');
	const curator = await makeUser(db);
	await giveRole(db, curator, w.initiativeId, 'curator');
	const id = await createStory(db, owner, {
		initiativeId: w.initiativeId,
		title: 'Hard days',
		language: 'en'
	});
	let story = (await ownStory(db, owner, id))!;
	const photoId = 'cn' + '0'.repeat(14);
	await insertPhoto(db, story, {
		id: photoId,
		masterKey: `m/${photoId}`,
		masterWidth: 10,
		masterHeight: 10,
		framing: DEFAULT_FRAMING,
		width: 10,
		height: 10,
		thumbhash: '',
		derivatives: []
	});
	await updatePhotoText(db, story, photoId, { altText: 'A kitchen', caption: '' });
	await setStoryStatus(db, (await ownStory(db, owner, id))!, 'finished');
	expect(await shareStory(db, (await ownStory(db, owner, id))!, words('share'))).toBe('ok');
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		w.initiativeId,
		{
			title: text('Roles'),
			introduction: {},
			audience: 'public',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('First')
	);
	const load = async () => (await getExhibition(db, w.initiativeId, exhibitionId))!;
	story = (await ownStory(db, owner, id))!;
	expect(
		await proposePlacement(db, curator.id, await load(), story, {
			sectionId: (await load()).sections[0]!.id,
			size: 'medium',
			note: ''
		})
	).toBe('ok');
	const placementId = (await load()).placements[0]!.id;
	expect(
		await decidePlacement(
			db,
			story,
			placementId,
			{
				approve: { photoIds: [photoId], attribution: 'anonymous', pseudonym: '', expiresAt: null },
				shown: (await showTerms(db, placementId))!
			},
			words('yes')
		)
	).toBe('ok');
	expect(await setCover(db, curator, await load(), photoId)).toBeTruthy();
	await setExhibitionStatus(db, curator.id, await load(), 'published');
	const visit = async () => {
		const row = (await readExhibitionBySlug(db, null, (await load()).slug))!;
		return presentExhibition(db, null, row, inExhibition(row.id), 'en');
	};
	const mine = async () => (await ownStory(db, owner, id)) as OwnedStory;
	return { db, w, owner, curator, storyId: id, exhibitionId, load, visit, mine };
}

describe('reading a content note from a form', () => {
	it('keeps only kinds of the list, in its order, once each, and the words through the text rules', () => {
		const { note, error } = readNote(
			['loss', 'nonsense', 'violence', 'loss', 3],
			'  the war\u200b  '
		);
		expect(note).toEqual({ kinds: ['violence', 'loss'], words: 'the war' });
		expect(error).toBeUndefined();
	});

	it('refuses words over the limit and control characters', () => {
		expect(readNote([], 'x'.repeat(NOTE_WORDS_MAX + 1)).error).toMatch(/^text_too_long\?max=200$/);
		expect(readNote([], 'a\u0007b').error).toBe('text_control_chars');
		// One line: a line break is a control character here.
		expect(readNote([], 'a\nb').error).toBe('text_control_chars');
	});

	it('an empty note is no note', () => {
		expect(noteOf({ contentNoteKinds: [], contentNoteWords: '' })).toBeNull();
		expect(noteOf({ contentNoteKinds: ['abuse'], contentNoteWords: '' })).toEqual({
			kinds: ['abuse'],
			words: ''
		});
	});
});

describe('a curator suggests, the participant decides', () => {
	it('only a curator of the story’s initiative may suggest; anyone else finds no story', async () => {
		const { db, w, owner, curator, storyId } = await exhibited();
		const other = await makeWorld(db);
		const elsewhere = await makeUser(db);
		await giveRole(db, elsewhere, other.initiativeId, 'curator');
		const partner = await makeUser(db);
		await giveRole(db, partner, w.initiativeId, 'partner');
		const note = { kinds: ['violence' as const], words: '' };
		// A curator of another initiative, asking in theirs or in this one; a partner; the owner.
		expect(await suggestContentNote(db, elsewhere, other.initiativeId, storyId, note)).toBe(
			'not_found'
		);
		expect(await suggestContentNote(db, elsewhere, w.initiativeId, storyId, note)).toBe(
			'not_found'
		);
		expect(await suggestContentNote(db, partner, w.initiativeId, storyId, note)).toBe('not_found');
		expect(await suggestContentNote(db, owner, w.initiativeId, storyId, note)).toBe('not_found');
		expect(await db.select().from(contentNoteSuggestions)).toEqual([]);
		expect(
			await suggestContentNote(db, curator, w.initiativeId, storyId, { kinds: [], words: ' ' })
		).toBe('empty');
		expect(await suggestContentNote(db, curator, w.initiativeId, storyId, note)).toBe('ok');
	});

	it('a story not shared with the curators cannot be given a suggestion', async () => {
		const { db, w, owner, curator } = await exhibited();
		const draft = await createStory(db, owner, {
			initiativeId: w.initiativeId,
			title: 'Draft',
			language: 'en'
		});
		expect(
			await suggestContentNote(db, curator, w.initiativeId, draft, { kinds: ['loss'], words: '' })
		).toBe('not_found');
	});

	it('shows nothing to visitors before the participant accepts; tells the participant; audits', async () => {
		const { db, w, owner, curator, storyId, visit, mine } = await exhibited();
		const before = await visit();
		expect(before.cover).not.toBeNull();
		expect(
			await suggestContentNote(db, curator, w.initiativeId, storyId, {
				kinds: ['violence', 'loss'],
				words: 'A war at home'
			})
		).toBe('ok');
		// Visitors: nothing of it. The story's own note: still none.
		const after = await visit();
		expect(after.sections[0]!.items[0]!.view.note).toBeNull();
		expect(after.cover).not.toBeNull();
		expect(noteOf(await mine())).toBeNull();
		// The participant: the suggestion, and a notification.
		expect(await pendingSuggestion(db, await mine())).toMatchObject({
			kinds: ['violence', 'loss'],
			words: 'A war at home'
		});
		const told = await db.select().from(notifications).where(eq(notifications.userId, owner.id));
		expect(told.map((n) => [n.kind, n.params.storyId])).toContainEqual([
			'content_note_suggested',
			storyId
		]);
		const audited = await db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'content_note.suggested'));
		expect(audited).toHaveLength(1);
		expect(audited[0]).toMatchObject({ actorId: curator.id, targetUserId: owner.id });
		// The words are not in the audit log: it outlives the story.
		expect(JSON.stringify(audited[0]!.details)).not.toContain('war');
	});

	it('accepting applies the note as the participant edited it; visitors then get the note first', async () => {
		const { db, w, curator, storyId, visit, mine } = await exhibited();
		await suggestContentNote(db, curator, w.initiativeId, storyId, {
			kinds: ['violence'],
			words: 'x'
		});
		expect(
			await decideSuggestion(db, await mine(), {
				accept: true,
				note: { kinds: ['abuse'], words: 'My words' }
			})
		).toBe('ok');
		expect(noteOf(await mine())).toEqual({ kinds: ['abuse'], words: 'My words' });
		expect(await pendingSuggestion(db, await mine())).toBeNull();
		const model = await visit();
		const view = model.sections[0]!.items[0]!.view;
		expect(view.note).toEqual({ kinds: ['abuse'], words: 'My words' });
		// The cover was this story's photo: it would be seen before the note.
		expect(model.cover).toBeNull();
		// As the exhibition page gets it: no photo, no words of the story.
		const veiled = veilNoted(model).sections[0]!.items[0]!.view;
		expect(veiled).toMatchObject({ photos: [], narrative: '', veiled: true, title: 'Hard days' });
		expect(
			(await db.select().from(auditLog).where(eq(auditLog.action, 'content_note.approved'))).length
		).toBe(1);
		// Deciding twice: nothing waits any more.
		expect(await decideSuggestion(db, await mine(), { accept: false })).toBe('gone');
	});

	it('declining changes nothing and removes the suggestion', async () => {
		const { db, w, curator, storyId, visit, mine } = await exhibited();
		await setContentNote(db, await mine(), { kinds: ['loss'], words: '' });
		await suggestContentNote(db, curator, w.initiativeId, storyId, {
			kinds: ['violence'],
			words: ''
		});
		expect(await decideSuggestion(db, await mine(), { accept: false })).toBe('ok');
		expect(noteOf(await mine())).toEqual({ kinds: ['loss'], words: '' });
		expect(await pendingSuggestion(db, await mine())).toBeNull();
		expect((await visit()).sections[0]!.items[0]!.view.note).toEqual({
			kinds: ['loss'],
			words: ''
		});
		expect(
			(await db.select().from(auditLog).where(eq(auditLog.action, 'content_note.declined'))).length
		).toBe(1);
	});

	it('the curator who suggested is told the answer once, with the choice and never the words', async () => {
		for (const choice of ['accepted', 'declined'] as const) {
			const { db, w, owner, curator, storyId, mine } = await exhibited();
			const otherCurator = await makeUser(db);
			await giveRole(db, otherCurator, w.initiativeId, 'curator');
			await suggestContentNote(db, curator, w.initiativeId, storyId, {
				kinds: ['violence'],
				words: 'A war at home'
			});
			expect(
				await decideSuggestion(
					db,
					await mine(),
					choice === 'accepted'
						? { accept: true, note: { kinds: ['abuse'], words: 'My words' } }
						: { accept: false }
				)
			).toBe('ok');
			const told = await db
				.select()
				.from(notifications)
				.where(eq(notifications.kind, 'content_note_answered'));
			// Exactly one, to the curator who suggested: not the other curator, not the owner.
			expect(told.map((n) => [n.userId, n.initiativeId, n.params])).toEqual([
				[curator.id, w.initiativeId, { storyId, choice }]
			]);
			expect(JSON.stringify(told)).not.toMatch(/war|My words|violence|abuse/);
			expect(told.map((n) => n.userId)).not.toContain(owner.id);
			// Drawn in the curator's language, leading to the story's pool page.
			for (const [locale, word] of [
				['en', choice],
				['he', choice === 'accepted' ? 'קיבל/ה' : 'דחה/תה'],
				['ar', choice === 'accepted' ? 'قبل/ت' : 'رفض/ت']
			] as const) {
				const [drawn] = await renderNotifications(db, curator, told, { locale, timeZone: 'UTC' });
				expect(drawn!.text, locale).toContain(word);
				expect(drawn!.text, locale).toContain('Hard days');
				expect(drawn!.text, locale).not.toMatch(/war|My words/);
				expect(drawn!.href).toBe(`/curate/${w.initiativeId}/pool/${storyId}`);
			}
		}
	});

	it('nobody is told when the suggesting curator’s account is gone, or when they turned it off', async () => {
		const { db, w, curator, storyId, mine } = await exhibited();
		const answered = () =>
			db.select().from(notifications).where(eq(notifications.kind, 'content_note_answered'));
		await suggestContentNote(db, curator, w.initiativeId, storyId, { kinds: ['loss'], words: '' });
		// As ON DELETE SET NULL leaves it when the curator's account is deleted.
		await db.update(contentNoteSuggestions).set({ suggestedBy: null });
		expect(await decideSuggestion(db, await mine(), { accept: false })).toBe('ok');
		expect(await answered()).toEqual([]);

		await saveOptOuts(db, curator.id, ['content_note_answered'], ['content_note_answered']);
		await suggestContentNote(db, curator, w.initiativeId, storyId, { kinds: ['loss'], words: '' });
		expect(
			await decideSuggestion(db, await mine(), {
				accept: true,
				note: { kinds: ['loss'], words: '' }
			})
		).toBe('ok');
		expect(await answered()).toEqual([]);
	});

	it('accepting an emptied note is refused and keeps the suggestion', async () => {
		const { db, w, curator, storyId, mine } = await exhibited();
		await suggestContentNote(db, curator, w.initiativeId, storyId, {
			kinds: ['violence'],
			words: ''
		});
		expect(
			await decideSuggestion(db, await mine(), { accept: true, note: { kinds: [], words: '' } })
		).toBe('empty');
		expect(await pendingSuggestion(db, await mine())).not.toBeNull();
	});

	it('a new suggestion replaces the one waiting; the story’s deletion takes it along', async () => {
		const { db, w, curator, storyId, mine } = await exhibited();
		await suggestContentNote(db, curator, w.initiativeId, storyId, {
			kinds: ['violence'],
			words: ''
		});
		await suggestContentNote(db, curator, w.initiativeId, storyId, { kinds: ['loss'], words: '' });
		expect((await pendingSuggestion(db, await mine()))?.kinds).toEqual(['loss']);
		await deleteStory(db, await mine());
		expect(await db.select().from(contentNoteSuggestions)).toEqual([]);
	});
});

describe('the content version', () => {
	it('grows with a placed story’s note and with the wall’s choice', async () => {
		const { db, load, mine } = await exhibited();
		let v = await readContentVersion(db);
		await setContentNote(db, await mine(), { kinds: ['loss'], words: '' });
		expect(await readContentVersion(db)).toBeGreaterThan(v);
		v = await readContentVersion(db);
		await setWallContentNotes(db, await load(), 'skip');
		expect(await readContentVersion(db)).toBeGreaterThan(v);
		expect((await load()).wallContentNotes).toBe('skip');
	});
});
