// What a browser measures: Lighthouse (pinned 12.2.3, which runs on Node 20) and the
// JavaScript an anonymous visitor downloads (Playwright), both on Debian's Chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { median } from './measure';
import { TARGETS } from './config';
import type { Row } from './table';

/** CHROMIUM_PATH, then Debian's Chromium (as playwright.config.ts). */
export function chromiumPath(): string | undefined {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	return undefined;
}

export interface LighthouseRun {
	performance: number;
	accessibility: number;
	bestPractices: number;
	seo: number;
	lcpMs: number;
	cls: number;
	tbtMs: number;
	/** Lighthouse's "Preload Largest Contentful Paint image" / LCP-lazy audits: 1 is a pass. */
	lcpImagePreloaded: number | null;
	lcpNotLazy: number | null;
}

export interface LighthouseSummary {
	runs: LighthouseRun[];
	median: LighthouseRun;
}

/** Lighthouse's CLI, mobile (its default form factor and simulated throttling), headless. */
async function lighthouseOnce(url: string, browser: string): Promise<LighthouseRun> {
	const dir = mkdtempSync(join(tmpdir(), 'pv-lighthouse-'));
	const out = join(dir, 'report.json');
	try {
		let log = '';
		const code = await new Promise<number | null>((done, fail) => {
			const child = spawn(
				process.execPath,
				[
					'node_modules/lighthouse/cli/index.js',
					url,
					'--output=json',
					`--output-path=${out}`,
					'--only-categories=performance,accessibility,best-practices,seo',
					'--chrome-flags=--headless=new --no-sandbox --disable-gpu',
					'--quiet'
				],
				{ env: { ...process.env, CHROME_PATH: browser }, stdio: ['ignore', 'pipe', 'pipe'] }
			);
			child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
			child.on('error', fail);
			child.on('exit', done);
		});
		if (code !== 0 || !existsSync(out)) throw new Error(`lighthouse exited ${code}:\n${log}`);
		const report = JSON.parse(readFileSync(out, 'utf8'));
		if (report.runtimeError) throw new Error(`lighthouse: ${JSON.stringify(report.runtimeError)}`);
		const score = (key: string) => Math.round((report.categories[key]?.score ?? NaN) * 100);
		const audit = (key: string) =>
			report.audits[key] as
				{ score: number | null; numericValue?: number; scoreDisplayMode?: string } | undefined;
		// Not applicable (the LCP element is not an image, or nothing to gain): counts as a pass.
		const passed = (key: string) => {
			const a = audit(key);
			if (!a) return null;
			return a.scoreDisplayMode === 'notApplicable' ? 1 : a.score;
		};
		return {
			performance: score('performance'),
			accessibility: score('accessibility'),
			bestPractices: score('best-practices'),
			seo: score('seo'),
			lcpMs: Math.round(audit('largest-contentful-paint')?.numericValue ?? NaN),
			cls: Math.round((audit('cumulative-layout-shift')?.numericValue ?? NaN) * 1000) / 1000,
			tbtMs: Math.round(audit('total-blocking-time')?.numericValue ?? NaN),
			lcpImagePreloaded: passed('prioritize-lcp-image'),
			lcpNotLazy: passed('lcp-lazy-loaded')
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** `runs` Lighthouse runs one after the other; the median of each figure. */
export async function lighthouse(url: string, runs = 3): Promise<LighthouseSummary> {
	const browser = chromiumPath();
	if (!browser) throw new Error('no Chromium: set CHROMIUM_PATH or apt-get install chromium');
	const results: LighthouseRun[] = [];
	for (let i = 0; i < runs; i++) results.push(await lighthouseOnce(url, browser));
	const med = (pick: (r: LighthouseRun) => number | null) => {
		const values = results.map(pick).filter((v): v is number => v !== null);
		return values.length ? median(values) : null;
	};
	return {
		runs: results,
		median: {
			performance: med((r) => r.performance)!,
			accessibility: med((r) => r.accessibility)!,
			bestPractices: med((r) => r.bestPractices)!,
			seo: med((r) => r.seo)!,
			lcpMs: med((r) => r.lcpMs)!,
			cls: med((r) => r.cls)!,
			tbtMs: med((r) => r.tbtMs)!,
			lcpImagePreloaded: med((r) => r.lcpImagePreloaded),
			lcpNotLazy: med((r) => r.lcpNotLazy)
		}
	};
}

export interface ScriptBytes {
	files: number;
	/** Each script's bytes gzipped here (level 9, as adapter-node precompresses). */
	gzipBytes: number;
	/** The bytes as sent, decoded. */
	rawBytes: number;
	/** What the browser's resource timing says came over the wire (headers included). */
	transferBytes: number;
}

/**
 * Opens `url` as a first-time anonymous visitor (no cookies, no cache) and adds up every
 * JavaScript response until the network has been quiet for a moment.
 */
export async function scriptBytes(url: string): Promise<ScriptBytes> {
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
	try {
		const context = await browser.newContext({ locale: 'he-IL' });
		const page = await context.newPage();
		const scripts: Promise<{ url: string; raw: number; gzip: number }>[] = [];
		page.on('response', (response) => {
			const type = response.headers()['content-type'] ?? '';
			if (!type.includes('javascript')) return;
			scripts.push(
				response.body().then((body) => ({
					url: response.url(),
					raw: body.length,
					gzip: gzipSync(body, { level: 9 }).length
				}))
			);
		});
		await page.goto(url, { waitUntil: 'networkidle' });
		const files = await Promise.all(scripts);
		const transferBytes = await page.evaluate(() =>
			performance
				.getEntriesByType('resource')
				.filter((e) => /\.m?js(\?|$)/.test(e.name))
				.reduce((sum, e) => sum + (e as PerformanceResourceTiming).transferSize, 0)
		);
		await context.close();
		return {
			files: files.length,
			gzipBytes: files.reduce((sum, f) => sum + f.gzip, 0),
			rawBytes: files.reduce((sum, f) => sum + f.raw, 0),
			transferBytes
		};
	} finally {
		await browser.close();
	}
}

/** Lighthouse's figures as rows of the bench table (bench/run.ts), against the targets. */
export async function lighthouseRows(
	url: string,
	results: Record<string, unknown>,
	log: (line: string) => void
): Promise<Row[]> {
	log('Lighthouse (mobile), 3 runs on the demo public exhibition…');
	try {
		const lh = await lighthouse(url, 3);
		results.lighthouse = lh;
		const t = TARGETS.lighthouse;
		const m = lh.median;
		const runs = (pick: (r: (typeof lh.runs)[number]) => number | null) =>
			`runs ${lh.runs.map(pick).join(' / ')}`;
		const row = (
			name: string,
			measured: string,
			pick: (r: (typeof lh.runs)[number]) => number | null,
			target: string,
			pass: boolean | null
		): Row => ({
			name: `Lighthouse ${name}`,
			measured,
			baseline: runs(pick),
			ratio: '',
			target,
			pass
		});
		return [
			row(
				'performance',
				String(m.performance),
				(r) => r.performance,
				`≥ ${t.performance}`,
				m.performance >= t.performance
			),
			row(
				'accessibility',
				String(m.accessibility),
				(r) => r.accessibility,
				`${t.accessibility}`,
				m.accessibility >= t.accessibility
			),
			row(
				'best practices',
				String(m.bestPractices),
				(r) => r.bestPractices,
				`≥ ${t.bestPractices}`,
				m.bestPractices >= t.bestPractices
			),
			row('SEO', String(m.seo), (r) => r.seo, `≥ ${t.seo}`, m.seo >= t.seo),
			row('CLS', String(m.cls), (r) => r.cls, `≤ ${t.cls}`, m.cls <= t.cls),
			row('LCP', `${m.lcpMs} ms`, (r) => r.lcpMs, '(informational)', null),
			row('TBT', `${m.tbtMs} ms`, (r) => r.tbtMs, '(informational)', null),
			row(
				'LCP image preloaded',
				String(m.lcpImagePreloaded ?? 'n/a'),
				(r) => r.lcpImagePreloaded,
				'audit passes (1)',
				m.lcpImagePreloaded === null ? null : m.lcpImagePreloaded >= 1
			)
		];
	} catch (error) {
		results.lighthouse = { error: String(error) };
		return [
			{
				name: 'Lighthouse',
				measured: 'did not run',
				baseline: '',
				ratio: '',
				target: '',
				pass: false,
				note: String(error).slice(0, 500)
			}
		];
	}
}
