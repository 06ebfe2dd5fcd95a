CREATE TABLE `content_note_suggestions` (
	`story_id` text PRIMARY KEY NOT NULL,
	`suggested_by` text,
	`kinds` text DEFAULT '[]' NOT NULL,
	`words` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`suggested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `exhibitions` ADD `wall_content_notes` text DEFAULT 'hold' NOT NULL;--> statement-breakpoint
ALTER TABLE `stories` ADD `content_note_kinds` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `stories` ADD `content_note_words` text DEFAULT '' NOT NULL;