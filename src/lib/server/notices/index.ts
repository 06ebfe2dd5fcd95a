// Things a person is told the next time they log in — for now, that a role of theirs ended
// and what that means for their stories. They stay until the person dismisses them.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { initiatives, notices, type NoticeKind } from '../db/schema';
import { newId } from '../ids';

export async function notify(
	ex: Executor,
	notice: {
		userId: string;
		kind: NoticeKind;
		initiativeId: string | null;
		details?: Record<string, string | number | boolean | null>;
	}
) {
	await ex.insert(notices).values({
		id: newId(),
		userId: notice.userId,
		kind: notice.kind,
		initiativeId: notice.initiativeId,
		details: notice.details ?? {}
	});
}

/** The person's notices not yet dismissed, oldest first, with the initiative's title. */
export async function unreadNotices(ex: Executor, userId: string) {
	return ex
		.select({
			id: notices.id,
			kind: notices.kind,
			details: notices.details,
			createdAt: notices.createdAt,
			initiativeTitle: initiatives.title
		})
		.from(notices)
		.leftJoin(initiatives, eq(initiatives.id, notices.initiativeId))
		.where(and(eq(notices.userId, userId), isNull(notices.readAt)))
		.orderBy(asc(notices.createdAt));
}

export async function dismissNotice(ex: Executor, userId: string, noticeId: string) {
	await ex
		.update(notices)
		.set({ readAt: new Date() })
		.where(and(eq(notices.id, noticeId), eq(notices.userId, userId)));
}
