// The queries behind /orders, /balance, the poller's selection and /stats use an index (issue 7,
// figure 6). The probes call the real functions and EXPLAIN exactly the SQL they ran (see
// src/bench/query-plans.ts); `npm run bench` asks the same of a 1,000,000-order database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainQueries, isFullScan, probes, type PlannedQuery } from "../src/bench/query-plans.js";
import { openSeededDb, seedOrders, seedUsers, USER_BASE } from "../src/bench/seed.js";
import type { Db } from "../src/db/client.js";
import { PanelSimulator } from "../src/simulators/panel.js";

describe("query plans on a migrated database", () => {
  let dir: string;
  let db: Db;
  let planned: PlannedQuery[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "smm-plans-"));
    const sim = await PanelSimulator.start();
    db = await openSeededDb(join(dir, "shop.db"), sim);
    await sim.close();
    seedUsers(db, 500, 1000);
    seedOrders(db, { total: 5_000, active: 500, users: 500 });
    const owner = USER_BASE + ((1 * 2_654_435_761) % 500); // owns order 1
    planned = explainQueries(db, probes(owner));
  });
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (probe: string) => planned.filter((q) => q.probe.startsWith(probe)).map((q) => q.plan.join(" / "));

  it("probes every path named in the issue", () => {
    expect(new Set(planned.map((q) => q.probe))).toEqual(
      new Set(["/orders (count)", "/orders (page)", "/balance (user by id)", "poller: due orders", "poller: rows of a batch", "/stats (30-day window)"]),
    );
    expect(plan("/stats")).toHaveLength(4);
  });

  it("reads no table in full", () => {
    const scans = planned.filter((q) => !q.indexed).map((q) => `${q.probe}: ${q.plan.join(" / ")}\n  ${q.sql}`);
    expect(scans).toEqual([]);
  });

  it("uses the index meant for each", () => {
    expect(plan("/orders (count)")).toEqual([expect.stringMatching(/SEARCH orders USING COVERING INDEX orders_user_idx \(user_id=\?\)/)]);
    expect(plan("/orders (page)")[0]).toMatch(/SEARCH orders USING INDEX orders_user_idx \(user_id=\?\)/);
    expect(plan("/orders (page)")[0]).not.toMatch(/TEMP B-TREE/); // ordered by the index itself
    expect(plan("/balance")[0]).toMatch(/SEARCH users USING INTEGER PRIMARY KEY/);
    expect(plan("poller: due orders")[0]).toMatch(/SEARCH orders USING INDEX orders_status_next_check_idx \(status=\? AND next_check_at<\?\)/);
    expect(plan("poller: rows of a batch")[0]).toMatch(/SEARCH orders USING INTEGER PRIMARY KEY/);
    for (const p of plan("/stats")) expect(p).toMatch(/USING (COVERING )?INDEX (orders|users)_created_idx \(created_at>\? AND created_at<\?\)/);
  });

  it("tells a full scan from a search", () => {
    expect(isFullScan("SCAN orders")).toBe(true);
    expect(isFullScan("SCAN o USING COVERING INDEX orders_user_idx")).toBe(true);
    expect(isFullScan("SEARCH orders USING INDEX orders_user_idx (user_id=?)")).toBe(false);
    expect(isFullScan("SCAN json_each VIRTUAL TABLE INDEX 1:")).toBe(false);
  });
});
