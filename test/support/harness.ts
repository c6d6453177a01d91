import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
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

  orderRows(userId?: number): Array<Record<string, unknown>> {
    const sql = userId === undefined ? "select * from orders order by id" : "select * from orders where user_id = ? order by id";
    const stmt = this.app.db.$client.prepare(sql);
    return (userId === undefined ? stmt.all() : stmt.all(userId)) as Array<Record<string, unknown>>;
  }
}
