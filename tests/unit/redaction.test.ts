// A redaction cannot be undone (docs/redaction.md): in every derivative the server publishes,
// a redacted face, upsampled back to the master's size and sharpened (what someone trying to
// recover it would do first), keeps nothing of the face's detail. The same attempt on the
// same face left unredacted recovers it well, so the measure can tell the two apart.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FRAMING, type RedactionStyle } from '../../src/lib/framing';
import { renderDerivatives } from '../../src/lib/server/media/pipeline';
import { FACE_REGIONS as REGIONS, WALL, twoFacesJpeg } from '../fixtures/faces';
import {
	DESTROYED,
	RECOVERED,
	correlation,
	detail,
	regionOf,
	type Grey
} from '../fixtures/redaction-measure';

describe('redaction is destructive', () => {
	let master: Buffer;
	const originals: Grey[] = [];

	beforeAll(async () => {
		master = await twoFacesJpeg();
		for (const rect of REGIONS) {
			const size = { w: Math.round(rect.w * WALL.width), h: Math.round(rect.h * WALL.height) };
			originals.push(await regionOf(master, rect, size.w, size.h));
		}
	});

	async function measure(style: RedactionStyle | null) {
		const framing = {
			...DEFAULT_FRAMING,
			redactions: style ? REGIONS.map((r) => ({ ...r, style })) : []
		};
		const rendered = await renderDerivatives(master, framing, ['webp', 'jpeg', 'avif']);
		expect(rendered.files.map((f) => f.format).sort()).toEqual(
			['avif', 'jpeg', 'webp'].flatMap((f) => Array(4).fill(f))
		);
		const results: { what: string; r: number }[] = [];
		for (const file of rendered.files) {
			for (const [i, rect] of REGIONS.entries()) {
				const original = originals[i]!;
				const recovered = await regionOf(file.data, rect, original.width, original.height);
				results.push({
					what: `${file.format}@${file.width} face ${i}`,
					r: correlation(detail(recovered), detail(original))
				});
			}
		}
		return results;
	}

	for (const style of ['blur', 'pixelate'] as const) {
		it(`leaves nothing of a face's detail after ${style}, in every format and width`, async () => {
			for (const { what, r } of await measure(style)) {
				expect(Math.abs(r), `${style} ${what}: ${r.toFixed(3)}`).toBeLessThan(DESTROYED);
			}
		}, 120_000);
	}

	it('recovers an unredacted face well with the same measure', async () => {
		for (const { what, r } of await measure(null)) {
			expect(r, `${what}: ${r.toFixed(3)}`).toBeGreaterThan(RECOVERED);
		}
	}, 120_000);
});
