import { and, desc, eq, sql } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { groupCommit } from "../db/group-commit.js";
import { prepared } from "../db/prepared.js";
import { orders } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { partialRefundMinor, upstreamCostMinor } from "../money.js";
import { PanelApiError, PanelUnreachableError, type PanelClient } from "../upstream/client.js";
import type { AddOrderParams, PanelOrderStatus } from "../upstream/types.js";
import { getService, isBuyable, pricing, type Service, type ServiceKind } from "./catalog.js";
import { pauseOrders, pauseState } from "./guard.js";
import { addParams, orderQuantity, priceUnits, type Answers, type FieldService } from "./order-fields.js";
import { getUser } from "./users.js";
import { applyBalanceChange, InsufficientFundsError } from "./ledger.js";
import { enqueueNotice } from "./notifications.js";

export type Order = typeof orders.$inferSelect;
export type OrderStatus = "submitting" | "unknown" | "failed" | "pending" | "in_progress" | "completed" | "partial" | "canceled";

export const FINAL_STATUSES: readonly OrderStatus[] = ["failed", "completed", "partial", "canceled"];
/** Orders the poller follows: placed upstream and not final. */
export const ACTIVE_STATUSES: readonly OrderStatus[] = ["pending", "in_progress"];

/** Maps the panel's spelling to ours; null for a string we do not know (kept raw, never fatal). */
export function normalizeStatus(raw: string): OrderStatus | null {
  const s = raw.toLowerCase().replace(/[\s_-]+/g, " ").trim();
  switch (s) {
    case "pending":
    case "queued":
      return "pending";
    case "in progress":
    case "inprogress":
    case "processing":
    case "active":
      return "in_progress";
    case "completed":
    case "complete":
    case "success":
      return "completed";
    case "partial":
      return "partial";
    case "canceled":
    case "cancelled":
    case "refunded":
      return "canceled";
    default:
      return null;
  }
}

/** What the buyer asked for: the answers to the service type's questions (see order-fields.ts). */
export interface OrderRequest {
  userId: number;
  serviceId: number;
  answers: Answers;
  /** Unique per confirmation screen: a second Confirm with the same token places nothing. */
  clientToken: string;
  /** The total the buyer saw; if the price moved since, nothing is charged. */
  expectedPriceMinor: number;
}

export type PlaceResult =
  | { kind: "placed"; order: Order }
  | { kind: "duplicate"; order: Order }
  | { kind: "insufficient_funds"; priceMinor: number; balanceMinor: number }
  | { kind: "price_changed"; priceMinor: number }
  | { kind: "unavailable" }
  | { kind: "paused" }
  | { kind: "banned" }
  | { kind: "rejected"; order: Order; code: string }
  | { kind: "unknown"; order: Order };

export interface OrderDeps {
  db: Db;
  panel: Pick<PanelClient, "add">;
  markupBp: number;
  adminIds: readonly number[];
  logger: Logger;
  now: () => number;
  /** Called after notices were queued, so they go out promptly. */
  onNotices?: () => void;
}

/** The total for these answers at today's catalogue price. */
export function quoteMinor(db: Db, service: Service, answers: Answers, markupBp: number): number {
  return pricing(db, service, markupBp).priceFor(priceUnits(asFieldService(service), answers));
}

export function asFieldService(s: Service): FieldService {
  return { kind: s.kind as ServiceKind, min: s.min, max: s.max, dripfeed: s.dripfeed };
}

/**
 * Places an order: (1) one transaction debits the balance (only if it covers the price) and records the
 * order as `submitting`; (2) the panel's `add`, never retried; (3) the outcome is stored. A definite
 * refusal refunds at once; an answer that may hide a placed order leaves it `unknown` for an admin.
 * Idempotent per clientToken.
 */
export async function placeOrder(deps: OrderDeps, req: OrderRequest): Promise<PlaceResult> {
  const { db, logger } = deps;
  const commit = groupCommit(db);
  const now = deps.now();
  // A repeated Confirm is answered without waiting for a commit.
  const existing = orderByToken(db).get({ token: req.clientToken });
  if (existing) return { kind: "duplicate", order: existing };

  // (1) Every check and the debit in one transaction (committed with others asked for at the same
  // moment: src/db/group-commit.ts), so nothing can change between the check and the charge.
  type Opened = Exclude<PlaceResult, { kind: "placed" | "rejected" | "unknown" }> | { kind: "opened"; order: Order; params: AddOrderParams; service: Service };
  let opened: Opened;
  try {
    opened = await commit.run((t): Opened => {
      const again = orderByToken(t).get({ token: req.clientToken });
      if (again) return { kind: "duplicate", order: again };
      if (getUser(t, req.userId)?.banned) return { kind: "banned" };
      if (pauseState(t)) return { kind: "paused" };
      const service = getService(t, req.serviceId);
      if (!service || !isBuyable(t, service)) return { kind: "unavailable" };
      const fs = asFieldService(service);
      const priceMinor = quoteMinor(t, service, req.answers, deps.markupBp);
      if (priceMinor !== req.expectedPriceMinor) return { kind: "price_changed", priceMinor };
      const link = typeof req.answers.link === "string" ? req.answers.link : typeof req.answers.sub_username === "string" ? `@${req.answers.sub_username}` : null;
      const params: AddOrderParams = { service: service.id, ...addParams(fs, req.answers) };
      const order = insertOrder(t).get({
        userId: req.userId,
        serviceId: service.id,
        serviceName: service.displayName ?? service.name,
        kind: service.kind,
        link,
        quantity: orderQuantity(fs, req.answers),
        params: JSON.stringify(params),
        priceMinor,
        costMinor: upstreamCostMinor(service.rate, priceUnits(fs, req.answers)),
        clientToken: req.clientToken,
        now,
      })!;
      try {
        applyBalanceChange(t, { userId: req.userId, deltaMinor: -priceMinor, reason: "order", orderId: order.id, now });
      } catch (err) {
        // Thrown out of this savepoint, so the order row goes too.
        if (err instanceof InsufficientFundsError) throw new NotEnough(priceMinor, err.balanceMinor);
        throw err;
      }
      return { kind: "opened", order, params, service };
    });
  } catch (err) {
    if (err instanceof NotEnough) return { kind: "insufficient_funds", priceMinor: err.priceMinor, balanceMinor: err.balanceMinor };
    throw err;
  }
  if (opened.kind !== "opened") return opened;
  const { order, params, service } = opened;

  // (2) The panel's add, sent once. (3) Its outcome, committed before the buyer hears it.
  try {
    const { order: upstreamId } = await deps.panel.add(params);
    const placed = await commit.run((t) => markPlaced(t).get({ id: order.id, upstreamId, now: deps.now() }));
    logger.info({ orderId: order.id, upstreamId, serviceId: service.id, priceMinor: order.priceMinor }, "order placed");
    return { kind: "placed", order: placed ?? order };
  } catch (err) {
    if (err instanceof PanelApiError || err instanceof PanelUnreachableError) {
      // Certain that no order exists upstream: give the money back now.
      const code = err instanceof PanelApiError ? err.code : "unreachable";
      const failed = await commit.run((t) => refundAndClose(t, order.id, "failed", null, deps.now(), { failureCode: code, notify: false }));
      logger.warn({ orderId: order.id, code }, "order refused by the panel; refunded");
      if (code === "not_enough_funds" && pauseOrders(db, { reason: "panel_funds", since: deps.now(), balanceMinor: null }, deps.adminIds)) {
        logger.error({ orderId: order.id }, "the panel has no funds for orders; new orders paused until its balance is back");
        deps.onNotices?.();
      }
      return { kind: "rejected", order: failed ?? order, code };
    }
    // The panel may have made the order: no refund, no resend. An admin resolves it.
    const unknown = await commit.run((t) => {
      const row = t
        .update(orders)
        .set({ status: "unknown", failureCode: "uncertain", updatedAt: deps.now() })
        .where(and(eq(orders.id, order.id), eq(orders.status, "submitting")))
        .returning()
        .get();
      if (row) for (const admin of deps.adminIds) enqueueNotice(t, admin, { kind: "admin_unknown_order", orderId: order.id, userId: req.userId }, deps.now());
      return row;
    });
    deps.onNotices?.();
    logger.error({ orderId: order.id, err: describeError(err) }, "order outcome unknown after add; left for an admin");
    return { kind: "unknown", order: unknown ?? order };
  }
}

class NotEnough extends Error {
  constructor(
    readonly priceMinor: number,
    readonly balanceMinor: number,
  ) {
    super("insufficient funds");
  }
}

const orderByToken = prepared((db) => db.select().from(orders).where(eq(orders.clientToken, sql.placeholder("token"))).prepare());

const insertOrder = prepared((db) => {
  const now = sql.placeholder("now");
  return db
    .insert(orders)
    .values({
      userId: sql.placeholder("userId"),
      serviceId: sql.placeholder("serviceId"),
      serviceName: sql.placeholder("serviceName"),
      kind: sql.placeholder("kind"),
      link: sql.placeholder("link"),
      quantity: sql.placeholder("quantity"),
      params: sql.placeholder("params"),
      priceMinor: sql.placeholder("priceMinor"),
      costMinor: sql.placeholder("costMinor"),
      status: "submitting",
      clientToken: sql.placeholder("clientToken"),
      createdAt: now,
      updatedAt: now,
      lastChangeAt: now,
    })
    .returning()
    .prepare();
});

const markPlaced = prepared((db) => {
  // In an update's set, a placeholder goes inside sql``.
  const now = sql<number>`${sql.placeholder("now")}`;
  return db
    .update(orders)
    .set({ status: "pending", upstreamId: sql<number>`${sql.placeholder("upstreamId")}`, upstreamStatus: "Pending", updatedAt: now, nextCheckAt: now })
    .where(and(eq(orders.id, sql.placeholder("id")), eq(orders.status, "submitting")))
    .returning()
    .prepare();
});

/** A short, key-free description of an upstream error for logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return "non-error thrown";
}

/**
 * The units the panel delivers for an order, which its `remains` counts down and its price was computed
 * on: drip-feed is quantity x runs, a subscription max x posts; anything else its quantity.
 */
export function deliveredUnits(o: Pick<Order, "kind" | "quantity" | "params">): number {
  let p: Record<string, unknown> = {};
  try {
    p = JSON.parse(o.params) as Record<string, unknown>;
  } catch {
    // params are written by placeOrder as JSON; an unreadable row falls back to the quantity
  }
  const factor = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : 1);
  if (o.kind === "subscriptions") return o.quantity * factor(p.posts);
  return o.quantity * factor(p.runs);
}

/**
 * Moves a not-yet-final order to a final status and refunds `charge - already refunded` (or the
 * partial amount) in the same transaction. Returns undefined when the order was already final.
 */
export function refundAndClose(
  t: Db,
  orderId: number,
  status: "failed" | "canceled" | "partial",
  remains: number | null,
  now: number,
  opts: { failureCode?: string; notify: boolean; upstreamStatus?: string; startCount?: number | null; actorId?: number; note?: string },
): Order | undefined {
  const current = t.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!current || FINAL_STATUSES.includes(current.status as OrderStatus)) return undefined;
  const refund = status === "partial" ? partialRefundMinor(current.priceMinor, remains, deliveredUnits(current)) : current.priceMinor;
  const updated = t
    .update(orders)
    .set({
      status,
      refundedMinor: refund,
      remains: remains ?? current.remains,
      startCount: opts.startCount !== undefined ? opts.startCount : current.startCount,
      upstreamStatus: opts.upstreamStatus ?? current.upstreamStatus,
      failureCode: opts.failureCode ?? current.failureCode,
      updatedAt: now,
      lastChangeAt: now,
    })
    .where(and(eq(orders.id, orderId), eq(orders.status, current.status)))
    .returning()
    .get();
  if (!updated) return undefined;
  if (refund > 0) {
    applyBalanceChange(t, { userId: current.userId, deltaMinor: refund, reason: "refund", orderId, actorId: opts.actorId ?? null, note: opts.note ?? null, now });
  }
  if (opts.notify && status !== "failed") {
    enqueueNotice(t, current.userId, { kind: "order_status", orderId, status, refundMinor: refund, remains: updated.remains }, now);
  }
  return updated;
}

export interface StatusApplyResult {
  changed: boolean;
  status: OrderStatus;
  unknownStatus?: string;
}

/**
 * Applies one status answer from the panel to an order, in one transaction: the new status and
 * counters, the refund for Canceled / Partial (at most once: the order becomes final in the same
 * step, and the ledger refuses a second refund row), and the buyer's notice.
 */
export function applyStatus(
  db: Db,
  orderId: number,
  s: PanelOrderStatus,
  now: number,
  pollIntervalMs: number,
): StatusApplyResult | undefined {
  return tx(db, (t) => {
    const current = t.select().from(orders).where(eq(orders.id, orderId)).get();
    if (!current || !ACTIVE_STATUSES.includes(current.status as OrderStatus)) return undefined;
    const next = normalizeStatus(s.status);
    const counters = { startCount: s.startCount ?? current.startCount, remains: s.remains ?? current.remains };
    if (next === "partial" && s.remains === null) {
      // Partial without a remains count: the refund cannot be computed, and closing the order would
      // settle it at 0 for good. Keep following it (the stuck-order alert reaches an admin if the panel
      // never sends the count); the caller logs it like an unknown status word.
      t.update(orders)
        .set({ upstreamStatus: s.status, updatedAt: now, nextCheckAt: now + backoffMs(now - current.lastChangeAt, pollIntervalMs) })
        .where(eq(orders.id, orderId))
        .run();
      return { changed: false, status: current.status as OrderStatus, unknownStatus: `${s.status} without remains` };
    }
    if (next === "canceled" || next === "partial") {
      const remains = next === "canceled" ? deliveredUnits(current) : s.remains;
      const done = refundAndClose(t, orderId, next, remains, now, {
        notify: true,
        upstreamStatus: s.status,
        startCount: counters.startCount,
      });
      return { changed: !!done, status: next };
    }
    const status = next ?? (current.status as OrderStatus);
    const changed =
      status !== current.status || counters.remains !== current.remains || counters.startCount !== current.startCount || s.status !== current.upstreamStatus;
    const statusChanged = status !== current.status;
    const lastChangeAt = changed ? now : current.lastChangeAt;
    t.update(orders)
      .set({
        status,
        upstreamStatus: s.status,
        ...counters,
        updatedAt: now,
        lastChangeAt,
        nextCheckAt: now + backoffMs(now - lastChangeAt, pollIntervalMs),
      })
      .where(eq(orders.id, orderId))
      .run();
    if (statusChanged && (status === "in_progress" || status === "completed")) {
      enqueueNotice(t, current.userId, { kind: "order_status", orderId, status, refundMinor: 0, remains: counters.remains }, now);
    }
    return { changed: statusChanged, status, ...(next === null ? { unknownStatus: s.status } : {}) };
  });
}

/** Orders that have not changed for long are asked about less often, but never dropped. */
export function backoffMs(unchangedForMs: number, intervalMs: number): number {
  const hours = Math.floor(unchangedForMs / 3_600_000);
  const factor = Math.min(1 + hours, 10);
  return intervalMs * factor - 1; // -1: due again on the next tick of a timer with the same interval
}

/**
 * At start-up: an order still `submitting` means the process died between the debit and the panel's
 * answer. It may exist upstream, so it becomes `unknown` for an admin, never resent or refunded blindly.
 */
export function recoverInterruptedOrders(db: Db, adminIds: readonly number[], now: number): number {
  return tx(db, (t) => {
    const stuck = t.update(orders).set({ status: "unknown", failureCode: "interrupted", updatedAt: now }).where(eq(orders.status, "submitting")).returning().all();
    for (const o of stuck) for (const admin of adminIds) enqueueNotice(t, admin, { kind: "admin_unknown_order", orderId: o.id, userId: o.userId }, now);
    return stuck.length;
  });
}

export function getOrder(db: Db, id: number): Order | undefined {
  return db.select().from(orders).where(eq(orders.id, id)).get();
}

export function listUserOrders(db: Db, userId: number, limit: number, offset = 0): Order[] {
  return db.select().from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.id)).limit(limit).offset(offset).all();
}

export function countUserOrders(db: Db, userId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(orders).where(eq(orders.userId, userId)).get()?.n ?? 0;
}
