// The demo's photo with a suggested redaction (issue 14: "the demo includes … one with a
// suggested redaction"): suggestions are never stored (docs/redaction.md), so what the demo
// must hold is a participant's photo with a face, not hidden, that the framing editor's
// detector finds. Here the drawn picture goes the way it goes in the app — the seed's JPEG
// (scripts/demo/render.ts), ingested as an upload's master, made the editor's image, scaled to
// what the browser hands the detector (src/lib/faces/browser.ts) — and the same detector as
// tests/unit/faces.test.ts must find the face where the picture has it. The demo's released
// people are checked too: every face the detector sees in their photo is under a marked area.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector, FaceSuggestion } from '../../src/lib/faces/detect';
import type { Rect } from '../../src/lib/framing';
import { ingestMaster, renderEditorSource } from '../../src/lib/server/media/pipeline';
import { STORIES, type DemoPhoto } from '../../scripts/demo/content';
import { renderScene } from '../../scripts/demo/render';
import { FACE_MODEL_PATH } from '../fixtures/faces';

// As in faces.test.ts: the package's browser bundle runs in the worker scope it is made for.
(globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope ??= class {};
const { createDetector, detectFaces } = await import('../../src/lib/faces/detect');

/** The longest side of the pixels the framing editor gives the detector (browser.ts). */
const BROWSER_LONGEST = 1024;

const dir = await mkdtemp(join(tmpdir(), 'pv-demo-faces-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The faces the framing editor would suggest in a demo photo, as its participant opens it. */
async function suggestionsFor(detector: Detector, photo: DemoPhoto) {
	const scene = photo.scene();
	const upload = join(dir, `upload-${Math.random().toString(36).slice(2)}.jpg`);
	await writeFile(upload, await renderScene(scene));
	const master = await ingestMaster(upload);
	const editor = await renderEditorSource(master.data);
	const scale = Math.min(1, BROWSER_LONGEST / Math.max(editor.width, editor.height));
	const { data, info } = await sharp(editor.data)
		.resize(Math.round(editor.width * scale), Math.round(editor.height * scale))
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	const found = await detectFaces(detector, {
		data,
		width: info.width,
		height: info.height,
		channels: 4
	});
	return { scene, found };
}

const centre = (r: Rect) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
const inside = (r: Rect, p: { x: number; y: number }) =>
	p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;

const photos = STORIES.flatMap((story) => story.photos.map((photo) => ({ story, photo })));

describe('the demo’s faces', () => {
	let detector: Detector;
	beforeAll(async () => {
		const file = await readFile(FACE_MODEL_PATH);
		detector = await createDetector(
			file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer
		);
	}, 60_000);

	it('a participant’s photo, not framed yet, has a face the framing editor suggests hiding', async () => {
		const suggesting = photos.filter(({ photo }) => photo.suggests);
		expect(suggesting.length).toBeGreaterThan(0);
		for (const { story, photo } of suggesting) {
			// Nothing hides it yet: no framing, nobody marked.
			expect(photo.framing, story.title).toBeUndefined();
			expect(photo.people, story.title).toBeUndefined();
			const { scene, found } = await suggestionsFor(detector, photo);
			const face = scene.hints[photo.suggests!]!;
			expect(face, `a place called ${photo.suggests}`).toBeDefined();
			// Exactly one suggestion, on the drawn face, covering its middle; nothing else.
			expect(found, JSON.stringify(found)).toHaveLength(1);
			const [suggestion] = found as [FaceSuggestion];
			expect(inside(face, centre(suggestion))).toBe(true);
			expect(inside(suggestion, centre(face))).toBe(true);
			expect(suggestion.score).toBeGreaterThan(0.5);
		}
	}, 120_000);

	it('in a photo with people marked, every face the detector sees is under a marked area', async () => {
		const marked = photos.filter(({ photo }) => (photo.people ?? []).length > 0);
		expect(marked.length).toBeGreaterThan(0);
		for (const { photo } of marked) {
			const { scene, found } = await suggestionsFor(detector, photo);
			const areas = photo.people!.map((p) => scene.hints[p.hint]!);
			for (const face of found)
				expect(
					areas.some((area) => inside(area, centre(face))),
					JSON.stringify(face)
				).toBe(true);
		}
	}, 120_000);
});
