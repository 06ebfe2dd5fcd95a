import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { auditLog, users, type AuditAction } from '../db/schema';

export interface AuditEntry {
	actorId: string | null;
	action: AuditAction;
	initiativeId?: string | null;
	targetUserId?: string | null;
	details?: Record<string, string | number | boolean | null>;
}

/** Written in the same transaction as the change it records. */
export async function audit(ex: Executor, entry: AuditEntry, at = new Date()): Promise<void> {
	await ex.insert(auditLog).values({
		at,
		actorId: entry.actorId,
		action: entry.action,
		initiativeId: entry.initiativeId ?? null,
		targetUserId: entry.targetUserId ?? null,
		details: entry.details ?? {}
	});
}

export interface AuditFilter {
	action?: AuditAction;
	/** Matches the acting or the affected person's username, case-insensitively. */
	username?: string;
	initiativeId?: string;
	from?: Date;
	/** Exclusive. */
	to?: Date;
	/** For paging: only entries older than this id. */
	before?: number;
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAudit(ex: Executor, filter: AuditFilter) {
	const conditions: SQL[] = [];
	if (filter.action) conditions.push(eq(auditLog.action, filter.action));
	if (filter.initiativeId) conditions.push(eq(auditLog.initiativeId, filter.initiativeId));
	if (filter.from) conditions.push(gte(auditLog.at, filter.from));
	if (filter.to) conditions.push(lt(auditLog.at, filter.to));
	if (filter.before) conditions.push(lt(auditLog.id, filter.before));
	if (filter.username) {
		const key = filter.username.normalize('NFKC').toLowerCase();
		conditions.push(
			sql`(${auditLog.actorId} IN (SELECT id FROM users WHERE username_key = ${key})
				OR ${auditLog.targetUserId} IN (SELECT id FROM users WHERE username_key = ${key}))`
		);
	}
	const target = sql<
		string | null
	>`(SELECT username FROM users WHERE users.id = ${auditLog.targetUserId})`;
	const rows = await ex
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			actor: users.username,
			target,
			initiativeId: auditLog.initiativeId,
			details: auditLog.details
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(and(...conditions))
		.orderBy(desc(auditLog.id))
		.limit(AUDIT_PAGE_SIZE + 1);
	return {
		entries: rows.slice(0, AUDIT_PAGE_SIZE),
		nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]?.id : undefined
	};
}
