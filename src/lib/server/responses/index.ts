// Working groups' responses and the participant's answers (docs/knowledge-returns.md). Every
// read goes through the gate (src/lib/server/access/responses.ts); every write here runs in one
// transaction with its notifications, so a notification exists exactly when its event does.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import {
	ANSWER_KINDS,
	RESPONSE_KINDS,
	RESPONSE_STATUSES,
	responseAnswers,
	responseEntries,
	responses,
	users,
	type AnswerKind,
	type ResponseKind,
	type ResponseStatus
} from '../db/schema';
import { listResponses, ownersToTell, recordingChoices, type Viewer } from '../access';
import { notify, workingGroupMembers } from '../notifications';
import { newId } from '../ids';
import { checkText } from '../text';
import { isLocale, type Locale } from '../../localized';

/** How long the words of an entry or an answer may be (characters). */
export const RESPONSE_BODY_MAX = 4000;
export const ANSWER_BODY_MAX = 2000;
export const LINK_MAX = 500;

export { ANSWER_KINDS, RESPONSE_KINDS, RESPONSE_STATUSES };

/** A problem as a message key, per field; an empty object when all is well. */
export type Problems = Record<string, string>;

/** The words of an entry: plain text, in a language of the site, and an optional http(s) link. */
export function checkEntryFields(input: {
	status: string;
	body: string;
	language: string;
	link: string;
}): {
	problems: Problems;
	value?: { status: ResponseStatus; body: string; language: Locale; link: string };
} {
	const problems: Problems = {};
	if (!(RESPONSE_STATUSES as readonly string[]).includes(input.status))
		problems.status = 'resp_error_status';
	const body = checkText(input.body, { max: RESPONSE_BODY_MAX, kind: 'text' });
	if (body.error) problems.body = body.error;
	if (!isLocale(input.language)) problems.language = 'resp_error_language';
	const link = input.link.trim();
	if (link) {
		if (link.length > LINK_MAX) problems.link = 'resp_error_link';
		else {
			try {
				const url = new URL(link);
				if (url.protocol !== 'http:' && url.protocol !== 'https:')
					problems.link = 'resp_error_link';
			} catch {
				problems.link = 'resp_error_link';
			}
		}
	}
	if (Object.keys(problems).length > 0) return { problems };
	return {
		problems,
		value: {
			status: input.status as ResponseStatus,
			body: body.value,
			language: input.language as Locale,
			link
		}
	};
}

export interface RecordInput {
	exhibitionId: string;
	storyId: string | null;
	workingGroupId: string;
	themeId: string | null;
	kind: string;
	status: string;
	body: string;
	language: string;
	link: string;
}

/**
 * Records a response and its first entry, if the viewer may record it there (the gate's
 * recordingChoices, asked again inside the transaction): 'not_found' when they may not record
 * on it at all, problems per field otherwise.
 */
export async function recordResponse(
	db: Db,
	viewer: NonNullable<Viewer>,
	input: RecordInput,
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; notFound?: true; problems: Problems }> {
	const fields = checkEntryFields(input);
	const problems: Problems = { ...fields.problems };
	if (!(RESPONSE_KINDS as readonly string[]).includes(input.kind))
		problems.kind = 'resp_error_kind';
	if (!input.body.trim()) problems.body ??= 'resp_error_body_required';
	return db.transaction(async (tx) => {
		const choices = await recordingChoices(
			tx,
			viewer,
			{ exhibitionId: input.exhibitionId, storyId: input.storyId },
			now
		);
		if (!choices) return { ok: false as const, notFound: true as const, problems };
		const group = choices.groups.find((g) => g.id === input.workingGroupId);
		if (!group) problems.workingGroupId = 'resp_error_group';
		else if (input.themeId && !group.themes.some((t) => t.id === input.themeId))
			problems.themeId = 'resp_error_theme';
		if (Object.keys(problems).length > 0 || !fields.value || !group)
			return { ok: false as const, problems };
		const id = newId();
		await tx.insert(responses).values({
			id,
			initiativeId: choices.exhibition.initiativeId,
			workingGroupId: group.id,
			themeId: input.themeId || null,
			exhibitionId: choices.exhibition.id,
			subject: choices.story ? 'story' : 'exhibition',
			storyId: choices.story?.id ?? null,
			kind: input.kind as ResponseKind,
			authorId: viewer.id,
			createdAt: now,
			updatedAt: now
		});
		await tx.insert(responseEntries).values({
			id: newId(),
			responseId: id,
			...fields.value,
			authorId: viewer.id,
			createdAt: now
		});
		const response = {
			subject: choices.story ? 'story' : 'exhibition',
			storyId: choices.story?.id ?? null,
			exhibitionId: choices.exhibition.id
		} as const;
		for (const userId of await ownersToTell(tx, response, now))
			await notify(tx, {
				userId,
				kind: 'response_recorded',
				initiativeId: choices.exhibition.initiativeId,
				params: {
					responseId: id,
					exhibitionId: choices.exhibition.id,
					storyId: response.storyId,
					workingGroupId: group.id
				}
			});
		return { ok: true as const, id };
	});
}

/** One response as this viewer may see it (the gate), or undefined (→ 404). */
export async function readResponse(ex: Executor, viewer: Viewer, initiativeId: string, id: string) {
	const [found] = await listResponses(ex, viewer, { initiativeId, responseId: id });
	return found;
}

/**
 * A dated status entry on a response, by a member of its working group or a curator:
 * 'not_found' when the viewer may not see or update it.
 */
export async function addEntry(
	db: Db,
	viewer: NonNullable<Viewer>,
	initiativeId: string,
	responseId: string,
	input: { status: string; body: string; language: string; link: string },
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; notFound?: true; problems: Problems }> {
	const fields = checkEntryFields(input);
	return db.transaction(async (tx) => {
		const found = await readResponse(tx, viewer, initiativeId, responseId);
		if (!found || !found.canUpdate)
			return { ok: false as const, notFound: true as const, problems: {} };
		if (!fields.value) return { ok: false as const, problems: fields.problems };
		const id = newId();
		await tx
			.insert(responseEntries)
			.values({ id, responseId, ...fields.value, authorId: viewer.id, createdAt: now });
		await tx.update(responses).set({ updatedAt: now }).where(eq(responses.id, responseId));
		const r = found.response;
		for (const userId of await ownersToTell(tx, r, now))
			await notify(tx, {
				userId,
				kind: 'response_updated',
				initiativeId: r.initiativeId,
				params: {
					responseId,
					entryId: id,
					exhibitionId: r.exhibitionId,
					storyId: r.storyId,
					workingGroupId: r.workingGroupId,
					status: fields.value.status
				}
			});
		return { ok: true as const, id };
	});
}

export type AnswerResult =
	{ ok: true; id: string } | { ok: false; notFound?: true; already?: true; problems: Problems };

/**
 * The participant answers one entry of a response about their own story: thanks, an addition
 * or a disagreement, with optional words. Once per entry: a second answer is refused.
 */
export async function answerEntry(
	db: Db,
	viewer: NonNullable<Viewer>,
	storyId: string,
	entryId: string,
	input: { kind: string; body: string; language: string },
	now = new Date()
): Promise<AnswerResult> {
	const problems: Problems = {};
	if (!(ANSWER_KINDS as readonly string[]).includes(input.kind))
		problems.kind = 'resp_error_answer_kind';
	const body = checkText(input.body, { max: ANSWER_BODY_MAX, kind: 'text' });
	if (body.error) problems.body = body.error;
	if (!isLocale(input.language)) problems.language = 'resp_error_language';
	return db.transaction(async (tx) => {
		const mine = await listResponses(tx, viewer, { storyId, mine: true }, now);
		const found = mine.find(
			(r) =>
				r.response.subject === 'story' &&
				r.response.storyId === storyId &&
				r.asOwner &&
				r.entries.some((e) => e.entry.id === entryId)
		);
		if (!found) return { ok: false as const, notFound: true as const, problems };
		if (found.entries.find((e) => e.entry.id === entryId)!.answer)
			return {
				ok: false as const,
				already: true as const,
				problems: { form: 'resp_answer_already' }
			};
		if (Object.keys(problems).length > 0) return { ok: false as const, problems };
		const id = newId();
		const inserted = await tx
			.insert(responseAnswers)
			.values({
				id,
				entryId,
				kind: input.kind as AnswerKind,
				body: body.value,
				language: input.language as Locale,
				authorId: viewer.id,
				createdAt: now
			})
			.onConflictDoNothing()
			.returning({ id: responseAnswers.id });
		if (inserted.length === 0)
			return {
				ok: false as const,
				already: true as const,
				problems: { form: 'resp_answer_already' }
			};
		const r = found.response;
		const recipients = new Set(await workingGroupMembers(tx, r.workingGroupId));
		if (r.authorId) recipients.add(r.authorId);
		recipients.delete(viewer.id);
		const active = recipients.size
			? await tx
					.select({ id: users.id })
					.from(users)
					.where(and(inArray(users.id, [...recipients]), isNull(users.disabledAt)))
			: [];
		for (const { id: userId } of active)
			await notify(tx, {
				userId,
				kind: 'response_answered',
				initiativeId: r.initiativeId,
				params: { responseId: r.id, entryId, workingGroupId: r.workingGroupId }
			});
		return { ok: true as const, id };
	});
}

/**
 * Marks every entry of the responses about the viewer's own story as read by them (when they
 * open the story's responses page). Only story responses count as unread (an exhibition
 * response is shared by every participant of the exhibition).
 */
export async function markRead(
	db: Db,
	viewer: NonNullable<Viewer>,
	storyId: string,
	now = new Date()
) {
	const mine = await listResponses(db, viewer, { storyId, mine: true }, now);
	const ids = mine
		.filter((r) => r.response.subject === 'story' && r.asOwner)
		.flatMap((r) => r.entries.filter((e) => e.entry.ownerReadAt === null).map((e) => e.entry.id));
	if (ids.length === 0) return 0;
	await db
		.update(responseEntries)
		.set({ ownerReadAt: now })
		.where(and(inArray(responseEntries.id, ids), isNull(responseEntries.ownerReadAt)));
	return ids.length;
}

/** Unread entries of responses about one's own stories, and the latest responses, for a home page. */
export async function ownResponsesSummary(
	ex: Executor,
	viewer: NonNullable<Viewer>,
	initiativeId: string,
	latest = 5
) {
	const mine = (await listResponses(ex, viewer, { initiativeId, mine: true })).filter(
		(r) => r.asOwner
	);
	const unread = mine
		.filter((r) => r.response.subject === 'story')
		.reduce((n, r) => n + r.entries.filter((e) => e.entry.ownerReadAt === null).length, 0);
	return { unread, latest: mine.slice(0, latest) };
}
