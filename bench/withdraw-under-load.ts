// npm run bench:withdraw
//
// How long a participant waits for a withdrawal to be acknowledged while the public exhibition
// page is read by 25 connections at once, against the same withdrawals with no load, in the
// same run. The built server runs on a fresh data directory seeded with the demo world
// (scripts/demo/), plus one participant with WITHDRAWALS × 2 approved placements in a second
// public exhibition. Each withdrawal is the form post the sharing page sends; "acknowledged" is
// the server's answer to it (its redirect). Prints p50/p95 for both, the readers' throughput and errors.
//
// The load is a small loop over node:http with a keep-alive agent (25 sockets, each asking
// again as soon as it has its answer), not autocannon: what is measured is the withdrawal
// beside the load, with the app's own cookie and form post, and that is a few lines here.
//
// BENCH_CONNECTIONS (25), BENCH_WITHDRAWALS (20) and BENCH_GAP_MS (250, between withdrawals)
// change the run; BENCH_TARGET_MS (1000) is the p95 the run must stay under to exit 0.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { startServer } from '../tests/e2e/server';
import { phoneJpeg } from '../tests/fixtures/photos';
import { giveRole, makeUser, sessionFor, text } from '../tests/fixtures/factories';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS) || 25;
const WITHDRAWALS = Number(process.env.BENCH_WITHDRAWALS) || 20;
const GAP_MS = Number(process.env.BENCH_GAP_MS) || 250;
const TARGET_MS = Number(process.env.BENCH_TARGET_MS) || 1000;

const server = await startServer();
// The seed and the app's modules read DATA_DIR once: the server's own directory.
process.env.DATA_DIR = server.dataDir;
const { seededDemo } = await import('../scripts/demo/open');
const { ownStory } = await import('../src/lib/server/access');
const { createStory, setStoryStatus, updatePhotoText, updateStoryText } =
	await import('../src/lib/server/stories');
const { addPhoto } = await import('../src/lib/server/media/photos');
const { decidePlacement, shareStory, showTerms } = await import('../src/lib/server/consent');
const { createExhibition, getExhibition, proposePlacement, setExhibitionStatus } =
	await import('../src/lib/server/exhibitions');

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round = (ms: number) => Math.round(ms);

try {
	console.log('seeding the demo world…');
	const { manifest, db, client, curator, initiativeId } = await seededDemo(server.dataDir);
	const participant = await makeUser(db);
	await giveRole(db, participant, initiativeId, 'participant');

	console.log(`arranging ${WITHDRAWALS * 2} approved placements to withdraw…`);
	const exhibitionId = await createExhibition(
		db,
		curator.id,
		initiativeId,
		{
			title: text('Bench exhibition'),
			introduction: text('Stories to withdraw while another exhibition is read.'),
			audience: 'public',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('Everything')
	);
	const tmp = join(server.dataDir, 'tmp');
	await mkdir(tmp, { recursive: true });
	const photo = await phoneJpeg(320, 240);
	const targets: { storyId: string; placementId: string }[] = [];
	for (let i = 0; i < WITHDRAWALS * 2; i++) {
		const storyId = await createStory(db, participant, {
			initiativeId,
			title: `Bench story ${i}`,
			language: 'en'
		});
		const own = async () => (await ownStory(db, participant, storyId))!;
		const path = join(tmp, `bench-${randomUUID()}`);
		await writeFile(path, photo);
		const added = await addPhoto(db, await own(), path);
		await rm(path, { force: true });
		await updatePhotoText(db, await own(), added.id, { altText: 'A photo', caption: '' });
		await updateStoryText(db, await own(), {
			title: `Bench story ${i}`,
			narrative: 'Words to withdraw.',
			language: 'en',
			roleTagIds: [],
			freeTags: [],
			attribution: 'anonymous',
			pseudonym: ''
		});
		await setStoryStatus(db, await own(), 'finished');
		await shareStory(db, await own(), { text: 'I share it.', locale: 'en' });
		const exhibition = (await getExhibition(db, initiativeId, exhibitionId))!;
		const proposed = await proposePlacement(
			db,
			curator.id,
			exhibition,
			{ id: storyId, sharedAt: new Date(Date.now() - 1000) },
			{ sectionId: exhibition.sections[0]!.id, size: 'medium', note: '' }
		);
		if (proposed !== 'ok') throw new Error(`proposal refused: ${proposed}`);
		const placementId = (await getExhibition(db, initiativeId, exhibitionId))!.placements.find(
			(p) => p.storyId === storyId
		)!.id;
		const decided = await decidePlacement(
			db,
			await own(),
			placementId,
			{
				approve: {
					photoIds: [added.id],
					attribution: 'anonymous',
					pseudonym: '',
					expiresAt: null
				},
				shown: (await showTerms(db, placementId))!
			},
			{ text: 'I agree.', locale: 'en' }
		);
		if (decided !== 'ok') throw new Error(`approval refused: ${decided}`);
		targets.push({ storyId, placementId });
	}
	await setExhibitionStatus(
		db,
		curator.id,
		(await getExhibition(db, initiativeId, exhibitionId))!,
		'published'
	);
	const { token } = await sessionFor(db, participant);
	client.close();

	const base = new URL(server.url);
	const loadPath = `/exhibitions/${manifest.publicExhibition.slug}`;

	/** One form post to withdraw a placement: milliseconds until the 303 arrives. */
	const withdraw = (target: { storyId: string; placementId: string }) =>
		new Promise<number>((resolve, reject) => {
			const body = new URLSearchParams({ placementId: target.placementId }).toString();
			const started = performance.now();
			const req = request(
				{
					host: base.hostname,
					port: base.port,
					method: 'POST',
					path: `/participate/${initiativeId}/stories/${target.storyId}/sharing?/withdraw`,
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						'content-length': Buffer.byteLength(body),
						origin: server.url,
						cookie: `session=${token}; lang=en`
					}
				},
				(res) => {
					const elapsed = performance.now() - started;
					let answer = '';
					res.on('data', (chunk) => (answer += chunk));
					res.on('end', () => {
						// A form post without JavaScript gets the 303; the enhanced form (and this client,
						// which does not ask for HTML) gets the same redirect as an action result.
						const redirected =
							(res.statusCode === 303 ? String(res.headers.location) : answer).includes(
								'done=withdrawn'
							) &&
							(res.statusCode === 303 || answer.includes('"type":"redirect"'));
						if (!redirected)
							reject(new Error(`withdrawal answered ${res.statusCode}: ${answer.slice(0, 300)}`));
						else resolve(elapsed);
					});
				}
			);
			req.on('error', reject);
			req.end(body);
		});

	const withdrawAll = async (list: typeof targets) => {
		const times: number[] = [];
		for (const target of list) {
			times.push(await withdraw(target));
			await new Promise((resolve) => setTimeout(resolve, GAP_MS));
		}
		return times;
	};

	// The readers: CONNECTIONS loops, each asking again as soon as it has its answer.
	const readers = { running: true, done: 0, errors: 0, latencies: [] as number[] };
	const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
	const read = () =>
		new Promise<void>((resolve) => {
			const started = performance.now();
			const req = request(
				{
					host: base.hostname,
					port: base.port,
					path: loadPath,
					agent,
					headers: { cookie: 'lang=he' }
				},
				(res) => {
					res.on('data', () => {});
					res.on('end', () => {
						if (res.statusCode === 200) {
							readers.done++;
							readers.latencies.push(performance.now() - started);
						} else readers.errors++;
						resolve();
					});
				}
			);
			req.on('error', () => {
				readers.errors++;
				resolve();
			});
			req.end();
		});
	const loop = async () => {
		while (readers.running) await read();
	};

	// Warm up (first renders compile templates, fill caches), then the baseline.
	for (let i = 0; i < 10; i++) await read();
	readers.latencies = [];
	readers.done = 0;
	console.log(`baseline: ${WITHDRAWALS} withdrawals with no other load…`);
	const baseline = await withdrawAll(targets.slice(0, WITHDRAWALS));

	console.log(`load: ${CONNECTIONS} connections on ${loadPath}, ${WITHDRAWALS} withdrawals…`);
	const loops = Array.from({ length: CONNECTIONS }, loop);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const loadStarted = performance.now();
	const doneBefore = readers.done;
	const loaded = await withdrawAll(targets.slice(WITHDRAWALS));
	const loadSeconds = (performance.now() - loadStarted) / 1000;
	const pagesPerSecond = (readers.done - doneBefore) / loadSeconds;
	readers.running = false;
	await Promise.all(loops);
	agent.destroy();

	const report = {
		connections: CONNECTIONS,
		withdrawals: WITHDRAWALS,
		baseline: { p50: round(percentile(baseline, 50)), p95: round(percentile(baseline, 95)) },
		underLoad: { p50: round(percentile(loaded, 50)), p95: round(percentile(loaded, 95)) },
		readers: {
			pagesPerSecond: Math.round(pagesPerSecond * 10) / 10,
			p50: round(percentile(readers.latencies, 50)),
			p95: round(percentile(readers.latencies, 95)),
			errors: readers.errors
		}
	};
	console.log('\nwithdrawal acknowledged (ms)   p50     p95');
	console.log(
		`  no other load               ${String(report.baseline.p50).padStart(5)}   ${String(report.baseline.p95).padStart(5)}`
	);
	console.log(
		`  ${CONNECTIONS} readers                  ${String(report.underLoad.p50).padStart(5)}   ${String(report.underLoad.p95).padStart(5)}`
	);
	console.log(
		`readers: ${report.readers.pagesPerSecond} pages/s, page p50 ${report.readers.p50} ms, p95 ${report.readers.p95} ms, ${report.readers.errors} errors`
	);
	console.log(JSON.stringify(report));
	if (report.underLoad.p95 >= TARGET_MS || report.readers.errors > 0) {
		console.log(`\nFAIL: target p95 < ${TARGET_MS} ms under load, and no reader errors`);
		process.exitCode = 1;
	}
} finally {
	await server.stop();
}
