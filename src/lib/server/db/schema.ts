import { sql } from 'drizzle-orm';
import {
	sqliteTable,
	text,
	integer,
	primaryKey,
	index,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { Locale, LocalizedText } from '../../localized';
import type { Role } from '../../roles';
import type { Framing, Rect, RedactionStyle } from '../../framing';
import type { Stricter } from '../../stricter';
import type { PlacementTerms } from '../../consent-terms';
import { CONTENT_NOTE_KINDS, type ContentNoteKind } from '../../content-note';

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
	passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' }),
	/**
	 * Set by an admin: the person cannot log in, their sessions are gone, and the gate hides
	 * their stories from everyone but themselves (docs/consent.md). Null while the account is active.
	 */
	disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
	/** Why, in the admin's words (also in the audit log). */
	disabledReason: text('disabled_reason').notNull().default('')
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
	archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
	/** Set once the default role tags were given to the initiative (then admins edit them). */
	roleTagsSeededAt: integer('role_tags_seeded_at', { mode: 'timestamp_ms' })
});

/** The roles people play (parent, neighbour, carer…) that an initiative offers as story tags. */
export const roleTags = sqliteTable(
	'role_tags',
	{
		id: id(),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		label: text('label', { mode: 'json' }).$type<LocalizedText>().notNull(),
		position: integer('position').notNull().default(0),
		createdAt: createdAt(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('role_tags_initiative_idx').on(t.initiativeId, t.position)]
);

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

export const ATTRIBUTIONS = ['own_name', 'pseudonym', 'anonymous'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];
export const STORY_STATUSES = ['draft', 'finished'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export const SHOWED_STEPS = ['see', 'happening', 'ourLives', 'why', 'do'] as const;
export type ShowedStep = (typeof SHOWED_STEPS)[number];
export type ShowedAnswers = Partial<Record<ShowedStep, string>>;
export { CONTENT_NOTE_KINDS, type ContentNoteKind };

/** A participant's story. Read only through src/lib/server/access (the one gate). */
export const stories = sqliteTable(
	'stories',
	{
		id: id(),
		ownerId: text('owner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		title: text('title').notNull().default(''),
		/** Plain text; paragraphs separated by blank lines. Never HTML. */
		narrative: text('narrative').notNull().default(''),
		language: text('language').$type<Locale>().notNull(),
		roleTagIds: text('role_tag_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
		freeTags: text('free_tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
		attribution: text('attribution').$type<Attribution>().notNull().default('anonymous'),
		pseudonym: text('pseudonym').notNull().default(''),
		/**
		 * Answers to the SHOWeD prompts given before they were asked per photo (docs/guide.md).
		 * No longer written: migration 0013 moved them to the story's first photo, and a story
		 * that had no photo then gets them on its first upload (insertPhoto). Kept, not dropped,
		 * so that the move loses nothing.
		 */
		showed: text('showed', { mode: 'json' }).$type<ShowedAnswers>().notNull().default({}),
		status: text('status').$type<StoryStatus>().notNull().default('draft'),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
		/** Shared with the curators of its initiative (the pool) since then; null when not. */
		sharedAt: integer('shared_at', { mode: 'timestamp_ms' }),
		/**
		 * The content note visitors see before the story (docs/content-notes.md): kinds from the
		 * fixed list and the participant's own words. Empty both: no note. Only the participant
		 * sets it (a curator's suggestion applies once they approve it).
		 */
		contentNoteKinds: text('content_note_kinds', { mode: 'json' })
			.$type<ContentNoteKind[]>()
			.notNull()
			.default([]),
		contentNoteWords: text('content_note_words').notNull().default('')
	},
	(t) => [
		index('stories_owner_idx').on(t.ownerId, t.initiativeId),
		index('stories_initiative_idx').on(t.initiativeId, t.status)
	]
);

/** A photo of a story: the master's storage key (never served to anyone but its owner's editor). */
export const photos = sqliteTable(
	'photos',
	{
		id: id(),
		storyId: text('story_id')
			.notNull()
			.references(() => stories.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		masterKey: text('master_key').notNull(),
		masterWidth: integer('master_width').notNull(),
		masterHeight: integer('master_height').notNull(),
		framing: text('framing', { mode: 'json' }).$type<Framing>().notNull(),
		/** Goes up with every new framing; derivative URLs carry it, so caches never mix them. */
		version: integer('version').notNull().default(1),
		/** Size of the framed photo (the largest derivative would have this size). */
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		thumbhash: text('thumbhash').notNull(),
		altText: text('alt_text').notNull().default(''),
		caption: text('caption').notNull().default(''),
		/**
		 * The owner's answers to the SHOWeD prompts about this photo (docs/guide.md). Only the
		 * owner ever sees them; they go with the photo's row when it is deleted.
		 */
		showed: text('showed', { mode: 'json' }).$type<ShowedAnswers>().notNull().default({}),
		/**
		 * Stricter framing for wider audiences (docs/releases.md): for partners, for the public,
		 * a closer crop and more hidden areas, each adding to the narrower audience's framing.
		 * Checked by normalizeStricter (src/lib/stricter.ts); {} when there is none.
		 */
		stricter: text('stricter', { mode: 'json' }).$type<Stricter>().notNull().default({}),
		/**
		 * The key of the strictest variant (docs/releases.md): every stricter layer, every person
		 * marked in this photo (photo_people) hidden; '' when there is neither. Written in the
		 * same transaction as the marks and the layers, so the gate knows without another read
		 * whether a photo has variants.
		 */
		peopleKey: text('people_key').notNull().default(''),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('photos_story_idx').on(t.storyId, t.position)]
);

export const RELEASE_STATES = ['none', 'asked', 'agreed', 'declined', 'withdrawn'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];
export const RELEASE_SIGNERS = ['self', 'guardian'] as const;
export type ReleaseSigner = (typeof RELEASE_SIGNERS)[number];

/**
 * A person the participant marked in one of their photos, and that person's release
 * (docs/releases.md). The region is hidden in every file anyone else receives unless the
 * release is agreed and covers the audience the file is for.
 */
export const photoPeople = sqliteTable(
	'photo_people',
	{
		id: id(),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id, { onDelete: 'cascade' }),
		/** Fractions of the photo after rotation, as a hidden area's (framing.ts). */
		region: text('region', { mode: 'json' }).$type<Rect>().notNull(),
		/** How the region is hidden where the release does not reach. */
		style: text('style').$type<RedactionStyle>().notNull(),
		/** Who it is, in the participant's own words: shown to the participant alone. */
		who: text('who').notNull().default(''),
		state: text('state').$type<ReleaseState>().notNull().default('none'),
		/** SHA-256 of the release link's secret (the link itself is never stored). */
		tokenHash: text('token_hash').unique(),
		/** The audiences the release asks for (and, once agreed, covers). */
		audiences: text('audiences', { mode: 'json' }).$type<Audience[]>().notNull().default([]),
		/** The language the release page opens in. */
		locale: text('locale').$type<Locale>().notNull().default('he'),
		/** Who agreed or declined: the person, or a parent or guardian for a minor. */
		signer: text('signer').$type<ReleaseSigner>(),
		/** The exact words the person agreed to, as shown to them. */
		words: text('words').notNull().default(''),
		askedAt: integer('asked_at', { mode: 'timestamp_ms' }),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('photo_people_photo_idx').on(t.photoId)]
);

/**
 * Media files about to be written (docs/media.md). The row is committed before the first byte,
 * and removed in the transaction that records the file in photos or photo_derivatives, or once
 * the file is deleted again. So at every start, a file under media/ that no photo, derivative
 * or live intent names is an orphan, and the startup sweep deletes it.
 */
export const mediaIntents = sqliteTable(
	'media_intents',
	{
		/** The storage key the file will have. */
		key: text('key').primaryKey(),
		/** The server instance writing it (as the job worker names itself). */
		owner: text('owner').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('media_intents_owner_idx').on(t.owner, t.createdAt)]
);

/**
 * One row per photo upload a person started, kept for an hour: MAX_UPLOADS_PER_HOUR is counted
 * here (in the database, so it holds across processes), and older rows are pruned as it goes.
 */
export const uploadAttempts = sqliteTable(
	'upload_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('upload_attempts_user_idx').on(t.userId, t.at)]
);

export const DERIVATIVE_KINDS = ['webp', 'jpeg', 'avif', 'editor'] as const;
export type DerivativeKind = (typeof DERIVATIVE_KINDS)[number];

export const photoDerivatives = sqliteTable(
	'photo_derivatives',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		/** 'editor' is the whole upright photo without framing, for its owner's editor only. */
		kind: text('kind').$type<DerivativeKind>().notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		storageKey: text('storage_key').notNull(),
		bytes: integer('bytes').notNull(),
		/**
		 * Which marked people are hidden in this file (docs/releases.md): their ids, sorted,
		 * joined by '.'; '' for none. The gate serves a variant that hides at least everyone
		 * whose release does not cover the viewer's audience.
		 */
		variant: text('variant').notNull().default('')
	},
	(t) => [
		uniqueIndex('photo_derivatives_variant_unique_idx').on(
			t.photoId,
			t.version,
			t.variant,
			t.kind,
			t.width
		)
	]
);

export const AUDIENCES = ['public', 'partners', 'working_group'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const EXHIBITION_STATUSES = ['draft', 'published', 'archived'] as const;
export type ExhibitionStatus = (typeof EXHIBITION_STATUSES)[number];

export const exhibitions = sqliteTable(
	'exhibitions',
	{
		id: id(),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		/** The readable part of a published exhibition's address. */
		slug: text('slug').notNull().unique(),
		title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
		introduction: text('introduction', { mode: 'json' }).$type<LocalizedText>().notNull(),
		audience: text('audience').$type<Audience>().notNull(),
		status: text('status').$type<ExhibitionStatus>().notNull().default('draft'),
		/** When the exhibition closes, if it has a date: consents may run until then. */
		endsAt: integer('ends_at', { mode: 'timestamp_ms' }),
		/**
		 * The cover: a photo of an approved placement. Shown only while that placement stands and
		 * that photo is among the ones its participant approved (the gate decides, as for any photo).
		 */
		coverPhotoId: text('cover_photo_id'),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		/** The wall and stories with a content note: held (note first, then the story) or skipped. */
		wallContentNotes: text('wall_content_notes').$type<WallContentNotes>().notNull().default('hold')
	},
	(t) => [index('exhibitions_initiative_idx').on(t.initiativeId, t.status)]
);

export const WALL_CONTENT_NOTES = ['hold', 'skip'] as const;
export type WallContentNotes = (typeof WALL_CONTENT_NOTES)[number];

/**
 * A curator's suggestion of a content note for a story (docs/content-notes.md): shown to the
 * story's participant only, and applied only when they approve it. At most one per story (a
 * new one replaces it); it goes when it is decided, and with the story.
 */
export const contentNoteSuggestions = sqliteTable('content_note_suggestions', {
	storyId: text('story_id')
		.primaryKey()
		.references(() => stories.id, { onDelete: 'cascade' }),
	suggestedBy: text('suggested_by').references(() => users.id, { onDelete: 'set null' }),
	kinds: text('kinds', { mode: 'json' }).$type<ContentNoteKind[]>().notNull().default([]),
	words: text('words').notNull().default(''),
	createdAt: createdAt()
});

/** For the working-group audience: the groups whose members see the exhibition. */
export const exhibitionWorkingGroups = sqliteTable(
	'exhibition_working_groups',
	{
		exhibitionId: text('exhibition_id')
			.notNull()
			.references(() => exhibitions.id, { onDelete: 'cascade' }),
		workingGroupId: text('working_group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.exhibitionId, t.workingGroupId] }),
		index('exhibition_working_groups_wg_idx').on(t.workingGroupId)
	]
);

/** The themes of the common agenda that an exhibition informs. */
export const exhibitionThemes = sqliteTable(
	'exhibition_themes',
	{
		exhibitionId: text('exhibition_id')
			.notNull()
			.references(() => exhibitions.id, { onDelete: 'cascade' }),
		themeId: text('theme_id')
			.notNull()
			.references(() => themes.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.exhibitionId, t.themeId] }),
		index('exhibition_themes_theme_idx').on(t.themeId)
	]
);

export const exhibitionSections = sqliteTable(
	'exhibition_sections',
	{
		id: id(),
		exhibitionId: text('exhibition_id')
			.notNull()
			.references(() => exhibitions.id, { onDelete: 'cascade' }),
		title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
		body: text('body', { mode: 'json' }).$type<LocalizedText>().notNull(),
		position: integer('position').notNull()
	},
	(t) => [index('exhibition_sections_exhibition_idx').on(t.exhibitionId, t.position)]
);

export const PLACEMENT_SIZES = ['small', 'medium', 'large', 'full'] as const;
export type PlacementSize = (typeof PLACEMENT_SIZES)[number];
export const PLACEMENT_STATUSES = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/**
 * A story proposed for an exhibition. Shown only once its participant approved it, only as
 * they approved it (photos, name), only while the approval stands and has not run out.
 */
export const placements = sqliteTable(
	'placements',
	{
		id: id(),
		exhibitionId: text('exhibition_id')
			.notNull()
			.references(() => exhibitions.id, { onDelete: 'cascade' }),
		storyId: text('story_id')
			.notNull()
			.references(() => stories.id, { onDelete: 'cascade' }),
		sectionId: text('section_id').references(() => exhibitionSections.id, {
			onDelete: 'set null'
		}),
		position: integer('position').notNull(),
		size: text('size').$type<PlacementSize>().notNull(),
		/** What the curator wrote to the participant with the request. */
		note: text('note').notNull().default(''),
		status: text('status').$type<PlacementStatus>().notNull().default('pending'),
		/** The participant's conditions, set when they approve. */
		photoIds: text('photo_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
		attribution: text('attribution').$type<Attribution>().notNull().default('anonymous'),
		pseudonym: text('pseudonym').notNull().default(''),
		consentExpiresAt: integer('consent_expires_at', { mode: 'timestamp_ms' }),
		/** What was approved: a later change to any of these asks the participant again. */
		approvedSize: text('approved_size').$type<PlacementSize>(),
		approvedSectionId: text('approved_section_id'),
		approvedAudience: text('approved_audience').$type<Audience>(),
		approvedWorkingGroupIds: text('approved_working_group_ids', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default([]),
		/** The themes the participant agreed this story informs here (see placementThemes). */
		approvedThemeIds: text('approved_theme_ids', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default([]),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
		requestedBy: text('requested_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('placements_exhibition_story_idx').on(t.exhibitionId, t.storyId),
		index('placements_story_idx').on(t.storyId, t.status)
	]
);

/**
 * The themes of its exhibition that a placement says the story informs, as the curator chose
 * them. Theme pages list a story only through this link, and only while the participant's
 * approval covers it (placements.approvedThemeIds).
 */
export const placementThemes = sqliteTable(
	'placement_themes',
	{
		placementId: text('placement_id')
			.notNull()
			.references(() => placements.id, { onDelete: 'cascade' }),
		themeId: text('theme_id')
			.notNull()
			.references(() => themes.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.placementId, t.themeId] }),
		index('placement_themes_theme_idx').on(t.themeId)
	]
);

export const CONSENT_KINDS = [
	'shared',
	'unshared',
	'approved',
	'declined',
	'withdrawn',
	'withdrawn_story',
	'withdrawn_everything',
	'reapproval_requested',
	'paused',
	'expired'
] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/**
 * Every share, approval, decline and withdrawal, with the words the participant agreed to, in
 * their language. Append-only: triggers refuse any update, and any delete while the story
 * exists (deleting a story, at its author's wish, takes its events with it).
 */
export const consentEvents = sqliteTable(
	'consent_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		storyId: text('story_id')
			.notNull()
			.references(() => stories.id, { onDelete: 'cascade' }),
		/** Who acted: the participant, or a curator for 'reapproval_requested'; null for expiry. */
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind').$type<ConsentKind>().notNull(),
		exhibitionId: text('exhibition_id').references(() => exhibitions.id, { onDelete: 'set null' }),
		placementId: text('placement_id'),
		/** The exhibition's title and audience as they were, so the receipt stays true. */
		exhibitionTitle: text('exhibition_title', { mode: 'json' }).$type<LocalizedText>(),
		audience: text('audience').$type<Audience>(),
		/** The exact words shown to the participant when they decided. */
		text: text('text').notNull().default(''),
		locale: text('locale').$type<Locale>(),
		/** For an approval: every term the participant was shown, and its digest. */
		terms: text('terms', { mode: 'json' }).$type<PlacementTerms>(),
		termsDigest: text('terms_digest'),
		details: text('details', { mode: 'json' })
			.$type<Record<string, string | number | boolean | null | string[]>>()
			.notNull()
			.default({})
	},
	(t) => [
		index('consent_events_story_idx').on(t.storyId, t.at),
		index('consent_events_exhibition_idx').on(t.exhibitionId)
	]
);

export const JOB_KINDS = ['render_avif', 'render_variants', 'delete_files'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Durable background work: survives restarts, retried with backoff, failures shown to admins. */
export const jobs = sqliteTable(
	'jobs',
	{
		id: id(),
		kind: text('kind').$type<JobKind>().notNull(),
		payload: text('payload', { mode: 'json' })
			.$type<Record<string, string | number | string[]>>()
			.notNull(),
		status: text('status').$type<JobStatus>().notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull(),
		lockedBy: text('locked_by'),
		lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
		lastError: text('last_error'),
		createdAt: createdAt(),
		finishedAt: integer('finished_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('jobs_status_run_at_idx').on(t.status, t.runAt)]
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
	'theme.restored',
	'role_tags.updated',
	'job.retried',
	'consent.changed',
	'exhibition.created',
	'exhibition.published',
	'exhibition.unpublished',
	'exhibition.archived',
	'story.viewed',
	'content_note.suggested',
	'content_note.approved',
	'content_note.declined',
	'person.marked',
	'person.unmarked',
	'release.asked',
	'release.agreed',
	'release.declined',
	'release.withdrawn',
	'account.disabled',
	'account.enabled',
	'account.deleted'
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

export const NOTICE_KINDS = ['membership_removed'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Something a person is told the next time they log in (then they dismiss it). */
export const notices = sqliteTable(
	'notices',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<NoticeKind>().notNull(),
		initiativeId: text('initiative_id').references(() => initiatives.id, {
			onDelete: 'set null'
		}),
		details: text('details', { mode: 'json' })
			.$type<Record<string, string | number | boolean | null>>()
			.notNull()
			.default({}),
		createdAt: createdAt(),
		readAt: integer('read_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('notices_user_idx').on(t.userId, t.readAt)]
);

/**
 * "Download my data" running for a person: at most one at a time (src/lib/server/export/).
 * The row is a lease, renewed while the zip streams and deleted when it ends; a lease not
 * renewed for a while (the process died) is taken over by the next export.
 */
export const dataExports = sqliteTable('data_exports', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** Which export holds the lease (random), so that only it renews or ends it. */
	token: text('token').notNull(),
	renewedAt: integer('renewed_at', { mode: 'timestamp_ms' }).notNull()
});

export const ERASURE_KINDS = ['story', 'photo', 'account'] as const;
export type ErasureKind = (typeof ERASURE_KINDS)[number];

/**
 * Tombstones: the id of every story, photo and account deleted, and nothing else (no words, no
 * name). Written by triggers on every delete from those tables (so no path can forget), copied
 * to the erasure log outside DATA_DIR's snapshots, and re-applied by `npm run cli -- restore`
 * (docs/data-lifecycle.md).
 */
export const erasures = sqliteTable(
	'erasures',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		kind: text('kind').$type<ErasureKind>().notNull(),
		subjectId: text('subject_id').notNull(),
		at: createdAt()
	},
	(t) => [index('erasures_subject_idx').on(t.kind, t.subjectId)]
);

/**
 * One row: a number that grows with every committed change to anything a page may show
 * (docs/performance.md, "The content version"). Bumped by triggers on every content table, in
 * the same transaction as the change, so no path can forget it; the server's page and media
 * caches hold an entry only while the version it was made at is still the current one. Kept in
 * the database, not in memory, so that several processes agree.
 */
export const contentVersion = sqliteTable('content_version', {
	id: integer('id').primaryKey(),
	version: integer('version').notNull().default(0)
});

// ---------------------------------------------------------------------------------------
// Knowledge returns (docs/knowledge-returns.md): what a story changed, told back to its author.

export const RESPONSE_KINDS = ['insight', 'decision', 'action'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
export const RESPONSE_STATUSES = ['noted', 'discussed', 'acted_on', 'not_taken_forward'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/**
 * A working group's response to a story (seen in an exhibition) or to a whole exhibition: what
 * the group learned, decided or did. Its words and status live in its dated entries. Read only
 * through src/lib/server/access (the gate decides who sees it, and whether the story it is about
 * may still be shown beside it). The author is kept for the group's records and is never shown
 * to the participant.
 */
export const responses = sqliteTable(
	'responses',
	{
		id: id(),
		initiativeId: text('initiative_id')
			.notNull()
			.references(() => initiatives.id, { onDelete: 'cascade' }),
		workingGroupId: text('working_group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' }),
		/** The theme it concerns: one the story informs there, or one of the exhibition's. */
		themeId: text('theme_id').references(() => themes.id, { onDelete: 'set null' }),
		/** The exhibition the story was seen in, or the exhibition responded to. */
		exhibitionId: text('exhibition_id')
			.notNull()
			.references(() => exhibitions.id, { onDelete: 'cascade' }),
		/** 'story' or 'exhibition': what the response is about (storyId goes null if the story is deleted). */
		subject: text('subject').$type<'story' | 'exhibition'>().notNull(),
		storyId: text('story_id').references(() => stories.id, { onDelete: 'set null' }),
		kind: text('kind').$type<ResponseKind>().notNull(),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('responses_story_idx').on(t.storyId),
		index('responses_exhibition_idx').on(t.exhibitionId),
		index('responses_theme_idx').on(t.themeId),
		index('responses_working_group_idx').on(t.workingGroupId, t.updatedAt)
	]
);

/** One dated step of a response's trail: its words (the first entry) or a change of status. */
export const responseEntries = sqliteTable(
	'response_entries',
	{
		id: id(),
		responseId: text('response_id')
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		status: text('status').$type<ResponseStatus>().notNull(),
		/** Plain text, in the language it was written in. */
		body: text('body').notNull().default(''),
		language: text('language').$type<Locale>().notNull(),
		/** Optional address of a public document (http or https only). */
		link: text('link').notNull().default(''),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		/** When the story's participant first saw it (null: unread for them). */
		ownerReadAt: integer('owner_read_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('response_entries_response_idx').on(t.responseId, t.createdAt)]
);

export const ANSWER_KINDS = ['thanks', 'addition', 'disagreement'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** The participant's answer to one entry of a response about their story: at most one per entry. */
export const responseAnswers = sqliteTable('response_answers', {
	id: id(),
	entryId: text('entry_id')
		.notNull()
		.unique()
		.references(() => responseEntries.id, { onDelete: 'cascade' }),
	kind: text('kind').$type<AnswerKind>().notNull(),
	body: text('body').notNull().default(''),
	language: text('language').$type<Locale>().notNull(),
	authorId: text('author_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	createdAt: createdAt()
});

export const REFLECTION_KINDS = ['reflection', 'commitment'] as const;
export type ReflectionKind = (typeof REFLECTION_KINDS)[number];
export const REFLECTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReflectionStatus = (typeof REFLECTION_STATUSES)[number];

/**
 * A visitor's reflection or commitment in an exhibition's guest book, on the exhibition or on one
 * story. Plain text. Held until a curator approves it; one about a story is shown under it only
 * once its participant chose so (shownByOwnerAt), and only while the gate shows the story.
 */
export const reflections = sqliteTable(
	'reflections',
	{
		id: id(),
		exhibitionId: text('exhibition_id')
			.notNull()
			.references(() => exhibitions.id, { onDelete: 'cascade' }),
		storyId: text('story_id').references(() => stories.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<ReflectionKind>().notNull(),
		body: text('body').notNull(),
		/** The language of the page it was written on. */
		language: text('language').$type<Locale>().notNull(),
		/** The name the visitor gave; empty: anonymous. */
		authorName: text('author_name').notNull().default(''),
		status: text('status').$type<ReflectionStatus>().notNull().default('pending'),
		moderatedBy: text('moderated_by').references(() => users.id, { onDelete: 'set null' }),
		moderatedAt: integer('moderated_at', { mode: 'timestamp_ms' }),
		/** The participant chose to show it under their story (null: not shown publicly). */
		shownByOwnerAt: integer('shown_by_owner_at', { mode: 'timestamp_ms' }),
		/** When the participant first saw it (null: unread for them). */
		ownerReadAt: integer('owner_read_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [
		index('reflections_exhibition_idx').on(t.exhibitionId, t.status),
		index('reflections_story_idx').on(t.storyId, t.status)
	]
);

/** Reflections sent, per client (SHA-256 of its address), kept for a day for throttling. */
export const reflectionAttempts = sqliteTable(
	'reflection_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		clientKey: text('client_key').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('reflection_attempts_client_idx').on(t.clientKey, t.at)]
);

/**
 * What a notification is about. Placement requests and changed requests cannot be turned off
 * (MANDATORY_NOTIFICATIONS in src/lib/server/notifications); every other kind can.
 */
export const NOTIFICATION_KINDS = [
	'placement_requested',
	'placement_changed',
	'placement_approved',
	'placement_declined',
	'placement_withdrawn',
	'response_recorded',
	'response_updated',
	'response_answered',
	'reflection_to_moderate',
	'reflection_approved',
	'consent_expiring',
	'account_event',
	'content_note_suggested',
	'release_answered',
	'content_note_answered'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationParams = Record<string, string | number | boolean | null>;

/**
 * In-app notifications. The event and its parameters are stored, never the rendered text, so
 * that each is shown in the recipient's language of the moment. Never names who viewed a story.
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<NotificationKind>().notNull(),
		initiativeId: text('initiative_id').references(() => initiatives.id, {
			onDelete: 'set null'
		}),
		params: text('params', { mode: 'json' }).$type<NotificationParams>().notNull().default({}),
		/** Makes a notification once-only (for example a consent expiry reminder); null: none. */
		dedupeKey: text('dedupe_key'),
		createdAt: createdAt(),
		readAt: integer('read_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt),
		uniqueIndex('notifications_dedupe_idx').on(t.userId, t.dedupeKey)
	]
);

/** Kinds of notification a person turned off. */
export const notificationOptOuts = sqliteTable(
	'notification_opt_outs',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<NotificationKind>().notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })]
);
