-- The terms an approval stood for are part of the record, as unchangeable as its words: the
-- update trigger of 0003 is made again with the two new columns.
DROP TRIGGER `consent_events_no_update`;
--> statement-breakpoint
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
	OR NEW.`terms` IS NOT OLD.`terms`
	OR NEW.`terms_digest` IS NOT OLD.`terms_digest`
	OR (NEW.`actor_id` IS NOT OLD.`actor_id` AND NEW.`actor_id` IS NOT NULL)
	OR (NEW.`exhibition_id` IS NOT OLD.`exhibition_id` AND NEW.`exhibition_id` IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'consent events are append-only');
END;
