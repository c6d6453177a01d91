// Figure 6: the queries behind /orders, /balance, the poller's selection and /stats use an index.
//
// The queries are not copied here: each probe calls the real function, every statement it prepares is
// recorded with its parameters, and EXPLAIN QUERY PLAN is asked of exactly that SQL. Used by
// test/query-plans.test.ts (a freshly migrated database) and by the benchmark (1,000,000 orders).
import type { Database, Statement } from "better-sqlite3";
import type { Db } from "../db/client.js";
import { countUserOrders, listUserOrders } from "../domain/orders.js";
import { selectDue, StatusStatements } from "../domain/poller.js";
import { windowStats } from "../domain/stats.js";
import { getUser } from "../domain/users.js";

export interface PlannedQuery {
  /** Which feature runs it. */
  probe: string;
  sql: string;
  /** EXPLAIN QUERY PLAN detail lines. */
  plan: string[];
  /** Every table is reached through an index (or the primary key), none scanned in full. */
  indexed: boolean;
}

/** A plan line that reads a whole table or a whole index: "SCAN orders", "SCAN o USING COVERING INDEX x". */
export function isFullScan(detail: string): boolean {
  if (!detail.startsWith("SCAN ")) return false;
  // Table-valued functions and constant rows are not tables of ours.
  return !/VIRTUAL TABLE|CONSTANT ROW|^SCAN \(subquery|^SCAN json_each/.test(detail);
}

type Probe = [name: string, run: (db: Db) => unknown];

const DAY = 86_400_000;

/** The probes: one per query path named in issue 7. `userId` should own orders. */
export function probes(userId: number, now = Date.now()): Probe[] {
  return [
    ["/orders (count)", (db) => countUserOrders(db, userId)],
    ["/orders (page)", (db) => listUserOrders(db, userId, 8, 0)],
    ["/balance (user by id)", (db) => getUser(db, userId)],
    ["poller: due orders", (db) => selectDue(new StatusStatements(db), now, 100_000)],
    ["poller: rows of a batch", (db) => new StatusStatements(db).current.all(JSON.stringify([1, 2, 3]))],
    ["/stats (30-day window)", (db) => windowStats(db, now - 30 * DAY, now + 1)],
  ];
}

/** Runs every probe, recording the statements it runs, and explains each one. */
export function explainQueries(db: Db, list: Probe[]): PlannedQuery[] {
  const client = db.$client;
  const seen: Array<{ probe: string; sql: string; params: unknown[] }> = [];
  let current = "";
  const prepare = client.prepare;
  const recording = function (this: Database, source: string) {
    const stmt = prepare.call(this, source) as Statement;
    for (const method of ["all", "get", "run", "iterate"] as const) {
      const original = stmt[method] as (...a: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        seen.push({ probe: current, sql: source, params });
        return original.apply(stmt, params);
      };
    }
    return stmt;
  };
  client.prepare = recording as typeof client.prepare;
  try {
    for (const [name, run] of list) {
      current = name;
      run(db);
    }
  } finally {
    client.prepare = prepare;
  }
  return seen.map(({ probe, sql, params }) => {
    const rows = client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
    const plan = rows.map((r) => r.detail);
    return { probe, sql: sql.replace(/\s+/g, " ").trim(), plan, indexed: !plan.some(isFullScan) };
  });
}
