import { eq, and } from 'drizzle-orm';
import type { Executor } from './db';
import { memberships } from './db/schema';
import { ownsAnyStory } from './access';

/**
 * What the site's frame shows a person. The quick-exit control: to everyone who is not logged
 * in (a survivor opening an invitation or the login page is not logged in yet), to every
 * participant, and to everyone who owns a story (a participant whose role ended still comes
 * back to their stories); only people who hold no participant role and own no story do not see
 * it. "My stories" in the navigation: to everyone who owns a story.
 */
export async function frameFor(ex: Executor, user: { id: string; isAdmin: boolean } | null) {
	if (!user) return { quickExit: true, ownsStories: false };
	const [participant, ownsStories] = await Promise.all([
		ex
			.select({ id: memberships.id })
			.from(memberships)
			.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'participant')))
			.limit(1),
		ownsAnyStory(ex, user)
	]);
	return { quickExit: participant.length > 0 || ownsStories, ownsStories };
}
