import type { Cookies } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

// A one-time notice that survives a redirect ("your new password is saved"), shown by the
// root layout on the next page and then forgotten. Only known message keys are accepted.
const FLASH_COOKIE = 'flash';
export const FLASH_MESSAGES = ['reset_done', 'story_deleted'] as const;
export type FlashMessage = (typeof FLASH_MESSAGES)[number];

export function setFlash(cookies: Cookies, message: FlashMessage, secure: boolean) {
	cookies.set(FLASH_COOKIE, message, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: 60
	});
}

export function takeFlash(cookies: Cookies): FlashMessage | null {
	const value = cookies.get(FLASH_COOKIE);
	if (!value) return null;
	cookies.delete(FLASH_COOKIE, { path: '/' });
	return (FLASH_MESSAGES as readonly string[]).includes(value) ? (value as FlashMessage) : null;
}

/**
 * The notice's words, in the request's language. Drawn here on the server so that the root
 * layout, which every page's script includes, needs no lookup of messages by key (that would
 * send every message of every language to every visitor).
 */
export function flashText(message: FlashMessage | null): string | null {
	if (!message) return null;
	const text: Record<FlashMessage, () => string> = {
		reset_done: () => m.reset_done(),
		story_deleted: () => m.story_deleted()
	};
	return text[message]();
}
