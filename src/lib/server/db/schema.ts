import { sql } from 'drizzle-orm';
import {
	sqliteTable,
	text,
	integer,
	primaryKey,
	index,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { LocalizedText } from '../../localized';
import type { Role } from '../../roles';

const id = () => text('id').primaryKey();
const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
	id: id(),
	username: text('username').notNull(),
	/** Lower-cased username: logins are case-insensitive and unique. */
	usernameKey: text('username_key').notNull().unique(),
	/** The person's own name, used where they choose to be named by it. */
	displayName: text('display_name'),
	passwordHash: text('password_hash').notNull(),
	isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
	createdAt: createdAt(),
	passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' })
});

export const sessions = sqliteTable(
	'sessions',
	{
		/** SHA-256 of the session token, hex. The token itself is never stored. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
		/** A short description of the browser, to recognise the session in "my sessions". */
		device: text('device').notNull().default('')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const initiatives = sqliteTable('initiatives', {
	id: id(),
	title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
	description: text('description', { mode: 'json' }).$type<LocalizedText>().notNull(),
	createdAt: createdAt(),
	archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
});

export const workingGroups = sqliteTable(
	'working_groups',
	{
		id: id(),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
		description: text('description', { mode: 'json' }).$type<LocalizedText>().notNull(),
		createdAt: createdAt(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('working_groups_initiative_idx').on(t.initiativeId)]
);

export const themes = sqliteTable(
	'themes',
	{
		id: id(),
		workingGroupId: text('working_group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' }),
		title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
		/** The question of the common agenda this theme asks. */
		description: text('description', { mode: 'json' }).$type<LocalizedText>().notNull(),
		createdAt: createdAt(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('themes_working_group_idx').on(t.workingGroupId)]
);

export const memberships = sqliteTable(
	'memberships',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		role: text('role').$type<Role>().notNull(),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('memberships_user_initiative_role_idx').on(t.userId, t.initiativeId, t.role),
		index('memberships_initiative_idx').on(t.initiativeId)
	]
);

export const membershipWorkingGroups = sqliteTable(
	'membership_working_groups',
	{
		membershipId: text('membership_id')
			.notNull()
			.references(() => memberships.id, { onDelete: 'cascade' }),
		workingGroupId: text('working_group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.membershipId, t.workingGroupId] }),
		index('membership_working_groups_wg_idx').on(t.workingGroupId)
	]
);

export const invitations = sqliteTable(
	'invitations',
	{
		id: id(),
		/** SHA-256 of the invitation token, hex. The link is shown once, when it is made. */
		tokenHash: text('token_hash').notNull().unique(),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		role: text('role').$type<Role>().notNull(),
		/** A private note for whoever made it, e.g. who it is for. */
		label: text('label').notNull().default(''),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		usedBy: text('used_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('invitations_initiative_idx').on(t.initiativeId)]
);

export const invitationWorkingGroups = sqliteTable(
	'invitation_working_groups',
	{
		invitationId: text('invitation_id')
			.notNull()
			.references(() => invitations.id, { onDelete: 'cascade' }),
		workingGroupId: text('working_group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.invitationId, t.workingGroupId] })]
);

export const passwordResets = sqliteTable(
	'password_resets',
	{
		id: id(),
		tokenHash: text('token_hash').notNull().unique(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('password_resets_user_idx').on(t.userId)]
);

/** One-time links that let the first admin be created. Deleted once one is used. */
export const setupTokens = sqliteTable('setup_tokens', {
	tokenHash: text('token_hash').primaryKey(),
	createdAt: createdAt()
});

export const loginFailures = sqliteTable(
	'login_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		usernameKey: text('username_key').notNull(),
		address: text('address').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('login_failures_key_idx').on(t.usernameKey, t.address, t.at),
		index('login_failures_address_idx').on(t.address, t.at)
	]
);

export const AUDIT_ACTIONS = [
	'setup.admin_created',
	'cli.admin_created',
	'invitation.created',
	'invitation.revoked',
	'invitation.used',
	'membership.added',
	'membership.removed',
	'admin.granted',
	'admin.revoked',
	'password_reset.created',
	'password_reset.used',
	'password.changed',
	'initiative.created',
	'initiative.updated',
	'initiative.archived',
	'initiative.restored',
	'working_group.created',
	'working_group.updated',
	'working_group.archived',
	'working_group.restored',
	'theme.created',
	'theme.updated',
	'theme.archived',
	'theme.restored'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action').$type<AuditAction>().notNull(),
		initiativeId: text('initiative_id').references(() => initiatives.id, {
			onDelete: 'set null'
		}),
		targetUserId: text('target_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** Small, non-secret facts about the event (never a token or a password). */
		details: text('details', { mode: 'json' })
			.$type<Record<string, string | number | boolean | null>>()
			.notNull()
			.default({})
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_action_idx').on(t.action, t.at),
		index('audit_log_initiative_idx').on(t.initiativeId, t.at)
	]
);
