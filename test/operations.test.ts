import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { PanelSimulator } from "../src/simulators/panel.js";
import { FakeTelegram } from "../src/simulators/telegram.js";
import { ADMIN, newUser, TestShop } from "./support/harness.js";

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe("running it for real", () => {
  it("logs a health line at start: version, database, panel reachable, catalogue size", async () => {
    const shop = await TestShop.start();
    try {
      const line = shop.logLines.find((l) => l.includes('"bot started"'));
      expect(line).toBeDefined();
      const health = JSON.parse(line!) as Record<string, unknown>;
      expect(health).toMatchObject({ mode: "long polling", panelReachable: true, databasePath: shop.databasePath });
      expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(health.catalogueServices).toBeGreaterThan(5);
    } finally {
      await shop.stop();
    }
  });

  it("names the update (and the order) on the log lines written while handling it", async () => {
    const shop = await TestShop.start();
    try {
      const buyer = newUser();
      await shop.say(ADMIN, "/start", /Welcome/);
      await shop.credit(buyer, "1000");
      await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/log_chan", quantity: 1000 });
      await shop.click(buyer, /Confirm/, /is placed/);
      const credit = shop.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "admin credit");
      expect(credit).toMatchObject({ fromId: ADMIN.id, userId: buyer.id });
      expect(credit?.updateId).toBeTypeOf("number");
      const placed = shop.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "order placed");
      expect(placed).toMatchObject({ fromId: buyer.id });
      expect(placed?.updateId).toBeTypeOf("number");
      expect(placed?.orderId).toBeTypeOf("number");
    } finally {
      await shop.stop();
    }
  });

  it("fails to start, with a message naming WEBHOOK_PORT, when the webhook port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    const tg = await FakeTelegram.start();
    const panel = await PanelSimulator.start();
    const dir = mkdtempSync(join(tmpdir(), "smm-port-"));
    const config = loadConfig({
      BOT_TOKEN: tg.token,
      PANEL_API_URL: panel.url,
      PANEL_API_KEY: panel.key,
      MARKUP_PERCENT: "25",
      DATABASE_PATH: join(dir, "shop.db"),
      TELEGRAM_API_ROOT: tg.apiRoot,
      WEBHOOK_URL: "https://shop.example/tg-hook",
      WEBHOOK_SECRET: "s3cret",
      WEBHOOK_PORT: String(port),
    });
    const app = await createApp(config, { logger: silentLogger });
    try {
      await expect(app.start()).rejects.toThrow(new RegExp(`WEBHOOK_PORT ${port}: .*EADDRINUSE`));
    } finally {
      await app.stop();
      taken.close();
      await tg.close();
      await panel.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("serves a webhook: checks the secret token and ignores a duplicate update id", async () => {
    const port = await freePort();
    const shop = await TestShop.start({
      env: { WEBHOOK_URL: "https://shop.example/tg-hook", WEBHOOK_SECRET: "s3cret_hook-token", WEBHOOK_PORT: String(port) },
    });
    try {
      expect(shop.tg.webhookUrl).toBe("https://shop.example/tg-hook");
      const user = newUser();
      const update = {
        update_id: 777001,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: user.id, type: "private", first_name: user.first_name },
          from: { id: user.id, is_bot: false, first_name: user.first_name, language_code: "en" },
          text: "/balance",
          entities: [{ type: "bot_command", offset: 0, length: 8 }],
        },
      };
      const post = (secret: string | undefined, body: unknown) =>
        fetch(`http://127.0.0.1:${port}/tg-hook`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
          body: JSON.stringify(body),
        });
      expect((await post(undefined, update)).status).toBe(401);
      expect((await post("wrong", update)).status).toBe(401);
      expect(shop.tg.messages(user.id)).toHaveLength(0);
      expect((await post("s3cret_hook-token", update)).status).toBe(200);
      expect((await post("s3cret_hook-token", update)).status).toBe(200); // Telegram retried the same update
      await shop.tg.settle(50);
      expect(shop.tg.messages(user.id).filter((m) => /Your balance/.test(m.text))).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/elsewhere`, { method: "POST" })).status).toBe(404);
    } finally {
      await shop.stop();
    }
  });

  it("takes a consistent online backup while the bot runs", async () => {
    const shop = await TestShop.start();
    try {
      const buyer = newUser();
      await shop.say(ADMIN, "/start", /Welcome/);
      await shop.credit(buyer, "1234.56");
      const target = join(shop.dir, "backup.db");
      const { stdout } = await run(process.execPath, ["--import", "tsx", "src/backup.ts", target], {
        env: { ...process.env, DATABASE_PATH: shop.databasePath },
      });
      expect(stdout).toContain("integrity check ok");
      expect(existsSync(target)).toBe(true);
      const copy = new Database(target, { readonly: true });
      const row = copy.prepare("select balance_minor as b from users where id = ?").get(buyer.id) as { b: number };
      copy.close();
      expect(row.b).toBe(123_456);
    } finally {
      await shop.stop();
    }
  });

  it("shuts down gracefully: an order whose add is in flight is finished, not half-applied", async () => {
    const shop = await TestShop.start({ env: { PANEL_TIMEOUT_SECONDS: "5" } });
    const buyer = newUser();
    await shop.say(ADMIN, "/start", /Welcome/);
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/slow_exit", quantity: 1000 });
    shop.panel.fault("add", { delayMs: 700 });
    shop.tg.clickButton(buyer, /Confirm/);
    await shop.tg.waitForMessage(buyer.id, /Placing your order/);
    await shop.restart(); // stop waits for the update in hand, then a new process starts on the same database
    try {
      const [order] = shop.orderRows(buyer.id);
      expect(order).toMatchObject({ status: "pending" });
      expect(order!.upstream_id).toBeTypeOf("number");
      expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
      expect(shop.balanceOf(buyer.id)).toBe(shop.ledgerSum(buyer.id));
      await shop.tg.waitForMessage(buyer.id, /is placed/);
    } finally {
      await shop.stop();
    }
  });
});
