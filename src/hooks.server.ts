import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { overwriteServerAsyncLocalStorage } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { db, initDatabase } from '$lib/server/db';
import { issueSetupToken } from '$lib/server/auth/setup';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieOptions } from '$lib/server/auth/cookies';
import { LOCALE_COOKIE, negotiateLocale } from '$lib/server/locale';
import { dirOf, type Locale } from '$lib/localized';
import { startWorker } from '$lib/server/jobs';
import { mediaJobHandlers, mediaStorage, onJobsEnqueued } from '$lib/server/media/photos';
import { sweepAtStart } from '$lib/server/media/files';

export const init: ServerInit = async () => {
	const settings = config();
	await initDatabase({
		url: settings.databaseUrl,
		authToken: settings.databaseAuthToken,
		migrationsDir: settings.migrationsDir
	});
	// Before the first request and the job worker: no raw upload, partial or unreferenced
	// media file survives a crash, and DATA_DIR is owner-only (docs/media.md).
	await sweepAtStart(db(), mediaStorage(), settings.dataDir);
	// Background jobs (AVIF, file deletion) run in this process; unfinished ones resume now.
	const worker = startWorker(db(), mediaJobHandlers(db()));
	onJobsEnqueued(worker.poke);
	const token = await issueSetupToken(db());
	if (token) {
		const origin = process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`;
		console.log(
			`\nNo admin yet. Open this one-time setup link to create the first admin account:\n\n    ${origin}/setup/${token}\n`
		);
	}
};

const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'same-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), ' +
			'magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=(), browsing-topics=()'
	);
	if (event.url.protocol === 'https:') {
		h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

// Paraglide's message functions read the request's language from this store on the server.
const localeStore = new AsyncLocalStorage<{
	locale?: Locale;
	origin?: string;
	messageCalls?: Set<string>;
}>();
overwriteServerAsyncLocalStorage(localeStore);

const locale: Handle = ({ event, resolve }) => {
	const { locale, fromCookie } = negotiateLocale(
		event.cookies.get(LOCALE_COOKIE),
		event.request.headers.get('accept-language')
	);
	event.locals.locale = locale;
	if (!fromCookie) {
		// Remember the first visit's language so that every later page (and the browser's
		// own scripts) agree on it until the person chooses another.
		event.cookies.set(LOCALE_COOKIE, locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	return localeStore.run({ locale, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%lang%', locale).replace('%dir%', dirOf(locale))
		})
	);
};

const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const valid = await validateSessionToken(db(), token);
		if (valid) {
			event.locals.user = valid.user;
			event.locals.session = valid.session;
			if (valid.renewed) {
				event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event, valid.session));
			}
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

export const handle = sequence(headers, locale, session);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'Not found' };
	const errorId = crypto.randomUUID().slice(0, 8);
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: 'Internal error', errorId };
};
