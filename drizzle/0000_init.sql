CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`admin_id` integer NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`admin_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`entities` text,
	`photo_file_id` text,
	`status` text NOT NULL,
	`cursor_user_id` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`blocked` integer DEFAULT 0 NOT NULL,
	`progress_chat_id` integer,
	`progress_message_id` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `broadcasts_status_idx` ON `broadcasts` (`status`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`markup_bp` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_name_unique` ON `categories` (`name`);--> statement-breakpoint
CREATE TABLE `conversation_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`delta_minor` integer NOT NULL,
	`balance_after_minor` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` integer,
	`actor_id` integer,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_user_idx` ON `ledger` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_created_idx` ON `ledger` (`created_at`);--> statement-breakpoint
CREATE INDEX `ledger_reason_created_idx` ON `ledger` (`reason`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_charge_per_order` ON `ledger` (`order_id`) WHERE reason = 'order';--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_refund_per_order` ON `ledger` (`order_id`) WHERE reason = 'refund';--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`failed_at` integer
);
--> statement-breakpoint
CREATE INDEX `notifications_pending_idx` ON `notifications` (`sent_at`,`failed_at`,`id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`service_name` text NOT NULL,
	`kind` text NOT NULL,
	`link` text,
	`quantity` integer NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`price_minor` integer NOT NULL,
	`cost_minor` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`upstream_id` integer,
	`upstream_status` text,
	`start_count` integer,
	`remains` integer,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`client_token` text NOT NULL,
	`failure_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_change_at` integer NOT NULL,
	`next_check_at` integer DEFAULT 0 NOT NULL,
	`stuck_alerted_at` integer,
	`cancel_requested_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_refund_within_price" CHECK("orders"."refunded_minor" >= 0 AND "orders"."refunded_minor" <= "orders"."price_minor")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_client_token_uq` ON `orders` (`client_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_upstream_id_uq` ON `orders` (`upstream_id`);--> statement-breakpoint
CREATE INDEX `orders_user_idx` ON `orders` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_next_check_idx` ON `orders` (`status`,`next_check_at`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`method` text NOT NULL,
	`currency` text NOT NULL,
	`total_amount` integer NOT NULL,
	`credited_minor` integer NOT NULL,
	`telegram_charge_id` text NOT NULL,
	`provider_charge_id` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`refunded_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_charge_uq` ON `payments` (`telegram_charge_id`);--> statement-breakpoint
CREATE INDEX `payments_user_idx` ON `payments` (`user_id`);--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`update_id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `promo_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`amount_minor` integer NOT NULL,
	`max_uses` integer NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	`expires_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `promo_redemptions` (
	`code` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`code`) REFERENCES `promo_codes`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promo_redemptions_uq` ON `promo_redemptions` (`code`,`user_id`);--> statement-breakpoint
CREATE TABLE `refills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`upstream_refill_id` text,
	`status` text NOT NULL,
	`upstream_status` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`next_check_at` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refills_order_idx` ON `refills` (`order_id`);--> statement-breakpoint
CREATE INDEX `refills_status_next_check_idx` ON `refills` (`status`,`next_check_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `refills_one_open_per_order` ON `refills` (`order_id`) WHERE status in ('requested', 'pending');--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY NOT NULL,
	`category_id` integer NOT NULL,
	`name` text NOT NULL,
	`display_name` text,
	`raw_type` text NOT NULL,
	`kind` text NOT NULL,
	`rate` text NOT NULL,
	`min` integer NOT NULL,
	`max` integer NOT NULL,
	`refill` integer DEFAULT false NOT NULL,
	`cancel` integer DEFAULT false NOT NULL,
	`dripfeed` integer DEFAULT false NOT NULL,
	`description` text,
	`active` integer DEFAULT true NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`markup_bp` integer,
	`price_per_1000_minor` integer,
	`synced_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `services_category_idx` ON `services` (`category_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `topup_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`file_id` text NOT NULL,
	`file_unique_id` text NOT NULL,
	`file_kind` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`credited_minor` integer,
	`reason` text,
	`admin_messages` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `topup_status_idx` ON `topup_requests` (`status`);--> statement-breakpoint
CREATE INDEX `topup_file_idx` ON `topup_requests` (`file_unique_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`username` text,
	`first_name` text DEFAULT '' NOT NULL,
	`language` text NOT NULL,
	`balance_minor` integer DEFAULT 0 NOT NULL,
	`banned` integer DEFAULT false NOT NULL,
	`ban_reason` text,
	`blocked_bot` integer DEFAULT false NOT NULL,
	`referrer_id` integer,
	`referral_code` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	CONSTRAINT "users_balance_non_negative" CHECK("users"."balance_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `users_username_idx` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_created_idx` ON `users` (`created_at`);--> statement-breakpoint
CREATE INDEX `users_referrer_idx` ON `users` (`referrer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_referral_code_uq` ON `users` (`referral_code`);