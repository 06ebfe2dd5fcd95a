// MAX_UPLOADS_PER_HOUR: uploads a person may start in any hour, counted in the database (so the
// limit holds across processes and restarts). Each row is a user id and a time, nothing else,
// and rows older than an hour are deleted whenever anyone's next upload is counted.
import { asc, count, eq, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { uploadAttempts } from '../db/schema';

export const UPLOAD_WINDOW_MS = 60 * 60 * 1000;

export type Admission = { ok: true } | { ok: false; retryAfterMinutes: number };

/**
 * Counts an upload the person is starting, unless they already started `maxPerHour` in the
 * last hour; then says in how many minutes the next one may start. One write transaction, so
 * that simultaneous uploads cannot pass the limit together.
 */
export async function admitUpload(
	db: Db,
	userId: string,
	maxPerHour: number,
	now = new Date()
): Promise<Admission> {
	const since = new Date(now.getTime() - UPLOAD_WINDOW_MS);
	return db.transaction(async (tx) => {
		// Everybody's rows past the hour: the table never holds more than an hour of uploads.
		await tx.delete(uploadAttempts).where(lte(uploadAttempts.at, since));
		const [row] = await tx
			.select({ n: count() })
			.from(uploadAttempts)
			.where(eq(uploadAttempts.userId, userId));
		if ((row?.n ?? 0) >= maxPerHour) {
			const [oldest] = await tx
				.select({ at: uploadAttempts.at })
				.from(uploadAttempts)
				.where(eq(uploadAttempts.userId, userId))
				.orderBy(asc(uploadAttempts.at))
				.limit(1);
			const freeAt = (oldest?.at.getTime() ?? now.getTime()) + UPLOAD_WINDOW_MS;
			return {
				ok: false,
				retryAfterMinutes: Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000))
			} as const;
		}
		await tx.insert(uploadAttempts).values({ userId, at: now });
		return { ok: true } as const;
	});
}
