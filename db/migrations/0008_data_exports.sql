CREATE TABLE `data_exports` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`renewed_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
