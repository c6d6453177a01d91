// Figures 1 and 2: buyers running the whole order conversation through the real bot (in a child
// process), against the fake Telegram and the panel simulator in this process.
import { join } from "node:path";
import type { EventLoopUtilization } from "node:perf_hooks";
import Database from "better-sqlite3";
import { openDatabase } from "../db/client.js";
import type { FakeTelegram, FakeUser } from "../simulators/telegram.js";
import { BenchChild } from "./child.js";
import { botEnv, startPeers, type Peers } from "./env.js";
import { percentile, sleep, type Report, formatFixed } from "./report.js";
import { openSeededDb, seedUsers, USER_BASE } from "./seed.js";

export interface OrdersOptions {
  /** Conversations under way at the same time in figure 1 (each order by the next buyer of the pool). */
  buyers: number;
  /**
   * Distinct buyers taking turns in figure 1. The bot limits each user to USER_RATE_LIMIT updates per
   * 10 s (25 by default), as it should: real buyers do not order every 50 ms, so the load comes from
   * many buyers, each ordering now and then, not from a few ordering in a loop.
   */
  pool: number;
  /** How long figure 1 measures (after a warm-up). */
  durationMs: number;
  /** Buyers confirming at once in figure 2, and buyers pressing /balance meanwhile. */
  confirming: number;
  balanceBuyers: number;
  /** Panel latency of `add` in figure 2. */
  slowAddMs: number;
}

export const ORDERS_DEFAULTS: OrdersOptions = {
  buyers: Number(process.env.BENCH_BUYERS ?? 8),
  pool: 4_000,
  durationMs: Number(process.env.BENCH_SECONDS ?? 20) * 1000,
  confirming: 200,
  balanceBuyers: 100,
  slowAddMs: 2_000,
};

const WAIT = { timeoutMs: 60_000 };

function buyer(i: number): FakeUser {
  const id = USER_BASE + i;
  return { id, first_name: `Buyer ${i}`, username: `buyer${id}`, language_code: "en" };
}

/** One user action and the time until the bot's answer to it lands in the fake Telegram. */
async function step(tg: FakeTelegram, user: FakeUser, action: () => void, expect: RegExp, latencies?: number[]): Promise<void> {
  const after = tg.seq;
  const t0 = performance.now();
  action();
  await tg.waitForMessage(user.id, expect, { after, ...WAIT });
  latencies?.push(performance.now() - t0);
}

/** start (/order), category, service, link, quantity: up to the summary with its Confirm button. */
async function upToSummary(tg: FakeTelegram, user: FakeUser, latencies?: number[]): Promise<void> {
  await step(tg, user, () => tg.sendText(user, "/order"), /Choose a category/, latencies);
  await step(tg, user, () => tg.clickButton(user, "Telegram Members"), /Choose a service/, latencies);
  await step(tg, user, () => tg.clickButton(user, /7-day join/), /Send the link/, latencies);
  await step(tg, user, () => tg.sendText(user, "https://t.me/bench_channel"), /How many/, latencies);
  await step(tg, user, () => tg.sendText(user, "100"), /Your order/, latencies);
}

async function wholeOrder(tg: FakeTelegram, user: FakeUser, latencies?: number[]): Promise<void> {
  await upToSummary(tg, user, latencies);
  await step(tg, user, () => tg.clickButton(user, /Confirm/), /is placed/, latencies);
}

/** What one commit costs on this disk with the shop's settings (WAL, synchronous = FULL): an fsync. */
function commitMs(dir: string): { p50: number; p99: number } {
  const db = openDatabase(join(dir, "commit-probe.db"));
  const st = db.$client.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    st.run(`k${i % 10}`, String(i));
    times.push(performance.now() - t0);
  }
  db.$client.close();
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function runOrderFigures(report: Report, o: OrdersOptions = ORDERS_DEFAULTS): Promise<void> {
  let peers: Peers | undefined;
  let child: BenchChild | undefined;
  try {
    peers = await startPeers();
    const { tg, panel } = peers;
    const commit = commitMs(peers.dir);
    report.info({
      id: "disk.commit_p50",
      name: "(context) one database commit, p50",
      value: commit.p50,
      unit: "ms",
      note: `WAL, synchronous = FULL (an fsync per commit); p99 ${formatFixed(commit.p99, 2)} ms. Money commits so, twice per order (debit, placement), grouped with those asked for at the same moment; an update's bookkeeping (dedupe mark, conversation state) goes through the state connection, without an fsync.`,
    });
    const db = await openSeededDb(peers.dbPath, panel);
    const totalBuyers = o.pool + o.confirming + o.balanceBuyers;
    seedUsers(db, totalBuyers, 100_000_000);
    db.$client.close();
    // The poller and notices stay out of the way: this is about updates (STATUS_POLL_SECONDS is large).
    child = await BenchChild.start(botEnv(peers, { STATUS_POLL_SECONDS: "3600" }));

    // ---- figure 1: order throughput and update latency, zero-latency panel ----
    let turn = 0;
    const nextBuyer = () => buyer(turn++ % o.pool);
    const slots = Array.from({ length: o.buyers }, (_, i) => i);
    // Warm-up (JIT, statement caches, connections): two orders per slot, not counted.
    for (let r = 0; r < 2; r++) await Promise.all(slots.map(() => wholeOrder(tg, nextBuyer())));
    const latencies: number[] = [];
    let orders = 0;
    const addsBefore = panel.requestCount("add");
    const cpu0 = await child.call<NodeJS.CpuUsage>("cpu");
    const elu0 = await child.call<EventLoopUtilization>("elu");
    const harnessCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const deadline = t0 + o.durationMs;
    await Promise.all(
      slots.map(async () => {
        while (performance.now() < deadline) {
          await wholeOrder(tg, nextBuyer(), latencies);
          orders++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = await child.call<NodeJS.CpuUsage>("cpu");
    const elu1 = await child.call<EventLoopUtilization>("elu");
    const mainThreadBusy = (elu1.active - elu0.active) / Math.max(1, elu1.active + elu1.idle - elu0.active - elu0.idle);
    const botCpuMs = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1000;
    const harnessCpu = process.cpuUsage(harnessCpu0);
    const harnessCpuMs = (harnessCpu.user + harnessCpu.system) / 1000;
    const note = `bot process CPU ${formatFixed(botCpuMs / (seconds * 10), 0)}% of one core (its main thread busy ${formatFixed(mainThreadBusy * 100, 0)}% of the time), ${formatFixed(botCpuMs / Math.max(1, latencies.length), 2)} ms per update; this process (fake Telegram, panel, buyers) ${formatFixed(harnessCpuMs / (seconds * 10), 0)}% of one core; ${o.buyers} conversations at a time for ${formatFixed(seconds, 1)} s, each order by the next of ${o.pool} buyers (6 updates: /order, category, service, link, quantity, confirm); ${orders} orders, ${panel.requestCount("add") - addsBefore} adds, ${latencies.length} updates timed`;
    report.add({ id: "orders.throughput", name: "1. order throughput (zero-latency panel)", value: orders / seconds, unit: "orders/s", target: ">=200", check: (v) => v >= 200, note });
    report.info({ id: "orders.update_p50", name: "1. one update, p50 (send -> reply in Telegram)", value: percentile(latencies, 50), unit: "ms" });
    report.add({ id: "orders.update_p99", name: "1. one update, p99 (send -> reply in Telegram)", value: percentile(latencies, 99), unit: "ms", target: "<25", check: (v) => v < 25 });

    // ---- figure 2: isolation while the panel's add takes 2 s ----
    const confirming = Array.from({ length: o.confirming }, (_, i) => buyer(o.pool + i));
    const lookers = Array.from({ length: o.balanceBuyers }, (_, i) => buyer(o.pool + o.confirming + i));
    for (let i = 0; i < confirming.length; i += 25) await Promise.all(confirming.slice(i, i + 25).map((b) => upToSummary(tg, b)));
    for (const l of lookers) await step(tg, l, () => tg.sendText(l, "/balance"), /Your balance/);
    // A pause, so the set-up above has settled before the burst (and a profile shows the two apart).
    await sleep(300);
    panel.setLatency(o.slowAddMs, "add");
    const adds0 = panel.requestCount("add");
    const tConfirm = performance.now();
    const placed = Promise.all(confirming.map((b) => step(tg, b, () => tg.clickButton(b, /Confirm/), /is placed/)));
    let done = false;
    void placed.finally(() => (done = true)).catch(() => undefined);
    const balanceLatencies: number[] = [];
    await Promise.all(
      // Each looker presses about once a second (well under the per-user limit), staggered.
      lookers.map(async (l, i) => {
        await sleep((i * 1000) / lookers.length);
        while (!done) {
          await step(tg, l, () => tg.sendText(l, "/balance"), /Your balance/, balanceLatencies);
          await sleep(1000);
        }
      }),
    );
    await placed;
    const confirmSeconds = (performance.now() - tConfirm) / 1000;
    const placedCount = confirming.filter((b) => /is placed/.test(tg.lastMessage(b.id)?.text ?? "")).length;
    panel.setLatency(0, "add");
    report.add({
      id: "isolation.balance_p99",
      name: "2. /balance p99 while 200 adds take 2 s",
      value: percentile(balanceLatencies, 99),
      unit: "ms",
      target: "<50",
      check: (v) => v < 50,
      note: `${balanceLatencies.length} /balance presses by ${lookers.length} other buyers during the ${formatFixed(confirmSeconds, 2)} s the ${o.confirming} confirmations took; p50 ${formatFixed(percentile(balanceLatencies, 50), 1)} ms`,
    });
    const adds = panel.requestCount("add") - adds0;
    await child.stop();
    child = undefined;
    // And in the books: one placed order (upstream id known) per buyer who confirmed.
    const books = new Database(peers.dbPath, { readonly: true });
    const stored = (
      books
        .prepare(`SELECT count(*) AS n FROM orders WHERE status = 'pending' AND upstream_id IS NOT NULL AND user_id BETWEEN ? AND ?`)
        .get(confirming[0]!.id, confirming.at(-1)!.id) as { n: number }
    ).n;
    books.close();
    report.add({
      id: "isolation.orders_placed",
      name: "2. orders placed of 200 confirmed at once",
      value: placedCount,
      unit: "orders",
      target: `=${o.confirming}`,
      check: (v) => v === o.confirming && stored === o.confirming && adds === o.confirming,
      note: `${placedCount} buyers told "placed", ${adds} adds reached the panel, ${stored} placed orders in the database; all answered ${formatFixed(confirmSeconds, 2)} s after the presses (add latency ${o.slowAddMs} ms)`,
    });
  } finally {
    await child?.stop();
    await peers?.close();
  }
}
