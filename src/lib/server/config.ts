import { join, resolve } from 'node:path';

/** Settings from the environment (see the README). Read once, at first use. */
export interface Config {
	dataDir: string;
	databaseUrl: string;
	databaseAuthToken: string | undefined;
	migrationsDir: string;
	quickExitUrl: string;
	/** Dates and times are shown in this zone. */
	timeZone: string;
	/** The largest photo upload accepted, in bytes. */
	maxUploadBytes: number;
	/** Memory that image work may use at once, in bytes (docs/media.md, "Bounded cost"). */
	imageMemoryBytes: number;
	/** Image jobs (decode, render, encode) that run at the same time, at most. */
	imageConcurrency: number;
	/** Per-person limits: stories a person keeps, photos in one story, uploads in an hour. */
	maxStoriesPerPerson: number;
	maxPhotosPerStory: number;
	maxUploadsPerHour: number;
}

const DATABASE_SCHEMES = ['file:', 'libsql:', 'http:', 'https:', 'ws:', 'wss:'];
const MB = 1024 * 1024;

/**
 * A numeric setting: its default when unset or empty, otherwise a number in [min, max] (a
 * whole number unless `fraction`), or an error that names the setting and what it accepts.
 */
function numberSetting(
	env: NodeJS.ProcessEnv,
	name: string,
	fallback: number,
	{ min, max, fraction = false }: { min: number; max: number; fraction?: boolean }
): number {
	const raw = env[name]?.trim();
	if (!raw) return fallback;
	const value = Number(raw);
	const whole = fraction ? '' : 'whole ';
	if (
		!Number.isFinite(value) ||
		(!fraction && !Number.isInteger(value)) ||
		value < min ||
		value > max
	) {
		throw new Error(
			`${name} must be a ${whole}number from ${min} to ${max} (got "${raw.slice(0, 40)}")`
		);
	}
	return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const dataDir = resolve(env.DATA_DIR || './data');
	const databaseUrl = env.DATABASE_URL || `file:${join(dataDir, 'app.db')}`;
	if (!DATABASE_SCHEMES.some((scheme) => databaseUrl.startsWith(scheme))) {
		throw new Error(
			`DATABASE_URL must start with one of ${DATABASE_SCHEMES.join(', ')} (got "${databaseUrl.split(':')[0]}:")`
		);
	}
	return {
		dataDir,
		databaseUrl,
		databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
		migrationsDir: resolve(env.MIGRATIONS_DIR || 'db/migrations'),
		quickExitUrl: env.QUICK_EXIT_URL || 'https://www.google.com/search?q=weather',
		timeZone: env.TIME_ZONE || 'Asia/Jerusalem',
		maxUploadBytes: Math.round(
			numberSetting(env, 'MAX_UPLOAD_MB', 25, { min: 0.01, max: 200, fraction: true }) * MB
		),
		imageMemoryBytes: numberSetting(env, 'IMAGE_MEMORY_MB', 640, { min: 128, max: 65536 }) * MB,
		imageConcurrency: numberSetting(env, 'IMAGE_CONCURRENCY', 2, { min: 1, max: 64 }),
		maxStoriesPerPerson: numberSetting(env, 'MAX_STORIES_PER_PERSON', 50, { min: 1, max: 10000 }),
		maxPhotosPerStory: numberSetting(env, 'MAX_PHOTOS_PER_STORY', 12, { min: 1, max: 100 }),
		maxUploadsPerHour: numberSetting(env, 'MAX_UPLOADS_PER_HOUR', 60, { min: 1, max: 10000 })
	};
}

let current: Config | undefined;
export function config(): Config {
	current ??= loadConfig();
	return current;
}
