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
}

const DATABASE_SCHEMES = ['file:', 'libsql:', 'http:', 'https:', 'ws:', 'wss:'];

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
		maxUploadBytes: Math.round((Number(env.MAX_UPLOAD_MB) || 25) * 1024 * 1024)
	};
}

let current: Config | undefined;
export function config(): Config {
	current ??= loadConfig();
	return current;
}
