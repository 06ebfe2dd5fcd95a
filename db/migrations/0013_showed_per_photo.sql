ALTER TABLE `photos` ADD `showed` text DEFAULT '{}' NOT NULL;
--> statement-breakpoint
-- The guiding questions are asked per photo now (docs/guide.md). Answers a story kept for
-- itself go to its first photo (the one the old guide's "What do you see here?" was most likely
-- about), and leave the story, so that deleting that photo deletes them too. A story without a
-- photo keeps them until its first upload, which moves them the same way (insertPhoto).
UPDATE `photos` SET `showed` = (SELECT `s`.`showed` FROM `stories` `s` WHERE `s`.`id` = `photos`.`story_id`)
WHERE `photos`.`id` = (
	SELECT `q`.`id` FROM `photos` `q` WHERE `q`.`story_id` = `photos`.`story_id`
	ORDER BY `q`.`position`, `q`.`id` LIMIT 1)
AND EXISTS (SELECT 1 FROM `stories` `s` WHERE `s`.`id` = `photos`.`story_id` AND `s`.`showed` <> '{}');
--> statement-breakpoint
UPDATE `stories` SET `showed` = '{}'
WHERE `showed` <> '{}' AND EXISTS (SELECT 1 FROM `photos` WHERE `photos`.`story_id` = `stories`.`id`);
