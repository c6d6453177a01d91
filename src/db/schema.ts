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
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [
    check("users_balance_non_negative", sql`${t.balanceMinor} >= 0`),
    index("users_username_idx").on(t.username),
    index("users_created_idx").on(t.createdAt),
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
    // admin_credit | admin_debit | order | refund | ...
    reason: text("reason").notNull(),
    orderId: integer("order_id").references(() => orders.id),
    actorId: integer("actor_id"),
    note: text("note"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("ledger_user_idx").on(t.userId, t.id),
    index("ledger_created_idx").on(t.createdAt),
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
