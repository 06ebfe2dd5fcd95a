-- Consent events are append-only: nothing rewrites one, and nothing deletes one while its
-- story exists. Deleting a story (its author's wish) cascades to its events, which is the only
-- way they go: by then the story row is gone, so the delete trigger lets them through. The
-- one change allowed is the database itself clearing a reference to a deleted person or
-- exhibition (ON DELETE SET NULL); the words, the kind and the time never change.
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
WHEN NEW.`id` IS NOT OLD.`id`
	OR NEW.`at` IS NOT OLD.`at`
	OR NEW.`story_id` IS NOT OLD.`story_id`
	OR NEW.`kind` IS NOT OLD.`kind`
	OR NEW.`placement_id` IS NOT OLD.`placement_id`
	OR NEW.`exhibition_title` IS NOT OLD.`exhibition_title`
	OR NEW.`audience` IS NOT OLD.`audience`
	OR NEW.`text` IS NOT OLD.`text`
	OR NEW.`locale` IS NOT OLD.`locale`
	OR NEW.`details` IS NOT OLD.`details`
	OR (NEW.`actor_id` IS NOT OLD.`actor_id` AND NEW.`actor_id` IS NOT NULL)
	OR (NEW.`exhibition_id` IS NOT OLD.`exhibition_id` AND NEW.`exhibition_id` IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'consent events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_delete` BEFORE DELETE ON `consent_events`
WHEN EXISTS (SELECT 1 FROM `stories` WHERE `id` = OLD.`story_id`)
BEGIN
	SELECT RAISE(ABORT, 'consent events are append-only');
END;
