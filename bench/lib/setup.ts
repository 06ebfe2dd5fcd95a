// The world a bench run measures: the built server on a fresh data directory seeded with the
// demo (scripts/demo/), plus a published public exhibition of BENCH_STORIES (60) stories by
// six participants, each story with BENCH_PHOTOS (1) 640×480 photos through the real ingest path, every placement
// approved and informing the theme that the demo's public exhibition informs — so that theme's
// page shows both exhibitions. Background jobs (AVIF) are run to the end before it returns,
// so that no image work runs while the bench measures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { startApp, type BenchServer } from './server';
import { phoneJpeg } from '../../tests/fixtures/photos';

export const BENCH_STORIES = Number(process.env.BENCH_STORIES) || 60;
/** Photos per story of that exhibition (BENCH_PHOTOS, 1): about 11 SQL statements a story today. */
export const BENCH_PHOTOS = Number(process.env.BENCH_PHOTOS) || 1;

export interface BenchWorld {
	server: BenchServer;
	initiativeId: string;
	curator: { id: string; isAdmin: boolean };
	/** The 60-story exhibition. */
	exhibition: { id: string; slug: string; storyIds: string[] };
	/** The demo's own public exhibition (9 stories). */
	demoExhibition: { slug: string };
	themeId: string;
	seedSeconds: number;
	/** A session cookie value of the demo curator (for the pool). */
	curatorSession: () => Promise<string>;
	close: () => Promise<void>;
}

/** Runs every pending background job now (the server's worker would, 15 s after each upload). */
export async function drainJobs(dataDir: string) {
	const { openDatabase } = await import('../../src/lib/server/db');
	const { claimNext, runJob } = await import('../../src/lib/server/jobs');
	const { mediaJobHandlers } = await import('../../src/lib/server/media/photos');
	const { jobs } = await import('../../src/lib/server/db/schema');
	const { db, client } = await openDatabase({
		url: `file:${join(dataDir, 'app.db')}`,
		migrationsDir: 'db/migrations'
	});
	try {
		const handlers = mediaJobHandlers(db);
		let ran = 0;
		for (;;) {
			// As if their time had come (AVIF waits 15 s after an upload); not so far ahead that a job
			// the server's worker holds would look abandoned (its lease is 2 min).
			const job = await claimNext(db, 'bench', new Date(Date.now() + 30_000));
			if (!job) break;
			await runJob(db, job, handlers, 'bench');
			ran++;
		}
		// The server's own worker may still be finishing one it took.
		for (let waited = 0; waited < 60_000; waited += 250) {
			const busy = await db
				.select({ id: jobs.id })
				.from(jobs)
				.where(inArray(jobs.status, ['running']));
			if (busy.length === 0) break;
			await new Promise((r) => setTimeout(r, 250));
		}
		return ran;
	} finally {
		client.close();
	}
}

/** Written into the data directory once the world is complete. */
const WORLD_FILE = 'bench-world.json';
type Saved = Pick<
	BenchWorld,
	'initiativeId' | 'curator' | 'exhibition' | 'demoExhibition' | 'themeId'
>;

/**
 * Starts the server on a fresh world. With BENCH_WORLD_DIR, the world is kept in that directory
 * and a later run with the same directory measures it again without seeding (for working on
 * the bench or the server; the demo's passwords are not kept).
 */
export async function setupWorld(log: (line: string) => void = console.log): Promise<BenchWorld> {
	const started = performance.now();
	const keptDir = process.env.BENCH_WORLD_DIR ? resolve(process.env.BENCH_WORLD_DIR) : undefined;
	if (keptDir) mkdirSync(keptDir, { recursive: true });
	const server = await startApp({ dataDir: keptDir });
	try {
		process.env.DATA_DIR = server.dataDir;
		const { openDatabase } = await import('../../src/lib/server/db');
		const { sessionFor } = await import('../../tests/fixtures/factories');
		if (keptDir && existsSync(join(keptDir, WORLD_FILE))) {
			const saved: Saved = JSON.parse(readFileSync(join(keptDir, WORLD_FILE), 'utf8'));
			log(`measuring the world kept in ${keptDir}`);
			const { db, client } = await openDatabase({
				url: `file:${join(server.dataDir, 'app.db')}`,
				migrationsDir: 'db/migrations'
			});
			await drainJobs(server.dataDir);
			return {
				...saved,
				server,
				seedSeconds: 0,
				curatorSession: async () => (await sessionFor(db, saved.curator)).token,
				close: async () => {
					client.close();
					await server.stop();
				}
			};
		}

		// The seed and the app's modules read DATA_DIR once: the server's own directory (above).
		const { seededDemo } = await import('../../scripts/demo/open');
		const { exhibitions, exhibitionThemes } = await import('../../src/lib/server/db/schema');
		const { giveRole, makeUser } = await import('../../tests/fixtures/factories');
		const { buildExhibition, localized, narrative, writeStory, LOCALES } = await import('./world');
		type Written = Awaited<ReturnType<typeof writeStory>>;

		log('seeding the demo world…');
		const { manifest, db, client, curator, initiativeId } = await seededDemo(server.dataDir);
		log(`  demo seeded in ${manifest.seedSeconds} s`);
		const [theme] = await db
			.select({ id: exhibitionThemes.themeId })
			.from(exhibitionThemes)
			.innerJoin(exhibitions, eq(exhibitions.id, exhibitionThemes.exhibitionId))
			.where(and(eq(exhibitions.slug, manifest.publicExhibition.slug)));
		if (!theme) throw new Error('the demo public exhibition informs no theme');

		log(`writing ${BENCH_STORIES} stories (${BENCH_PHOTOS} photo each) for a public exhibition…`);
		const participants = await Promise.all(
			Array.from({ length: 6 }, async (_, i) => {
				const user = await makeUser(db, { displayName: `Bench participant ${i + 1}` });
				await giveRole(db, user, initiativeId, 'participant');
				return user;
			})
		);
		const photos = await Promise.all(
			Array.from({ length: BENCH_PHOTOS }, async (_, i) => ({
				data: await (i % 2 ? phoneJpeg(480, 640) : phoneJpeg(640, 480)),
				ext: 'jpg' as const
			}))
		);
		const written: Written[] = new Array(BENCH_STORIES);
		let next = 0;
		await Promise.all(
			Array.from({ length: 2 }, async () => {
				while (next < BENCH_STORIES) {
					const i = next++;
					const language = LOCALES[i % LOCALES.length]!;
					written[i] = await writeStory(db, participants[i % participants.length]!, {
						initiativeId,
						title: `${['סיפור', 'قصة', 'Story'][i % 3]} ${i + 1}`,
						language,
						narrative: narrative(language, i),
						photos
					});
				}
			})
		);
		const built = await buildExhibition(db, curator.id, {
			initiativeId,
			title: localized('Sixty voices (bench)', 'שישים קולות (מדידה)', 'ستون صوتًا (قياس)'),
			introduction: localized(
				'An exhibition of sixty stories, for measuring.',
				'תערוכה של שישים סיפורים, למדידה.',
				'معرض من ستين قصة، للقياس.'
			),
			audience: 'public',
			themeIds: [theme.id],
			stories: written
		});
		log(
			`  ${BENCH_STORIES} stories written and shown at ${Math.round((performance.now() - started) / 1000)} s`
		);
		log('running the background image jobs to the end…');
		const jobsRun = await drainJobs(server.dataDir);
		const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
		log(`world ready in ${seedSeconds} s (${jobsRun} image jobs)`);
		const saved: Saved = {
			initiativeId,
			curator: { id: curator.id, isAdmin: curator.isAdmin },
			exhibition: { id: built.id, slug: built.slug, storyIds: written.map((w) => w.id) },
			demoExhibition: { slug: manifest.publicExhibition.slug },
			themeId: theme.id
		};
		if (keptDir) writeFileSync(join(keptDir, WORLD_FILE), JSON.stringify(saved));
		return {
			...saved,
			server,
			seedSeconds,
			curatorSession: async () => (await sessionFor(db, curator)).token,
			close: async () => {
				client.close();
				await server.stop();
			}
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}
