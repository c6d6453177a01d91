// Shop figures for /stats. Every query is a range over an indexed `created_at` (orders_created_idx,
// users_created_idx), so a window costs the orders in it, not the whole table.
//
// Money figures are attributed to the time an order was CREATED (a refund on a later day counts for
// the order's day), so the figures of a window are consistent with each other:
// - turnover  = what buyers paid and kept paying: sum(price − refunded) over the window's orders
//               (failed orders are refunded in full and add 0; unknown orders count: the money is held);
// - refunds   = sum(refunded) over orders that were placed (failed ones, never placed, are left out);
// - upstream cost is an estimate from `cost_minor` (the panel's rate × quantity when the order was
//   placed): failed and canceled orders count 0 (nothing placed, or the panel gave its charge back),
//   partial ones count the delivered share (the share of the price kept: the refund already counted
//   the undelivered units, runs and posts included), everything else (unknown included: it may exist) in full.
//   The panel's real charge can differ if its rate changed or it rounds differently;
// - gross profit = turnover − upstream cost.
import type { Db } from "../db/client.js";
import type { OrderStatus } from "./orders.js";

export interface WindowStats {
  from: number;
  to: number;
  newUsers: number;
  activeBuyers: number;
  ordersByStatus: Partial<Record<OrderStatus, number>>;
  orders: number;
  turnoverMinor: number;
  upstreamCostMinor: number;
  grossProfitMinor: number;
  refundsMinor: number;
  topServices: Array<{ serviceId: number; name: string; orders: number; turnoverMinor: number }>;
}

export interface ShopStats {
  today: WindowStats;
  week: WindowStats;
  month: WindowStats;
}

const DAY_MS = 86_400_000;

/** Start of the day of `now` in the local time zone: the server's, or TZ (e.g. Asia/Tashkent, also from .env). */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export const STATS_SQL = {
  byStatus: `
    SELECT status,
           count(*) AS n,
           coalesce(sum(price_minor - refunded_minor), 0) AS turnover,
           coalesce(sum(CASE WHEN status = 'failed' THEN 0 ELSE refunded_minor END), 0) AS refunds,
           coalesce(sum(CASE
             WHEN status IN ('failed', 'canceled') THEN 0
             WHEN status = 'partial' AND price_minor > 0
               THEN cost_minor * (price_minor - refunded_minor) / price_minor
             ELSE cost_minor END), 0) AS cost
    FROM orders
    WHERE created_at >= ? AND created_at < ?
    GROUP BY status`,
  activeBuyers: `
    SELECT count(DISTINCT user_id) AS n FROM orders
    WHERE created_at >= ? AND created_at < ? AND status <> 'failed'`,
  newUsers: `SELECT count(*) AS n FROM users WHERE created_at >= ? AND created_at < ?`,
  topServices: `
    SELECT o.service_id AS serviceId,
           coalesce(s.display_name, s.name, max(o.service_name)) AS name,
           count(*) AS orders,
           sum(o.price_minor - o.refunded_minor) AS turnover
    FROM orders o LEFT JOIN services s ON s.id = o.service_id
    WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'failed'
    GROUP BY o.service_id
    ORDER BY turnover DESC, orders DESC, o.service_id
    LIMIT ?`,
} as const;

/** Figures for orders and users created in [from, to). */
export function windowStats(db: Db, from: number, to: number, topN = 5): WindowStats {
  const c = db.$client;
  const rows = c.prepare(STATS_SQL.byStatus).all(from, to) as Array<{ status: OrderStatus; n: number; turnover: number; refunds: number; cost: number }>;
  const ordersByStatus: Partial<Record<OrderStatus, number>> = {};
  let orders = 0;
  let turnoverMinor = 0;
  let refundsMinor = 0;
  let upstreamCostMinor = 0;
  for (const r of rows) {
    ordersByStatus[r.status] = r.n;
    orders += r.n;
    turnoverMinor += r.turnover;
    refundsMinor += r.refunds;
    upstreamCostMinor += r.cost;
  }
  const activeBuyers = (c.prepare(STATS_SQL.activeBuyers).get(from, to) as { n: number }).n;
  const newUsers = (c.prepare(STATS_SQL.newUsers).get(from, to) as { n: number }).n;
  const top = c.prepare(STATS_SQL.topServices).all(from, to, topN) as Array<{ serviceId: number; name: string; orders: number; turnover: number }>;
  return {
    from,
    to,
    newUsers,
    activeBuyers,
    ordersByStatus,
    orders,
    turnoverMinor,
    upstreamCostMinor,
    grossProfitMinor: turnoverMinor - upstreamCostMinor,
    refundsMinor,
    topServices: top.map((t) => ({ serviceId: t.serviceId, name: t.name, orders: t.orders, turnoverMinor: t.turnover })),
  };
}

/** Today (since local midnight), the last 7 days and the last 30 days (rolling, up to `now`). */
export function shopStats(db: Db, now: number): ShopStats {
  const to = now + 1;
  return {
    today: windowStats(db, startOfDay(now), to),
    week: windowStats(db, now - 7 * DAY_MS, to),
    month: windowStats(db, now - 30 * DAY_MS, to),
  };
}
