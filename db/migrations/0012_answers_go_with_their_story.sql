-- A participant's answers to the responses about a story are their words about that story: they
-- go with it when the story is deleted (docs/data-lifecycle.md), whichever path deletes it (the
-- participant, an account deletion, a restore re-applying tombstones). The responses and their
-- entries are the working group's and stay, without the story (responses.story_id is set null).
CREATE TRIGGER `response_answers_go_with_their_story` BEFORE DELETE ON `stories`
BEGIN
	DELETE FROM `response_answers` WHERE `entry_id` IN (
		SELECT `e`.`id` FROM `response_entries` `e`
		JOIN `responses` `r` ON `r`.`id` = `e`.`response_id`
		WHERE `r`.`story_id` = OLD.`id`);
END;
--> statement-breakpoint
-- Responses, their entries and answers appear on no page an anonymous visitor gets (theme pages
-- show them to signed-in viewers only, and signed-in pages are never cached), so they are not
-- content for the page and media caches (docs/performance.md): a participant reading their
-- responses must not empty every cache. Reflections stay content (public guest book).
DROP TRIGGER `content_version_responses_insert`;
--> statement-breakpoint
DROP TRIGGER `content_version_responses_update`;
--> statement-breakpoint
DROP TRIGGER `content_version_responses_delete`;
--> statement-breakpoint
DROP TRIGGER `content_version_response_entries_insert`;
--> statement-breakpoint
DROP TRIGGER `content_version_response_entries_update`;
--> statement-breakpoint
DROP TRIGGER `content_version_response_entries_delete`;
--> statement-breakpoint
DROP TRIGGER `content_version_response_answers_insert`;
--> statement-breakpoint
DROP TRIGGER `content_version_response_answers_update`;
--> statement-breakpoint
DROP TRIGGER `content_version_response_answers_delete`;
