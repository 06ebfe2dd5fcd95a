// Seeds a data directory with the demo initiative (content.ts), through the app's own domain
// modules, as the people in it would have done it in the app: the admin sets up the initiative,
// participants write, upload, frame and share their stories (one is left a draft), mark the
// people in them and ask for their releases, the people asked answer on the link's page (or
// have not yet), the curator proposes stories for exhibitions, the participants approve (or
// have not answered yet), the curator publishes.
import { randomInt } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { config } from '../../src/lib/server/config';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { SHOWED_STEPS } from '../../src/lib/server/db/schema';
import { setCover } from '../../src/lib/server/exhibitions/arrange';
import { insertUser } from '../../src/lib/server/auth/accounts';
import { hashPassword, passwordProblem } from '../../src/lib/server/auth/password';
import {
	createInitiative,
	createTheme,
	createWorkingGroup
} from '../../src/lib/server/initiatives';
import { listRoleTags } from '../../src/lib/server/initiatives/role-tags';
import { addMembership } from '../../src/lib/server/people';
import {
	createStory,
	finishProblems,
	saveShowedAnswer,
	setStoryStatus,
	updatePhotoText,
	updateStoryText
} from '../../src/lib/server/stories';
import { addPhoto, reframePhoto } from '../../src/lib/server/media/photos';
import {
	OWNER,
	POOL,
	ownPhoto,
	ownStory,
	readPhotos,
	readStory
} from '../../src/lib/server/access';
import { consentEnd, decidePlacement, shareStory, showTerms } from '../../src/lib/server/consent';
import {
	addSection,
	createExhibition,
	getExhibition,
	proposePlacement,
	setExhibitionStatus,
	updateSection
} from '../../src/lib/server/exhibitions';
import {
	askRelease,
	decideRelease,
	markPerson,
	releaseByToken,
	widestOf
} from '../../src/lib/server/releases';
import { releaseWords } from '../../src/lib/server/releases/words';
import { approvalWords, audienceWords, shareWords } from '../../src/lib/consent-text';
import { formatDate } from '../../src/lib/i18n';
import { normalizeFraming, type Rect } from '../../src/lib/framing';
import { pickText, type Locale } from '../../src/lib/localized';
import { seedResponses } from './responses';
import {
	EXHIBITIONS,
	GROUPS,
	INITIATIVE,
	PARTICIPANTS,
	STAFF,
	STORIES,
	type DemoExhibition,
	type DemoPerson,
	type DemoStory,
	type PersonKey,
	type StoryKey,
	type ThemeKey
} from './content';
import { renderScene } from './render';
import { seedReflections } from './reflections';

/** Written last, into the data directory: its presence means the demo is complete. */
export const MANIFEST = 'demo-accounts.json';

export interface DemoAccount {
	role: 'admin' | 'curator' | 'partner' | 'participant';
	username: string;
	password: string;
	displayName: string;
	/** A few words on what to look at with this account. */
	note: string;
}

export interface DemoManifest {
	seededAt: string;
	seedSeconds: number;
	initiativeId: string;
	publicExhibition: { slug: string; title: string };
	partnerExhibition: { slug: string; title: string };
	stories: number;
	photos: number;
	accounts: DemoAccount[];
	/** The photo with a person who agreed to be shown, in the public exhibition (absent in demos seeded before it). */
	releasedPerson?: { story: string; storyId: string; photo: number };
	/** The photo whose face the framing editor suggests hiding, and whose it is. */
	faceSuggestion?: { username: string; story: string; storyId: string; photoId: string };
}

// Memorable, typeable, and different on every seeding (nobody can guess them from the source).
const WORDS = [
	'amber',
	'anchor',
	'apricot',
	'birch',
	'breeze',
	'canyon',
	'cedar',
	'clover',
	'comet',
	'coral',
	'cypress',
	'dune',
	'ember',
	'fern',
	'harbor',
	'hazel',
	'heron',
	'indigo',
	'iris',
	'jasmine',
	'juniper',
	'lagoon',
	'lantern',
	'lemon',
	'linen',
	'maple',
	'meadow',
	'mint',
	'olive',
	'orchard',
	'pebble',
	'poppy',
	'quartz',
	'quince',
	'river',
	'saffron',
	'sage',
	'shore',
	'sparrow',
	'thyme',
	'tulip',
	'valley',
	'willow',
	'harvest',
	'almond',
	'canvas'
];

function makePassword(username: string): string {
	for (;;) {
		const words = new Set<string>();
		while (words.size < 3) words.add(WORDS[randomInt(WORDS.length)]!);
		const password = `${[...words].join('-')}-${randomInt(10, 100)}`;
		if (passwordProblem(password, username) === null) return password;
	}
}

async function makeAccount(
	db: Db,
	input: { username: string; displayName: string; isAdmin?: boolean }
) {
	const password = makePassword(input.username);
	const user = await insertUser(db, {
		username: input.username,
		displayName: input.displayName,
		passwordHash: await hashPassword(password),
		isAdmin: input.isAdmin ?? false
	});
	return { ...user, displayName: input.displayName, password };
}

type Person = Awaited<ReturnType<typeof makeAccount>>;

/** Runs `work` over the items, at most `n` at a time, keeping the order of the results. */
async function inBatches<T, R>(items: T[], n: number, work: (item: T) => Promise<R>) {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(n, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await work(items[i]!);
			}
		})
	);
	return results;
}

interface WrittenStory {
	id: string;
	photoIds: string[];
}

/** One participant writes a story: photos, alt text, framing, words, the guide, finish, share. */
async function writeStory(
	db: Db,
	owner: Person,
	spec: DemoStory,
	initiativeId: string,
	roleTagIds: Map<string, string>
): Promise<WrittenStory> {
	const id = await createStory(db, owner, {
		initiativeId,
		title: spec.title,
		language: spec.language
	});
	const own = async () => {
		const story = await ownStory(db, owner, id);
		if (!story) throw new Error(`The story "${spec.title}" is not its owner's`);
		return story;
	};
	const tmp = join(config().dataDir, 'tmp');
	await mkdir(tmp, { recursive: true });
	const photoIds: string[] = [];
	for (const [i, photo] of spec.photos.entries()) {
		const scene = photo.scene();
		// As an upload would: a JPEG file under DATA_DIR/tmp, deleted once processed.
		const upload = join(tmp, `demo-${id}-${i}.jpg`);
		await writeFile(upload, await renderScene(scene));
		let row;
		try {
			row = await addPhoto(db, await own(), upload);
		} finally {
			await rm(upload, { force: true });
		}
		await updatePhotoText(db, await own(), row.id, {
			altText: photo.alt,
			caption: photo.caption ?? ''
		});
		const people = photo.people ?? [];
		if (photo.framing || people.length > 0) {
			const current = await ownPhoto(db, owner, id, row.id);
			if (!current) throw new Error(`Framing "${spec.title}" failed`);
			const chosen = photo.framing?.(scene) ?? current.photo.framing;
			// A person is marked from a hidden area (docs/releases.md): the participant hides
			// everyone they will ask first, with the rest of the framing.
			const framing = normalizeFraming({
				...chosen,
				redactions: [
					...chosen.redactions,
					...people.map((p) => ({ ...place(scene.hints, p.hint), style: p.style }))
				]
			});
			if (!framing) throw new Error(`Framing "${spec.title}" failed`);
			await reframePhoto(db, current.story, current.photo, framing);
		}
		for (const person of people) await askPerson(db, owner, id, row.id, scene.hints, person);
		photoIds.push(row.id);
	}
	await updateStoryText(db, await own(), {
		title: spec.title,
		narrative: spec.narrative,
		language: spec.language,
		roleTagIds: spec.roles.map((label) => {
			const tagId = roleTagIds.get(label);
			if (!tagId) throw new Error(`No role tag "${label}"`);
			return tagId;
		}),
		freeTags: spec.freeTags,
		attribution: spec.attribution,
		pseudonym: spec.pseudonym ?? ''
	});
	// The demo's answers are about each story's first photo (docs/guide.md).
	for (const step of SHOWED_STEPS) {
		const answer = spec.showed?.[step];
		if (answer && photoIds[0]) await saveShowedAnswer(db, await own(), photoIds[0], step, answer);
	}
	if (spec.draft) return { id, photoIds };
	const problems = finishProblems(await own(), await readPhotos(db, owner, id, OWNER));
	if (problems.length > 0) throw new Error(`"${spec.title}" cannot be finished: ${problems}`);
	await setStoryStatus(db, await own(), 'finished');
	const shared = await shareStory(db, await own(), {
		text: shareWords(spec.title, INITIATIVE.title, spec.language),
		locale: spec.language
	});
	if (shared !== 'ok') throw new Error(`Sharing "${spec.title}" failed: ${shared}`);
	return { id, photoIds };
}

function place(hints: Record<string, Rect>, hint: string): Rect {
	const rect = hints[hint];
	if (!rect) throw new Error(`The scene has no place called ${hint}`);
	return rect;
}

/**
 * As on the photo's page and the release link's page: the participant marks the hidden area
 * over the person, asks for a release, and the person (if they did) agrees with the words the
 * link's page shows in its language.
 */
async function askPerson(
	db: Db,
	owner: Person,
	storyId: string,
	photoId: string,
	hints: Record<string, Rect>,
	person: DemoPerson
) {
	const current = await ownPhoto(db, owner, storyId, photoId);
	if (!current) throw new Error('The photo is not its owner’s');
	const rect = place(hints, person.hint);
	const near = (a: number, b: number) => Math.abs(a - b) < 1e-3;
	const index = current.photo.framing.redactions.findIndex(
		(r) => near(r.x, rect.x) && near(r.y, rect.y) && near(r.w, rect.w) && near(r.h, rect.h)
	);
	const personId =
		index >= 0
			? await markPerson(db, owner.id, current.story, current.photo, index, person.who)
			: undefined;
	if (!personId) throw new Error(`Marking "${person.hint}" failed`);
	const token = await askRelease(db, owner.id, current.story, current.photo, personId, person.ask);
	if (!token) throw new Error(`Asking "${person.hint}" failed`);
	if (!person.agreed) return;
	const release = await releaseByToken(db, token);
	if (!release) throw new Error(`The release link for "${person.hint}" does not open`);
	const words = releaseWords(
		widestOf(release.audiences),
		pickText(INITIATIVE.title, release.locale).text,
		release.locale
	);
	const agreed = await decideRelease(db, token, {
		decision: 'agree',
		signer: person.agreed.signer,
		words
	});
	if (!agreed) throw new Error(`The release for "${person.hint}" was not recorded`);
}

/** The curator builds an exhibition and asks; the participants answer; the curator publishes. */
async function buildExhibition(
	db: Db,
	spec: DemoExhibition,
	ctx: {
		initiativeId: string;
		curator: Person;
		themeIds: Map<ThemeKey, string>;
		people: Map<PersonKey, Person>;
		written: Map<StoryKey, WrittenStory>;
	}
) {
	const { initiativeId, curator } = ctx;
	const [first, ...more] = spec.sections;
	if (!first) throw new Error('An exhibition needs a section');
	const id = await createExhibition(
		db,
		curator.id,
		initiativeId,
		{
			title: spec.title,
			introduction: spec.introduction,
			audience: spec.audience,
			workingGroupIds: [],
			themeIds: spec.themes.map((key) => ctx.themeIds.get(key)!),
			endsAt: null
		},
		first.title
	);
	const current = async () => {
		const exhibition = await getExhibition(db, initiativeId, id);
		if (!exhibition) throw new Error('The exhibition is gone');
		return exhibition;
	};
	let exhibition = await current();
	if (Object.keys(first.body).length > 0)
		await updateSection(db, exhibition, exhibition.sections[0]!.id, first.title, first.body);
	for (const section of more) await addSection(db, exhibition, section.title, section.body);
	const sectionIds = (await current()).sections.map((s) => s.id);

	for (const placement of spec.placements) {
		const written = ctx.written.get(placement.story)!;
		// The curator proposes from the pool, which the gate lets them read.
		const story = await readStory(db, curator, written.id, POOL);
		if (!story) throw new Error(`"${placement.story}" is not in the curators' pool`);
		const proposed = await proposePlacement(db, curator.id, await current(), story, {
			sectionId: sectionIds[placement.section]!,
			size: placement.size,
			note: placement.note,
			themeIds: placement.themes.map((key) => ctx.themeIds.get(key)!)
		});
		if (proposed !== 'ok') throw new Error(`Proposing "${placement.story}" failed: ${proposed}`);
	}

	exhibition = await current();
	for (const placement of spec.placements) {
		const approve = placement.approve;
		if (!approve) continue; // still waiting for its participant
		const storySpec = STORIES.find((s) => s.key === placement.story)!;
		const owner = ctx.people.get(storySpec.owner)!;
		const written = ctx.written.get(placement.story)!;
		const row = exhibition.placements.find((p) => p.storyId === written.id)!;
		const story = await ownStory(db, owner, written.id);
		if (!story) throw new Error(`"${placement.story}" is not its owner's`);
		const locale: Locale = storySpec.language;
		const photoIds = (approve.photos ?? written.photoIds.map((_, i) => i)).map(
			(i) => written.photoIds[i]!
		);
		const expiresAt = consentEnd(approve.length, exhibition.endsAt);
		const name =
			approve.attribution === 'anonymous'
				? null
				: approve.attribution === 'pseudonym'
					? (approve.pseudonym ?? null)
					: owner.displayName;
		// The words the request page would have shown this participant, in their language.
		const text = approvalWords(
			{
				story: storySpec.title,
				exhibition: spec.title,
				audience: audienceWords(
					spec.audience,
					{ initiativeTitle: INITIATIVE.title, groupTitles: [] },
					locale
				),
				photoCount: photoIds.length,
				name,
				until: expiresAt ? formatDate(expiresAt, locale, config().timeZone) : null
			},
			locale
		);
		const decided = await decidePlacement(
			db,
			story,
			row.id,
			{
				approve: {
					photoIds,
					attribution: approve.attribution,
					pseudonym: approve.pseudonym ?? '',
					expiresAt
				},
				shown: (await showTerms(db, row.id))!
			},
			{ text, locale }
		);
		if (decided !== 'ok') throw new Error(`Approving "${placement.story}" failed: ${decided}`);
	}

	if (spec.cover) {
		// As the builder does it: only a photo its participant approved for this exhibition.
		const coverPhotoId = ctx.written.get(spec.cover)!.photoIds[0]!;
		if (!(await setCover(db, { id: curator.id, isAdmin: false }, await current(), coverPhotoId)))
			throw new Error(`The cover from "${spec.cover}" was refused`);
	}
	await setExhibitionStatus(db, curator.id, await current(), 'published');
	const { slug } = await current();
	return { slug, title: spec.title.en ?? '' };
}

/**
 * Seeds `dataDir` (which should be empty) with the demo. Sets DATA_DIR, which the app's media
 * storage reads once: call this before anything else in the process touches the app's config.
 */
export async function seedDemo(
	dataDir: string,
	log: (line: string) => void = () => {}
): Promise<DemoManifest> {
	const started = performance.now();
	process.env.DATA_DIR = dataDir;
	if (config().dataDir !== resolve(dataDir))
		throw new Error('The app settings were read before the demo set DATA_DIR.');
	const { client, db } = await openDatabase({
		url: `file:${join(config().dataDir, 'app.db')}`,
		migrationsDir: config().migrationsDir
	});
	try {
		log('people and the initiative…');
		const [admin, curator, partner] = await Promise.all(
			STAFF.map((s) =>
				makeAccount(db, {
					username: s.username,
					displayName: s.displayName,
					isAdmin: s.role === 'admin'
				})
			)
		);
		const participants = await Promise.all(
			PARTICIPANTS.map((p) => makeAccount(db, { username: p.key, displayName: p.displayName }))
		);
		const people = new Map(PARTICIPANTS.map((p, i) => [p.key, participants[i]!]));

		const initiativeId = await createInitiative(db, admin!.id, INITIATIVE);
		const groupIds = new Map<string, string>();
		const themeIds = new Map<ThemeKey, string>();
		for (const group of GROUPS) {
			const groupId = await createWorkingGroup(db, admin!.id, initiativeId, {
				title: group.title,
				description: group.description
			});
			groupIds.set(group.key, groupId);
			for (const theme of group.themes)
				themeIds.set(
					theme.key,
					await createTheme(
						db,
						admin!.id,
						{ id: groupId, initiativeId },
						{ title: theme.title, description: theme.question }
					)
				);
		}
		const member = (
			userId: string,
			role: 'curator' | 'partner' | 'participant',
			groups: string[]
		) =>
			addMembership(db, {
				userId,
				initiativeId,
				role,
				workingGroupIds: groups,
				actorId: admin!.id,
				via: 'admin'
			});
		await member(curator!.id, 'curator', []);
		const partnerGroup = STAFF.find((s) => s.role === 'partner')?.group;
		await member(partner!.id, 'partner', partnerGroup ? [groupIds.get(partnerGroup)!] : []);
		for (const person of participants) await member(person.id, 'participant', []);

		const roleTagIds = new Map(
			(await listRoleTags(db, initiativeId)).map((t) => [t.label.en ?? '', t.id])
		);
		log(`${STORIES.length} stories and their pictures…`);
		const written = new Map<StoryKey, WrittenStory>();
		await inBatches(STORIES, 2, async (spec) => {
			written.set(
				spec.key,
				await writeStory(db, people.get(spec.owner)!, spec, initiativeId, roleTagIds)
			);
		});

		log('exhibitions…');
		const ctx = { initiativeId, curator: curator!, themeIds, people, written };
		const [publicExhibition, partnerExhibition] = [
			await buildExhibition(
				db,
				EXHIBITIONS.find((e) => e.key === 'public')!,
				ctx
			),
			await buildExhibition(
				db,
				EXHIBITIONS.find((e) => e.key === 'partners')!,
				ctx
			)
		];

		log('reflections…');
		const windowSpec = STORIES.find((s) => s.key === 'window')!;
		await seedReflections(db, {
			slug: publicExhibition.slug,
			curatorId: curator!.id,
			storyId: written.get('window')!.id,
			owner: people.get(windowSpec.owner)!
		});
		log('responses…');
		const ownerOfStory = new Map(
			STORIES.map((s) => [written.get(s.key)!.id, people.get(s.owner)!] as const)
		);
		await seedResponses(db, partner!, [publicExhibition.slug, partnerExhibition.slug], (storyId) =>
			ownerOfStory.get(storyId)
		);

		const waiting = (person: PersonKey) =>
			EXHIBITIONS.flatMap((e) => e.placements).filter(
				(p) => !p.approve && STORIES.find((s) => s.key === p.story)?.owner === person
			).length;
		const languageName: Record<Locale, string> = { he: 'Hebrew', ar: 'Arabic', en: 'English' };
		const partnerGroupTitle = GROUPS.find((g) => g.key === partnerGroup)?.title.en;
		const accounts: DemoAccount[] = [
			{ ...pick(admin!), role: 'admin', note: 'administration, audit log, background jobs' },
			{ ...pick(curator!), role: 'curator', note: 'the pool, exhibitions, invitations' },
			{
				...pick(partner!),
				role: 'partner',
				note: `working group "${partnerGroupTitle}"; sees the partner-only exhibition`
			},
			...PARTICIPANTS.filter((p) => p.printed).map((p): DemoAccount => {
				const n = STORIES.filter((s) => s.owner === p.key).length;
				const drafts = STORIES.filter((s) => s.owner === p.key && s.draft).length;
				const w = waiting(p.key);
				return {
					...pick(people.get(p.key)!),
					role: 'participant',
					note: [
						`${n} ${n === 1 ? 'story' : 'stories'} in ${languageName[p.language]}`,
						...(drafts > 0 ? [`${drafts} a draft`] : []),
						...(w > 0 ? [`${w} request${w === 1 ? '' : 's'} waiting`] : [])
					].join(', ')
				};
			})
		];
		const photosOf = STORIES.flatMap((story) =>
			story.photos.map((photo, index) => ({ story, photo, index }))
		);
		const released = photosOf.find(({ photo }) => photo.people?.some((p) => p.agreed));
		const suggested = photosOf.find(({ photo }) => photo.suggests);
		return {
			seededAt: new Date().toISOString(),
			seedSeconds: Math.round((performance.now() - started) / 100) / 10,
			initiativeId,
			publicExhibition,
			partnerExhibition,
			stories: STORIES.length,
			photos: STORIES.reduce((sum, s) => sum + s.photos.length, 0),
			accounts,
			...(released && {
				releasedPerson: {
					story: released.story.title,
					storyId: written.get(released.story.key)!.id,
					photo: released.index + 1
				}
			}),
			...(suggested && {
				faceSuggestion: {
					username: people.get(suggested.story.owner)!.username,
					story: suggested.story.title,
					storyId: written.get(suggested.story.key)!.id,
					photoId: written.get(suggested.story.key)!.photoIds[suggested.index]!
				}
			})
		};
	} finally {
		client.close();
	}
}

function pick(person: Person) {
	return {
		username: person.username,
		password: person.password,
		displayName: person.displayName
	};
}
