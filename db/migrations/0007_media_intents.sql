CREATE TABLE `media_intents` (
	`key` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `media_intents_owner_idx` ON `media_intents` (`owner`,`created_at`);--> statement-breakpoint
CREATE TABLE `upload_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `upload_attempts_user_idx` ON `upload_attempts` (`user_id`,`at`);