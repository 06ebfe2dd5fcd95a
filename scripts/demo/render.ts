// Renders a scene to a JPEG, as a camera would hand it over: the upload pipeline refuses SVG,
// so the seed uploads what a participant would — a JPEG. A faint grain keeps the flat shapes
// from looking like a diagram; it is one small tile of noise repeated (an SVG filter or a
// full-size noise image would take seconds per picture).
import sharp from 'sharp';
import { seeded, type Scene } from './svg';

const TILE = 256;
let tile: Promise<Buffer> | undefined;

function grainTile(): Promise<Buffer> {
	tile ??= (() => {
		const random = seeded(2024);
		const pixels = Buffer.alloc(TILE * TILE * 3);
		for (let i = 0; i < TILE * TILE; i++) {
			// Grey noise around the middle: soft-light leaves the picture as it is where it is 128.
			const v = Math.round(128 + (random() + random() + random() - 1.5) * 34);
			pixels[i * 3] = pixels[i * 3 + 1] = pixels[i * 3 + 2] = v;
		}
		return sharp(pixels, { raw: { width: TILE, height: TILE, channels: 3 } })
			.png()
			.toBuffer();
	})();
	return tile;
}

export async function renderScene(scene: Scene): Promise<Buffer> {
	return sharp(Buffer.from(scene.svg))
		.flatten({ background: '#ffffff' })
		.composite([{ input: await grainTile(), tile: true, blend: 'soft-light' }])
		.jpeg({ quality: 86 })
		.toBuffer();
}
