// Figures 5 and 6: the shop on a big database: 100,000 users and 1,000,000 orders, 100,000 of them in
// flight. The bot runs in a child process started as `npm start` starts it (node + tsx), so its memory
// and start-up are its own. Figure 6 (queries use an index) is also asked of this database.
import { statSync } from "node:fs";
import { BenchChild } from "./child.js";
import { botEnv, startPeers, type Peers } from "./env.js";
import { explainQueries, probes } from "./query-plans.js";
import type { Report } from "./report.js";
import { sleep, formatFixed } from "./report.js";
import { mirrorActiveOrders, openSeededDb, seedOrders, seedUsers, USER_BASE } from "./seed.js";

export interface FootprintOptions {
  users: number;
  orders: number;
  active: number;
}

export const FOOTPRINT_DEFAULTS: FootprintOptions = { users: 100_000, orders: 1_000_000, active: 100_000 };

const MB = 2 ** 20;

export async function runFootprintFigures(report: Report, o: FootprintOptions = FOOTPRINT_DEFAULTS): Promise<void> {
  let peers: Peers | undefined;
  let child: BenchChild | undefined;
  try {
    peers = await startPeers();
    const { panel } = peers;
    const t0 = performance.now();
    const db = await openSeededDb(peers.dbPath, panel);
    seedUsers(db, o.users, 10_000);
    // In-flight orders are not due for an hour: "idle" is idle; the polling figure forces a cycle.
    seedOrders(db, { total: o.orders, active: o.active, users: o.users, dueAt: Date.now() + 3_600_000 });
    mirrorActiveOrders(panel, o.active);
    const seedSeconds = (performance.now() - t0) / 1000;

    // ---- figure 6 on this database ----
    const owner = USER_BASE + ((1 * 2_654_435_761) % o.users); // owns order 1 (see seedOrders)
    const planned = explainQueries(db, probes(owner));
    const indexed = planned.filter((q) => q.indexed).length;
    report.add({
      id: "db.indexed_queries",
      name: "6. queries using an index (1,000,000 orders)",
      value: indexed,
      unit: "queries",
      target: `=${planned.length}`,
      check: (v) => v === planned.length,
      note: planned.map((q) => `${q.indexed ? "ok " : "FULL SCAN "}${q.probe}: ${q.plan.join(" / ")}`).join("\n      "),
    });
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    const sizeMb = statSync(peers.dbPath).size / MB;

    // ---- figure 5 ----
    child = await BenchChild.start(botEnv(peers, { STATUS_POLL_SECONDS: "30" }));
    report.add({
      id: "footprint.startup",
      name: "5. start-up to ready (1,000,000 orders)",
      value: child.spawnToReadyMs / 1000,
      unit: "s",
      target: "<2",
      check: (v) => v < 2,
      note: `spawn of node + tsx to "bot started" (as npm start); in the process: ${formatFixed(child.ready.uptimeMs / 1000, 2)} s since its start, of which createApp + start ${formatFixed(child.ready.startMs / 1000, 2)} s; database ${formatFixed(sizeMb, 0)} MB, seeded in ${formatFixed(seedSeconds, 1)} s`,
    });
    await sleep(3_000);
    const idle = await child.call<NodeJS.MemoryUsage>("mem");
    report.add({
      id: "footprint.rss_idle",
      name: "5. resident memory, idle",
      value: idle.rss / MB,
      unit: "MB",
      target: "<200",
      check: (v) => v < 200,
      note: `3 s after ready; V8 heap used ${formatFixed(idle.heapUsed / MB, 0)} MB`,
    });
    const poll = await child.call<{ ms: number; maxRss: number; report: { checked: number } }>("poll");
    report.add({
      id: "footprint.rss_polling",
      name: "5. resident memory, peak while polling",
      value: poll.maxRss / MB,
      unit: "MB",
      target: "<200",
      check: (v) => v < 200,
      note: `sampled every 25 ms through a forced cycle over ${poll.report.checked.toLocaleString("en")} orders in flight (${formatFixed(poll.ms / 1000, 1)} s, 0 ms panel)`,
    });
  } finally {
    await child?.stop();
    await peers?.close();
  }
}
