import { error, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { db, type Executor } from '../db';
import { initiatives } from '../db/schema';
import { PARTICIPANTS, requireRole, requireUser } from '../auth/guards';
import { listAllOwnStories, listOwnStories, ownStory, type Viewer } from '../access';
import { ownPlacement } from './index';

/** A placement of one of the participant's own stories in this initiative, or 404. */
export async function requireOwnPlacement(
	event: Pick<RequestEvent, 'locals' | 'url'> & {
		params: { initiative: string; placement: string };
	}
) {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const own = await listOwnStories(db(), user, initiative.id);
	const found = await ownPlacement(db(), own, event.params.placement);
	if (!found || found.exhibition.initiativeId !== initiative.id) error(404);
	return { user, initiative, ...found };
}

/**
 * A placement of one of the person's own stories, in any initiative, whatever role they hold
 * now (none, or an archived initiative's): a person keeps control of what they shared for as
 * long as their account exists (docs/consent.md, "Ownership outlives membership").
 */
export async function placementOfOwner(ex: Executor, viewer: Viewer, placementId: string) {
	if (!viewer) return undefined;
	const own = await listAllOwnStories(ex, viewer);
	const found = await ownPlacement(ex, own, placementId);
	if (!found) return undefined;
	const [initiative] = await ex
		.select({ id: initiatives.id, title: initiatives.title })
		.from(initiatives)
		.where(eq(initiatives.id, found.story.initiativeId));
	return initiative ? { initiative, ...found } : undefined;
}

/** The same, for a page of "My stories": only a login is needed; anything else is 404. */
export async function requirePlacementOfOwner(
	event: Pick<RequestEvent, 'locals' | 'url'> & { params: { placement: string } }
) {
	const user = requireUser(event);
	const found = await placementOfOwner(db(), user, event.params.placement);
	if (!found) error(404);
	return { user, ...found };
}

/** One of the person's own stories, in any initiative, whatever role they hold now; or 404. */
export async function requireStoryOfOwner(
	event: Pick<RequestEvent, 'locals' | 'url'> & { params: { story: string } }
) {
	const user = requireUser(event);
	const story = await ownStory(db(), user, event.params.story);
	if (!story) error(404);
	const [initiative] = await db()
		.select({ id: initiatives.id, title: initiatives.title, archivedAt: initiatives.archivedAt })
		.from(initiatives)
		.where(eq(initiatives.id, story.initiativeId));
	if (!initiative) error(404);
	return { user, story, initiative };
}
