import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { expect } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { PanelSimulator } from "../../src/simulators/panel.js";
import { FakeTelegram, type FakeUser } from "../../src/simulators/telegram.js";

export const ADMIN: FakeUser = { id: 900001, first_name: "Admin", username: "shop_admin", language_code: "en" };

let nextUserId = 1000;
export function newUser(overrides: Partial<FakeUser> = {}): FakeUser {
  const id = nextUserId++;
  return { id, first_name: `Buyer${id}`, username: `buyer${id}`, language_code: "en", ...overrides };
}

export interface ShopOptions {
  env?: Record<string, string>;
  panel?: PanelSimulator;
  tg?: FakeTelegram;
  dir?: string;
}

/** The real app against a fake Telegram and the panel simulator, both real HTTP servers on 127.0.0.1. */
export class TestShop {
  readonly logLines: string[] = [];
  app!: App;

  private constructor(
    readonly tg: FakeTelegram,
    readonly panel: PanelSimulator,
    readonly dir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(opts: ShopOptions = {}): Promise<TestShop> {
    const tg = opts.tg ?? (await FakeTelegram.start());
    const panel = opts.panel ?? (await PanelSimulator.start());
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "smm-shop-"));
    const shop = new TestShop(tg, panel, dir, opts.env ?? {});
    await shop.boot();
    return shop;
  }

  get databasePath(): string {
    return join(this.dir, "shop.db");
  }

  get db() {
    return this.app.db;
  }

  private async boot(): Promise<void> {
    const config = loadConfig({
      BOT_TOKEN: this.tg.token,
      PANEL_API_URL: this.panel.url,
      PANEL_API_KEY: this.panel.key,
      MARKUP_PERCENT: "25",
      ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: this.databasePath,
      TELEGRAM_API_ROOT: this.tg.apiRoot,
      // Tests drive the poller by hand (runCycle) so nothing depends on timing.
      STATUS_POLL_SECONDS: "3600",
      PANEL_TIMEOUT_SECONDS: "1",
      // Scripted users type faster than people; the flood test sets its own limit.
      USER_RATE_LIMIT: "0",
      ...this.env,
    });
    const sink = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        this.logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        cb();
      },
    });
    this.app = await createApp(config, { logger: createLogger({ level: "debug", destination: sink }), noticeIntervalMs: 20 });
    await this.app.start();
  }

  /** Stops the app as a deploy would and starts a new one on the same database and peers. */
  async restart(): Promise<void> {
    await this.app.stop();
    await this.boot();
  }

  /** Runs one status poll cycle now and waits until the notices it queued are sent. */
  async poll() {
    const report = await this.app.poller.runCycle({ force: true });
    await this.app.notices.runOnce();
    return report;
  }

  async stop(opts: { keepPeers?: boolean } = {}): Promise<void> {
    await this.app.stop();
    if (!opts.keepPeers) {
      await this.tg.close();
      await this.panel.close();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Everything the shop wrote anywhere a person or an operator could read it. */
  allOutput(): string {
    const chats = this.tg.calls.map((c) => JSON.stringify(c.params)).join("\n");
    return `${this.logLines.join("\n")}\n${chats}`;
  }

  // ---- buyer steps -------------------------------------------------------------------------

  async say(user: FakeUser, text: string, expect?: string | RegExp) {
    const after = this.tg.seq;
    this.tg.sendText(user, text);
    if (expect !== undefined) return this.tg.waitForMessage(user.id, expect, { after });
    await this.tg.settle(30);
    return undefined;
  }

  async click(user: FakeUser, button: string | RegExp, expect?: string | RegExp) {
    const after = this.tg.seq;
    this.tg.clickButton(user, button);
    if (expect !== undefined) return this.tg.waitForMessage(user.id, expect, { after });
    await this.tg.settle(30);
    return undefined;
  }

  async credit(user: FakeUser, amount: string): Promise<void> {
    await this.say(user, "/start", /Welcome/);
    await this.say(ADMIN, `/credit ${user.id} ${amount}`, /Credited/);
    await this.app.notices.runOnce();
  }

  /** Walks the order conversation up to the summary. */
  async orderUpToSummary(
    user: FakeUser,
    o: { category: string | RegExp; service: string | RegExp; link: string; quantity?: number; answer?: number },
  ) {
    await this.say(user, "/order", /Choose a category/);
    await this.click(user, o.category, /Choose a service/);
    await this.click(user, o.service, /Send the link/);
    if (o.quantity !== undefined) {
      await this.say(user, o.link, /How many/);
      if (o.answer !== undefined) {
        await this.say(user, String(o.quantity), /Which answer/);
        return this.say(user, String(o.answer), /Your order/);
      }
      return this.say(user, String(o.quantity), /Your order/);
    }
    return this.say(user, o.link, /Your order/);
  }

  balanceOf(userId: number): number {
    const row = this.app.db.$client.prepare("select balance_minor as b from users where id = ?").get(userId) as { b: number } | undefined;
    return row?.b ?? 0;
  }

  ledgerSum(userId: number): number {
    const row = this.app.db.$client.prepare("select coalesce(sum(delta_minor), 0) as s from ledger where user_id = ?").get(userId) as { s: number };
    return row.s;
  }

  /** The user's balance is the sum of their ledger rows, and not below zero. */
  checkBooks(userId: number): void {
    expect(this.balanceOf(userId)).toBe(this.ledgerSum(userId));
    expect(this.balanceOf(userId)).toBeGreaterThanOrEqual(0);
  }

  orderRows(userId?: number): Array<Record<string, unknown>> {
    const sql = userId === undefined ? "select * from orders order by id" : "select * from orders where user_id = ? order by id";
    const stmt = this.app.db.$client.prepare(sql);
    return (userId === undefined ? stmt.all() : stmt.all(userId)) as Array<Record<string, unknown>>;
  }
}

// ---- payments (issue 5) ------------------------------------------------------------------------

/** A second admin, for "two admins decide at once" (pass ADMIN_IDS: PAYMENT_ADMIN_IDS). */
export const ADMIN2: FakeUser = { id: 900002, first_name: "Second", username: "second_admin", language_code: "en" };
export const PAYMENT_ADMIN_IDS = `${ADMIN.id},${ADMIN2.id}`;

/** Rows of any query against the shop's database (tests only). */
export function dbRows(shop: TestShop, sql: string, ...params: unknown[]): Array<Record<string, unknown>> {
  return shop.db.$client.prepare(sql).all(...params) as Array<Record<string, unknown>>;
}

// ---- admin console (issue 4) ---------------------------------------------------------------------

/** Inserts users straight into the database (a broadcast to thousands needs no /start each). Returns their ids. */
export function seedUsers(
  shop: TestShop,
  count: number,
  firstId: number,
  fields: { createdAt?: number; blockedBot?: boolean; banned?: boolean; language?: string } = {},
): number[] {
  const now = Date.now();
  const stmt = shop.db.$client.prepare(
    "insert into users (id, username, first_name, language, balance_minor, banned, blocked_bot, created_at, last_seen_at) values (?, ?, ?, ?, 0, ?, ?, ?, ?)",
  );
  const ids: number[] = [];
  shop.db.$client.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = firstId + i;
      stmt.run(id, `seed${id}`, `Seed${id}`, fields.language ?? "en", fields.banned ? 1 : 0, fields.blockedBot ? 1 : 0, fields.createdAt ?? now, fields.createdAt ?? now);
      ids.push(id);
    }
  })();
  return ids;
}

/** Inserts an order row directly (for figures over a known set of orders). Returns its id. */
export function insertOrder(
  shop: TestShop,
  o: { userId: number; serviceId: number; status: string; priceMinor: number; costMinor: number; refundedMinor?: number; quantity?: number; remains?: number | null; createdAt: number; serviceName?: string },
): number {
  const row = shop.db.$client
    .prepare(
      `insert into orders (user_id, service_id, service_name, kind, link, quantity, params, price_minor, cost_minor, status, remains, refunded_minor, client_token, created_at, updated_at, last_change_at)
       values (?, ?, ?, 'default', 'https://t.me/x', ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    )
    .get(
      o.userId,
      o.serviceId,
      o.serviceName ?? `Service ${o.serviceId}`,
      o.quantity ?? 1000,
      o.priceMinor,
      o.costMinor,
      o.status,
      o.remains ?? null,
      o.refundedMinor ?? 0,
      `seed-${Math.random().toString(36).slice(2)}-${Date.now()}`,
      o.createdAt,
      o.createdAt,
      o.createdAt,
    ) as { id: number };
  return row.id;
}

/** The audit log, oldest first. */
export function auditRows(shop: TestShop): Array<{ admin_id: number; action: string; target: string | null; details: string | null }> {
  return shop.db.$client.prepare("select admin_id, action, target, details from audit_log order by id").all() as Array<{
    admin_id: number;
    action: string;
    target: string | null;
    details: string | null;
  }>;
}

/** A broadcast row. */
export function broadcastRow(shop: TestShop, id: number): Record<string, unknown> | undefined {
  return shop.db.$client.prepare("select * from broadcasts where id = ?").get(id) as Record<string, unknown> | undefined;
}

/** Waits until a broadcast reaches `status` (polling the database). */
export async function waitForBroadcast(shop: TestShop, id: number, status: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = broadcastRow(shop, id);
    if (row?.status === status) return row;
    if (Date.now() > deadline) throw new Error(`broadcast ${id} did not reach ${status}: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
