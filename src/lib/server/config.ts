import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Settings from the environment (see the README). Read once, at start. */
export interface Config {
	dataDir: string;
	databaseUrl: string;
	/** The erasure log (docs/data-lifecycle.md); best on another disk than DATA_DIR. */
	erasureLog: string;
	databaseAuthToken: string | undefined;
	migrationsDir: string;
	quickExitUrl: string;
	/** Dates and times are shown in this zone. */
	timeZone: string;
	/** The largest photo upload accepted, in bytes. */
	maxUploadBytes: number;
	/** Page reads rendered per turn of the event loop (src/lib/server/admission.ts). */
	readConcurrency: number;
	/** Memory that image work may use at once, in bytes (docs/media.md, "Bounded cost"). */
	imageMemoryBytes: number;
	/** Image jobs (decode, render, encode) that run at the same time, at most. */
	imageConcurrency: number;
	/** The niceness of libvips' threads on Linux: image work gives way to serving (0: off). */
	imageNice: number;
	/** Per-person limits: stories a person keeps, photos in one story, uploads in an hour. */
	maxStoriesPerPerson: number;
	maxPhotosPerStory: number;
	maxUploadsPerHour: number;
	/** Memory for rendered public pages and for public pictures' bytes (docs/performance.md). */
	pageCacheBytes: number;
	mediaCacheBytes: number;
	/** Items on one page of a long list (the pool, a theme page, the home page). */
	pageSize: number;
}

/** Every setting that is wrong, each named, in one message: the server does not start. */
export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`The server cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`
		);
		this.name = 'ConfigError';
	}
}

const DATABASE_SCHEMES = ['file:', 'libsql:', 'http:', 'https:', 'ws:', 'wss:'];
export const MAX_UPLOAD_MB_RANGE = [1, 200] as const;

type Env = Record<string, string | undefined>;

/** A number setting: unset gives the default; anything else must be a number within range. */
function numberSetting(
	env: Env,
	name: string,
	fallback: number,
	[min, max]: readonly [number, number],
	problems: string[],
	options: { integer?: boolean } = {}
): number {
	const raw = env[name]?.trim();
	if (!raw) return fallback;
	const value = Number(raw);
	const kind = options.integer ? 'a whole number' : 'a number';
	if (
		!Number.isFinite(value) ||
		(options.integer && !Number.isInteger(value)) ||
		value < min ||
		value > max
	) {
		problems.push(`${name} must be ${kind} from ${min} to ${max} (got "${raw}")`);
		return fallback;
	}
	return value;
}

export function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/**
 * Reads and checks every setting; throws a ConfigError naming each one that is wrong.
 * PORT, HOST, ORIGIN, ADDRESS_HEADER and XFF_DEPTH are adapter-node's own; they are checked
 * here too, so that a typo gives a clear message instead of a server on the wrong address.
 */
export function loadConfig(env: Env = process.env): Config {
	const problems: string[] = [];
	const dataDir = resolve(env.DATA_DIR || './data');
	const databaseUrl = env.DATABASE_URL || `file:${join(dataDir, 'app.db')}`;
	if (!DATABASE_SCHEMES.some((scheme) => databaseUrl.startsWith(scheme))) {
		problems.push(
			`DATABASE_URL must start with one of ${DATABASE_SCHEMES.join(', ')} (got "${databaseUrl.split(':')[0]}:")`
		);
	}
	const migrationsDir = resolve(env.MIGRATIONS_DIR || 'db/migrations');
	if (!existsSync(join(migrationsDir, 'meta', '_journal.json'))) {
		problems.push(
			`MIGRATIONS_DIR must be the folder of the committed migrations (no meta/_journal.json in "${migrationsDir}"; start from the project folder or set MIGRATIONS_DIR)`
		);
	}
	const quickExitUrl = env.QUICK_EXIT_URL || 'https://www.google.com/search?q=weather';
	if (!/^https?:\/\/[^/\s]+/i.test(quickExitUrl) || !URL.canParse(quickExitUrl)) {
		problems.push(`QUICK_EXIT_URL must be a full http(s) address (got "${quickExitUrl}")`);
	}
	const timeZone = env.TIME_ZONE || 'Asia/Jerusalem';
	if (!isTimeZone(timeZone)) {
		problems.push(`TIME_ZONE must be a time zone name such as Asia/Jerusalem (got "${timeZone}")`);
	}
	const maxUploadMb = numberSetting(env, 'MAX_UPLOAD_MB', 25, MAX_UPLOAD_MB_RANGE, problems);
	const readConcurrency = numberSetting(env, 'READ_CONCURRENCY', 1, [1, 64], problems, {
		integer: true
	});
	const whole = { integer: true };
	const imageMemoryMb = numberSetting(env, 'IMAGE_MEMORY_MB', 640, [128, 65536], problems, whole);
	const imageConcurrency = numberSetting(env, 'IMAGE_CONCURRENCY', 2, [1, 64], problems, whole);
	const imageNice = numberSetting(env, 'IMAGE_NICE', 15, [0, 19], problems, whole);
	const maxStoriesPerPerson = numberSetting(
		env,
		'MAX_STORIES_PER_PERSON',
		50,
		[1, 10000],
		problems,
		whole
	);
	const maxPhotosPerStory = numberSetting(
		env,
		'MAX_PHOTOS_PER_STORY',
		12,
		[1, 100],
		problems,
		whole
	);
	const maxUploadsPerHour = numberSetting(
		env,
		'MAX_UPLOADS_PER_HOUR',
		60,
		[1, 10000],
		problems,
		whole
	);
	const pageCacheMb = numberSetting(env, 'PAGE_CACHE_MB', 32, [0, 4096], problems, whole);
	const mediaCacheMb = numberSetting(env, 'MEDIA_CACHE_MB', 64, [0, 16384], problems, whole);
	const pageSize = numberSetting(env, 'PAGE_SIZE', 50, [1, 1000], problems, whole);
	numberSetting(env, 'PORT', 3000, [1, 65535], problems, { integer: true });
	numberSetting(env, 'XFF_DEPTH', 1, [1, 20], problems, { integer: true });
	if (env.XFF_DEPTH && !env.ADDRESS_HEADER) {
		problems.push(
			'XFF_DEPTH is set but ADDRESS_HEADER is not (set ADDRESS_HEADER=X-Forwarded-For)'
		);
	}
	if (env.ADDRESS_HEADER && !/^[A-Za-z0-9-]+$/.test(env.ADDRESS_HEADER)) {
		problems.push(
			`ADDRESS_HEADER must be a header name such as X-Forwarded-For (got "${env.ADDRESS_HEADER}")`
		);
	}
	if (env.ORIGIN && !(/^https?:\/\/[^/\s]+$/i.test(env.ORIGIN) && URL.canParse(env.ORIGIN))) {
		problems.push(
			`ORIGIN must be the public address, scheme and host only, such as https://stories.example.org (got "${env.ORIGIN}")`
		);
	}
	if (problems.length > 0) throw new ConfigError(problems);
	return {
		dataDir,
		databaseUrl,
		erasureLog: resolve(env.ERASURE_LOG || join(dataDir, 'erasures.log')),
		databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
		migrationsDir,
		quickExitUrl,
		timeZone,
		maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
		readConcurrency,
		imageMemoryBytes: imageMemoryMb * 1024 * 1024,
		imageConcurrency,
		imageNice,
		maxStoriesPerPerson,
		maxPhotosPerStory,
		maxUploadsPerHour,
		pageCacheBytes: pageCacheMb * 1024 * 1024,
		mediaCacheBytes: mediaCacheMb * 1024 * 1024,
		pageSize
	};
}

let current: Config | undefined;
export function config(): Config {
	current ??= loadConfig();
	return current;
}
