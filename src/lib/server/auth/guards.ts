import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '../db';
import { getInitiative } from '../initiatives';
import { rolesIn } from '../people';
import type { SessionUser } from './session';
import type { Role } from '../../roles';

// Hooks only say who is asking. Each load and action calls one of these on its first line,
// next to the data it guards (tests/unit/authorization-coverage.test.ts checks that they do).

export const CURATORS = ['curator'] as const satisfies readonly Role[];
export const PARTICIPANTS = ['participant'] as const satisfies readonly Role[];
export const PARTNERS = ['partner'] as const satisfies readonly Role[];

type GuardEvent = Pick<RequestEvent, 'locals' | 'url'>;

/** The person logged in; anyone else is sent to log in and brought back afterwards. */
export function requireUser(event: GuardEvent): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return user;
}

/** Admin pages answer 404 to everyone else, as if they did not exist. */
export function requireAdmin(event: GuardEvent): SessionUser {
	const user = requireUser(event);
	if (!user.isAdmin) error(404);
	return user;
}

/**
 * The person holds one of `roles` in the initiative. Admins act as curators everywhere, so a
 * guard that admits curators admits admins. Unknown, archived (except for admins) and
 * forbidden initiatives all answer 404.
 */
export async function requireRole(event: GuardEvent, initiativeId: string, roles: readonly Role[]) {
	const user = requireUser(event);
	const initiative = await getInitiative(db(), initiativeId);
	if (!initiative) error(404);
	if (initiative.archivedAt && !user.isAdmin) error(404);
	const held = await rolesIn(db(), user.id, initiativeId);
	const actingAsAdmin = user.isAdmin && roles.includes('curator');
	if (!actingAsAdmin && !held.some((r) => roles.includes(r))) error(404);
	return { user, initiative, roles: held };
}
