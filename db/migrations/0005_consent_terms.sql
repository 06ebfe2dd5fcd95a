CREATE TABLE `notices` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`initiative_id` text,
	`details` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `notices_user_idx` ON `notices` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `placement_themes` (
	`placement_id` text NOT NULL,
	`theme_id` text NOT NULL,
	PRIMARY KEY(`placement_id`, `theme_id`),
	FOREIGN KEY (`placement_id`) REFERENCES `placements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `placement_themes_theme_idx` ON `placement_themes` (`theme_id`);--> statement-breakpoint
ALTER TABLE `consent_events` ADD `terms` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `terms_digest` text;--> statement-breakpoint
ALTER TABLE `placements` ADD `approved_theme_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled_reason` text DEFAULT '' NOT NULL;