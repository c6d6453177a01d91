// The status poller at scale (issue 7): the exact number of upstream calls per cycle, bounded
// parallelism, and the batch apply giving exactly what applyStatus gives, answer by answer.
// Correctness only: how fast it is, is `npm run bench`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mirrorActiveOrders, openSeededDb, seedOrders, seedUsers, UPSTREAM_BASE } from "../src/bench/seed.js";
import { openDatabase, type Db } from "../src/db/client.js";
import { applyStatus } from "../src/domain/orders.js";
import { applyStatusBatch, StatusPoller, StatusStatements, type DueOrder } from "../src/domain/poller.js";
import { silentLogger } from "../src/logger.js";
import { PanelSimulator } from "../src/simulators/panel.js";
import { PanelClient } from "../src/upstream/client.js";
import type { MultiStatusItem, PanelOrderStatus } from "../src/upstream/types.js";

describe("a poll cycle over many orders", () => {
  const N = 1_234;
  let dir: string;
  let sim: PanelSimulator;
  let db: Db;
  let client: PanelClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "smm-poller-"));
    sim = await PanelSimulator.start();
    db = await openSeededDb(join(dir, "shop.db"), sim);
    seedUsers(db, 50, 0);
    seedOrders(db, { total: N + 100, active: N, users: 50 }); // and 100 completed ones, never asked about
    mirrorActiveOrders(sim, N);
    client = new PanelClient({ url: sim.url, key: sim.key, timeoutMs: 5_000 });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The client, counting how many multi-status calls are in flight at once. */
  function countingPanel() {
    const seen = { inFlight: 0, max: 0 };
    const panel = {
      statuses: async (ids: readonly number[]) => {
        seen.inFlight++;
        seen.max = Math.max(seen.max, seen.inFlight);
        try {
          return await client.statuses(ids);
        } finally {
          seen.inFlight--;
        }
      },
      status: client.status.bind(client),
      cancel: client.cancel.bind(client),
      refill: client.refill.bind(client),
      refillStatuses: client.refillStatuses.bind(client),
      balance: client.balance.bind(client),
    };
    return { panel, seen };
  }

  const poller = (panel: ReturnType<typeof countingPanel>["panel"], concurrency: number) =>
    new StatusPoller({ db, panel, logger: silentLogger, intervalMs: 30_000, adminIds: [], stuckOrderDays: 3, now: Date.now, concurrency });

  it("asks about 1,234 orders in exactly ceil(1234 / 100) = 13 calls, at most STATUS_POLL_CONCURRENCY at once", async () => {
    sim.setLatency(20, "status");
    const { panel, seen } = countingPanel();
    const before = sim.requestCount("status");
    const from = sim.requests.length;
    const report = await poller(panel, 3).runCycle({ force: true });
    sim.setLatency(0, "status");
    expect(sim.requestCount("status") - before).toBe(13);
    expect(report).toEqual({ checked: N, changed: 0, missing: 0, errors: 0 });
    expect(seen.max).toBe(3);
    // Every id once, in batches of at most 100.
    const asked = sim.requests.slice(from).filter((r) => r.action === "status").map((r) => r.params.orders!.split(","));
    expect(asked.every((b) => b.length <= 100)).toBe(true);
    expect(new Set(asked.flat()).size).toBe(N);
  });

  it("moves the orders that changed, notifies their buyers, and leaves the rest as they were", async () => {
    for (let i = 7; i <= N; i += 7) sim.setStatus(UPSTREAM_BASE + i, "In progress", { startCount: 50, remains: 500 });
    const moved = Math.floor(N / 7);
    const notices0 = (db.$client.prepare("select count(*) as n from notifications").get() as { n: number }).n;
    const { panel } = countingPanel();
    const report = await poller(panel, 4).runCycle({ force: true });
    expect(report).toEqual({ checked: N, changed: moved, missing: 0, errors: 0 });
    const rows = db.$client.prepare("select status, count(*) as n from orders group by status order by status").all();
    expect(rows).toEqual([
      { status: "completed", n: 100 },
      { status: "in_progress", n: moved },
      { status: "pending", n: N - moved },
    ]);
    const notices = (db.$client.prepare("select count(*) as n from notifications").get() as { n: number }).n;
    expect(notices - notices0).toBe(moved);
  });

  it("sends no further batches once stopped mid-cycle; the orders stay due", async () => {
    sim.setLatency(100, "status");
    const { panel } = countingPanel();
    const p = poller(panel, 2);
    const before = sim.requestCount("status");
    const cycle = p.runCycle({ force: true });
    while (sim.requestCount("status") - before < 2) await new Promise((r) => setTimeout(r, 5));
    await p.stop();
    await cycle;
    sim.setLatency(0, "status");
    expect(sim.requestCount("status") - before).toBe(2);
  });
});

// ---- batch apply == applyStatus, answer by answer ------------------------------------------------

const NOW = Date.UTC(2025, 5, 1, 12);
const INTERVAL = 30_000;

interface OrderState {
  status: string;
  upstreamStatus: string | null;
  startCount: number | null;
  remains: number | null;
  lastChangeAgoMs: number;
}

type Answer = { kind: "ok"; status: PanelOrderStatus } | { kind: "error" } | { kind: "missing" };

const orderState = fc.record<OrderState>({
  status: fc.constantFrom("pending", "pending", "in_progress", "in_progress", "completed", "canceled", "unknown"),
  upstreamStatus: fc.constantFrom(null, "Pending", "In progress", "Processing", "Weird"),
  startCount: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
  remains: fc.option(fc.integer({ min: -5, max: 1200 }), { nil: null }),
  lastChangeAgoMs: fc.constantFrom(0, 1_000, 3_600_000, 5 * 3_600_000, 30 * 3_600_000),
});

const answer: fc.Arbitrary<Answer> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("ok" as const),
      status: fc.record<PanelOrderStatus>({
        status: fc.constantFrom("Pending", "In progress", "Processing", "Completed", "Partial", "Canceled", "Cancelled", "Refunded", "Weird", "in_progress"),
        startCount: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
        remains: fc.option(fc.integer({ min: -10, max: 1500 }), { nil: null }),
        charge: fc.constant("60.00000"),
        currency: fc.constant("UZS"),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "error" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "missing" as const }) },
);

function shopWith(states: OrderState[]): Db {
  const db = openDatabase(":memory:");
  const c = db.$client;
  c.prepare("insert into categories (id, name) values (1, 'Members')").run();
  c.prepare(
    "insert into services (id, category_id, name, raw_type, kind, rate, min, max, synced_at) values (1, 1, 'Members', 'Default', 'default', '60.00000', 10, 100000, 0)",
  ).run();
  for (const u of [1, 2, 3]) c.prepare("insert into users (id, first_name, language, balance_minor, created_at, last_seen_at) values (?, 'B', 'en', 0, 0, 0)").run(u);
  const order = c.prepare(`insert into orders (id, user_id, service_id, service_name, kind, quantity, price_minor, cost_minor, status, upstream_id,
      upstream_status, start_count, remains, client_token, created_at, updated_at, last_change_at, next_check_at)
    values (?, ?, 1, 'Members', 'default', 1000, 7500, 6000, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
  const charge = c.prepare("insert into ledger (user_id, delta_minor, balance_after_minor, reason, order_id, created_at) values (?, -7500, 0, 'order', ?, 0)");
  states.forEach((s, i) => {
    const id = i + 1;
    const user = (i % 3) + 1;
    order.run(id, user, s.status, 1000 + id, s.upstreamStatus, s.startCount, s.remains, `t${id}`, NOW - 86_400_000, NOW - 1, NOW - s.lastChangeAgoMs);
    charge.run(user, id);
  });
  // The charges were paid for: give the buyers what they spent, so refunds have a balance to go to.
  c.prepare("update users set balance_minor = 100000").run();
  return db;
}

function dump(db: Db) {
  const c = db.$client;
  return {
    orders: c.prepare("select * from orders order by id").all(),
    notices: c.prepare("select chat_id, kind, payload, created_at from notifications order by id").all(),
    ledger: c.prepare("select user_id, delta_minor, balance_after_minor, reason, order_id from ledger order by id").all(),
    users: c.prepare("select id, balance_minor from users order by id").all(),
  };
}

describe("applying a batch of answers", () => {
  it("writes exactly what applyStatus writes, one answer at a time (orders, notices, refunds)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(orderState, answer), { minLength: 1, maxLength: 25 }), (cases) => {
        const states = cases.map(([s]) => s);
        const batch: DueOrder[] = states.map((_, i) => ({ id: i + 1, upstreamId: 1001 + i }));
        const answers = new Map<number, MultiStatusItem>();
        cases.forEach(([, a], i) => {
          if (a.kind === "ok") answers.set(1001 + i, { ok: true, status: a.status });
          else if (a.kind === "error") answers.set(1001 + i, { ok: false, error: "Incorrect order ID" });
        });

        const batchDb = shopWith(states);
        const results = applyStatusBatch(batchDb, new StatusStatements(batchDb), batch, answers, NOW, INTERVAL);

        // The reference: applyStatus per answer; no answer or an error: asked again a little later.
        const oneDb = shopWith(states);
        const expected = batch.map((o) => {
          const a = answers.get(o.upstreamId);
          if (!a || !a.ok) {
            oneDb.$client.prepare("update orders set next_check_at = ? where id = ?").run(NOW + INTERVAL - 1, o.id);
            return a ? "item_error" : "missing";
          }
          return applyStatus(oneDb, o.id, a.status, NOW, INTERVAL);
        });

        expect(results).toEqual(expected);
        expect(dump(batchDb)).toEqual(dump(oneDb));
        batchDb.$client.close();
        oneDb.$client.close();
      }),
      { numRuns: 60 },
    );
  });
});
