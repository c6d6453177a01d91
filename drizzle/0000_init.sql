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
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`username` text,
	`first_name` text DEFAULT '' NOT NULL,
	`language` text NOT NULL,
	`balance_minor` integer DEFAULT 0 NOT NULL,
	`banned` integer DEFAULT false NOT NULL,
	`ban_reason` text,
	`blocked_bot` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	CONSTRAINT "users_balance_non_negative" CHECK("users"."balance_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `users_username_idx` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_created_idx` ON `users` (`created_at`);