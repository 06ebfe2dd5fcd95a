import type { Executor } from './db';
import { listMemberships } from './people';
import { roleHome } from '../role-home';
import { unreadNotices } from './notices';

/**
 * Where a person lands after logging in: their one role home, or the page listing them all —
 * which is also where they are told what changed (a role that ended), until they dismiss it.
 */
export async function landingPage(ex: Executor, user: { id: string; isAdmin: boolean }) {
	if (user.isAdmin) return '/me';
	if ((await unreadNotices(ex, user.id)).length > 0) return '/me';
	const open = (await listMemberships(ex, user.id)).filter((ms) => !ms.initiativeArchivedAt);
	return open.length === 1 && open[0] ? roleHome(open[0].role, open[0].initiativeId) : '/me';
}
