// The mode of a bench run, its targets and what it sends (README, "Benchmarks").
const args = process.argv.slice(2);

/** Quick mode (--quick or BENCH_QUICK=1): for CI. Full mode (the default): for the report. */
export const QUICK = args.includes('--quick') || process.env.BENCH_QUICK === '1';
/**
 * Quick mode passes a throughput ratio at half its target, and a latency (or a slowdown) at
 * twice its limit: 3 s measured once on a shared 2-core CI machine varies by a factor of two
 * between runs. Full mode holds the targets as they are.
 */
export const QUICK_MARGIN = 0.5;
/**
 * Picture revalidations (304): 0.75–0.81 of a static server in the full run of 2026-12-02
 * (target 0.7), but a 3-second run varies from about 0.2 to 0.4 on a shared 2-core machine. In
 * quick mode they are held to this floor instead, to catch regressions.
 */
export const QUICK_FLOOR_IMAGE_304 = 0.1;
/**
 * The exhibition page while AVIF renderings run: 0.48–0.62 of the idle server here (8 s × 2,
 * 2026-12-02), short of the 0.8 target (issue 11, open). In quick mode it is held to this floor
 * instead (a stalled server, or renderings that do not run, still fail).
 */
export const QUICK_FLOOR_AVIF = 0.25;
/**
 * BENCH_ONLY=image304,exhibition: measure only these targets (keys in bench/run.ts), to work on
 * one of them. The table then shows only those rows (and the counts and bytes that follow).
 */
export const ONLY = process.env.BENCH_ONLY?.split(',').map((key) => key.trim());
export const SECONDS = Number(process.env.BENCH_SECONDS) || (QUICK ? 3 : 20);
export const REPS = Number(process.env.BENCH_REPS) || (QUICK ? 1 : 3);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS) || 25;
/** Before each measured series, not counted: first renders, the static server's first answers. */
export const WARMUP_SECONDS = QUICK ? 1 : 3;
/** Lighthouse runs in full mode unless BENCH_LIGHTHOUSE=0; in quick mode with --lighthouse. */
export const LIGHTHOUSE =
	process.env.BENCH_LIGHTHOUSE === '1' ||
	args.includes('--lighthouse') ||
	(!QUICK && process.env.BENCH_LIGHTHOUSE !== '0');
const scaleAt = args.indexOf('--scale');
/** --scale <dir> or BENCH_SCALE_DIR: a directory made by npm run bench:scale-data. */
export const SCALE_DIR = scaleAt >= 0 ? args[scaleAt + 1] : process.env.BENCH_SCALE_DIR;

/** The targets. */
export const TARGETS = {
	/** Page requests per second against the static server serving the same bytes. */
	pageRatio: 0.5,
	pageP99Ms: 100,
	/** Derivative images, 200 and 304, against the static server serving the same bytes. */
	imageRatio: 0.7,
	/** JavaScript an anonymous visitor of an exhibition page downloads, gzip, 1 KB = 1000 bytes. */
	scriptKb: 50,
	lighthouse: { performance: 95, accessibility: 100, bestPractices: 95, seo: 95, cls: 0.02 },
	/** On the generated database: at most this many times slower than on the demo world. */
	scaleSlowdown: 1.5,
	/** The exhibition page while AVIF jobs run, against the same page on the idle server. */
	duringAvifRatio: 0.8
} as const;

/** The lower bound a ratio must reach in this mode. */
export const atLeast = (target: number) => (QUICK ? target * QUICK_MARGIN : target);
/** The upper bound a latency or a slowdown must stay under in this mode. */
export const below = (target: number) => (QUICK ? target / QUICK_MARGIN : target);

/**
 * What an anonymous browser sends for a page: its language cookie (LOCALE_COOKIE in
 * src/lib/server/locale.ts), so that no Set-Cookie is needed, and the encodings it accepts.
 */
export const PAGE_HEADERS: Record<string, string> = {
	accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'accept-encoding': 'gzip, deflate, br',
	'accept-language': 'he-IL,he;q=0.9',
	cookie: 'lang=he',
	'user-agent': 'photovoice-bench'
};
export const IMAGE_HEADERS: Record<string, string> = {
	accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8',
	'accept-encoding': 'gzip, deflate, br',
	cookie: 'lang=he',
	'user-agent': 'photovoice-bench'
};
