CREATE TABLE `content_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `content_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
-- Every committed change to a table whose rows any page or picture may show bumps the content
-- version, in the same transaction: a trigger, so that no path can forget it. The server's page
-- and media caches hold an entry only while the version it was made at is current
-- (docs/performance.md). Tables left out hold nothing a page shows (sessions, throttles, jobs,
-- the audit log, tombstones, invitations, intents, exports, notices); a unit test
-- (tests/unit/content-version.test.ts) fails when a new table is neither listed here nor there.
-- Stories, photos and derivatives count only once their story has a placement (of any status):
-- the caches hold only what is reachable through placements (public pages, pictures shown in an
-- exhibition), and a participant's drafts and uploads would otherwise empty them all the time.
CREATE TRIGGER `content_version_consent_events_insert` AFTER INSERT ON `consent_events`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_consent_events_update` AFTER UPDATE ON `consent_events`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_consent_events_delete` AFTER DELETE ON `consent_events`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_sections_insert` AFTER INSERT ON `exhibition_sections`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_sections_update` AFTER UPDATE ON `exhibition_sections`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_sections_delete` AFTER DELETE ON `exhibition_sections`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_themes_insert` AFTER INSERT ON `exhibition_themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_themes_update` AFTER UPDATE ON `exhibition_themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_themes_delete` AFTER DELETE ON `exhibition_themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_working_groups_insert` AFTER INSERT ON `exhibition_working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_working_groups_update` AFTER UPDATE ON `exhibition_working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibition_working_groups_delete` AFTER DELETE ON `exhibition_working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibitions_insert` AFTER INSERT ON `exhibitions`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibitions_update` AFTER UPDATE ON `exhibitions`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_exhibitions_delete` AFTER DELETE ON `exhibitions`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_initiatives_insert` AFTER INSERT ON `initiatives`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_initiatives_update` AFTER UPDATE ON `initiatives`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_initiatives_delete` AFTER DELETE ON `initiatives`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_membership_working_groups_insert` AFTER INSERT ON `membership_working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_membership_working_groups_update` AFTER UPDATE ON `membership_working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_membership_working_groups_delete` AFTER DELETE ON `membership_working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_memberships_insert` AFTER INSERT ON `memberships`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_memberships_update` AFTER UPDATE ON `memberships`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_memberships_delete` AFTER DELETE ON `memberships`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photo_derivatives_insert` AFTER INSERT ON `photo_derivatives`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = NEW.`photo_id`))
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photo_derivatives_update` AFTER UPDATE ON `photo_derivatives`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = OLD.`photo_id`)) OR EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = NEW.`photo_id`))
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photo_derivatives_delete` AFTER DELETE ON `photo_derivatives`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = (SELECT `story_id` FROM `photos` WHERE `id` = OLD.`photo_id`))
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photos_insert` AFTER INSERT ON `photos`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = NEW.`story_id`)
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photos_update` AFTER UPDATE ON `photos`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = OLD.`story_id`) OR EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = NEW.`story_id`)
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_photos_delete` AFTER DELETE ON `photos`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = OLD.`story_id`)
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_placement_themes_insert` AFTER INSERT ON `placement_themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_placement_themes_update` AFTER UPDATE ON `placement_themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_placement_themes_delete` AFTER DELETE ON `placement_themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_placements_insert` AFTER INSERT ON `placements`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_placements_update` AFTER UPDATE ON `placements`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_placements_delete` AFTER DELETE ON `placements`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_role_tags_insert` AFTER INSERT ON `role_tags`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_role_tags_update` AFTER UPDATE ON `role_tags`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_role_tags_delete` AFTER DELETE ON `role_tags`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_stories_insert` AFTER INSERT ON `stories`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = NEW.`id`)
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_stories_update` AFTER UPDATE ON `stories`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = OLD.`id`) OR EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = NEW.`id`)
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_stories_delete` AFTER DELETE ON `stories`
WHEN EXISTS (SELECT 1 FROM `placements` WHERE `story_id` = OLD.`id`)
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_themes_insert` AFTER INSERT ON `themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_themes_update` AFTER UPDATE ON `themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_themes_delete` AFTER DELETE ON `themes`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_users_insert` AFTER INSERT ON `users`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_users_update` AFTER UPDATE ON `users`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_users_delete` AFTER DELETE ON `users`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_working_groups_insert` AFTER INSERT ON `working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_working_groups_update` AFTER UPDATE ON `working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_working_groups_delete` AFTER DELETE ON `working_groups`
BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
