// npm run bench:avif-effort
//
// What the AVIF effort costs and saves per rendition size (docs/media.md, "AVIF effort"): every
// effort from 0 to 4 at 96, 320, 640 and 1024 px wide, CPU time and bytes, as the ratio against
// effort 3 (the encoder's setting for large renditions) measured in the same run. The photos:
// the JPEG files in AVIF_PHOTOS_DIR (a directory) if set, else the six real photographs in
// @vladmandic/face-api's demo folder when that package is installed, else generated ones
// (tests/fixtures/photos.ts), which compress less like a real scene.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { phoneJpeg } from '../tests/fixtures/photos';

sharp.cache(false);
sharp.concurrency(1); // as the server runs it (docs/media.md, "Memory given back")

const demo = process.env.AVIF_PHOTOS_DIR || join('node_modules', '@vladmandic', 'face-api', 'demo');
const photos: Buffer[] = [];
if (existsSync(demo)) {
	for (const f of readdirSync(demo).filter((f) => /\.jpe?g$/i.test(f)))
		photos.push(await sharp(join(demo, f)).toBuffer());
} else {
	for (const [w, h] of [
		[1600, 1200],
		[1200, 1600],
		[1600, 900]
	] as const)
		photos.push(await phoneJpeg(w, h));
}
console.log(
	`${photos.length} ${existsSync(demo) ? `photographs (${demo})` : 'generated photos'}; ` +
		'CPU ms and KB per rendition, and their ratio to effort 3\n'
);

const EFFORTS = [0, 1, 2, 3, 4];
const REPS = 3;
const rows: string[][] = [['width', ...EFFORTS.map((e) => `effort ${e}`)]];
for (const width of [96, 320, 640, 1024]) {
	const raws = await Promise.all(
		photos.map((p) => sharp(p).resize(width).raw().toBuffer({ resolveWithObject: true }))
	);
	const figures = new Map<number, { cpu: number; bytes: number }>();
	for (const effort of EFFORTS) {
		let cpu = 0;
		let bytes = 0;
		for (const { data, info } of raws) {
			const encode = () =>
				sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
					.avif({ quality: 50, effort })
					.toBuffer();
			await encode(); // warm
			const before = process.cpuUsage();
			for (let r = 0; r < REPS; r++) bytes += (await encode()).length / REPS;
			const used = process.cpuUsage(before);
			cpu += (used.user + used.system) / 1000 / REPS;
		}
		figures.set(effort, { cpu: cpu / raws.length, bytes: bytes / raws.length });
	}
	const base = figures.get(3)!;
	rows.push([
		String(width),
		...EFFORTS.map((e) => {
			const f = figures.get(e)!;
			return `${f.cpu.toFixed(1)} ms ${(f.bytes / 1024).toFixed(1)} KB (${(f.cpu / base.cpu).toFixed(2)}×, ${(f.bytes / base.bytes).toFixed(2)}×)`;
		})
	]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join('  '));
