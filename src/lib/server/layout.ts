import { eq, and } from 'drizzle-orm';
import type { Executor } from './db';
import { memberships } from './db/schema';

/**
 * The quick-exit control is shown to everyone who is not logged in (a survivor opening an
 * invitation or the login page is not logged in yet) and to every participant; only people
 * who hold no participant role anywhere do not see it.
 */
export async function showsQuickExit(ex: Executor, user: { id: string } | null): Promise<boolean> {
	if (!user) return true;
	const [row] = await ex
		.select({ id: memberships.id })
		.from(memberships)
		.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'participant')))
		.limit(1);
	return Boolean(row);
}
