import type { Session, SessionUser } from '$lib/server/auth/session';
import type { Locale } from '$lib/localized';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			locale: Locale;
		}
		interface Error {
			message: string;
			/** Quoted to the admin when something broke, to find it in the log. */
			errorId?: string;
		}
	}
}

export {};
