import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are unix milliseconds. Money is integer minor units (see src/money.ts).

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(), // Telegram user id
    username: text("username"),
    firstName: text("first_name").notNull().default(""),
    language: text("language").notNull(),
    balanceMinor: integer("balance_minor").notNull().default(0),
    banned: integer("banned", { mode: "boolean" }).notNull().default(false),
    banReason: text("ban_reason"),
    blockedBot: integer("blocked_bot", { mode: "boolean" }).notNull().default(false),
    referrerId: integer("referrer_id"),
    referralCode: text("referral_code"),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [
    check("users_balance_non_negative", sql`${t.balanceMinor} >= 0`),
    index("users_username_idx").on(t.username),
    index("users_created_idx").on(t.createdAt),
    index("users_referrer_idx").on(t.referrerId),
    uniqueIndex("users_referral_code_uq").on(t.referralCode),
  ],
);

export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  sort: integer("sort").notNull().default(0),
  hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
  markupBp: integer("markup_bp"),
});

export const services = sqliteTable(
  "services",
  {
    id: integer("id").primaryKey(), // the panel's service id
    categoryId: integer("category_id").notNull().references(() => categories.id),
    name: text("name").notNull(),
    displayName: text("display_name"),
    rawType: text("raw_type").notNull(),
    kind: text("kind").notNull(), // normalised type, "unknown" when the bot cannot sell it
    rate: text("rate").notNull(), // upstream decimal string per 1000, exactly as sent
    min: integer("min").notNull(),
    max: integer("max").notNull(),
    refill: integer("refill", { mode: "boolean" }).notNull().default(false),
    cancel: integer("cancel", { mode: "boolean" }).notNull().default(false),
    dripfeed: integer("dripfeed", { mode: "boolean" }).notNull().default(false),
    description: text("description"),
    active: integer("active", { mode: "boolean" }).notNull().default(true), // present in the last sync
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false), // hidden by an admin
    markupBp: integer("markup_bp"),
    pricePer1000Minor: integer("price_per_1000_minor"), // admin's own price, overrides markup
    syncedAt: integer("synced_at").notNull(),
  },
  (t) => [index("services_category_idx").on(t.categoryId)],
);

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    serviceId: integer("service_id").notNull().references(() => services.id),
    serviceName: text("service_name").notNull(),
    kind: text("kind").notNull(),
    link: text("link"),
    quantity: integer("quantity").notNull(),
    params: text("params").notNull().default("{}"), // the extra `add` fields (JSON)
    priceMinor: integer("price_minor").notNull(),
    costMinor: integer("cost_minor").notNull().default(0),
    // submitting | unknown | failed | pending | in_progress | completed | partial | canceled
    status: text("status").notNull(),
    upstreamId: integer("upstream_id"),
    upstreamStatus: text("upstream_status"),
    startCount: integer("start_count"),
    remains: integer("remains"),
    refundedMinor: integer("refunded_minor").notNull().default(0),
    clientToken: text("client_token").notNull(),
    failureCode: text("failure_code"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    lastChangeAt: integer("last_change_at").notNull(),
    nextCheckAt: integer("next_check_at").notNull().default(0),
    stuckAlertedAt: integer("stuck_alerted_at"),
    cancelRequestedAt: integer("cancel_requested_at"),
  },
  (t) => [
    uniqueIndex("orders_client_token_uq").on(t.clientToken),
    uniqueIndex("orders_upstream_id_uq").on(t.upstreamId),
    index("orders_user_idx").on(t.userId, t.id),
    index("orders_status_next_check_idx").on(t.status, t.nextCheckAt),
    index("orders_created_idx").on(t.createdAt),
    check("orders_refund_within_price", sql`${t.refundedMinor} >= 0 AND ${t.refundedMinor} <= ${t.priceMinor}`),
  ],
);

export const ledger = sqliteTable(
  "ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    deltaMinor: integer("delta_minor").notNull(),
    balanceAfterMinor: integer("balance_after_minor").notNull(),
    // admin_credit | admin_debit | order | refund | topup_stars | topup_provider | topup_receipt
    // | payment_refund | referral_bonus | referral_clawback | promo
    reason: text("reason").notNull(),
    orderId: integer("order_id").references(() => orders.id),
    actorId: integer("actor_id"),
    note: text("note"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("ledger_user_idx").on(t.userId, t.id),
    index("ledger_created_idx").on(t.createdAt),
    index("ledger_reason_created_idx").on(t.reason, t.createdAt),
    // The database itself refuses a second charge or a second refund of one order.
    uniqueIndex("ledger_one_charge_per_order").on(t.orderId).where(sql`reason = 'order'`),
    uniqueIndex("ledger_one_refund_per_order").on(t.orderId).where(sql`reason = 'refund'`),
  ],
);

/** Outbox of messages to users, written in the same transaction as the change they report. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id").notNull(),
    kind: text("kind").notNull(),
    payload: text("payload").notNull(), // JSON
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    failedAt: integer("failed_at"),
  },
  (t) => [index("notifications_pending_idx").on(t.sentAt, t.failedAt, t.id)],
);

/** Conversation state (grammY conversations v2), so a half-done order survives a restart. */
export const conversationState = sqliteTable("conversation_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Small operational flags (last catalogue sync, alerts already sent). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Refills asked of the panel for an order; one open refill per order at a time. */
export const refills = sqliteTable(
  "refills",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id").notNull().references(() => orders.id),
    userId: integer("user_id").notNull().references(() => users.id),
    upstreamRefillId: text("upstream_refill_id"),
    // requested | pending | completed | rejected | error
    status: text("status").notNull(),
    upstreamStatus: text("upstream_status"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    nextCheckAt: integer("next_check_at").notNull().default(0),
  },
  (t) => [
    index("refills_order_idx").on(t.orderId),
    index("refills_status_next_check_idx").on(t.status, t.nextCheckAt),
    // The database refuses a second open refill for one order.
    uniqueIndex("refills_one_open_per_order").on(t.orderId).where(sql`status in ('requested', 'pending')`),
  ],
);

/** Every admin action, for /audit. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    adminId: integer("admin_id").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: text("details"), // JSON
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("audit_created_idx").on(t.createdAt)],
);

/** Admin broadcasts, sent in the background; `cursorUserId` makes a restart resume, not repeat. */
export const broadcasts = sqliteTable(
  "broadcasts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    adminId: integer("admin_id").notNull(),
    // text | photo
    kind: text("kind").notNull(),
    text: text("text"),
    entities: text("entities"), // JSON of the admin's message entities, to keep formatting
    photoFileId: text("photo_file_id"),
    // queued | sending | done | cancelled
    status: text("status").notNull(),
    cursorUserId: integer("cursor_user_id").notNull().default(0),
    total: integer("total").notNull().default(0),
    sent: integer("sent").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    blocked: integer("blocked").notNull().default(0),
    progressChatId: integer("progress_chat_id"),
    progressMessageId: integer("progress_message_id"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("broadcasts_status_idx").on(t.status)],
);

/** Money that came in through Telegram payments (Stars or a provider), credited once per charge id. */
export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    // stars | provider
    method: text("method").notNull(),
    currency: text("currency").notNull(), // XTR or the provider currency
    totalAmount: integer("total_amount").notNull(), // in the payment currency's smallest unit (Stars are whole)
    creditedMinor: integer("credited_minor").notNull(),
    telegramChargeId: text("telegram_charge_id").notNull(),
    providerChargeId: text("provider_charge_id"),
    // paid | refunded
    status: text("status").notNull(),
    createdAt: integer("created_at").notNull(),
    refundedAt: integer("refunded_at"),
    // The referrer's share paid for this payment, taken back if the payment is refunded.
    referrerId: integer("referrer_id"),
    referralBonusMinor: integer("referral_bonus_minor").notNull().default(0),
  },
  (t) => [uniqueIndex("payments_charge_uq").on(t.telegramChargeId), index("payments_user_idx").on(t.userId)],
);

/** Top-ups by receipt (card transfer, wallet), decided by an admin. */
export const topupRequests = sqliteTable(
  "topup_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    amountMinor: integer("amount_minor").notNull(),
    fileId: text("file_id").notNull(),
    fileUniqueId: text("file_unique_id").notNull(),
    // photo | document
    fileKind: text("file_kind").notNull(),
    // pending | approved | rejected
    status: text("status").notNull(),
    decidedBy: integer("decided_by"),
    decidedAt: integer("decided_at"),
    creditedMinor: integer("credited_minor"),
    reason: text("reason"),
    adminMessages: text("admin_messages").notNull().default("[]"), // JSON [{chatId, messageId}]
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("topup_status_idx").on(t.status), index("topup_file_idx").on(t.fileUniqueId)],
);

export const promoCodes = sqliteTable("promo_codes", {
  code: text("code").primaryKey(), // upper-case
  amountMinor: integer("amount_minor").notNull(),
  maxUses: integer("max_uses").notNull(),
  used: integer("used").notNull().default(0),
  expiresAt: integer("expires_at"),
  createdBy: integer("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const promoRedemptions = sqliteTable(
  "promo_redemptions",
  {
    code: text("code").notNull().references(() => promoCodes.code),
    userId: integer("user_id").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("promo_redemptions_uq").on(t.code, t.userId)],
);

/** Update ids already handled (webhook mode: Telegram may deliver one twice). */
export const processedUpdates = sqliteTable("processed_updates", {
  updateId: integer("update_id").primaryKey(),
  at: integer("at").notNull(),
});
