// npm run hostile:crash [-- --cycles 100] [-- --seed 1] [-- --minutes 30]
//
// Kills the built server with SIGKILL (what the kernel's OOM killer does) at random moments
// while a participant uploads photos that carry GPS, reframes them with redactions, deletes
// photos and stories, and cuts uploads off, and while a curator proposes the participant's
// shared stories for a public exhibition and the participant approves them (with the terms the
// request page showed) and withdraws them again — one placement, the whole story, or
// everything — all through the app's own forms; then starts it again and checks, after every
// restart (docs/media.md, "The startup sweep"; docs/consent.md):
//   - PRAGMA integrity_check is ok;
//   - no row points at a missing file, no file lacks a row (but what an intent says is being
//     written right now), no partial write, nothing in the upload directory;
//   - every acknowledged upload is there, every acknowledged deletion is in force;
//   - every acknowledged withdrawal is in force: the placement is not standing, and for an
//     anonymous visitor the story's page and every picture of it the exhibition showed answer
//     404 and the exhibition page does not name it (a withdrawn story is out of the pool too);
//   - every acknowledged approval holds (the story is shown), unless a withdrawal was sent after;
//   - owner-only modes, and no file anywhere under DATA_DIR from which GPS can be read.
// The default is 3 cycles (the fast variant, as CI runs it). Exits 1 on any failure.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import { photos, placements, stories } from '../../src/lib/server/db/schema';
import { ownStory } from '../../src/lib/server/access';
import { setStoryStatus, updatePhotoText, updateStoryText } from '../../src/lib/server/stories';
import {
	createExhibition,
	getExhibition,
	setExhibitionStatus
} from '../../src/lib/server/exhibitions';
import { random } from '../../tests/fixtures/images';
import { phoneJpeg } from '../../tests/fixtures/photos';
import { giveRole, makeUser, sessionFor, text } from '../../tests/fixtures/factories';
import { startServer, type RunningServer } from '../../tests/e2e/server';
import { inspectDataDir } from './checks';
import {
	approveRequest,
	deleteStory,
	postForm,
	rawUpload,
	storyPath,
	submit,
	participantOn,
	upload
} from './session';

export interface CrashOptions {
	cycles?: number;
	seed?: number;
	/** Stops after this many minutes even if cycles are left (the summary says how many ran). */
	minutes?: number;
	log?: (line: string) => void;
}

export interface CrashReport {
	cycles: number;
	failures: string[];
	/** What the client saw acknowledged before each kill, summed. */
	acknowledged: {
		uploads: number;
		reframes: number;
		photoDeletes: number;
		storyDeletes: number;
		proposals: number;
		approvals: number;
		/** Of one placement, of a whole story, of everything. */
		withdrawals: { placement: number; story: number; everything: number };
	};
	/** After the restarts: withdrawals found in force (their pictures asked for), approvals standing. */
	checked: { withdrawn: number; pictures: number; approved: number };
	/** Requests cut off by a kill. */
	interrupted: number;
	/** What the startup sweeps removed, summed over every restart. */
	swept: { uploads: number; partial: number; orphans: number; intents: number };
	seconds: number;
}

/** What is done to a story on its way in and out of the exhibition, one step per cycle. */
type ConsentOp =
	'share' | 'unshare' | 'propose' | 'approve' | 'withdraw' | 'withdrawStory' | 'withdrawAll';
const WITHDRAWALS: ConsentOp[] = ['withdraw', 'withdrawStory', 'withdrawAll'];
const ID = '[a-z2-7]{16}';
const MEDIA = new RegExp(`/media/(${ID})/\\d+/\\d+\\.(?:webp|jpg|avif)\\?in=e\\.${ID}`, 'g');

interface ConsentStory {
	id: string;
	photoIds: string[];
	/** Every step sent, in order, and whether the server acknowledged it. */
	history: { op: ConsentOp; acked: boolean }[];
	/** The picture URLs the exhibition showed of it, with their ETags. */
	urls: Map<string, string>;
}

/** An anonymous GET, as a visitor (or a cache revalidating with an ETag) asks. */
async function visit(server: RunningServer, path: string, etag = '') {
	const response = await fetch(`${server.url}${path}`, {
		headers: etag ? { 'If-None-Match': etag } : {}
	});
	const body = await response.text();
	return { status: response.status, body, etag: response.headers.get('etag') ?? '' };
}

const SWEEP =
	/startup sweep: (\d+) raw uploads, (\d+) partial files, (\d+) unreferenced files and (\d+) unfinished writes removed; \d+ modes made owner-only; (\d+) unreferenced files had no deletion queued/;

export async function runCrash(options: CrashOptions = {}): Promise<CrashReport> {
	const cycles = options.cycles ?? 3;
	const seed = options.seed ?? 1;
	const log = options.log ?? console.log;
	if (!existsSync('build/index.js')) throw new Error('No build: run `npx vite build` first.');
	process.umask(0o077);
	const next = random(seed);
	const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
	const started = Date.now();
	const report: CrashReport = {
		cycles: 0,
		failures: [],
		acknowledged: {
			uploads: 0,
			reframes: 0,
			photoDeletes: 0,
			storyDeletes: 0,
			proposals: 0,
			approvals: 0,
			withdrawals: { placement: 0, story: 0, everything: 0 }
		},
		checked: { withdrawn: 0, pictures: 0, approved: 0 },
		interrupted: 0,
		swept: { uploads: 0, partial: 0, orphans: 0, intents: 0 },
		seconds: 0
	};
	const fail = (line: string) => {
		report.failures.push(line);
		log(`FAIL ${line}`);
	};

	// Photos as phones take them: with where and by whom, in the EXIF.
	const payloads = await Promise.all([
		phoneJpeg(1200, 900, true),
		phoneJpeg(2400, 1600, true),
		phoneJpeg(4000, 3000, true)
	]);
	const server = await startServer({
		env: {
			MAX_UPLOADS_PER_HOUR: '10000',
			MAX_STORIES_PER_PERSON: '10000',
			MAX_PHOTOS_PER_STORY: '100'
		}
	});
	const who = await participantOn(server);
	// What the server acknowledged, and so must hold after any crash.
	const present = new Map<string, string>(); // photo id → story id
	const reframed = new Map<string, number>(); // photo id → at least this version
	const goneStories = new Set<string>();
	const gonePhotos = new Set<string>();
	const storyIds = await Promise.all([0, 1, 2].map((i) => who.newStory(`crash ${i}`)));
	// Photos to reframe and delete from the first cycle on.
	for (const storyId of storyIds) {
		const answer = await upload(server, who, storyId, payloads[0]!);
		if (answer.status !== 201 || !answer.photoId) throw new Error(`setup: ${answer.body}`);
		present.set(answer.photoId, storyId);
	}

	// The consent side: a curator of the same initiative, a published public exhibition, and
	// three finished stories of the participant with two described photos each.
	const curator = await makeUser(who.db);
	await giveRole(who.db, curator, who.initiativeId, 'curator');
	const curatorSession = { cookie: `session=${(await sessionFor(who.db, curator)).token}` };
	const exhibitionId = await createExhibition(
		who.db,
		curator.id,
		who.initiativeId,
		{
			title: text('Crash exhibition'),
			introduction: text('Stories approved and withdrawn while the server is killed.'),
			audience: 'public',
			workingGroupIds: [],
			themeIds: [],
			endsAt: null
		},
		text('Everything')
	);
	const exhibition = (await getExhibition(who.db, who.initiativeId, exhibitionId))!;
	await setExhibitionStatus(who.db, curator.id, exhibition, 'published');
	const exhibitionPath = `/exhibitions/${exhibition.slug}`;
	const owner = (await who.db.query.users.findFirst({
		where: (u, { eq }) => eq(u.id, who.userId)
	}))!;
	const consentStories: ConsentStory[] = [];
	for (let i = 0; i < 3; i++) {
		const id = await who.newStory(`consent ${i}`);
		const photoIds: string[] = [];
		for (let p = 0; p < 2; p++) {
			const answer = await upload(server, who, id, payloads[0]!);
			if (answer.status !== 201 || !answer.photoId) throw new Error(`setup: ${answer.body}`);
			await updatePhotoText(who.db, (await ownStory(who.db, owner, id))!, answer.photoId, {
				altText: `Photo ${p + 1}`,
				caption: ''
			});
			photoIds.push(answer.photoId);
		}
		await updateStoryText(who.db, (await ownStory(who.db, owner, id))!, {
			title: `Consent ${i}`,
			narrative: 'Words that are shown, and withdrawn.',
			language: 'en',
			roleTagIds: [],
			freeTags: [],
			attribution: 'anonymous',
			pseudonym: ''
		});
		await setStoryStatus(who.db, (await ownStory(who.db, owner, id))!, 'finished');
		consentStories.push({ id, photoIds, history: [], urls: new Map() });
	}
	const sharing = (storyId: string) => `${storyPath(who, storyId)}/sharing`;

	/** Where each consent story stands now, in the database. */
	const consentState = async () => {
		const ids = consentStories.map((c) => c.id);
		const [storyRows, placementRows] = await Promise.all([
			who.db
				.select({ id: stories.id, sharedAt: stories.sharedAt })
				.from(stories)
				.where(inArray(stories.id, ids)),
			who.db
				.select({
					id: placements.id,
					storyId: placements.storyId,
					status: placements.status,
					decidedAt: placements.decidedAt
				})
				.from(placements)
				.where(and(inArray(placements.storyId, ids), eq(placements.exhibitionId, exhibitionId)))
		]);
		return new Map(
			consentStories.map((c) => [
				c.id,
				{
					sharedAt: storyRows.find((r) => r.id === c.id)?.sharedAt ?? null,
					placement: placementRows.find((r) => r.storyId === c.id)
				}
			])
		);
	};
	type ConsentState =
		Awaited<ReturnType<typeof consentState>> extends Map<string, infer V> ? V : never;

	/** The next step for a story, from where it stands. */
	const nextOp = (state: ConsentState): ConsentOp => {
		const { sharedAt, placement } = state;
		if (placement?.status === 'approved') return pick(['withdraw', 'withdrawStory', 'withdrawAll']);
		if (placement?.status === 'pending') return 'approve';
		if (!sharedAt) return 'share';
		// Asked again only once shared again after the last decision.
		if (placement && placement.decidedAt && sharedAt.getTime() <= placement.decidedAt.getTime())
			return 'unshare';
		return 'propose';
	};

	/** Sends one step through its form; resolves when acknowledged, rejects otherwise. */
	const consentStep = async (story: ConsentStory, op: ConsentOp, placementId?: string) => {
		const entries = op === 'withdrawAll' ? consentStories : [story];
		const records = entries.map((c) => {
			const record = { op, acked: false };
			c.history.push(record);
			return record;
		});
		let answer: { status: number; location: string };
		let expected: string;
		if (op === 'propose') {
			answer = await submit(
				server,
				curatorSession,
				`/curate/${who.initiativeId}/pool/${story.id}?/propose`,
				{ target: `${exhibitionId}:${exhibition.sections[0]!.id}`, size: 'medium', note: '' }
			);
			expected = 'done=proposed';
		} else if (op === 'approve') {
			answer = await approveRequest(server, who, placementId!, story.photoIds);
			expected = 'done=approved';
		} else if (op === 'withdrawAll') {
			answer = await submit(
				server,
				who,
				`/participate/${who.initiativeId}/consents?/withdrawAll`,
				{}
			);
			expected = 'withdrawn';
		} else {
			const fields: Record<string, string> = op === 'withdraw' ? { placementId: placementId! } : {};
			answer = await submit(server, who, `${sharing(story.id)}?/${op}`, fields);
			expected = {
				share: 'done=shared',
				unshare: 'done=unshared',
				withdraw: 'done=withdrawn',
				withdrawStory: 'done=withdrawn-story'
			}[op];
		}
		// An answer that is not the one the form gives is a failure (a kill gives no answer).
		if (answer.status !== 303 || !answer.location.includes(expected)) {
			fail(`${op} of ${story.id}: HTTP ${answer.status} ${answer.location}`);
			throw new Error(op);
		}
		for (const record of records) record.acked = true;
		const a = report.acknowledged;
		if (op === 'propose') a.proposals += 1;
		else if (op === 'approve') a.approvals += 1;
		else if (op === 'withdraw') a.withdrawals.placement += 1;
		else if (op === 'withdrawStory') a.withdrawals.story += 1;
		else if (op === 'withdrawAll') a.withdrawals.everything += 1;
	};

	/** The next step of a story drawn at random, from where it stands now. */
	const consentNext = async () => {
		const states = await consentState();
		const story = pick(consentStories);
		const state = states.get(story.id)!;
		await consentStep(story, nextOp(state), state.placement?.id);
	};

	/**
	 * After a restart: every acknowledged withdrawal in force and every acknowledged approval
	 * standing (unless a later step, acknowledged or cut off, may have changed it), as the
	 * database says and as an anonymous visitor sees it.
	 */
	const checkConsent = async (cycle: number) => {
		const states = await consentState();
		const page = await visit(server, exhibitionPath);
		if (page.status !== 200) fail(`cycle ${cycle}: ${exhibitionPath} answered ${page.status}`);
		for (const story of consentStories) {
			const state = states.get(story.id)!;
			const status = state.placement?.status;
			const storyPage = `${exhibitionPath}/${story.id}`;
			const decisive = story.history.findLastIndex(
				(h) => h.acked && (h.op === 'approve' || WITHDRAWALS.includes(h.op))
			);
			const last = story.history[decisive];
			const later = story.history.slice(decisive + 1).map((h) => h.op);
			if (last && WITHDRAWALS.includes(last.op) && !later.includes('approve')) {
				if (status === 'approved')
					fail(
						`cycle ${cycle}: acknowledged ${last.op} of ${story.id} not in force: placement approved`
					);
				if (last.op !== 'withdraw' && !later.includes('share') && state.sharedAt)
					fail(`cycle ${cycle}: acknowledged ${last.op} of ${story.id}: still in the pool`);
				const seen = await visit(server, storyPage);
				if (seen.status !== 404)
					fail(`cycle ${cycle}: withdrawn ${storyPage} answered ${seen.status} to anyone`);
				report.checked.withdrawn += 1;
				for (const [url, etag] of story.urls) {
					report.checked.pictures += 1;
					const picture = await visit(server, url, etag);
					if (picture.status !== 404)
						fail(`cycle ${cycle}: withdrawn picture ${url} answered ${picture.status}`);
				}
				if ([story.id, ...story.photoIds].some((id) => page.body.includes(id)))
					fail(`cycle ${cycle}: ${exhibitionPath} still names withdrawn story ${story.id}`);
			}
			if (last?.op === 'approve' && !later.some((op) => WITHDRAWALS.includes(op))) {
				if (status !== 'approved')
					fail(`cycle ${cycle}: acknowledged approval of ${story.id} lost: placement ${status}`);
				else report.checked.approved += 1;
			}
			// Whatever is shown now: what a visitor is given of it, to ask for after a withdrawal.
			if (status === 'approved') {
				const seen = await visit(server, storyPage);
				if (seen.status !== 200) {
					fail(`cycle ${cycle}: approved ${storyPage} answered ${seen.status}`);
					continue;
				}
				for (const match of seen.body.matchAll(MEDIA)) {
					if (story.urls.has(match[0])) continue;
					const picture = await visit(server, match[0]);
					if (picture.status !== 200)
						fail(`cycle ${cycle}: approved picture ${match[0]} answered ${picture.status}`);
					story.urls.set(match[0], picture.etag);
				}
			}
		}
	};

	try {
		// Shared, proposed and approved before the first kill, so that withdrawals come at once.
		for (const story of consentStories)
			for (let step = 0; step < 3; step++) {
				const state = (await consentState()).get(story.id)!;
				await consentStep(story, nextOp(state), state.placement?.id);
			}
		await checkConsent(0);

		const until = options.minutes ? started + options.minutes * 60_000 : Infinity;
		for (let cycle = 1; cycle <= cycles && Date.now() < until; cycle++) {
			// Keep the directory from growing without end: retire a story now and then.
			if (present.size > 24) {
				const storyId = storyIds.shift()!;
				if ((await deleteStory(server, who, storyId)) === 303) {
					goneStories.add(storyId);
					for (const [photo, story] of present) if (story === storyId) gonePhotos.add(photo);
					for (const photo of gonePhotos) present.delete(photo);
					report.acknowledged.storyDeletes += 1;
				}
				storyIds.push(await who.newStory(`crash ${cycle}`));
			}

			const work: Promise<void>[] = [];
			let acknowledged!: () => void;
			const firstAnswer = new Promise<void>((resolve) => (acknowledged = resolve));
			const count = (promise: Promise<void>, answers = true) =>
				work.push(
					promise.then(
						() => {
							if (answers) acknowledged();
						},
						() => {
							report.interrupted += 1;
						}
					)
				);
			for (let i = 0; i < 3; i++) {
				const storyId = pick(storyIds);
				count(
					upload(server, who, storyId, pick(payloads)).then((answer) => {
						if (answer.status === 201 && answer.photoId) {
							// Its story may have been deleted meanwhile: then the photo went with it.
							if (goneStories.has(storyId)) gonePhotos.add(answer.photoId);
							else present.set(answer.photoId, storyId);
							report.acknowledged.uploads += 1;
						} else if (answer.status !== 201) throw new Error(answer.body);
					})
				);
			}
			const known = [...present.entries()];
			if (known.length > 0) {
				const [photoId, storyId] = pick(known);
				const [row] = await who.db
					.select({ version: photos.version })
					.from(photos)
					.where(eq(photos.id, photoId));
				const framing = {
					rotation: pick([0, 90, 180, 270]),
					aspect: 'free',
					crop: { x: 0.05, y: 0.05, w: 0.9, h: 0.85 },
					focal: { x: 0.5, y: 0.5 },
					redactions: [{ x: next() * 0.5, y: next() * 0.5, w: 0.3, h: 0.3, style: 'blur' }]
				};
				count(
					postForm(server, who, `${storyPath(who, storyId)}/photos/${photoId}?/save`, {
						framing: JSON.stringify(framing)
					}).then((status) => {
						if (status !== 303) throw new Error(`reframe: HTTP ${status}`);
						if (!gonePhotos.has(photoId))
							reframed.set(photoId, Math.max(reframed.get(photoId) ?? 0, (row?.version ?? 0) + 1));
						report.acknowledged.reframes += 1;
					})
				);
			}
			if (known.length > 4 && next() < 0.5) {
				const [photoId, storyId] = pick(known);
				count(
					postForm(server, who, `${storyPath(who, storyId)}/photos?/delete`, { photoId }).then(
						(status) => {
							if (status !== 303) throw new Error(`photo delete: HTTP ${status}`);
							present.delete(photoId);
							reframed.delete(photoId);
							gonePhotos.add(photoId);
							report.acknowledged.photoDeletes += 1;
						}
					)
				);
			}
			// Now and then, a whole story goes, while the rest is going on.
			if (next() < 0.1 && storyIds.length > 1) {
				const storyId = storyIds.shift()!;
				storyIds.push(await who.newStory(`crash ${cycle}`));
				count(
					deleteStory(server, who, storyId).then((status) => {
						if (status !== 303) throw new Error(`story delete: HTTP ${status}`);
						goneStories.add(storyId);
						for (const [photo, story] of present)
							if (story === storyId) {
								gonePhotos.add(photo);
								present.delete(photo);
								reframed.delete(photo);
							}
						report.acknowledged.storyDeletes += 1;
					})
				);
			}
			// The consent side, one step at a time through the forms (so that the order they took
			// effect in is the order they were sent in), until the kill cuts one off.
			count(
				(async () => {
					for (;;) await consentNext();
				})(),
				false
			);

			// An upload whose sender gives up halfway.
			count(
				rawUpload(
					server,
					who,
					pick(storyIds),
					{ 'Content-Length': String(payloads[2]!.length) },
					async (write, destroy) => {
						write(payloads[2]!.subarray(0, Math.floor(payloads[2]!.length / 2)));
						await sleep(100 + next() * 500);
						destroy();
					}
				).then(() => undefined),
				false
			);

			// Half the time at any moment from the first bytes of the uploads on; half the time
			// just after the server acknowledged something (while the rest, the AVIF jobs and
			// the deletions it queued are under way), so that every cycle, however slow the
			// machine, also kills after progress.
			if (next() < 0.5) await sleep(50 + next() * 3950);
			else {
				await Promise.race([firstAnswer, sleep(30_000)]);
				await sleep(next() * 700);
			}
			await server.kill();
			await Promise.all(work);
			await server.start();
			const sweep = SWEEP.exec(server.output());
			if (sweep) {
				report.swept.uploads += Number(sweep[1]);
				report.swept.partial += Number(sweep[2]);
				report.swept.orphans += Number(sweep[3]);
				report.swept.intents += Number(sweep[4]);
				// Every file that lost its row had its deletion queued with it (the others are
				// written under an intent): a file neither announced nor queued is a bug.
				if (Number(sweep[5]) > 0)
					fail(`cycle ${cycle}: ${sweep[5]} unreferenced files that no deletion job named`);
			}

			// After the sweep, before anything new: the data directory at rest (but for the jobs
			// that resumed at start, whose intents say what they are writing).
			const findings = await inspectDataDir(server.dataDir, { inFlight: true });
			for (const problem of findings.problems) fail(`cycle ${cycle}: ${problem}`);
			const rows = await who.db
				.select({ id: photos.id, version: photos.version })
				.from(photos)
				.where(inArray(photos.id, [...present.keys(), ...gonePhotos]));
			const versions = new Map(rows.map((r) => [r.id, r.version]));
			for (const id of present.keys())
				if (!versions.has(id)) fail(`cycle ${cycle}: acknowledged photo ${id} is gone`);
			for (const [id, version] of reframed)
				if ((versions.get(id) ?? 0) < version)
					fail(`cycle ${cycle}: acknowledged framing of ${id} lost`);
			for (const id of gonePhotos)
				if (versions.has(id)) fail(`cycle ${cycle}: deleted photo ${id} is back`);
			if (goneStories.size > 0) {
				const back = await who.db
					.select({ id: stories.id })
					.from(stories)
					.where(inArray(stories.id, [...goneStories]));
				for (const story of back) fail(`cycle ${cycle}: deleted story ${story.id} is back`);
			}
			await checkConsent(cycle);
			report.cycles = cycle;
			log(
				`cycle ${cycle}: ${findings.files} media files, ${present.size} photos; ` +
					`sweep removed ${sweep ? `${sweep[1]} uploads, ${sweep[2]} partial, ${sweep[3]} orphans, ${sweep[4]} intents` : 'nothing'}; ` +
					`${findings.problems.length} problems`
			);
		}
	} finally {
		who.close();
		await server.stop();
	}
	report.seconds = Math.round((Date.now() - started) / 1000);
	const a = report.acknowledged;
	log(
		`${report.cycles} kill -9 cycles in ${report.seconds} s: acknowledged ${a.uploads} uploads, ` +
			`${a.reframes} reframes, ${a.photoDeletes} photo and ${a.storyDeletes} story deletions, ` +
			`${a.proposals} proposals, ${a.approvals} approvals, ${a.withdrawals.placement} placement, ` +
			`${a.withdrawals.story} story and ${a.withdrawals.everything} "everything" withdrawals; ` +
			`after the restarts, ${report.checked.withdrawn} withdrawals found in force (${report.checked.pictures} pictures 404) ` +
			`and ${report.checked.approved} approvals standing; ` +
			`${report.interrupted} requests cut off by a kill; the sweeps removed ${report.swept.uploads} raw uploads, ` +
			`${report.swept.partial} partial files, ${report.swept.orphans} unreferenced files and ` +
			`${report.swept.intents} unfinished writes; ${report.failures.length} failures`
	);
	return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const value = (name: string) => {
		const i = args.indexOf(name);
		return i >= 0 ? Number(args[i + 1]) : undefined;
	};
	const report = await runCrash({
		cycles: value('--cycles'),
		seed: value('--seed'),
		minutes: value('--minutes')
	});
	process.exitCode = report.failures.length === 0 ? 0 : 1;
}
