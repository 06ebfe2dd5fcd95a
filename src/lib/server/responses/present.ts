// A response as a page shows it, from what the gate returned (docs/knowledge-returns.md): its
// words, dates, working group and theme, and — only when the gate showed it — the story. Never
// who wrote it: the participant is never told which partner viewed their story, and the group's
// pages need no names either.
import type { ResponseView } from '../access';

export function presentResponse(view: ResponseView) {
	const last = view.entries[view.entries.length - 1];
	return {
		id: view.response.id,
		kind: view.response.kind,
		subject: view.response.subject,
		status: last?.entry.status ?? 'noted',
		createdAt: view.response.createdAt,
		updatedAt: view.response.updatedAt,
		exhibition: { slug: view.exhibition.slug, title: view.exhibition.title },
		workingGroup: { id: view.workingGroup.id, title: view.workingGroup.title },
		theme: view.theme,
		story: view.story,
		canUpdate: view.canUpdate,
		entries: view.entries.map(({ entry, answer }) => ({
			id: entry.id,
			status: entry.status,
			body: entry.body,
			language: entry.language,
			link: entry.link,
			createdAt: entry.createdAt,
			unread: view.asOwner && entry.ownerReadAt === null,
			answer: answer
				? {
						kind: answer.kind,
						body: answer.body,
						language: answer.language,
						createdAt: answer.createdAt,
						byline: answer.byline
					}
				: null
		}))
	};
}

export type PresentedResponse = ReturnType<typeof presentResponse>;
