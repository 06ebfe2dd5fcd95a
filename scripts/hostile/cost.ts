// npm run hostile:cost [-- --fast]
//
// Holds the memory estimates of src/lib/server/media/cost.ts to measurements: each step of the
// image work (decode an upload into a master, render derivatives, the editor image) runs alone
// in a fresh process on a worst-case image of each kind, and the growth of that process's peak
// memory (VmHWM) must stay below the estimate the budget reserves for it. Prints a table;
// exits 1 if any step used more than its estimate. Linux only (reads /proc).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const MiB = 1024 * 1024;
/** What a child process is told to do. */
type Step = 'ingest' | 'render' | 'render-turned' | 'render-redacted' | 'avif-redacted' | 'editor';

interface Case {
	name: string;
	make: (scale: number) => Promise<Buffer>;
	steps: Step[];
}

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
	sharp({ create: { width, height, channels, background: { r: 30, g: 140, b: 80, alpha: 0.7 } } });
/** A 256-pixel noise tile repeated: compresses well, makes the largest master per pixel. */
async function noiseTile(width: number, height: number) {
	const tile = Buffer.alloc(256 * 256 * 3);
	let seed = 9;
	for (let i = 0; i < tile.length; i++) {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		tile[i] = (seed >> 16) & 255;
	}
	const image = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x += 256) {
			const from = (y % 256) * 256 * 3;
			tile.copy(image, (y * width + x) * 3, from, from + Math.min(256, width - x) * 3);
		}
	return sharp(image, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 });
}

/** `scale` is the side in pixels of the square test images (10 000 = 100 megapixels). */
const CASES: Case[] = [
	{ name: 'JPEG baseline', steps: ['ingest'], make: (s) => solid(s, s).jpeg().toBuffer() },
	{
		name: 'JPEG progressive',
		steps: ['ingest'],
		make: (s) => solid(s, s).jpeg({ progressive: true }).toBuffer()
	},
	{
		name: 'JPEG progressive CMYK',
		steps: ['ingest'],
		make: (s) => solid(s, s).toColourspace('cmyk').jpeg({ progressive: true }).toBuffer()
	},
	{
		name: 'JPEG turned (EXIF 6)',
		steps: ['ingest'],
		make: (s) => solid(s, s).jpeg().withMetadata({ orientation: 6 }).toBuffer()
	},
	{ name: 'PNG', steps: ['ingest'], make: (s) => solid(s, s).png().toBuffer() },
	{
		name: 'PNG interlaced RGBA',
		steps: ['ingest'],
		make: (s) => solid(s, s, 4).png({ progressive: true }).toBuffer()
	},
	{
		name: 'PNG 16-bit',
		steps: ['ingest'],
		make: (s) => solid(s, s).toColourspace('rgb16').png().toBuffer()
	},
	{
		name: 'WebP lossless',
		steps: ['ingest'],
		make: (s) => solid(s, s).webp({ lossless: true, effort: 0 }).toBuffer()
	},
	{ name: 'WebP lossy RGBA', steps: ['ingest'], make: (s) => solid(s, s, 4).webp().toBuffer() },
	// Half the side (a quarter of the pixels): libheif needs 19 bytes a pixel.
	{
		name: 'AVIF',
		steps: ['ingest'],
		make: (s) =>
			solid(Math.round(s / 2), Math.round(s / 2))
				.avif({ effort: 0 })
				.toBuffer()
	},
	{
		name: 'AVIF 10-bit',
		steps: ['ingest'],
		make: (s) =>
			solid(Math.round(s / 2), Math.round(s / 2))
				.avif({ effort: 0, bitdepth: 10 })
				.toBuffer()
	},
	{
		name: 'JPEG 4:4:4 progressive',
		steps: ['ingest'],
		make: (s) => solid(s, s).jpeg({ progressive: true, chromaSubsampling: '4:4:4' }).toBuffer()
	},
	{
		name: 'noise-tile master',
		steps: ['ingest', 'render', 'render-turned', 'render-redacted', 'avif-redacted', 'editor'],
		make: async (s) => (await noiseTile(Math.round(s * 0.8), Math.round(s * 0.8))).toBuffer()
	}
];

// ---------------------------------------------------------------------------------------------
// The child: one step on one file, then {measured, estimate} in bytes on stdout.

async function child(file: string, step: Step) {
	const pipeline = await import('../../src/lib/server/media/pipeline');
	const cost = await import('../../src/lib/server/media/cost');
	const { DEFAULT_FRAMING } = await import('../../src/lib/framing');
	const peak = async () =>
		Number(/VmHWM:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8'))?.[1]) * 1024;
	// Libvips, the encoders and the modules loaded first, so that only the step is measured.
	const tiny = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
		.jpeg()
		.toBuffer();
	await pipeline.renderDerivatives(tiny, DEFAULT_FRAMING, ['webp', 'jpeg', 'avif']);
	await pipeline.renderEditorSource(tiny);
	const redacted = {
		...DEFAULT_FRAMING,
		rotation: 90 as const,
		redactions: [{ x: 0.1, y: 0.1, w: 0.5, h: 0.5, style: 'blur' as const }]
	};
	let master: Buffer | undefined;
	if (step !== 'ingest') master = (await pipeline.ingestMaster(file)).data;
	const before = await peak();
	let estimate: number;
	if (step === 'ingest') {
		estimate = (await pipeline.inspectUpload(file)).cost;
		await pipeline.ingestMaster(file);
	} else if (step === 'editor') {
		const meta = await sharp(master).metadata();
		estimate = cost.editorCost(meta.width, meta.height, master!.length);
		await pipeline.renderEditorSource(master!);
	} else {
		const framing =
			step === 'render'
				? DEFAULT_FRAMING
				: step === 'render-turned'
					? { ...DEFAULT_FRAMING, rotation: 270 as const }
					: redacted;
		const formats = step === 'avif-redacted' ? (['avif'] as const) : (['webp', 'jpeg'] as const);
		estimate = await pipeline.renderCostOf(master!, framing, [...formats]);
		await pipeline.renderDerivatives(master!, framing, [...formats]);
	}
	console.log(JSON.stringify({ measured: (await peak()) - before, estimate }));
}

function runChild(file: string, step: Step): Promise<{ measured: number; estimate: number }> {
	return new Promise((resolve, reject) => {
		const script = fileURLToPath(import.meta.url);
		const proc = spawn(process.execPath, ['--import', 'tsx', script, '--child', file, step], {
			env: {
				...process.env,
				// Nothing refused here: this measures what each step costs, whatever the budget.
				IMAGE_MEMORY_MB: '65536',
				MALLOC_ARENA_MAX: '2',
				MALLOC_MMAP_THRESHOLD_: '131072'
			},
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		proc.on('exit', (code) => {
			const line = out.trim().split('\n').pop() ?? '';
			if (code !== 0) return reject(new Error(`${step} on ${file} exited ${code}: ${out}`));
			resolve(JSON.parse(line));
		});
	});
}

/** Measures every case; returns the rows, with `over` for a step that exceeded its estimate. */
export async function measureCosts({ fast = false, log = console.log } = {}) {
	const side = fast ? 3000 : 8000;
	const dir = await mkdtemp(join(tmpdir(), 'pv-cost-'));
	const rows: { name: string; step: Step; measured: number; estimate: number; over: boolean }[] =
		[];
	try {
		for (const item of CASES) {
			const file = join(dir, item.name.replace(/\W+/g, '-'));
			await writeFile(file, await item.make(side));
			const meta = await sharp(file).metadata();
			for (const step of item.steps) {
				const { measured, estimate } = await runChild(file, step);
				const row = { name: item.name, step, measured, estimate, over: measured > estimate };
				rows.push(row);
				log(
					`${row.over ? 'OVER' : 'ok  '} ${`${item.name} (${meta.width}×${meta.height})`.padEnd(40)} ${step.padEnd(16)}` +
						` measured ${(measured / MiB).toFixed(0).padStart(5)} MiB, estimate ${(estimate / MiB).toFixed(0).padStart(5)} MiB`
				);
			}
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	return rows;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
	await child(args[1]!, args[2] as Step);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const rows = await measureCosts({ fast: args.includes('--fast') });
	const over = rows.filter((r) => r.over);
	console.log(
		over.length === 0
			? 'Every step stayed within its estimate.'
			: `${over.length} steps over their estimate.`
	);
	process.exitCode = over.length === 0 ? 0 : 1;
}
