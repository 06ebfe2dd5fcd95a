// The link to record a response, for the pages that show an exhibition or one of its stories:
// only for a signed-in viewer the gate lets record on it (docs/knowledge-returns.md). Anonymous
// visitors never get it, so the page cache (which keeps only their answers) never holds it.
import { db } from '../db';
import { recordingChoices, type Viewer } from '../access';

export async function respondHref(
	viewer: Viewer,
	exhibition: { id: string; initiativeId: string },
	storyId: string | null
): Promise<string | null> {
	if (!viewer) return null;
	const choices = await recordingChoices(db(), viewer, { exhibitionId: exhibition.id, storyId });
	if (!choices) return null;
	const query = new URLSearchParams({ exhibition: exhibition.id });
	if (storyId) query.set('story', storyId);
	return `/partner/${exhibition.initiativeId}/responses/new?${query}`;
}
