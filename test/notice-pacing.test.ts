// Reaching buyers (issue 7): the notice dispatcher paces itself under Telegram's global limit, and
// delivers every notice exactly once, in order per chat, even when Telegram answers 429.
// Correctness only: how close to the limit it gets is `npm run bench`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createBot } from "../src/bot/index.js";
import { noticeDeliverer } from "../src/bot/notices.js";
import { loadConfig } from "../src/config.js";
import { openDatabase, type Db } from "../src/db/client.js";
import { enqueueNotice, NoticeDispatcher, SendPacer } from "../src/domain/notifications.js";
import { createI18n } from "../src/i18n.js";
import { silentLogger } from "../src/logger.js";
import { FakeTelegram } from "../src/simulators/telegram.js";
import { PanelClient } from "../src/upstream/client.js";

describe("SendPacer", () => {
  it("starts a send only when the one `limit` sends earlier finished a full window ago", async () => {
    const pacer = new SendPacer(5, 150);
    const starts: number[] = [];
    const ends: number[] = [];
    await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const release = await pacer.acquire();
        starts[i] = Date.now();
        await new Promise((r) => setTimeout(r, 10 + (i % 3) * 5));
        ends[i] = Date.now();
        release();
      }),
    );
    for (let i = 5; i < 15; i++) expect(starts[i]!).toBeGreaterThanOrEqual(ends[i - 5]! + 150);
    // The first window goes at once: a burst of `limit` is allowed.
    expect(starts[4]! - starts[0]!).toBeLessThan(100);
  });
});

describe("the notice dispatcher against a global rate limit", () => {
  let tg: FakeTelegram | undefined;
  let db: Db | undefined;
  let dir: string | undefined;
  let panel: PanelClient | undefined;

  afterEach(async () => {
    await tg?.close();
    await panel?.close();
    db?.$client.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    tg = db = dir = panel = undefined;
  });

  /** 30 buyers with one notice each, and 5 of them with 4 more, numbered, that must arrive in order. */
  async function setUp(limitPerSecond: number, ratePerSecond: number) {
    tg = await FakeTelegram.start({ globalRateLimitPerSecond: limitPerSecond });
    dir = mkdtempSync(join(tmpdir(), "smm-notices-"));
    const config = loadConfig({
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      PANEL_API_URL: "http://127.0.0.1:9/api/v2",
      PANEL_API_KEY: "unused",
      MARKUP_PERCENT: "25",
      DATABASE_PATH: join(dir, "shop.db"),
    });
    db = openDatabase(config.databasePath);
    const i18n = createI18n(config.defaultLanguage);
    panel = new PanelClient({ url: config.panelApiUrl, key: config.panelApiKey });
    // The bot API as the app configures it: auto-retry waits out 429 retry_after.
    const bot = createBot({ config, db, panel, logger: silentLogger, i18n, now: Date.now, wakeNotices: () => undefined }, { botInfo: tg.botInfo });
    const buyers = Array.from({ length: 30 }, (_, i) => 5000 + i);
    const c = db.$client;
    for (const id of buyers) c.prepare("insert into users (id, first_name, language, created_at, last_seen_at) values (?, 'B', 'en', 0, 0)").run(id);
    for (const id of buyers) enqueueNotice(db, id, { kind: "admin_text", text: `note ${id} #0` }, 0);
    for (let k = 1; k <= 4; k++) for (const id of buyers.slice(0, 5)) enqueueNotice(db, id, { kind: "admin_text", text: `note ${id} #${k}` }, 0);
    const dispatcher = new NoticeDispatcher(db, noticeDeliverer({ db, i18n, config, api: bot.api, logger: silentLogger }), silentLogger, { ratePerSecond });
    return { dispatcher, buyers };
  }

  function expectEachOnceInOrder(buyers: number[]) {
    for (const [i, id] of buyers.entries()) {
      const texts = tg!.messages(id).map((m) => m.text);
      const want = Array.from({ length: i < 5 ? 5 : 1 }, (_, k) => `note ${id} #${k}`);
      expect(texts).toEqual(want);
    }
    const left = db!.$client.prepare("select count(*) as n from notifications where sent_at is null").get() as { n: number };
    expect(left.n).toBe(0);
  }

  it("unpaced, it runs into 429s, waits them out and still delivers each notice exactly once, in order", async () => {
    const { dispatcher, buyers } = await setUp(20, 0);
    expect(await dispatcher.runOnce()).toBe(50);
    expect(tg!.calls.filter((c) => c.error?.error_code === 429).length).toBeGreaterThan(0);
    expectEachOnceInOrder(buyers);
    // Nothing is due any more: a second run sends nothing.
    const calls = tg!.calls.length;
    expect(await dispatcher.runOnce()).toBe(0);
    expect(tg!.calls.length).toBe(calls);
  }, 30_000);

  it("paced to the limit, it never draws a 429, and delivers each notice exactly once, in order", async () => {
    const { dispatcher, buyers } = await setUp(20, 20);
    expect(await dispatcher.runOnce()).toBe(50);
    expect(tg!.calls.filter((c) => c.error?.error_code === 429)).toEqual([]);
    expectEachOnceInOrder(buyers);
  }, 30_000);

  it("a notice Telegram refuses for a while is retried on a later run, never sent twice", async () => {
    const { dispatcher, buyers } = await setUp(1000, 0);
    // A 400 is not retried by auto-retry: the dispatcher keeps the notice (and those after it in that chat).
    tg!.failNext("sendMessage", { error_code: 400, description: "Bad Request: try again later" }, 3);
    expect(await dispatcher.runOnce()).toBeLessThan(50);
    expect(await dispatcher.runOnce()).toBeGreaterThan(0);
    expectEachOnceInOrder(buyers);
  }, 30_000);
});

describe("one pace for the whole bot", () => {
  it("keeps two senders sharing a SendPacer under the limit together", async () => {
    const pacer = new SendPacer(10, 1000);
    const starts: number[] = [];
    const sender = async () => {
      for (let i = 0; i < 12; i++) {
        const release = await pacer.acquire();
        starts.push(Date.now());
        await new Promise((r) => setTimeout(r, 5)); // the send
        release();
      }
    };
    const t0 = Date.now();
    await Promise.all([sender(), sender()]); // notices and a broadcast at once
    expect(starts).toHaveLength(24);
    // 24 sends at 10 per second: the third ten cannot start before two windows have passed.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    starts.sort((a, b) => a - b);
    for (let i = 10; i < starts.length; i++) expect(starts[i]! - starts[i - 10]!).toBeGreaterThanOrEqual(1000);
  }, 10_000);
});
