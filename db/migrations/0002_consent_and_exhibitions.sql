CREATE TABLE `consent_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`story_id` text NOT NULL,
	`actor_id` text,
	`kind` text NOT NULL,
	`exhibition_id` text,
	`placement_id` text,
	`exhibition_title` text,
	`audience` text,
	`text` text DEFAULT '' NOT NULL,
	`locale` text,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`exhibition_id`) REFERENCES `exhibitions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `consent_events_story_idx` ON `consent_events` (`story_id`,`at`);--> statement-breakpoint
CREATE INDEX `consent_events_exhibition_idx` ON `consent_events` (`exhibition_id`);--> statement-breakpoint
CREATE TABLE `exhibition_sections` (
	`id` text PRIMARY KEY NOT NULL,
	`exhibition_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`exhibition_id`) REFERENCES `exhibitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exhibition_sections_exhibition_idx` ON `exhibition_sections` (`exhibition_id`,`position`);--> statement-breakpoint
CREATE TABLE `exhibition_themes` (
	`exhibition_id` text NOT NULL,
	`theme_id` text NOT NULL,
	PRIMARY KEY(`exhibition_id`, `theme_id`),
	FOREIGN KEY (`exhibition_id`) REFERENCES `exhibitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exhibition_themes_theme_idx` ON `exhibition_themes` (`theme_id`);--> statement-breakpoint
CREATE TABLE `exhibition_working_groups` (
	`exhibition_id` text NOT NULL,
	`working_group_id` text NOT NULL,
	PRIMARY KEY(`exhibition_id`, `working_group_id`),
	FOREIGN KEY (`exhibition_id`) REFERENCES `exhibitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exhibition_working_groups_wg_idx` ON `exhibition_working_groups` (`working_group_id`);--> statement-breakpoint
CREATE TABLE `exhibitions` (
	`id` text PRIMARY KEY NOT NULL,
	`initiative_id` text NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`introduction` text NOT NULL,
	`audience` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`ends_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exhibitions_slug_unique` ON `exhibitions` (`slug`);--> statement-breakpoint
CREATE INDEX `exhibitions_initiative_idx` ON `exhibitions` (`initiative_id`,`status`);--> statement-breakpoint
CREATE TABLE `placements` (
	`id` text PRIMARY KEY NOT NULL,
	`exhibition_id` text NOT NULL,
	`story_id` text NOT NULL,
	`section_id` text,
	`position` integer NOT NULL,
	`size` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`photo_ids` text DEFAULT '[]' NOT NULL,
	`attribution` text DEFAULT 'anonymous' NOT NULL,
	`pseudonym` text DEFAULT '' NOT NULL,
	`consent_expires_at` integer,
	`approved_size` text,
	`approved_section_id` text,
	`approved_audience` text,
	`approved_working_group_ids` text DEFAULT '[]' NOT NULL,
	`decided_at` integer,
	`requested_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`exhibition_id`) REFERENCES `exhibitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`section_id`) REFERENCES `exhibition_sections`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `placements_exhibition_story_idx` ON `placements` (`exhibition_id`,`story_id`);--> statement-breakpoint
CREATE INDEX `placements_story_idx` ON `placements` (`story_id`,`status`);--> statement-breakpoint
ALTER TABLE `stories` ADD `shared_at` integer;