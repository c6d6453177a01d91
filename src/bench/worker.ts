// Child process of the benchmark: the shop alone in its own process, so the CPU and memory measured are
// its own (the parent holds the fake Telegram, the panel simulator and the simulated buyers).
//
//   BENCH_TASK=app      the whole app (createApp + start, as `npm start` does), then answers the parent:
//                       "mem" (resident memory), "poll" (one forced status cycle, memory sampled), "stop".
//   BENCH_TASK=notices  the notice dispatcher alone (the real deliverer and bot API with auto-retry)
//                       sending what the parent queued in the database, paced at BENCH_NOTICE_RATE.
import { createWriteStream, writeFileSync } from "node:fs";
import type { HeapProfiler } from "node:inspector";
import { Session } from "node:inspector/promises";
import type { UserFromGetMe } from "grammy/types";
import { createApp, type App } from "../app.js";
import { createBot } from "../bot/index.js";
import { noticeDeliverer } from "../bot/notices.js";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { NoticeDispatcher } from "../domain/notifications.js";
import { createI18n } from "../i18n.js";
import { createLogger } from "../logger.js";
import { PanelClient } from "../upstream/client.js";

export type WorkerRequest = { id: number; cmd: "mem" | "cpu" | "elu" | "poll" | "stop" | "notices" };
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type WorkerReady = { type: "ready"; uptimeMs: number; startMs: number; rss: number };

const send = (m: unknown) => process.send?.(m);

/**
 * BENCH_ALLOC_PROF=<file>: V8's sampling heap profiler, counting garbage too (what was allocated, not
 * only what is still alive), written to <file> when the app stops. Load it in Chrome DevTools (Memory).
 */
const allocProfiler = process.env.BENCH_ALLOC_PROF ? new Session() : undefined;
if (allocProfiler) {
  allocProfiler.connect();
  // The two include flags are V8's (Node 20 has them); @types/node does not list them yet.
  const params: HeapProfiler.StartSamplingParameterType & { includeObjectsCollectedByMajorGC: boolean; includeObjectsCollectedByMinorGC: boolean } = {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  };
  await allocProfiler.post("HeapProfiler.startSampling", params);
}
const mem = () => process.memoryUsage();

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const botInfo = JSON.parse(process.env.BENCH_BOT_INFO ?? "null") as UserFromGetMe | null;
  const logFile = process.env.BENCH_LOG_FILE;
  const logger = createLogger({ level: config.logLevel, ...(logFile ? { destination: createWriteStream(logFile, { flags: "a" }) } : {}) });
  const task = process.env.BENCH_TASK ?? "app";

  let app: App | undefined;
  const handlers: Record<string, () => Promise<unknown>> = {
    mem: async () => mem(),
    cpu: async () => process.cpuUsage(),
    // How busy the main thread (the event loop) is, apart from GC and other threads.
    elu: async () => performance.eventLoopUtilization(),
    stop: async () => {
      if (allocProfiler) {
        const { profile } = await allocProfiler.post("HeapProfiler.stopSampling");
        writeFileSync(process.env.BENCH_ALLOC_PROF!, JSON.stringify(profile));
      }
      await app?.stop();
      setImmediate(() => process.exit(0));
      return true;
    },
    poll: async () => {
      if (!app) throw new Error("no app");
      let maxRss = mem().rss;
      const timer = setInterval(() => (maxRss = Math.max(maxRss, mem().rss)), 25);
      const t0 = performance.now();
      try {
        const report = await app.poller.runCycle({ force: true });
        return { report, ms: performance.now() - t0, maxRss: Math.max(maxRss, mem().rss) };
      } finally {
        clearInterval(timer);
      }
    },
    notices: async () => {
      const db = openDatabase(config.databasePath);
      const i18n = createI18n(config.defaultLanguage);
      const panel = new PanelClient({ url: "http://127.0.0.1:9/unused", key: "unused" });
      const deps = { config, db, panel, logger, i18n, now: Date.now, wakeNotices: () => undefined };
      // The bot API exactly as the app configures it (auto-retry waits out 429 retry_after).
      const bot = createBot(deps, botInfo ? { botInfo } : {});
      const rate = Number(process.env.BENCH_NOTICE_RATE ?? "0");
      const dispatcher = new NoticeDispatcher(db, noticeDeliverer({ db, i18n, config, api: bot.api, logger }), logger, { ratePerSecond: rate });
      const t0 = performance.now();
      const sent = await dispatcher.runOnce();
      const ms = performance.now() - t0;
      const left = (db.$client.prepare("SELECT count(*) AS n FROM notifications WHERE sent_at IS NULL").get() as { n: number }).n;
      await panel.close();
      db.$client.close();
      return { sent, ms, left };
    },
  };

  process.on("message", (m: WorkerRequest) => {
    const handler = handlers[m.cmd];
    if (!handler) return send({ id: m.id, ok: false, error: `unknown command ${m.cmd}` });
    handler().then(
      (result) => send({ id: m.id, ok: true, result }),
      (err: unknown) => send({ id: m.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });

  const t0 = performance.now();
  if (task === "app") {
    app = await createApp(config, { logger, ...(botInfo ? { botInfo } : {}) });
    // Diagnostic only (BENCH_SYNCHRONOUS=NORMAL): how much of a figure is commit fsyncs. The shop runs FULL.
    if (process.env.BENCH_SYNCHRONOUS) app.db.$client.pragma(`synchronous = ${process.env.BENCH_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL"}`);
    await app.start();
  }
  send({ type: "ready", uptimeMs: process.uptime() * 1000, startMs: performance.now() - t0, rss: mem().rss } satisfies WorkerReady);
}

main().catch((err: unknown) => {
  console.error("bench worker failed:", err);
  process.exit(1);
});
