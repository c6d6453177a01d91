ALTER TABLE `payments` ADD `referrer_id` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `referral_bonus_minor` integer DEFAULT 0 NOT NULL;