// npm run bench [-- --quick] [-- --lighthouse] [-- --scale <dir>]
//
// The performance targets, each measured as a ratio against a baseline measured in the same
// run on the same machine (README, "Benchmarks"):
//
// - pages — the 60-story public exhibition, a theme page, a story page in that exhibition, the
//   home page — each fetched once as an anonymous visitor, then loaded by autocannon with 25
//   connections, against the built server and against a plain node:http server answering the
//   identical bytes and headers (bench/static-server.js): requests per second, p99 latency and
//   the ratio of the two;
// - a derivative image of that exhibition, 200s and 304 revalidations (If-None-Match), likewise;
// - the exhibition page while the server's job worker renders AVIF files, against the same page
//   on the idle server (bench/lib/avif-load.ts);
// - the JavaScript an anonymous visitor of the exhibition page downloads (Playwright);
// - SQL statements per request (bench/statements.js) and the server's memory;
// - in full mode, Lighthouse on the demo's public exhibition (bench/lib/browser.ts).
//
// Full mode (the default): BENCH_SECONDS (20) × BENCH_REPS (3) per measurement, the targets as
// they are. Quick mode (--quick or BENCH_QUICK=1, for CI): 3 s once, ratios pass at
// QUICK_MARGIN of their target (bench/lib/config.ts). --scale <dir> (made by npm run
// bench:scale-data) compares the exhibition page, the curator pool and a theme page there with
// the demo world instead (bench/lib/scale.ts).
//
// Prints a table — measured, baseline, ratio, target, pass/fail — writes every figure to
// bench/results/<time>.json and exits 1 if a target fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupWorld, type BenchWorld } from './lib/setup';
import {
	measurePair,
	median,
	record,
	statementsFor,
	type Load,
	type Recorded,
	type Target
} from './lib/measure';
import { memoryOf, startStatic, type BenchServer } from './lib/server';
import { chromiumPath, lighthouseRows, scriptBytes } from './lib/browser';
import { compareScale } from './lib/scale';
import { duringAvifRatio, measureDuringAvif } from './lib/avif-load';
import { formatTable, type Row } from './lib/table';
import {
	CONNECTIONS,
	IMAGE_HEADERS,
	LIGHTHOUSE,
	PAGE_HEADERS,
	QUICK,
	QUICK_FLOOR_AVIF,
	QUICK_FLOOR_IMAGE_304,
	QUICK_MARGIN,
	REPS,
	SCALE_DIR,
	ONLY,
	SECONDS,
	TARGETS,
	WARMUP_SECONDS,
	atLeast,
	below
} from './lib/config';

const log = (line: string) => console.log(line);
const series = {
	connections: CONNECTIONS,
	seconds: SECONDS,
	reps: REPS,
	warmupSeconds: WARMUP_SECONDS,
	log
};

interface Measured {
	target: Target;
	app: Load[];
	baseline: Load[];
	bytes: number;
	statements?: number;
}

/** The derivatives in the exhibition's HTML, with their ?in= context; 640 px WebP preferred. */
function imagePath(html: string): string | undefined {
	const urls = [...html.matchAll(/\/media\/[^"'\s,]+\?in=[^"'\s,]+/g)].map((m) =>
		m[0].replaceAll('&amp;', '&')
	);
	return urls.find((u) => /\/640\.webp\?/.test(u)) ?? urls.find((u) => /\.(webp|jpg)\?/.test(u));
}

/** Pages and images against the static baseline; JavaScript bytes; Lighthouse. */
async function measureTargets(world: BenchWorld, results: Record<string, unknown>) {
	const rows: Row[] = [];
	const app = world.server;
	const scratch = mkdtempSync(join(tmpdir(), 'pv-bench-static-'));
	let baseline: BenchServer | undefined;
	try {
		const ex = `/exhibitions/${world.exhibition.slug}`;
		const pages: Target[] = [
			{
				key: 'exhibition',
				label: `exhibition (${world.exhibition.storyIds.length} stories)`,
				path: ex
			},
			{ key: 'theme', label: 'theme page', path: `/themes/${world.themeId}` },
			{ key: 'story', label: 'story page', path: `${ex}/${world.exhibition.storyIds[0]}` },
			{ key: 'home', label: 'home page', path: '/' }
		].map((t) => ({ ...t, headers: PAGE_HEADERS, expect: 200, kind: 'page' as const }));

		// Each answer recorded once, as the static baseline will give it.
		const routes: Record<string, unknown> = {};
		const recorded = new Map<string, Recorded>();
		const keep = (path: string, answer: Recorded, extra: Record<string, unknown> = {}) => {
			const file = join(scratch, `${Object.keys(routes).length}.body`);
			writeFileSync(file, answer.body);
			routes[path] = { status: answer.status, headers: answer.headers, body: file, ...extra };
		};
		for (const page of pages) {
			const answer = await record(app.url + page.path, page.headers);
			if (answer.status !== 200)
				throw new Error(
					`${page.path} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`
				);
			if (answer.header('set-cookie'))
				log(`  note: ${page.path} sets a cookie although the visitor has one`);
			recorded.set(page.key, answer);
			keep(page.path, answer);
		}
		const html = await record(app.url + ex, { ...PAGE_HEADERS, 'accept-encoding': 'identity' });
		const media = imagePath(html.body.toString());
		if (!media) throw new Error('no derivative image in the exhibition page');
		const image = await record(app.url + media, IMAGE_HEADERS);
		const etag = image.header('etag');
		if (image.status !== 200 || !etag)
			throw new Error(`${media} answered ${image.status}, ETag ${etag}`);
		const notModified = await record(app.url + media, { ...IMAGE_HEADERS, 'if-none-match': etag });
		if (notModified.status !== 304)
			throw new Error(`revalidating ${media} answered ${notModified.status}, not 304`);
		keep(media, image, { etag, notModified: notModified.headers });
		recorded.set('image', image);
		const images: Target[] = [
			{
				key: 'image',
				label: 'image 200',
				path: media,
				headers: IMAGE_HEADERS,
				expect: 200,
				kind: 'image'
			},
			{
				key: 'image304',
				label: 'image 304',
				path: media,
				headers: { ...IMAGE_HEADERS, 'if-none-match': etag },
				expect: 304,
				kind: 'image'
			}
		];
		const routesFile = join(scratch, 'routes.json');
		writeFileSync(routesFile, JSON.stringify(routes));
		baseline = await startStatic(routesFile);
		// The baseline answers what the app answered, byte for byte.
		for (const target of [...pages, images[0]!]) {
			const again = await record(baseline.url + target.path, target.headers);
			if (!again.body.equals(recorded.get(target.key)!.body))
				throw new Error(`the baseline's answer differs for ${target.path}`);
		}

		log('measuring…');
		const measured: Measured[] = [];
		for (const target of [...pages, ...images]) {
			if (ONLY && !ONLY.includes(target.key)) continue;
			const pair = await measurePair(
				target,
				{ name: 'app', url: app.url, pid: app.pid },
				{ name: 'static', url: baseline.url, pid: baseline.pid },
				series
			);
			const bytes = target.expect === 304 ? 0 : recorded.get(target.key)!.body.length;
			measured.push({ target, app: pair.a, baseline: pair.b, bytes });
		}
		let duringAvif: Awaited<ReturnType<typeof measureDuringAvif>> | undefined;
		if (!ONLY || ONLY.includes('avif')) {
			log('measuring the exhibition page while AVIF renderings run…');
			duringAvif = await measureDuringAvif(world, pages[0]!, series);
		}
		const memory = memoryOf(app.pid);

		log('counting SQL statements per request…');
		for (const m of measured)
			m.statements = await statementsFor(app, app.url + m.target.path, m.target.headers);
		// A render, not an answer from the page cache: an address the cache never keeps (an
		// unknown query, which the pages ignore) — docs/performance.md.
		const rendered = (path: string) =>
			statementsFor(app, `${app.url}${path}?bench-render=${Date.now()}`, PAGE_HEADERS);
		const sixtyRendered = await rendered(pages[0]!.path);
		const demoStatements = await rendered(`/exhibitions/${world.demoExhibition.slug}`);

		for (const m of measured) rows.push(...rowsFor(m));
		if (duringAvif) {
			const ratio = duringAvifRatio(duringAvif);
			// Short of its target (issue 11, open): the quick mode holds it to a floor.
			const floor = QUICK ? QUICK_FLOOR_AVIF : atLeast(TARGETS.duringAvifRatio);
			rows.push({
				name: `${pages[0]!.label} req/s while AVIF renderings run`,
				measured: median(duringAvif.busy.map((l) => l.rps)).toFixed(1),
				baseline: median(duringAvif.quiet.map((l) => l.rps)).toFixed(0),
				ratio: ratio.toFixed(3),
				target: `≥ ${floor}`,
				pass: ratio >= floor && duringAvif.heldThroughout,
				note:
					(duringAvif.heldThroughout
						? `${duringAvif.rendered} renderings finished during the loads`
						: 'the renderings ran out before a load ended') +
					(QUICK
						? `; quick floor ${floor}: the target ${TARGETS.duringAvifRatio} is not met yet (full mode fails)`
						: '')
			});
			results.duringAvif = duringAvif;
		}
		rows.push({
			name: `SQL statements per render: exhibition of ${world.exhibition.storyIds.length} vs the demo's 9`,
			measured: String(sixtyRendered ?? '?'),
			baseline: String(demoStatements ?? '?'),
			ratio: sixtyRendered && demoStatements ? (sixtyRendered / demoStatements).toFixed(2) : '',
			// Not more for 60 stories than for 9: the count must not grow with the stories (the
			// demo's exhibition has a cover and more sections, which cost a statement or two).
			target: '≤ demo',
			pass:
				sixtyRendered !== undefined &&
				demoStatements !== undefined &&
				sixtyRendered <= demoStatements
		});
		if (memory)
			rows.push({
				name: 'server memory after the loads',
				measured: `${memory.rssMb} MB`,
				baseline: `peak ${memory.peakMb} MB`,
				ratio: '',
				target: '(informational)',
				pass: null
			});
		results.targets = measured.map((m) => ({
			key: m.target.key,
			path: m.target.path,
			bytes: m.bytes,
			statements: m.statements,
			app: m.app,
			baseline: m.baseline
		}));
		results.memory = memory;
		results.demoExhibitionStatements = demoStatements;

		const browserUrl = app.url.replace('127.0.0.1', 'localhost');
		if (!chromiumPath())
			rows.push({
				name: 'JavaScript (anonymous visitor)',
				measured: 'no Chromium',
				baseline: '',
				ratio: '',
				target: `≤ ${TARGETS.scriptKb} KB gzip`,
				pass: false,
				note: 'set CHROMIUM_PATH or apt-get install chromium'
			});
		else {
			log('JavaScript an anonymous visitor downloads…');
			const js: Record<string, unknown> = {};
			for (const [label, slug] of [
				[`exhibition (${world.exhibition.storyIds.length} stories)`, world.exhibition.slug],
				['demo public exhibition', world.demoExhibition.slug]
			] as const) {
				const bytes = await scriptBytes(`${browserUrl}/exhibitions/${slug}`);
				js[slug] = bytes;
				rows.push({
					name: `JavaScript, anonymous: ${label}`,
					measured: `${(bytes.gzipBytes / 1000).toFixed(1)} KB gzip`,
					baseline: `${bytes.files} files, ${(bytes.transferBytes / 1000).toFixed(1)} KB sent`,
					ratio: '',
					target: `≤ ${TARGETS.scriptKb} KB gzip`,
					pass: bytes.gzipBytes <= TARGETS.scriptKb * 1000
				});
			}
			results.scripts = js;
		}
		if (LIGHTHOUSE)
			rows.push(
				...(await lighthouseRows(
					`${browserUrl}/exhibitions/${world.demoExhibition.slug}`,
					results,
					log
				))
			);
	} finally {
		await baseline?.stop();
		rmSync(scratch, { recursive: true, force: true });
	}
	return rows;
}

function rowsFor(m: Measured): Row[] {
	const rps = median(m.app.map((l) => l.rps));
	const base = median(m.baseline.map((l) => l.rps));
	const ratio = rps / base;
	const p99 = median(m.app.map((l) => l.p99));
	const failures = m.app.reduce((sum, l) => sum + l.failures, 0);
	const answered = m.app.reduce((sum, l) => sum + l.requests, 0);
	const what = [
		...(m.bytes ? [`${(m.bytes / 1000).toFixed(0)} KB`] : []),
		`${m.statements ?? '?'} SQL`
	].join(', ');
	const goal = m.target.kind === 'page' ? TARGETS.pageRatio : TARGETS.imageRatio;
	// Picture revalidations (304) reach their target (0.7) in full mode, but 3-second runs vary
	// too much for half of it: the quick mode, which CI runs to catch regressions, holds them to
	// a floor below what they reach, and says so in the row.
	const shortOfTarget = QUICK && m.target.key === 'image304';
	const floor = shortOfTarget ? QUICK_FLOOR_IMAGE_304 : atLeast(goal);
	const rows: Row[] = [
		{
			name: `${m.target.label} req/s (${what})`,
			measured: rps.toFixed(1),
			baseline: base.toFixed(0),
			ratio: ratio.toFixed(3),
			target: `≥ ${floor}`,
			pass: ratio >= floor && failures === 0,
			note:
				[
					...(shortOfTarget
						? [`quick floor ${floor}; the full mode holds the target ${goal}`]
						: []),
					...(failures ? [`${failures} requests failed or timed out`] : []),
					...(answered < 100
						? [`only ${answered} answers in ${m.app.length} × ${SECONDS} s: p99 is of those`]
						: [])
				].join('; ') || undefined
		}
	];
	if (m.target.kind === 'page')
		rows.push({
			name: `${m.target.label} p99`,
			measured: `${p99} ms`,
			baseline: `${median(m.baseline.map((l) => l.p99))} ms`,
			ratio: '',
			target: `< ${below(TARGETS.pageP99Ms)} ms`,
			pass: p99 < below(TARGETS.pageP99Ms)
		});
	return rows;
}

async function main() {
	log(
		`bench: ${QUICK ? 'quick' : 'full'} mode, ${CONNECTIONS} connections, ${SECONDS} s × ${REPS} per measurement`
	);
	const started = performance.now();
	const world = await setupWorld(log);
	const results: Record<string, unknown> = {
		mode: QUICK ? 'quick' : 'full',
		seconds: SECONDS,
		repetitions: REPS,
		connections: CONNECTIONS,
		seedSeconds: world.seedSeconds
	};
	let rows: Row[];
	try {
		if (SCALE_DIR) {
			const scale = await compareScale(world, SCALE_DIR, series);
			rows = scale.rows;
			results.scale = scale.results;
		} else rows = await measureTargets(world, results);
	} finally {
		await world.close();
	}

	const mode = QUICK
		? `QUICK mode (ratios pass at ${QUICK_MARGIN} of their target, limits at ${1 / QUICK_MARGIN}×)`
		: 'FULL mode';
	console.log(
		`\n${mode}: ${SECONDS} s × ${REPS} per figure, ${CONNECTIONS} connections, medians\n`
	);
	console.log(formatTable(rows));
	results.rows = rows;
	results.runSeconds = Math.round((performance.now() - started) / 1000);
	mkdirSync('bench/results', { recursive: true });
	const file = join('bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(results, null, 2));
	console.log(`\nall figures: ${file} (run took ${results.runSeconds} s)`);
	if (rows.some((r) => r.pass === false)) {
		console.log('FAIL: a target is not met');
		process.exitCode = 1;
	} else console.log('PASS: every target is met');
}

await main();
