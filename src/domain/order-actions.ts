// What a buyer (or an admin) can do to a placed order: refresh, cancel, refill; and how admins
// settle an order whose `add` outcome is unknown. Plain functions over the database and the panel.
import { and, asc, desc, eq, lte } from "drizzle-orm";
import { isUniqueViolation, tx, type Db } from "../db/client.js";
import { orders, refills } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { PanelApiError, type PanelClient } from "../upstream/client.js";
import { getService } from "./catalog.js";
import { writeAudit } from "./audit.js";
import { enqueueNotice } from "./notifications.js";
import { ACTIVE_STATUSES, applyStatus, describeError, getOrder, refundAndClose, type Order } from "./orders.js";

export interface ActionDeps {
  db: Db;
  panel: Pick<PanelClient, "status" | "cancel" | "refill" | "refillStatuses">;
  logger: Logger;
  now: () => number;
  pollIntervalMs: number;
  onNotices?: () => void;
}

export type Refill = typeof refills.$inferSelect;

/** The open (requested or pending) refill of an order, if any, else the latest one. */
export function latestRefill(db: Db, orderId: number): Refill | undefined {
  return db.select().from(refills).where(eq(refills.orderId, orderId)).orderBy(desc(refills.id)).limit(1).get();
}

export function canCancel(db: Db, o: Order): boolean {
  const s = getService(db, o.serviceId);
  return !!s?.cancel && o.upstreamId !== null && ACTIVE_STATUSES.includes(o.status as never) && o.cancelRequestedAt === null;
}

export function canRefill(db: Db, o: Order): boolean {
  const s = getService(db, o.serviceId);
  if (!s?.refill || o.upstreamId === null || (o.status !== "completed" && o.status !== "partial")) return false;
  const r = latestRefill(db, o.id);
  return !r || (r.status !== "requested" && r.status !== "pending");
}

/** Asks the panel for this order's status now and applies it. */
export async function refreshOrder(deps: ActionDeps, orderId: number): Promise<"updated" | "not_followed" | "failed"> {
  const o = getOrder(deps.db, orderId);
  if (!o || o.upstreamId === null || !ACTIVE_STATUSES.includes(o.status as never)) return "not_followed";
  try {
    const s = await deps.panel.status(o.upstreamId);
    applyStatus(deps.db, o.id, s, deps.now(), deps.pollIntervalMs);
    deps.onNotices?.();
    return "updated";
  } catch (err) {
    deps.logger.warn({ orderId, err: describeError(err) }, "refresh failed");
    return "failed";
  }
}

/**
 * Sends `cancel` for one order. The answer only means "requested": the refund comes when the
 * status really becomes Canceled or Partial (the poller checks it at once).
 */
export async function requestCancel(deps: ActionDeps, orderId: number): Promise<"requested" | "refused" | "unavailable" | "failed"> {
  const o = getOrder(deps.db, orderId);
  if (!o || !canCancel(deps.db, o)) return "unavailable";
  try {
    const [result] = await deps.panel.cancel([o.upstreamId!]);
    if (!result || !result.ok) return "refused";
  } catch (err) {
    if (err instanceof PanelApiError) return "refused";
    deps.logger.warn({ orderId, err: describeError(err) }, "cancel request failed");
    return "failed";
  }
  deps.db.update(orders).set({ cancelRequestedAt: deps.now(), nextCheckAt: 0 }).where(eq(orders.id, o.id)).run();
  deps.logger.info({ orderId }, "cancel requested");
  return "requested";
}

/** Asks the panel for a refill; one open refill per order (the database refuses a second). */
export async function requestRefill(deps: ActionDeps, orderId: number): Promise<"requested" | "refused" | "unavailable" | "open" | "failed"> {
  const o = getOrder(deps.db, orderId);
  if (!o || o.upstreamId === null) return "unavailable";
  if (!canRefill(deps.db, o)) {
    const r = latestRefill(deps.db, o.id);
    return r && (r.status === "requested" || r.status === "pending") ? "open" : "unavailable";
  }
  const now = deps.now();
  let refillRow: Refill;
  try {
    refillRow = deps.db.insert(refills).values({ orderId: o.id, userId: o.userId, status: "requested", createdAt: now, updatedAt: now }).returning().get();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return "open"; // the unique index: another tap got there first
  }
  const close = (status: "rejected" | "error") =>
    deps.db.update(refills).set({ status, updatedAt: deps.now() }).where(eq(refills.id, refillRow.id)).run();
  try {
    const refillId = await deps.panel.refill(o.upstreamId);
    deps.db
      .update(refills)
      .set({ upstreamRefillId: refillId, status: "pending", updatedAt: deps.now(), nextCheckAt: deps.now() + deps.pollIntervalMs - 1 })
      .where(eq(refills.id, refillRow.id))
      .run();
    deps.logger.info({ orderId, refillId }, "refill requested");
    return "requested";
  } catch (err) {
    // A refill costs nothing, so an unknown outcome is simply reported as failed; the buyer may ask again.
    close(err instanceof PanelApiError ? "rejected" : "error");
    if (!(err instanceof PanelApiError)) deps.logger.warn({ orderId, err: describeError(err) }, "refill request failed");
    return err instanceof PanelApiError ? "refused" : "failed";
  }
}

function refillOutcome(raw: string): "completed" | "rejected" | "error" | null {
  const s = raw.toLowerCase().trim();
  if (s === "completed" || s === "complete" || s === "success") return "completed";
  if (s === "rejected" || s === "canceled" || s === "cancelled") return "rejected";
  if (s === "error" || s === "failed") return "error";
  return null; // Pending, In progress, or a word we do not know: keep asking
}

/** Follows open refills in batches of 100 and tells the buyer each result once. */
export async function pollRefills(deps: ActionDeps, opts: { force?: boolean } = {}): Promise<number> {
  const now = deps.now();
  const due = deps.db
    .select()
    .from(refills)
    .where(and(eq(refills.status, "pending"), lte(refills.nextCheckAt, opts.force ? Number.MAX_SAFE_INTEGER : now)))
    .orderBy(asc(refills.nextCheckAt))
    .limit(10_000)
    .all()
    .filter((r) => r.upstreamRefillId !== null);
  let finished = 0;
  for (let i = 0; i < due.length; i += 100) {
    const chunk = due.slice(i, i + 100);
    let answers;
    try {
      answers = await deps.panel.refillStatuses(chunk.map((r) => r.upstreamRefillId!));
    } catch (err) {
      deps.logger.warn({ err: describeError(err) }, "refill status batch failed; will retry");
      continue;
    }
    const byId = new Map(answers.map((a) => [String(a.refill), a]));
    for (const r of chunk) {
      const a = byId.get(r.upstreamRefillId!);
      const outcome = !a ? null : a.ok ? refillOutcome(a.status) : "error";
      const upstreamStatus = a ? (a.ok ? a.status : "error") : r.upstreamStatus;
      tx(deps.db, (t) => {
        if (!outcome) {
          t.update(refills).set({ upstreamStatus, nextCheckAt: now + deps.pollIntervalMs - 1, updatedAt: now }).where(eq(refills.id, r.id)).run();
          return;
        }
        const done = t
          .update(refills)
          .set({ status: outcome, upstreamStatus, updatedAt: now })
          .where(and(eq(refills.id, r.id), eq(refills.status, "pending")))
          .returning()
          .get();
        if (done) {
          enqueueNotice(t, r.userId, { kind: "refill_status", orderId: r.orderId, status: outcome }, now);
          finished++;
        }
      });
    }
  }
  if (finished > 0) deps.onNotices?.();
  return finished;
}

export function listUnknownOrders(db: Db, limit = 50): Order[] {
  return db.select().from(orders).where(eq(orders.status, "unknown")).orderBy(asc(orders.id)).limit(limit).all();
}

/** An admin found the order on the panel: link it and follow it like any other. */
export function resolvePlaced(db: Db, orderId: number, upstreamId: number, adminId: number, now: number): "ok" | "not_unknown" | "id_taken" {
  try {
    return tx(db, (t) => {
      const row = t
        .update(orders)
        .set({ status: "pending", upstreamId, upstreamStatus: "Pending", nextCheckAt: 0, updatedAt: now, lastChangeAt: now, failureCode: null })
        .where(and(eq(orders.id, orderId), eq(orders.status, "unknown")))
        .returning()
        .get();
      if (!row) return "not_unknown" as const;
      enqueueNotice(t, row.userId, { kind: "order_resolved_placed", orderId }, now);
      writeAudit(t, { adminId, action: "resolve_placed", target: `order:${orderId}`, details: { upstreamId }, now });
      return "ok" as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return "id_taken";
    throw err;
  }
}

/** An admin confirmed the panel has no such order: refund it in full, once. */
export function resolveRefund(db: Db, orderId: number, adminId: number, now: number): { ok: true; refundMinor: number } | { ok: false } {
  return tx(db, (t) => {
    const current = getOrder(t, orderId);
    if (!current || current.status !== "unknown") return { ok: false as const };
    const closed = refundAndClose(t, orderId, "failed", null, now, { failureCode: "resolved_refund", notify: false, actorId: adminId });
    if (!closed) return { ok: false as const };
    enqueueNotice(t, closed.userId, { kind: "order_resolved_refunded", orderId, refundMinor: closed.refundedMinor }, now);
    writeAudit(t, { adminId, action: "resolve_refund", target: `order:${orderId}`, details: { refundMinor: closed.refundedMinor }, now });
    return { ok: true as const, refundMinor: closed.refundedMinor };
  });
}
