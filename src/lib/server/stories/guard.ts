import { error, type RequestEvent } from '@sveltejs/kit';
import { db } from '../db';
import { PARTICIPANTS, requireRole } from '../auth/guards';
import { ownStory } from '../access';

/**
 * The participant's own story in this initiative, or 404 — for another person's story, a
 * story of another initiative and an unknown id alike.
 */
export async function requireOwnStory(
	event: Pick<RequestEvent, 'locals' | 'url'> & { params: { initiative: string; story: string } }
) {
	const { user, initiative } = await requireRole(event, event.params.initiative, PARTICIPANTS);
	const story = await ownStory(db(), user, event.params.story);
	if (!story || story.initiativeId !== initiative.id) error(404);
	return { user, initiative, story };
}
