// What admins do to the shop (issue 4): money adjustments, bans, order refunds, catalogue overrides,
// and the audit log that records every one of them. Each action that changes the database writes its
// audit row in the same transaction as the change, so the log never claims an action that did not
// happen and never misses one that did.
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { auditLog, categories, ledger, orders, services, processedUpdates, settings, users } from "../db/schema.js";
import { settingValue } from "../db/queries.js";
import type { Category, Service } from "./catalog.js";
import { writeAudit, type AuditInput } from "./audit.js";
import { applyBalanceChange } from "./ledger.js";
import { enqueueNotice } from "./notifications.js";
import { getOrder, refundAndClose, type Order, type OrderStatus } from "./orders.js";
import { getUser, type User } from "./users.js";

export type AuditEntry = typeof auditLog.$inferSelect;
export type LedgerRow = typeof ledger.$inferSelect;

/** An audit row for an action whose effect was committed by code that owns its own transaction. */
export function recordAudit(db: Db, e: AuditInput): void {
  tx(db, (t) => writeAudit(t, e));
}

export function listAudit(db: Db, limit: number, offset = 0): AuditEntry[] {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all();
}

export function countAudit(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(auditLog).get()?.n ?? 0;
}

// ---- money ----------------------------------------------------------------------------------------

/** The Telegram update behind a money command was applied already (a redelivery after a crash). */
export class AlreadyAppliedError extends Error {
  constructor() {
    super("update already applied");
  }
}

/**
 * An admin credit or debit: the balance change, its ledger row (with the admin's id and note), the
 * notice to the user and the audit row, all in one transaction. Throws InsufficientFundsError when a
 * debit would take the balance below zero (nothing is written then), UnknownUserError for no such user.
 * With `updateId`, the update is marked handled in that same transaction, so Telegram delivering the
 * command again (after a crash, before its offset was confirmed) can never move the money twice.
 */
export function adminAdjust(
  db: Db,
  args: { userId: number; amountMinor: number; direction: "credit" | "debit"; adminId: number; note?: string | null; now: number; updateId?: number },
): number {
  if (!Number.isSafeInteger(args.amountMinor) || args.amountMinor <= 0) throw new Error("amount must be a positive integer of minor units");
  return tx(db, (t) => {
    if (args.updateId !== undefined) {
      const fresh = t.insert(processedUpdates).values({ updateId: args.updateId, at: args.now }).onConflictDoNothing().returning().get();
      if (!fresh) throw new AlreadyAppliedError();
    }
    const balanceMinor = applyBalanceChange(t, {
      userId: args.userId,
      deltaMinor: args.direction === "credit" ? args.amountMinor : -args.amountMinor,
      reason: args.direction === "credit" ? "admin_credit" : "admin_debit",
      actorId: args.adminId,
      note: args.note ?? null,
      now: args.now,
    });
    enqueueNotice(t, args.userId, { kind: args.direction === "credit" ? "credited" : "debited", amountMinor: args.amountMinor, balanceMinor }, args.now);
    writeAudit(t, {
      adminId: args.adminId,
      action: args.direction,
      target: `user:${args.userId}`,
      details: { amountMinor: args.amountMinor, balanceMinor, ...(args.note ? { note: args.note } : {}) },
      now: args.now,
    });
    return balanceMinor;
  });
}

// ---- people ---------------------------------------------------------------------------------------

/** Bans or unbans a user. Returns the updated user, or undefined when there is no such user. */
export function setUserBan(
  db: Db,
  args: { userId: number; banned: boolean; reason: string | null; adminId: number; now: number },
): User | undefined {
  return tx(db, (t) => {
    const row = t
      .update(users)
      .set({ banned: args.banned, banReason: args.banned ? args.reason : null })
      .where(eq(users.id, args.userId))
      .returning()
      .get();
    if (!row) return undefined;
    writeAudit(t, {
      adminId: args.adminId,
      action: args.banned ? "ban" : "unban",
      target: `user:${args.userId}`,
      details: args.banned && args.reason ? { reason: args.reason } : null,
      now: args.now,
    });
    return row;
  });
}

export interface UserSummary {
  orders: number;
  /** What the user paid for orders: prices minus refunds. */
  spentMinor: number;
  lastLedger: LedgerRow[];
}

export function userSummary(db: Db, userId: number, ledgerRows = 5): UserSummary {
  const agg = db
    .select({ n: sql<number>`count(*)`, spent: sql<number>`coalesce(sum(${orders.priceMinor} - ${orders.refundedMinor}), 0)` })
    .from(orders)
    .where(eq(orders.userId, userId))
    .get();
  const lastLedger = db.select().from(ledger).where(eq(ledger.userId, userId)).orderBy(desc(ledger.id)).limit(ledgerRows).all();
  return { orders: agg?.n ?? 0, spentMinor: agg?.spent ?? 0, lastLedger };
}

// ---- orders ---------------------------------------------------------------------------------------

/**
 * Orders an admin may refund by hand: those whose money is still held and whose fate is open.
 * - unknown: the panel may or may not have the order; the admin checked and decides.
 * - pending / in_progress: the admin gives up on the order (the panel order is NOT canceled by
 *   this; use Cancel first when it should stop upstream).
 * Not `submitting` (an `add` is in flight right now), not final ones: failed and canceled are
 * already refunded in full, partial was refunded for what was not delivered, completed was
 * delivered. A goodwill refund on those is a /credit with a note.
 */
export const ADMIN_REFUNDABLE: readonly OrderStatus[] = ["unknown", "pending", "in_progress"];

export type AdminRefundResult =
  | { kind: "refunded"; order: Order; refundMinor: number; balanceMinor: number }
  | { kind: "not_found" }
  | { kind: "not_refundable"; status: string };

/**
 * Refunds what is left of an order's charge (price − already refunded) to the buyer, marks the order
 * canceled and queues the buyer's notice, in one transaction, with the admin's id on the ledger row
 * and in the audit log. At most once: the status moves out of ADMIN_REFUNDABLE in the same step, and
 * the ledger's unique index refuses a second refund row for the order.
 */
export function adminRefundOrder(db: Db, args: { orderId: number; adminId: number; now: number; note?: string | null }): AdminRefundResult {
  return tx(db, (t) => {
    const current = getOrder(t, args.orderId);
    if (!current) return { kind: "not_found" as const };
    if (!ADMIN_REFUNDABLE.includes(current.status as OrderStatus) || current.refundedMinor >= current.priceMinor) {
      return { kind: "not_refundable" as const, status: current.status };
    }
    const updated = refundAndClose(t, current.id, "canceled", null, args.now, {
      failureCode: "admin_refund",
      notify: true,
      actorId: args.adminId,
      note: args.note ?? "admin refund",
    });
    if (!updated) return { kind: "not_refundable" as const, status: current.status };
    const refundMinor = updated.refundedMinor;
    const balanceMinor = getUser(t, current.userId)?.balanceMinor ?? 0;
    writeAudit(t, {
      adminId: args.adminId,
      action: "order_refund",
      target: `order:${current.id}`,
      details: { refundMinor, userId: current.userId, fromStatus: current.status },
      now: args.now,
    });
    return { kind: "refunded" as const, order: updated, refundMinor, balanceMinor };
  });
}

/** Records that an admin asked the panel to cancel an order (the refund comes with the Canceled status). */
export function markCancelRequested(db: Db, args: { orderId: number; adminId: number; now: number }): void {
  tx(db, (t) => {
    t.update(orders).set({ cancelRequestedAt: args.now, nextCheckAt: 0 }).where(eq(orders.id, args.orderId)).run();
    writeAudit(t, { adminId: args.adminId, action: "order_cancel", target: `order:${args.orderId}`, now: args.now });
  });
}

export const ORDER_STATUSES: readonly OrderStatus[] = ["submitting", "unknown", "failed", "pending", "in_progress", "completed", "partial", "canceled"];

/** Recent orders, newest first, optionally of one status. */
export function listOrdersAdmin(db: Db, status: OrderStatus | null, limit: number, offset: number): Order[] {
  const q = db.select().from(orders);
  return (status ? q.where(eq(orders.status, status)) : q).orderBy(desc(orders.id)).limit(limit).offset(offset).all();
}

export function countOrdersAdmin(db: Db, status: OrderStatus | null): number {
  const q = db.select({ n: sql<number>`count(*)` }).from(orders);
  return (status ? q.where(eq(orders.status, status)) : q).get()?.n ?? 0;
}

// ---- catalogue ------------------------------------------------------------------------------------

export type ServicePatch = Partial<Pick<Service, "hidden" | "pricePer1000Minor" | "markupBp" | "displayName">>;

/** Changes an admin setting of a service. Returns the updated service, or undefined when unknown. */
export function updateService(db: Db, args: { serviceId: number; patch: ServicePatch; action: string; adminId: number; now: number }): Service | undefined {
  return tx(db, (t) => {
    const before = t.select().from(services).where(eq(services.id, args.serviceId)).get();
    if (!before) return undefined;
    const row = t.update(services).set(args.patch).where(eq(services.id, args.serviceId)).returning().get();
    const from: Record<string, unknown> = {};
    for (const k of Object.keys(args.patch) as Array<keyof ServicePatch>) from[k] = before[k];
    writeAudit(t, { adminId: args.adminId, action: args.action, target: `service:${args.serviceId}`, details: { from, to: args.patch }, now: args.now });
    return row;
  });
}

export type CategoryPatch = Partial<Pick<Category, "hidden" | "markupBp">>;

export function updateCategory(db: Db, args: { categoryId: number; patch: CategoryPatch; action: string; adminId: number; now: number }): Category | undefined {
  return tx(db, (t) => {
    const before = t.select().from(categories).where(eq(categories.id, args.categoryId)).get();
    if (!before) return undefined;
    const row = t.update(categories).set(args.patch).where(eq(categories.id, args.categoryId)).returning().get();
    const from: Record<string, unknown> = {};
    for (const k of Object.keys(args.patch) as Array<keyof CategoryPatch>) from[k] = before[k];
    writeAudit(t, { adminId: args.adminId, action: args.action, target: `category:${args.categoryId}`, details: { from, to: args.patch }, now: args.now });
    return row;
  });
}

/** All categories in the buyers' order (sort, then name). */
export function listAllCategories(db: Db): Category[] {
  return db.select().from(categories).orderBy(asc(categories.sort), asc(categories.name)).all();
}

/**
 * Moves a category one place up or down in the buyers' list. Sort values are renumbered 0..n-1 in
 * the same transaction, so ties left by the catalogue sync never make a move a no-op.
 * Returns false when the category is unknown or already at that end.
 */
export function moveCategory(db: Db, args: { categoryId: number; direction: "up" | "down"; adminId: number; now: number }): boolean {
  return tx(db, (t) => {
    const list = t.select().from(categories).orderBy(asc(categories.sort), asc(categories.name)).all();
    const i = list.findIndex((c) => c.id === args.categoryId);
    const j = args.direction === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= list.length) return false;
    const ordered = [...list];
    [ordered[i], ordered[j]] = [ordered[j]!, ordered[i]!];
    ordered.forEach((c, sort) => {
      if (c.sort !== sort) t.update(categories).set({ sort }).where(eq(categories.id, c.id)).run();
    });
    writeAudit(t, { adminId: args.adminId, action: `category_${args.direction}`, target: `category:${args.categoryId}`, details: { position: j + 1 }, now: args.now });
    return true;
  });
}

/** Services of a category for the admin (hidden, inactive and unsellable ones included). */
export function listCategoryServices(db: Db, categoryId: number): Service[] {
  return db.select().from(services).where(eq(services.categoryId, categoryId)).orderBy(asc(services.id)).all();
}

export function countCategoryServices(db: Db): Map<number, number> {
  const rows = db.select({ id: services.categoryId, n: sql<number>`count(*)` }).from(services).groupBy(services.categoryId).all();
  return new Map(rows.map((r) => [r.id, r.n]));
}

// ---- "reply with a value" prompts ------------------------------------------------------------------

/** What an admin was asked to type next (kept in `settings`, so it survives a restart). */
export type AdminInput =
  | { kind: "service-price" | "service-markup" | "service-name"; id: number; at: number }
  | { kind: "category-markup"; id: number; at: number }
  | { kind: "broadcast"; at: number };

const INPUT_KEY = (adminId: number) => `admin-input:${adminId}`;
/** A prompt older than this is forgotten: a late text is not taken as a new price. */
export const ADMIN_INPUT_TTL_MS = 15 * 60_000;

export function setAdminInput(db: Db, adminId: number, input: AdminInput): void {
  const value = JSON.stringify(input);
  db.insert(settings).values({ key: INPUT_KEY(adminId), value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

export function getAdminInput(db: Db, adminId: number, now: number): AdminInput | undefined {
  const value = settingValue(db, INPUT_KEY(adminId));
  if (value === undefined) return undefined;
  try {
    const input = JSON.parse(value) as AdminInput;
    if (typeof input?.at === "number" && now - input.at <= ADMIN_INPUT_TTL_MS) return input;
  } catch {
    // unreadable: dropped below
  }
  clearAdminInput(db, adminId);
  return undefined;
}

/** Forgets a pending prompt. Returns whether there was one. Cheap for users who never had one. */
export function clearAdminInput(db: Db, adminId: number): boolean {
  return db.delete(settings).where(eq(settings.key, INPUT_KEY(adminId))).run().changes > 0;
}

// ---- users for broadcasts -------------------------------------------------------------------------

/** Users a broadcast goes to: not banned, not known to have blocked the bot. */
export function countReachableUsers(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.banned, false), eq(users.blockedBot, false))).get()?.n ?? 0;
}

/** The next reachable users after `cursor`, in id order (a range scan of the primary key). */
export function reachableUsersAfter(db: Db, cursor: number, limit: number): number[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(gt(users.id, cursor), eq(users.banned, false), eq(users.blockedBot, false)))
    .orderBy(asc(users.id))
    .limit(limit)
    .all()
    .map((r) => r.id);
}
