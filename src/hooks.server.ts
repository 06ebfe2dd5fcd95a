import { AsyncLocalStorage } from 'node:async_hooks';
import { error, json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { overwriteServerAsyncLocalStorage } from '$lib/paraglide/runtime';
import { config, ConfigError } from '$lib/server/config';
import { db, initDatabase } from '$lib/server/db';
import { issueSetupToken } from '$lib/server/auth/setup';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieOptions } from '$lib/server/auth/cookies';
import { LOCALE_COOKIE, negotiateLocale, rememberLocale } from '$lib/server/locale';
import { dirOf, type Locale } from '$lib/localized';
import { startWorker } from '$lib/server/jobs';
import { startExpiryReminders } from '$lib/server/consent/reminders';
import { ReadAdmission } from '$lib/server/admission';
import { isForm, refuseByFields, refuseBySize } from '$lib/server/form-guard';
import { message } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { mediaJobHandlers, mediaStorage, onJobsEnqueued } from '$lib/server/media/photos';
import { sweepAtStart } from '$lib/server/media/files';
import { keepImageWorkNice } from '$lib/server/media/priority';
import { fastPath, pageCache, validityAt, currentVersion } from '$lib/server/cache';
import { answerFrom, cacheableRequest } from '$lib/server/cache/pages';
import { LOCALE_COOKIE as LANG } from '$lib/server/locale';

export const init: ServerInit = async () => {
	let settings: ReturnType<typeof config>;
	try {
		settings = config();
	} catch (e) {
		// A wrong setting stops the start with a message naming it, not a stack trace.
		if (!(e instanceof ConfigError)) throw e;
		console.error(`\n${e.message}\n`);
		process.exit(1);
	}
	await initDatabase({
		url: settings.databaseUrl,
		authToken: settings.databaseAuthToken,
		migrationsDir: settings.migrationsDir,
		erasureLogPath: settings.erasureLog
	});
	// Before the first request and the job worker: no raw upload, partial or unreferenced
	// media file survives a crash, and DATA_DIR is owner-only (docs/media.md).
	await sweepAtStart(db(), mediaStorage(), settings.dataDir);
	// Photos are processed at a lower priority than requests are answered (docs/media.md).
	keepImageWorkNice(settings.imageNice);
	// Background jobs (AVIF, file deletion) run in this process; unfinished ones resume now.
	const worker = startWorker(db(), mediaJobHandlers(db()));
	onJobsEnqueued(worker.poke);
	// Consent expiry reminders, 14 and 2 days ahead: a periodic check beside the job worker,
	// once-only per reminder however many processes run it (docs/notifications.md).
	startExpiryReminders(db());
	// scripts/serve.js asks this first, before SvelteKit (docs/performance.md).
	(globalThis as { [FAST_PATH]?: typeof fastPath })[FAST_PATH] = fastPath;
	const token = await issueSetupToken(db());
	if (token) {
		const origin = process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`;
		console.log(
			`\nNo admin yet. Open this one-time setup link to create the first admin account:\n\n    ${origin}/setup/${token}\n`
		);
	}
};

/** Where scripts/serve.js finds the fast path once the server has started. */
const FAST_PATH = Symbol.for('photovoice.fastPath');

/** How many page reads may wait for their turn before the next is refused with 503. */
const READ_MAX_WAITING = 1000;

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

// Page reads a few per turn of the event loop, so that a withdrawal never waits behind a
// crowd of renders (admission.ts). Made at the first request: the settings are read by then.
let reads: ReadAdmission | undefined;

const admission: Handle = async ({ event, resolve }) => {
	const method = event.request.method;
	// Changes are never queued; media answers are a few small queries and a file stream.
	if ((method !== 'GET' && method !== 'HEAD') || event.route.id?.startsWith('/media/'))
		return resolve(event);
	const queue = (reads ??= new ReadAdmission(config().readConcurrency, READ_MAX_WAITING));
	const admitted = await queue.enter(event.cookies.get(SESSION_COOKIE) ? 'first' : 'last');
	if (!admitted)
		return new Response(`${m.busy_title()}. ${m.busy_text()}`, {
			status: 503,
			headers: { 'Retry-After': '2', 'Content-Type': 'text/plain; charset=utf-8' }
		});
	try {
		return await resolve(event);
	} finally {
		queue.leave();
	}
};

/** The photo upload streams its body to disk with its own limit (media/). */
const UPLOAD_ROUTE = '/participate/[initiative=id]/stories/[story=id]/photos/upload';

/** Every body bounded and every form field checked before any work (form-guard.ts). */
const formGuard: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'GET' || request.method === 'HEAD' || event.route.id === UPLOAD_ROUTE)
		return resolve(event);
	const refusal = refuseBySize(request) ?? (isForm(request) ? await refuseByFields(request) : null);
	if (!refusal) return resolve(event);
	const text = message(refusal.key, 'max' in refusal ? { max: refusal.max } : {});
	// An enhanced form (fetch) gets an action result it can show; a plain post, a page.
	if (request.headers.get('x-sveltekit-action') === 'true')
		return json(
			{ type: 'error', status: refusal.status, error: { message: text } },
			{ status: refusal.status }
		);
	error(refusal.status, text);
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
		rememberLocale(event.cookies, locale, event.url.protocol === 'https:');
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

/** Pages whose address carries a secret (a one-time link): never kept, whoever asks. */
const TOKEN_ROUTES = new Set([
	'/setup/[token=token]',
	'/join/[token=token]',
	'/reset/[token=token]'
]);

/**
 * Nothing about a logged-in person stays in a browser's or a proxy's cache (docs/safety.md):
 * every response to a logged-in request — pages, their __data.json, action results, error
 * pages, public exhibitions too (the page shows who is logged in) — is `private, no-store`,
 * unless its route already said no-store or explicitly `public`. Anonymous responses keep the
 * route's own policy (public exhibitions: no-cache). Media set their own policy.
 */
const privateCaching: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.route.id?.startsWith('/media/')) return response;
	const personal = event.locals.user !== null || TOKEN_ROUTES.has(event.route.id ?? '');
	if (!personal) return response;
	const policy = response.headers.get('cache-control') ?? '';
	if (/\bno-store\b/.test(policy) || /\bpublic\b/.test(policy)) return response;
	response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

/** Text that is worth compressing; pictures, zips and streams of files are not. */
const COMPRESSIBLE =
	/^(?:text\/(?:html|plain|css)|application\/(?:json|javascript)|image\/svg\+xml)/;

/**
 * Compresses a text answer when the client accepts it (gzip, streamed). Not for the pages whose
 * address is a secret (a one-time link): compression beside a secret can leak it (BREACH).
 */
function compressed(request: Request, routeId: string | null, response: Response): Response {
	const type = response.headers.get('content-type') ?? '';
	if (
		!response.body ||
		response.status === 204 ||
		response.status === 304 ||
		response.headers.has('content-encoding') ||
		!COMPRESSIBLE.test(type) ||
		TOKEN_ROUTES.has(routeId ?? '') ||
		!/\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '')
	)
		return response;
	const headers = new Headers(response.headers);
	headers.set('Content-Encoding', 'gzip');
	headers.delete('Content-Length');
	// The same content in another encoding: its validator can only be a weak one.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
	headers.append('Vary', 'Accept-Encoding');
	return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

/**
 * Fills the page cache (docs/performance.md): a public page rendered for an anonymous visitor
 * is kept with the content version read *before* it was rendered, so that a change committed
 * while it rendered makes it stale at once. Only answers the route marked `no-cache` (public)
 * and that set no cookie but the language are kept. Every other text answer is compressed.
 */
/**
 * The routes' own policies for pages every anonymous visitor sees alike: public exhibitions
 * (`no-cache`), and pages whose content depends on who is looking (`private, no-cache`) — the
 * same for every visitor who is nobody in particular, which is all the cache ever serves.
 */
const STORABLE_POLICIES = new Set(['no-cache', 'private, no-cache']);

const cachePages: Handle = async ({ event, resolve }) => {
	const { request } = event;
	const cacheable =
		request.method === 'GET' && pageCache().enabled
			? cacheableRequest(request.method, event.url.pathname + event.url.search, {
					cookie: request.headers.get('cookie'),
					acceptLanguage: request.headers.get('accept-language')
				})
			: null;
	if (!cacheable) return compressed(request, event.route.id, await resolve(event));
	const validity = await validityAt(await currentVersion());
	const response = await resolve(event);
	const cookies = response.headers.getSetCookie();
	const storable =
		response.status === 200 &&
		(response.headers.get('content-type') ?? '').startsWith('text/html') &&
		STORABLE_POLICIES.has(response.headers.get('cache-control') ?? '') &&
		cookies.every((c) => c.startsWith(`${LANG}=`));
	if (!storable) return compressed(request, event.route.id, response);
	const body = Buffer.from(await response.arrayBuffer());
	const entry = await pageCache().store(
		cacheable.key,
		validity,
		response.status,
		response.headers,
		body
	);
	const answer = answerFrom(entry, {
		method: request.method,
		acceptEncoding: request.headers.get('accept-encoding'),
		ifNoneMatch: request.headers.get('if-none-match'),
		setsLocale: cacheable.setsLocale,
		locale: cacheable.locale,
		secure: event.url.protocol === 'https:',
		from: 'miss'
	});
	const headers = new Headers();
	for (const [name, value] of answer.headers) headers.append(name, value);
	return new Response(answer.body ? new Uint8Array(answer.body) : null, {
		status: answer.status,
		headers
	});
};

export const handle = sequence(
	cachePages,
	headers,
	locale,
	formGuard,
	admission,
	session,
	privateCaching
);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'Not found' };
	const errorId = crypto.randomUUID().slice(0, 8);
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: 'Internal error', errorId };
};
