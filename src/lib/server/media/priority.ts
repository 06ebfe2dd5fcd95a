// Image work gives way to serving (docs/media.md, "Image work gives way"). On a small server
// the same few cores decode, render and encode photos and answer page requests; without this,
// five uploads or one AVIF job make every visitor — and a participant withdrawing a story —
// wait behind the encoder. libvips does its pixel work on its own threads ("libvips worker");
// on Linux each thread has its own niceness, so those threads are set to IMAGE_NICE (15 by
// default) as soon as they appear: they still use every idle cycle, but the event loop that
// answers requests comes first. Elsewhere (or with IMAGE_NICE=0) nothing changes.
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

const TASKS = '/proc/self/task';
const seen = new Set<string>();
let timer: NodeJS.Timeout | undefined;

/** Renices libvips' threads that have appeared since the last look; returns how many. */
export function niceImageThreads(nice: number): number {
	if (nice <= 0) return 0;
	let changed = 0;
	let tasks: string[];
	try {
		tasks = readdirSync(TASKS);
	} catch {
		return 0; // not Linux
	}
	for (const tid of tasks) {
		if (seen.has(tid)) continue;
		try {
			const name = readFileSync(`${TASKS}/${tid}/comm`, 'utf8').trim();
			if (name.startsWith('libvips')) {
				setPriority(Number(tid), nice);
				changed += 1;
			}
			seen.add(tid);
		} catch {
			// the thread ended meanwhile
		}
	}
	// Thread ids are reused once a thread ends: forget those that are gone.
	if (seen.size > tasks.length * 2)
		for (const tid of seen) if (!tasks.includes(tid)) seen.delete(tid);
	return changed;
}

/** Looks for new libvips threads now and then, for as long as the process runs. */
export function keepImageWorkNice(nice: number, everyMs = 250) {
	if (nice <= 0 || timer || process.platform !== 'linux') return;
	niceImageThreads(nice);
	timer = setInterval(() => niceImageThreads(nice), everyMs);
	timer.unref();
}
