// npm run bench:scale-data -- <dir> [--fraction F]
//
// Generates a large world into the data directory <dir> (new, or empty), through the app's own
// domain modules as its people would have made it (bench/lib/world.ts): 2,000 users, 10,000
// stories with 40,000 photos (small real JPEG and PNG files through the real ingest path, their
// AVIF renderings run by the app's own job worker), 300 exhibitions with their proposals,
// approvals and themes, in one initiative with four working groups and twelve themes. Then
// `npm run bench -- --scale <dir>` compares pages there with the demo world (bench/lib/scale.ts).
//
// - --fraction F (or SCALE_FRACTION; 1 by default) makes F of every count: to measure the
//   generator on a part and extrapolate (it prints the extrapolation).
// - The stories are written by SCALE_PROCESSES (the number of cores) processes of this script
//   at once, SCALE_WRITERS (4) stories at a time in each, on the one database (SQLite's own
//   locking between processes); each runs the app's job worker for the AVIF renderings.
// - For speed, these processes do not wait for the disk (bench/lib/fast-writes.ts; not the
//   server): a crash halfway means generating again. SCALE_DURABLE=1 waits as the app does.
// - Among the stories, 60 are written exactly as bench/lib/setup.ts writes its exhibition's
//   (one 640×480 photo, the same words) and shown in a public exhibition, so that its page can
//   be compared with the same page in the demo world; that exhibition informs the theme whose
//   page is compared. The rest have four (a few five) small photos each.
//
// What it made, with the ids the bench needs, is written to <dir>/scale-manifest.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { skipDurabilityWaits } from './lib/fast-writes';
import { phoneJpeg } from '../tests/fixtures/photos';
import type { WrittenStory } from './lib/world';

/** The full size (issue 11, target 7), before --fraction. */
const FULL = { users: 2000, stories: 10_000, photos: 40_000, exhibitions: 300 };
const BENCH_STORIES = 60;
const WRITERS = Number(process.env.SCALE_WRITERS) || 4;
const PROCESSES = Number(process.env.SCALE_PROCESSES) || availableParallelism();
const PLAN = '.scale-plan.json';
const writtenFile = (k: number) => `.scale-written-${k}.json`;

interface Plan {
	initiativeId: string;
	counts: typeof FULL;
	participants: { id: string; isAdmin: boolean }[];
	roleTagIds: string[];
}

/** A small deterministic generator (mulberry32): the same world on every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Small real photos: a gradient with noise, as JPEG and PNG, in both orientations. */
async function tinyPhotos(n: number, rand: () => number) {
	const out: { data: Buffer; ext: 'jpg' | 'png' }[] = [];
	for (let i = 0; i < n; i++) {
		const [width, height] = i % 2 ? [72, 96] : [96, 72];
		const pixels = Buffer.alloc(width * height * 3);
		for (let p = 0; p < width * height; p++) {
			pixels[p * 3] = ((p % width) * 2 + i * 29) % 256;
			pixels[p * 3 + 1] = (Math.floor(p / width) * 2 + i * 53) % 256;
			pixels[p * 3 + 2] = Math.floor(rand() * 256);
		}
		const image = sharp(pixels, { raw: { width, height, channels: 3 } });
		out.push(
			i % 3 === 2
				? { data: await image.png().toBuffer(), ext: 'png' }
				: { data: await image.jpeg({ quality: 80 }).toBuffer(), ext: 'jpg' }
		);
	}
	return out;
}

const started = performance.now();
const elapsed = () => Math.round((performance.now() - started) / 100) / 10;

/**
 * CPU seconds this process has used: all its threads (the JavaScript thread, libuv's and
 * libvips's), and the JavaScript thread alone (Linux: /proc/self/task/<pid>/stat).
 */
function cpuSeconds(): { total: number; main: number } {
	const usage = process.cpuUsage();
	let main = NaN;
	try {
		const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
			.split(') ')[1]!
			.split(' ');
		main = (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		// not Linux
	}
	return { total: (usage.user + usage.system) / 1e6, main };
}

async function openApp(dir: string) {
	// The app's modules read DATA_DIR once, at their first use: set before.
	process.env.DATA_DIR = dir;
	await skipDurabilityWaits();
	const { openDatabase } = await import('../src/lib/server/db');
	return openDatabase({ url: `file:${join(dir, 'app.db')}`, migrationsDir: 'db/migrations' });
}

/** One writing process: the stories i with i % of === k. */
async function writer(dir: string, k: number, of: number) {
	const log = (line: string) =>
		console.log(`[${elapsed().toFixed(1).padStart(6)} s] #${k} ${line}`);
	const plan: Plan = JSON.parse(readFileSync(join(dir, PLAN), 'utf8'));
	const { db, client } = await openApp(dir);
	const { startWorker } = await import('../src/lib/server/jobs');
	const { mediaJobHandlers } = await import('../src/lib/server/media/photos');
	const { narrative, writeStory, LOCALES } = await import('./lib/world');
	// AVIF renderings, as the server runs them, while the stories are written.
	const worker = startWorker(db, mediaJobHandlers(db), { workerId: `scale-data-${k}` });
	const rand = random(1000 + k);
	const benchPhoto = [{ data: await phoneJpeg(640, 480), ext: 'jpg' as const }];
	const photos = await tinyPhotos(32, random(7));
	const { stories, photos: photoCount } = plan.counts;
	const rest = stories - BENCH_STORIES;
	const restPhotos = photoCount - BENCH_STORIES;
	const mine = Array.from({ length: stories }, (_, i) => i).filter((i) => i % of === k);
	const written: Record<number, WrittenStory> = {};
	let next = 0;
	let photosWritten = 0;
	let reported = 0;
	const writeOne = async (i: number) => {
		const owner = plan.participants[i % plan.participants.length]!;
		const language = LOCALES[i % LOCALES.length]!;
		const title = `${['סיפור', 'قصة', 'Story'][i % 3]} ${i + 1}`;
		if (i < BENCH_STORIES) {
			written[i] = await writeStory(db, owner, {
				initiativeId: plan.initiativeId,
				title,
				language,
				narrative: narrative(language, i),
				photos: benchPhoto
			});
			photosWritten += 1;
			return;
		}
		const r = i - BENCH_STORIES;
		const n = Math.floor(restPhotos / rest) + (r < restPhotos % rest ? 1 : 0);
		const roll = rand();
		written[i] = await writeStory(db, owner, {
			initiativeId: plan.initiativeId,
			title,
			language,
			narrative: narrative(language, i, 4 + (i % 9)),
			photos: Array.from({ length: n }, (_, j) => photos[(i * 5 + j) % photos.length]!),
			roleTagIds: plan.roleTagIds.length ? [plan.roleTagIds[i % plan.roleTagIds.length]!] : [],
			// 85% shared with the curators, 5% finished but kept, 10% drafts.
			finish: roll < 0.9,
			share: roll < 0.85
		});
		photosWritten += n;
	};
	await Promise.all(
		Array.from({ length: WRITERS }, async () => {
			while (next < mine.length) {
				await writeOne(mine[next++]!);
				if (next - reported >= Math.max(25, Math.round(mine.length / 10))) {
					reported = next;
					log(
						`${next}/${mine.length} stories, ${photosWritten} photos (${(photosWritten / elapsed()).toFixed(1)} photos/s)`
					);
				}
			}
		})
	);
	log(
		`${mine.length} stories, ${photosWritten} photos written; the AVIF renderings still waiting…`
	);
	await worker.stop();
	client.close();
	const { drainJobs } = await import('./lib/setup');
	log(`${await drainJobs(dir)} AVIF renderings at the end`);
	writeFileSync(join(dir, writtenFile(k)), JSON.stringify({ written, cpu: cpuSeconds() }));
}

async function main() {
	const args = process.argv.slice(2);
	const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
	const dirArg = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
	if (!dirArg) {
		console.error('usage: npm run bench:scale-data -- <dir> [--fraction F]');
		process.exit(2);
	}
	const dir = resolve(dirArg);
	const k = at('--writer');
	if (k !== undefined) return writer(dir, Number(k), Number(at('--of')));

	const fraction = Number(at('--fraction') ?? process.env.SCALE_FRACTION) || 1;
	if (existsSync(dir) && readdirSync(dir).length > 0) {
		console.error(`${dir} is not empty: the generator starts from an empty data directory.`);
		process.exit(2);
	}
	mkdirSync(dir, { recursive: true });
	const log = (line: string) => console.log(`[${elapsed().toFixed(1).padStart(6)} s] ${line}`);
	const scaled = (n: number, min: number) => Math.max(min, Math.round(n * fraction));
	const counts = {
		users: scaled(FULL.users, 20),
		stories: scaled(FULL.stories, BENCH_STORIES + 20),
		photos: scaled(FULL.photos, BENCH_STORIES + 80),
		exhibitions: scaled(FULL.exhibitions, 3)
	};
	log(
		`generating ${counts.users} users, ${counts.stories} stories, ${counts.photos} photos and ` +
			`${counts.exhibitions} exhibitions into ${dir} (fraction ${fraction}, ${PROCESSES} processes)`
	);

	const { db, client } = await openApp(dir);
	const { createInitiative, createTheme, createWorkingGroup } =
		await import('../src/lib/server/initiatives');
	const { listRoleTags } = await import('../src/lib/server/initiatives/role-tags');
	const { giveRole, makeUser, text } = await import('../tests/fixtures/factories');
	const { buildExhibition, localized } = await import('./lib/world');
	const { drainJobs } = await import('./lib/setup');

	const admin = await makeUser(db, { isAdmin: true, displayName: 'Admin' });
	const initiativeId = await createInitiative(db, admin.id, {
		title: localized('A large initiative', 'יוזמה גדולה', 'مبادرة كبيرة'),
		description: text('Generated for measuring at scale.')
	});
	const groups: { id: string; themeIds: string[] }[] = [];
	for (let g = 1; g <= 4; g++) {
		const id = await createWorkingGroup(db, admin.id, initiativeId, {
			title: localized(`Working group ${g}`, `קבוצת עבודה ${g}`, `مجموعة عمل ${g}`),
			description: {}
		});
		const themeIds: string[] = [];
		for (let t = 1; t <= 3; t++)
			themeIds.push(
				await createTheme(
					db,
					admin.id,
					{ id, initiativeId },
					{
						title: localized(`Theme ${g}.${t}`, `נושא ${g}.${t}`, `موضوع ${g}.${t}`),
						description: text('A question of the common agenda.')
					}
				)
			);
		groups.push({ id, themeIds });
	}
	const allThemes = groups.flatMap((g) => g.themeIds);
	const benchTheme = allThemes[0]!;
	const roleTagIds = (await listRoleTags(db, initiativeId)).map((t) => t.id);

	// People: one curator in 200, one partner in 70 (each in a working group), the rest participants.
	const curators: { id: string; isAdmin: boolean }[] = [];
	const participants: { id: string; isAdmin: boolean }[] = [];
	const curatorCount = Math.max(1, Math.round(counts.users / 200));
	const partnerCount = Math.max(1, Math.round(counts.users / 70));
	for (let i = 0; i < counts.users - 1; i++) {
		const user = await makeUser(db, { displayName: `Person ${i + 1}` });
		const person = { id: user.id, isAdmin: false };
		if (i < curatorCount) {
			await giveRole(db, user, initiativeId, 'curator');
			curators.push(person);
		} else if (i < curatorCount + partnerCount) {
			await giveRole(db, user, initiativeId, 'partner', [groups[i % groups.length]!.id]);
		} else {
			await giveRole(db, user, initiativeId, 'participant');
			participants.push(person);
		}
	}
	log(`${counts.users} users`);
	const plan: Plan = { initiativeId, counts, participants, roleTagIds };
	writeFileSync(join(dir, PLAN), JSON.stringify(plan));

	// The stories, in PROCESSES processes of this script.
	const script = fileURLToPath(import.meta.url);
	const codes = await Promise.all(
		Array.from(
			{ length: PROCESSES },
			(_, k) =>
				new Promise<number | null>((done) => {
					const child = spawn(
						process.execPath,
						[...process.execArgv, script, dir, '--writer', String(k), '--of', String(PROCESSES)],
						{ stdio: ['ignore', 'inherit', 'inherit'] }
					);
					child.on('exit', done);
				})
		)
	);
	if (codes.some((c) => c !== 0)) throw new Error(`a writing process failed (${codes})`);
	const written: WrittenStory[] = new Array(counts.stories);
	const writersCpu = { total: 0, main: 0 };
	for (let k = 0; k < PROCESSES; k++) {
		const part: { written: Record<string, WrittenStory>; cpu: { total: number; main: number } } =
			JSON.parse(readFileSync(join(dir, writtenFile(k)), 'utf8'));
		writersCpu.total += part.cpu.total;
		writersCpu.main = Math.max(writersCpu.main, part.cpu.main);
		for (const [i, story] of Object.entries(part.written))
			written[Number(i)] = { ...story, sharedAt: story.sharedAt && new Date(story.sharedAt) };
		rmSync(join(dir, writtenFile(k)));
	}
	rmSync(join(dir, PLAN));
	const photos = written.reduce((sum, s) => sum + s.photoIds.length, 0);
	log(`${counts.stories} stories, ${photos} photos`);

	// Exhibitions: the bench one, then the rest of 2–28 stories from the pool, mostly public
	// and published, most placements approved, each informing one or two themes.
	const rand = random(11);
	const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
	const curator = curators[0]!;
	const bench = await buildExhibition(db, curator.id, {
		initiativeId,
		title: localized('Sixty voices (bench)', 'שישים קולות (מדידה)', 'ستون صوتًا (قياس)'),
		introduction: localized(
			'An exhibition of sixty stories, for measuring.',
			'תערוכה של שישים סיפורים, למדידה.',
			'معرض من ستين قصة، للقياس.'
		),
		audience: 'public',
		themeIds: [benchTheme],
		stories: written.slice(0, BENCH_STORIES)
	});
	const pool = written.slice(BENCH_STORIES).filter((s) => s.sharedAt);
	let placements = bench.placed;
	for (let e = 1; e < counts.exhibitions; e++) {
		const size = Math.min(2 + Math.floor(rand() * 27), pool.length);
		const chosen = new Set<WrittenStory>();
		while (chosen.size < size) chosen.add(pick(pool));
		const roll = rand();
		const audience = roll < 0.6 ? 'public' : roll < 0.85 ? 'partners' : 'working_group';
		const group = pick(groups);
		const themeIds = new Set([pick(group.themeIds), ...(rand() < 0.5 ? [pick(allThemes)] : [])]);
		const approveRolls = [...chosen].map(() => rand() < 0.85);
		await buildExhibition(db, pick(curators).id, {
			initiativeId,
			title: localized(`Exhibition ${e}`, `תערוכה ${e}`, `معرض ${e}`),
			introduction: localized(
				'Stories on a question of the common agenda.',
				'סיפורים על שאלה מסדר היום המשותף.',
				'قصص حول سؤال من الأجندة المشتركة.'
			),
			audience,
			workingGroupIds: audience === 'working_group' ? [group.id] : [],
			themeIds: [...themeIds],
			stories: [...chosen],
			approve: (i) => approveRolls[i]!,
			publish: rand() < 0.85
		});
		placements += chosen.size;
		if (e % Math.max(10, Math.round(counts.exhibitions / 10)) === 0)
			log(`${e + 1} exhibitions, ${placements} placements`);
	}
	log(`${counts.exhibitions} exhibitions, ${placements} placements`);
	client.close();
	log('the AVIF renderings still waiting…');
	const ranAtEnd = await drainJobs(dir);
	const seconds = elapsed();
	log(`done (${ranAtEnd} AVIF renderings at the end)`);
	// What the machine's load does not change much: the CPU the work needed. On an otherwise
	// quiet machine the run takes at least the busiest JavaScript thread's time and at least
	// all CPU time spread over the cores.
	const own = cpuSeconds();
	const cpu = {
		total: Math.round(own.total + writersCpu.total),
		busiestThread: Math.round(Math.max(writersCpu.main, own.main)),
		cores: availableParallelism()
	};
	const quietSeconds = Math.max(cpu.busiestThread, cpu.total / cpu.cores);

	const manifest = {
		generatedAt: new Date().toISOString(),
		generatorSeconds: seconds,
		fraction,
		processes: PROCESSES,
		durable: process.env.SCALE_DURABLE === '1',
		cpu,
		counts: { ...counts, photos, placements },
		initiativeId,
		curator,
		exhibition: {
			id: bench.id,
			slug: bench.slug,
			storyIds: written.slice(0, BENCH_STORIES).map((s) => s.id)
		},
		themeId: benchTheme
	};
	writeFileSync(join(dir, 'scale-manifest.json'), JSON.stringify(manifest, null, 2));
	const minutes = (s: number) => `${(s / fraction / 60).toFixed(1)} min`;
	console.log(
		`\n${seconds} s for fraction ${fraction} (${cpu.total} CPU s, the busiest JavaScript thread ` +
			`${cpu.busiestThread} s). The full size, extrapolated: ${minutes(seconds)} at this ` +
			`machine's load, at least ${minutes(quietSeconds)} on a quiet ${cpu.cores}-core machine ` +
			`(target: under 10 min).\nManifest: ${join(dir, 'scale-manifest.json')}`
	);
}

await main();
