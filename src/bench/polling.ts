// Figure 3: following 100,000 orders in flight. The orders are written straight into the database and
// mirrored into the panel simulator, so its answers are what the database holds ("nothing changed")
// until the benchmark moves some of them.
import { createWriteStream } from "node:fs";
import { loadConfig } from "../config.js";
import { pollerFromConfig, selectDue, StatusStatements, STATUS_BATCH, type CycleReport, type DueOrder } from "../domain/poller.js";
import { createLogger } from "../logger.js";
import type { MultiStatusItem } from "../upstream/types.js";
import { PanelClient } from "../upstream/client.js";
import { BenchChild } from "./child.js";
import { botEnv, startPeers, type Peers } from "./env.js";
import { formatFixed, type Report } from "./report.js";
import { mirrorActiveOrders, openSeededDb, seedOrders, seedUsers, UPSTREAM_BASE } from "./seed.js";

export interface PollingOptions {
  orders: number;
  latencyMs: number;
  /** Share of the orders whose status changes in the "changed" apply figure. */
  changedShare: number;
}

export const POLLING_DEFAULTS: PollingOptions = { orders: 100_000, latencyMs: 50, changedShare: 0.1 };

const emptyReport = (): CycleReport => ({ checked: 0, changed: 0, missing: 0, errors: 0 });
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export async function runPollingFigures(report: Report, o: PollingOptions = POLLING_DEFAULTS): Promise<void> {
  let peers: Peers | undefined;
  let client: PanelClient | undefined;
  let child: BenchChild | undefined;
  try {
    peers = await startPeers();
    const { panel } = peers;
    const config = loadConfig(botEnv(peers));
    const db = await openSeededDb(peers.dbPath, panel);
    seedUsers(db, 10_000, 0);
    // Not due for an hour: the app's own timer finds nothing; the figures force their cycles.
    seedOrders(db, { total: o.orders, active: o.orders, users: 10_000, dueAt: Date.now() + 3_600_000 });
    mirrorActiveOrders(panel, o.orders);
    const expectedCalls = Math.ceil(o.orders / STATUS_BATCH);

    // ---- CPU of applying a cycle's answers, without the HTTP (in this process, the simulator idle) ----
    const logger = createLogger({ level: "info", destination: createWriteStream(peers.logPath) });
    client = new PanelClient({ url: panel.url, key: panel.key, timeoutMs: config.panelTimeoutMs, logger });
    const poller = pollerFromConfig(config, { db, panel: client, logger, now: Date.now });
    // The batches a cycle makes (the same selection), answered once up front.
    const due = selectDue(new StatusStatements(db), Number.MAX_SAFE_INTEGER, o.orders);
    const batches: DueOrder[][] = Array.from({ length: Math.ceil(due.count / STATUS_BATCH) }, (_, b) => due.batch(b));
    const fetchAll = async () => {
      const answers: Array<Map<number, MultiStatusItem>> = [];
      for (const b of batches) answers.push(await client!.statuses(b.map((x) => x.upstreamId)));
      return answers;
    };
    const applyAll = (answers: Array<Map<number, MultiStatusItem>>) => {
      const r = emptyReport();
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      batches.forEach((b, i) => poller.applyAnswers(b, answers[i]!, r));
      return { cpu: cpuMs(process.cpuUsage(c0)), wall: performance.now() - w0, r };
    };
    const same = applyAll(await fetchAll());
    report.add({
      id: "polling.apply_cpu_unchanged",
      name: "3. CPU applying one cycle, no changes",
      value: same.cpu,
      unit: "ms",
      target: "<2000",
      check: (v) => v < 2000 && same.r.checked === o.orders,
      note: `${same.r.checked} answers in ${batches.length} transactions, wall ${formatFixed(same.wall, 0)} ms, ${same.r.changed} changed`,
    });
    const step = Math.round(1 / o.changedShare);
    const moved0 = new Set<number>();
    for (let i = step; i <= o.orders; i += step) {
      panel.setStatus(UPSTREAM_BASE + i, "In progress", { startCount: 1200, remains: 400 });
      moved0.add(i);
    }
    const moved = applyAll(await fetchAll());
    const notices = (db.$client.prepare("SELECT count(*) AS n FROM notifications").get() as { n: number }).n;
    report.add({
      id: "polling.apply_cpu_changed",
      name: `3. CPU applying one cycle, ${Math.round(o.changedShare * 100)}% changed`,
      value: moved.cpu,
      unit: "ms",
      target: "<2000",
      check: (v) => v < 2000 && moved.r.changed === moved0.size,
      note: `${moved.r.changed} orders moved to In progress (a notice each: ${notices} queued), wall ${formatFixed(moved.wall, 0)} ms`,
    });
    await client.close();
    client = undefined;
    db.$client.close();

    // ---- whole cycles, run by the app in its own process (as deployed: the panel is elsewhere) ----
    child = await BenchChild.start(botEnv(peers));
    const cycle = async (latencyMs: number) => {
      panel.setLatency(latencyMs);
      const calls0 = panel.requestCount("status");
      const r = await child!.call<{ ms: number; report: CycleReport }>("poll");
      panel.setLatency(0);
      return { ...r, calls: panel.requestCount("status") - calls0 };
    };
    const fast = await cycle(0);
    report.add({
      id: "polling.calls_per_cycle",
      name: `3. status calls per cycle, ${o.orders.toLocaleString("en")} orders`,
      value: fast.calls,
      unit: "calls",
      target: `=${expectedCalls}`,
      check: (v) => v === expectedCalls && fast.report.checked === o.orders,
      note: `ceil(N/100) = ${expectedCalls}; one call per order would be ${o.orders.toLocaleString("en")}: ${formatFixed(o.orders / Math.max(1, fast.calls), 1)}x fewer; ${fast.report.checked} orders checked, cycle ${formatFixed(fast.ms / 1000, 2)} s at 0 ms latency`,
    });
    const slow = await cycle(o.latencyMs);
    const floor = (expectedCalls * o.latencyMs) / config.statusPollConcurrency / 1000;
    report.add({
      id: "polling.cycle_seconds",
      name: `3. cycle time, ${o.orders.toLocaleString("en")} orders, ${o.latencyMs} ms panel`,
      value: slow.ms / 1000,
      unit: "s",
      target: "<15",
      check: (v) => v < 15 && slow.report.checked === o.orders && slow.report.errors === 0,
      note: `STATUS_POLL_CONCURRENCY=${config.statusPollConcurrency} (default): ${slow.calls} calls x ${o.latencyMs} ms / ${config.statusPollConcurrency} = ${formatFixed(floor, 2)} s floor; ${slow.report.checked} checked, ${slow.report.errors} errors`,
    });
  } finally {
    await child?.stop();
    await client?.close();
    await peers?.close();
  }
}
