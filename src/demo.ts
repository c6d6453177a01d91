// `npm run demo`: the real bot against the in-repo Telegram and panel simulators on 127.0.0.1.
// One buyer is credited by the admin, places an order, and is told when it completes.
// No token, no network; prints the chat transcript.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { PanelSimulator } from "./simulators/panel.js";
import { FakeTelegram, type FakeUser } from "./simulators/telegram.js";

const dir = mkdtempSync(join(tmpdir(), "smm-shop-demo-"));
const tg = await FakeTelegram.start();
const panel = await PanelSimulator.start({ key: "demo-key", progress: { pendingMs: 1500, inProgressMs: 2500 } });
const admin: FakeUser = { id: 1001, first_name: "Shop owner", username: "owner", language_code: "en" };
const buyer: FakeUser = { id: 2002, first_name: "Aziza", username: "aziza", language_code: "en" };

const config = loadConfig({
  BOT_TOKEN: tg.token,
  TELEGRAM_API_ROOT: tg.apiRoot,
  PANEL_API_URL: panel.url,
  PANEL_API_KEY: panel.key,
  MARKUP_PERCENT: "25",
  ADMIN_IDS: String(admin.id),
  DATABASE_PATH: join(dir, "shop.db"),
  STATUS_POLL_SECONDS: "1",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
});
const app = await createApp(config, { logger: createLogger({ level: config.logLevel, destination: process.stderr }), noticeIntervalMs: 100 });
await app.start();

async function step(user: FakeUser, action: () => void, expect: RegExp) {
  const after = tg.seq;
  action();
  await tg.waitForMessage(user.id, expect, { after, timeoutMs: 15_000 });
}

try {
  await step(admin, () => tg.sendText(admin, "/start"), /Welcome/);
  await step(buyer, () => tg.sendText(buyer, "/start"), /Welcome/);
  await step(admin, () => tg.sendText(admin, `/credit ${buyer.id} 50000 cash at the counter`), /Credited/);
  await tg.waitForMessage(buyer.id, /credited/, { timeoutMs: 15_000 });
  await step(buyer, () => tg.sendText(buyer, "🛒 Order"), /Choose a category/);
  await step(buyer, () => tg.clickButton(buyer, "Telegram Members"), /Choose a service/);
  await step(buyer, () => tg.clickButton(buyer, /7-day join/), /Send the link/);
  await step(buyer, () => tg.sendText(buyer, "https://t.me/aziza_shop"), /How many/);
  await step(buyer, () => tg.sendText(buyer, "500"), /Your order/);
  await step(buyer, () => tg.clickButton(buyer, /Confirm/), /is placed/);
  await tg.waitForMessage(buyer.id, /\) is completed\./, { after: tg.seq, timeoutMs: 30_000 });

  console.log("=== The shop owner's chat ===");
  console.log(tg.transcript(admin.id));
  console.log("\n=== The buyer's chat ===");
  console.log(tg.transcript(buyer.id));
} finally {
  await app.stop();
  await tg.close();
  await panel.close();
  rmSync(dir, { recursive: true, force: true });
}
