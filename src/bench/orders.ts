// Figures 1 and 2: buyers running the whole order conversation through the real bot (in a child
// process), against the fake Telegram and the panel simulator in this process.
import type { FakeTelegram, FakeUser } from "../simulators/telegram.js";
import { BenchChild } from "./child.js";
import { botEnv, startPeers, type Peers } from "./env.js";
import { percentile, sleep, type Report } from "./report.js";
import { openSeededDb, seedUsers, USER_BASE } from "./seed.js";

export interface OrdersOptions {
  /** Buyers ordering at the same time in figure 1. */
  buyers: number;
  /** How long figure 1 measures (after a warm-up). */
  durationMs: number;
  /** Buyers confirming at once in figure 2, and buyers pressing /balance meanwhile. */
  confirming: number;
  balanceBuyers: number;
  /** Panel latency of `add` in figure 2. */
  slowAddMs: number;
}

export const ORDERS_DEFAULTS: OrdersOptions = { buyers: 24, durationMs: 20_000, confirming: 200, balanceBuyers: 20, slowAddMs: 2_000 };

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

export async function runOrderFigures(report: Report, o: OrdersOptions = ORDERS_DEFAULTS): Promise<void> {
  let peers: Peers | undefined;
  let child: BenchChild | undefined;
  try {
    peers = await startPeers();
    const { tg, panel } = peers;
    const db = await openSeededDb(peers.dbPath, panel);
    const totalBuyers = o.buyers + o.confirming + o.balanceBuyers;
    seedUsers(db, totalBuyers, 100_000_000);
    db.$client.close();
    // The poller and notices stay out of the way: this is about updates (STATUS_POLL_SECONDS is large).
    child = await BenchChild.start(botEnv(peers, { STATUS_POLL_SECONDS: "3600" }));

    // ---- figure 1: order throughput and update latency, zero-latency panel ----
    const buyers = Array.from({ length: o.buyers }, (_, i) => buyer(i));
    // Warm-up (JIT, statement caches, connections): two orders per buyer, not counted.
    for (let r = 0; r < 2; r++) await Promise.all(buyers.map((b) => wholeOrder(tg, b)));
    const latencies: number[] = [];
    let orders = 0;
    const addsBefore = panel.requestCount("add");
    const t0 = performance.now();
    const deadline = t0 + o.durationMs;
    await Promise.all(
      buyers.map(async (b) => {
        while (performance.now() < deadline) {
          await wholeOrder(tg, b, latencies);
          orders++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const note = `${o.buyers} buyers ordering back to back for ${seconds.toFixed(1)} s (6 updates per order: /order, category, service, link, quantity, confirm); ${orders} orders, ${panel.requestCount("add") - addsBefore} adds, ${latencies.length} updates timed`;
    report.add({ id: "orders.throughput", name: "1. order throughput (zero-latency panel)", value: orders / seconds, unit: "orders/s", target: ">=200", check: (v) => v >= 200, note });
    report.add({ id: "orders.update_p50", name: "1. one update, p50 (send -> reply in Telegram)", value: percentile(latencies, 50), unit: "ms", target: "(info)", check: () => true });
    report.add({ id: "orders.update_p99", name: "1. one update, p99 (send -> reply in Telegram)", value: percentile(latencies, 99), unit: "ms", target: "<25", check: (v) => v < 25 });

    // ---- figure 2: isolation while the panel's add takes 2 s ----
    const confirming = Array.from({ length: o.confirming }, (_, i) => buyer(o.buyers + i));
    const lookers = Array.from({ length: o.balanceBuyers }, (_, i) => buyer(o.buyers + o.confirming + i));
    for (let i = 0; i < confirming.length; i += 25) await Promise.all(confirming.slice(i, i + 25).map((b) => upToSummary(tg, b)));
    for (const l of lookers) await step(tg, l, () => tg.sendText(l, "/balance"), /Your balance/);
    panel.setLatency(o.slowAddMs, "add");
    const adds0 = panel.requestCount("add");
    const tConfirm = performance.now();
    const placed = Promise.all(confirming.map((b) => step(tg, b, () => tg.clickButton(b, /Confirm/), /is placed/)));
    let done = false;
    void placed.finally(() => (done = true)).catch(() => undefined);
    const balanceLatencies: number[] = [];
    await Promise.all(
      lookers.map(async (l, i) => {
        await sleep((i * 50) / lookers.length);
        while (!done) {
          await step(tg, l, () => tg.sendText(l, "/balance"), /Your balance/, balanceLatencies);
          await sleep(50);
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
      note: `${balanceLatencies.length} /balance presses by ${lookers.length} other buyers during the ${confirmSeconds.toFixed(2)} s the ${o.confirming} confirmations took; p50 ${percentile(balanceLatencies, 50).toFixed(1)} ms`,
    });
    report.add({
      id: "isolation.orders_placed",
      name: "2. orders placed of 200 confirmed at once",
      value: placedCount,
      unit: "orders",
      target: `=${o.confirming}`,
      check: (v) => v === o.confirming,
      note: `${panel.requestCount("add") - adds0} adds reached the panel; all answered after ${confirmSeconds.toFixed(2)} s (add latency ${o.slowAddMs} ms)`,
    });
  } finally {
    await child?.stop();
    await peers?.close();
  }
}
