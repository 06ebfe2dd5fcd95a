CREATE TABLE `erasures` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `erasures_subject_idx` ON `erasures` (`kind`,`subject_id`);--> statement-breakpoint
-- Every delete from stories, photos and users leaves a tombstone: its id, nothing else. A
-- trigger, so that no path (a cascade, a future function, a hand at the sqlite3 prompt) can
-- delete without one. Cascades fire them too: deleting a story records its photos, and
-- deleting an account its stories and photos (docs/data-lifecycle.md).
CREATE TRIGGER `erasures_story` AFTER DELETE ON `stories`
BEGIN
	INSERT INTO `erasures` (`kind`, `subject_id`) VALUES ('story', OLD.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `erasures_photo` AFTER DELETE ON `photos`
BEGIN
	INSERT INTO `erasures` (`kind`, `subject_id`) VALUES ('photo', OLD.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `erasures_account` AFTER DELETE ON `users`
BEGIN
	INSERT INTO `erasures` (`kind`, `subject_id`) VALUES ('account', OLD.`id`);
END;
--> statement-breakpoint
-- Tombstones are kept: nothing rewrites or removes one.
CREATE TRIGGER `erasures_no_update` BEFORE UPDATE ON `erasures`
BEGIN
	SELECT RAISE(ABORT, 'erasures are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `erasures_no_delete` BEFORE DELETE ON `erasures`
BEGIN
	SELECT RAISE(ABORT, 'erasures are append-only');
END;
