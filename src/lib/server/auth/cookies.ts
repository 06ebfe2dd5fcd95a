import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE, type Session } from './session';

export function sessionCookieOptions(
	event: Pick<RequestEvent, 'url'>,
	session: Pick<Session, 'expiresAt'>
) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: event.url.protocol === 'https:',
		expires: session.expiresAt
	};
}

export function setSessionCookie(
	event: Pick<RequestEvent, 'url' | 'cookies'>,
	token: string,
	session: Pick<Session, 'expiresAt'>
) {
	event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event, session));
}

export function deleteSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
