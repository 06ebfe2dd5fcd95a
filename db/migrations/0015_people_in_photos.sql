CREATE TABLE `photo_people` (
	`id` text PRIMARY KEY NOT NULL,
	`photo_id` text NOT NULL,
	`region` text NOT NULL,
	`style` text NOT NULL,
	`who` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'none' NOT NULL,
	`token_hash` text,
	`audiences` text DEFAULT '[]' NOT NULL,
	`locale` text DEFAULT 'he' NOT NULL,
	`signer` text,
	`words` text DEFAULT '' NOT NULL,
	`asked_at` integer,
	`decided_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photo_people_token_hash_unique` ON `photo_people` (`token_hash`);--> statement-breakpoint
CREATE INDEX `photo_people_photo_idx` ON `photo_people` (`photo_id`);--> statement-breakpoint
DROP INDEX `photo_derivatives_unique_idx`;--> statement-breakpoint
ALTER TABLE `photo_derivatives` ADD `variant` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `photo_derivatives_variant_unique_idx` ON `photo_derivatives` (`photo_id`,`version`,`variant`,`kind`,`width`);--> statement-breakpoint
ALTER TABLE `photos` ADD `people_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The content version (docs/performance.md): the people marked in a photo and their releases
-- decide what a picture shows, so they count as the photo itself does — once its story has a
-- placement.
CREATE TRIGGER `content_version_photo_people_insert` AFTER INSERT ON `photo_people`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = NEW.`photo_id`))
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photo_people_update` AFTER UPDATE ON `photo_people`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = OLD.`photo_id`)) OR EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = NEW.`photo_id`))
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photo_people_delete` AFTER DELETE ON `photo_people`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = OLD.`photo_id`))
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
