// npm run bench:lighthouse
//
// Lighthouse 12.2.3 (pinned: the last line that runs on Node 20), mobile emulation (its default
// form factor and simulated throttling), headless Debian Chromium (CHROMIUM_PATH, or
// /usr/bin/chromium; --headless=new --no-sandbox --disable-gpu), 3 runs on the demo's public
// exhibition, on the built server with a freshly seeded demo world (bench/lib/setup.ts).
// Prints performance, accessibility, best practices, SEO, LCP, CLS and TBT, the median of
// the runs against the targets, and exits 1 if one fails. `npm run bench` (full mode) runs the
// same step.
import { lighthouseRows } from './lib/browser';
import { setupWorld } from './lib/setup';
import { formatTable } from './lib/table';

const world = await setupWorld();
const results: Record<string, unknown> = {};
try {
	const url = `${world.server.url.replace('127.0.0.1', 'localhost')}/exhibitions/${world.demoExhibition.slug}`;
	const rows = await lighthouseRows(url, results, console.log);
	console.log(`\n${formatTable(rows)}\n`);
	console.log(JSON.stringify(results.lighthouse));
	if (rows.some((r) => r.pass === false)) process.exitCode = 1;
} finally {
	await world.close();
}
