// The money invariants, checked on a database file (raw SQL, so they hold whatever wrote the file).
import type Database from "better-sqlite3";
import { deliveredUnits } from "../../src/domain/orders.js";
import { partialRefundMinor } from "../../src/money.js";

/**
 * Every broken money invariant, as a readable line (empty when the books are right):
 * each balance equals the sum of its ledger rows and the last row's balance_after, never below zero;
 * each order is charged exactly once (its price), refunded at most once and never more than its price,
 * and refunded exactly what its final status says (a partial one: the undelivered share of the units it
 * was priced on).
 */
export function ledgerViolations(c: Database.Database): string[] {
  const out: string[] = [];
  const users = c
    .prepare(
      `select u.id, u.balance_minor b, coalesce((select sum(delta_minor) from ledger l where l.user_id = u.id), 0) s,
              (select balance_after_minor from ledger l where l.user_id = u.id order by id desc limit 1) a
       from users u`,
    )
    .all() as Array<{ id: number; b: number; s: number; a: number | null }>;
  for (const u of users) {
    if (u.b !== u.s) out.push(`user ${u.id}: balance ${u.b} != ledger sum ${u.s}`);
    if (u.b < 0) out.push(`user ${u.id}: balance ${u.b} below zero`);
    if ((u.a ?? 0) !== u.b) out.push(`user ${u.id}: last balance_after ${u.a} != balance ${u.b}`);
  }
  const orders = c.prepare("select id, status, price_minor p, refunded_minor r, remains, quantity, kind, params, failure_code f from orders").all() as Array<{
    id: number;
    status: string;
    p: number;
    r: number;
    remains: number | null;
    quantity: number;
    kind: string;
    params: string;
    f: string | null;
  }>;
  const rows = c.prepare("select order_id o, reason, delta_minor d from ledger where order_id is not null").all() as Array<{ o: number; reason: string; d: number }>;
  const byOrder = new Map<number, Array<{ reason: string; d: number }>>();
  for (const r of rows) byOrder.set(r.o, [...(byOrder.get(r.o) ?? []), r]);
  for (const o of orders) {
    const mine = byOrder.get(o.id) ?? [];
    const charges = mine.filter((r) => r.reason === "order");
    const refunds = mine.filter((r) => r.reason === "refund");
    if (charges.length !== 1 || charges[0]!.d !== -o.p) out.push(`order ${o.id}: charges ${JSON.stringify(charges)} for price ${o.p}`);
    if (refunds.length > 1) out.push(`order ${o.id}: ${refunds.length} refund rows`);
    const refunded = refunds.reduce((s, r) => s + r.d, 0);
    if (refunded !== o.r) out.push(`order ${o.id}: refund rows ${refunded} != refunded_minor ${o.r}`);
    if (o.r < 0 || o.r > o.p) out.push(`order ${o.id}: refunded ${o.r} outside 0..${o.p}`);
    const expected =
      o.status === "failed" || o.status === "canceled" ? o.p : o.status === "partial" ? partialRefundMinor(o.p, o.remains, deliveredUnits(o)) : 0;
    if (o.r !== expected) out.push(`order ${o.id} (${o.status}${o.f ? `, ${o.f}` : ""}): refunded ${o.r}, expected ${expected}`);
  }
  return out;
}
