CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`locked_by` text,
	`locked_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_status_run_at_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE TABLE `photo_derivatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`photo_id` text NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`storage_key` text NOT NULL,
	`bytes` integer NOT NULL,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photo_derivatives_unique_idx` ON `photo_derivatives` (`photo_id`,`version`,`kind`,`width`);--> statement-breakpoint
CREATE TABLE `photos` (
	`id` text PRIMARY KEY NOT NULL,
	`story_id` text NOT NULL,
	`position` integer NOT NULL,
	`master_key` text NOT NULL,
	`master_width` integer NOT NULL,
	`master_height` integer NOT NULL,
	`framing` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`thumbhash` text NOT NULL,
	`alt_text` text DEFAULT '' NOT NULL,
	`caption` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `photos_story_idx` ON `photos` (`story_id`,`position`);--> statement-breakpoint
CREATE TABLE `role_tags` (
	`id` text PRIMARY KEY NOT NULL,
	`initiative_id` text NOT NULL,
	`label` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `role_tags_initiative_idx` ON `role_tags` (`initiative_id`,`position`);--> statement-breakpoint
CREATE TABLE `stories` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`initiative_id` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`narrative` text DEFAULT '' NOT NULL,
	`language` text NOT NULL,
	`role_tag_ids` text DEFAULT '[]' NOT NULL,
	`free_tags` text DEFAULT '[]' NOT NULL,
	`attribution` text DEFAULT 'anonymous' NOT NULL,
	`pseudonym` text DEFAULT '' NOT NULL,
	`showed` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stories_owner_idx` ON `stories` (`owner_id`,`initiative_id`);--> statement-breakpoint
CREATE INDEX `stories_initiative_idx` ON `stories` (`initiative_id`,`status`);--> statement-breakpoint
ALTER TABLE `initiatives` ADD `role_tags_seeded_at` integer;