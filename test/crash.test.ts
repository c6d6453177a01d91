// The real bot process (node --import tsx src/main.ts) under load from many simulated buyers, killed
// with SIGKILL at random moments (and right while an `add` is in flight) at least 20 times and
// restarted each time. At the end, after a clean run that lets the poller finish: the books hold, no
// order went upstream twice, every order the panel knows is in the database, every buyer was told
// about every final order, and no output of any run holds the bot token or the panel key.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { PanelSimulator, type SimOrder } from "../src/simulators/panel.js";
import { FakeTelegram, type BotMessage, type FakeUser } from "../src/simulators/telegram.js";
import { ledgerViolations } from "./support/books.js";

const TOKEN = "7099001234:AAF-crashTEST_s3cret_tok3n";
const KEY = "pk_live_CRASH-s3cret-key-0042";
const ADMIN: FakeUser = { id: 900001, first_name: "Admin", username: "shop_admin", language_code: "en" };
const BUYERS: FakeUser[] = Array.from({ length: 10 }, (_, i) => ({ id: 51001 + i, first_name: `Buyer${i}`, username: `crash_buyer${i}`, language_code: "en" }));
const KILLS = 22;

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (a: number, b: number) => a + Math.floor(Math.random() * (b - a + 1));

const dir = mkdtempSync(join(tmpdir(), "smm-crash-"));
const dbPath = join(dir, "shop.db");
const output: string[] = [];
let tg: FakeTelegram;
let panel: PanelSimulator;
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill("SIGKILL");
  await tg?.close();
  await panel?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the real bot; resolves when it says it started (or at once with `wait: false`). */
async function startBot(opts: { wait: boolean }): Promise<ChildProcess> {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    TMPDIR: tmpdir(),
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    PANEL_API_URL: panel.url,
    PANEL_API_KEY: KEY,
    DATABASE_PATH: dbPath,
    MARKUP_PERCENT: "25",
    ADMIN_IDS: String(ADMIN.id),
    STATUS_POLL_SECONDS: "1",
    PANEL_TIMEOUT_SECONDS: "2",
    LOG_LEVEL: "info",
  };
  // cwd is the temp dir: no .env of the repository is read.
  const c = spawn(process.execPath, ["--import", TSX, MAIN], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  child = c;
  let started!: () => void;
  const up = new Promise<void>((r) => (started = r));
  const collect = (d: Buffer) => {
    const text = d.toString("utf8");
    output.push(text);
    if (text.includes('"bot started"')) started();
  };
  c.stdout!.on("data", collect);
  c.stderr!.on("data", collect);
  c.once("exit", () => started());
  if (opts.wait) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([up, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("the bot did not start within 30 s")), 30_000)))]);
    clearTimeout(timer);
    if (c.exitCode !== null) throw new Error(`the bot exited at start with code ${c.exitCode}`);
  }
  return c;
}

function exited(c: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve({ code: c.exitCode, signal: c.signalCode });
  return new Promise((r) => c.once("exit", (code, signal) => r({ code, signal })));
}

// --- simulated people ------------------------------------------------------------------------------

function buttonData(m: BotMessage, text: RegExp): string {
  for (const row of m.reply_markup?.inline_keyboard ?? []) for (const b of row) if (text.test(b.text) && "callback_data" in b) return b.callback_data!;
  throw new Error(`no button ${text} on message ${m.message_id}: ${m.text.slice(0, 80)}`);
}

async function step(u: FakeUser, act: () => unknown, expect: RegExp, timeoutMs = 6000): Promise<BotMessage> {
  const after = tg.seq;
  act();
  return tg.waitForMessage(u.id, expect, { after, timeoutMs });
}

const OUTCOME = /is placed|already placed|being checked with the provider|could not take this order|balance is too low|price of this service/;

/** Presses Confirm and waits for the outcome, or the toast of a button that is no longer live. */
async function confirm(u: FakeUser, summary: BotMessage): Promise<"done" | "stale"> {
  const after = tg.seq;
  const q = tg.pressButton(u, summary.message_id, buttonData(summary, /Confirm/)).callback_query!.id;
  const outcome = tg.waitForMessage(u.id, OUTCOME, { after, timeoutMs: 6000 }).then(() => "done" as const);
  const stale = tg
    .waitForCall("answerCallbackQuery", (p) => String(p.callback_query_id) === q && /old message/.test(String(p.text ?? "")), { after, timeoutMs: 6000 })
    .then(() => "stale" as const);
  return Promise.any([outcome, stale]);
}

const stats = { attempts: 0, confirmed: 0, reconfirmed: 0, timeouts: 0, credits: 0 };

/** One order, start to end; a timeout (the bot died) starts over, a lost Confirm is pressed again. */
async function orderOnce(u: FakeUser, attempt: number): Promise<void> {
  stats.attempts++;
  const cat = await step(u, () => tg.sendText(u, "/order"), /Choose a category/);
  const svc = await step(u, () => tg.pressButton(u, cat.message_id, buttonData(cat, /Telegram Members/)), /Choose a service/);
  await step(u, () => tg.pressButton(u, svc.message_id, buttonData(svc, /7-day join/)), /Send the link/);
  await step(u, () => tg.sendText(u, `t.me/b${u.id}x${attempt}`), /How many/);
  const summary = await step(u, () => tg.sendText(u, String(rand(10, 40) * 10)), /Your order/);
  for (let i = 0; i < 3; i++) {
    try {
      await confirm(u, summary);
      stats.confirmed++;
      return;
    } catch {
      stats.reconfirmed++; // the bot died around the tap: tap Confirm again on the same summary
    }
  }
}

async function buyerLoop(u: FakeUser, stop: () => boolean): Promise<void> {
  for (let attempt = 1; !stop(); attempt++) {
    try {
      await orderOnce(u, attempt);
    } catch {
      stats.timeouts++;
    }
    await sleep(rand(0, 150));
  }
}

/** The admin tops buyers up now and then; each /credit is one message, and must count once. */
async function adminLoop(stop: () => boolean): Promise<void> {
  while (!stop()) {
    const b = BUYERS[rand(0, BUYERS.length - 1)]!;
    stats.credits++;
    await step(ADMIN, () => tg.sendText(ADMIN, `/credit ${b.id} 25`), /Credited/, 4000).catch(() => undefined);
    await sleep(rand(200, 600));
  }
}

/** The panel cancels or partly delivers some orders on its own. */
async function panelOperator(stop: () => boolean): Promise<void> {
  while (!stop()) {
    await sleep(rand(300, 900));
    const active = [...panel.orders.values()].filter((o: SimOrder) => o.autoProgress && Date.now() - o.createdAt < 1500);
    const o = active[rand(0, active.length - 1)];
    if (!o) continue;
    if (Math.random() < 0.5) panel.setStatus(o.id, "Canceled", { remains: o.quantity });
    else panel.setStatus(o.id, "Partial", { remains: Math.floor(o.quantity * Math.random()), startCount: 100 });
  }
}

// ---------------------------------------------------------------------------------------------------

it("survives SIGKILL at random moments under load: nothing lost, nothing doubled, everyone told", async () => {
  try {
    await scenario();
  } catch (err) {
    // Enough to tell what went wrong from a CI log.
    const lines = output.join("").split("\n");
    console.log(
      `crash test failed; stats ${JSON.stringify(stats)}\nerror lines:\n${lines.filter((l) => /"level":(40|50|60)/.test(l)).slice(-30).join("\n")}\nlast lines:\n${lines.slice(-30).join("\n")}`,
    );
    throw err;
  }
}, 180_000);

async function scenario(): Promise<void> {
  const t0 = Date.now();
  tg = await FakeTelegram.start({ token: TOKEN });
  panel = await PanelSimulator.start({ key: KEY, latencyMs: 120, progress: { pendingMs: 1500, inProgressMs: 2500 } });

  // Phase 1: everyone registers and gets money (no kills yet).
  let bot = await startBot({ wait: true });
  await step(ADMIN, () => tg.sendText(ADMIN, "/start"), /Welcome/, 20_000);
  for (const b of BUYERS) {
    await step(b, () => tg.sendText(b, "/start"), /Welcome/, 20_000);
    await step(ADMIN, () => tg.sendText(ADMIN, `/credit ${b.id} 1000`), /Credited/, 20_000);
  }
  const setupCredits = BUYERS.length;
  bot.kill("SIGKILL");
  await exited(bot);

  // Phase 2: load, and a kill every so often.
  let stopLoad = false;
  const loops = [...BUYERS.map((b) => buyerLoop(b, () => stopLoad)), adminLoop(() => stopLoad), panelOperator(() => stopLoad)];
  let kills = 0;
  let targeted = 0;
  for (let k = 0; k < KILLS; k++) {
    bot = await startBot({ wait: false });
    if (k % 3 === 2) {
      // Right after an `add` reached the panel, before its answer (120 ms later) is stored.
      const n = panel.requestCount("add");
      const until = Date.now() + 5000;
      while (panel.requestCount("add") === n && Date.now() < until) await sleep(2);
      if (panel.requestCount("add") > n) targeted++;
    } else {
      await sleep(rand(300, 2600));
    }
    bot.kill("SIGKILL");
    const how = await exited(bot);
    expect(how.signal === "SIGKILL" || how.code !== null).toBe(true);
    kills++;
  }

  // Phase 3: a clean run. Buyers finish what they were doing; the admin settles the unknown orders
  // truthfully from the panel's records; the poller and the notices catch up; then a graceful stop.
  bot = await startBot({ wait: true });
  stopLoad = true;
  await Promise.all(loops);
  const read = new Database(dbPath, { readonly: true, fileMustExist: true });
  const q = <T>(sql: string, ...p: unknown[]) => read.prepare(sql).all(...p) as T[];
  let interrupted = 0;
  const deadline = Date.now() + 40_000;
  for (;;) {
    const unknown = q<{ id: number; link: string; f: string | null }>("select id, link, failure_code f from orders where status = 'unknown'");
    interrupted += unknown.filter((o) => o.f === "interrupted").length;
    for (const o of unknown) {
      const sim = [...panel.orders.values()].find((s) => s.params.link === o.link);
      await step(ADMIN, () => tg.sendText(ADMIN, sim ? `/resolve ${o.id} ${sim.id}` : `/resolve ${o.id} refund`), /is linked to panel order|is refunded/, 20_000);
    }
    const open = q<{ n: number }>("select count(*) n from orders where status not in ('completed', 'partial', 'canceled', 'failed')")[0]!.n;
    const unsent = q<{ n: number }>("select count(*) n from notifications where sent_at is null and failed_at is null")[0]!.n;
    if (open === 0 && unsent === 0) break;
    if (Date.now() > deadline) throw new Error(`still ${open} open orders and ${unsent} unsent notices`);
    await sleep(200);
  }
  read.close();
  await tg.settle(100);
  bot.kill("SIGTERM");
  expect(await exited(bot)).toEqual({ code: 0, signal: null });

  // --- the checks -------------------------------------------------------------------------------
  const db = new Database(dbPath, { readonly: true });
  const orders = db.prepare("select * from orders order by id").all() as Array<Record<string, any>>;
  const summary = { ...stats, kills, targeted, interrupted, orders: orders.length, simOrders: panel.orders.size, seconds: Math.round((Date.now() - t0) / 1000) };
  console.log("crash test:", JSON.stringify(summary));
  expect(kills).toBeGreaterThanOrEqual(20);
  expect(orders.length, "enough orders went through to mean something").toBeGreaterThanOrEqual(10);

  // The books.
  expect(ledgerViolations(db)).toEqual([]);
  // Each /credit message counted at most once (a redelivered update must not credit twice).
  const credits = (db.prepare("select count(*) n from ledger where reason = 'admin_credit'").get() as { n: number }).n;
  expect(credits).toBeLessThanOrEqual(setupCredits + stats.credits);

  // Nothing sent upstream twice: one summary = one link = at most one `add`, at most one order.
  const addsByLink = new Map<string, number>();
  for (const r of panel.requests) if (r.action === "add") addsByLink.set(r.params.link!, (addsByLink.get(r.params.link!) ?? 0) + 1);
  expect([...addsByLink].filter(([, n]) => n > 1)).toEqual([]);
  const dbByLink = new Map<string, number>();
  for (const o of orders) dbByLink.set(o.link, (dbByLink.get(o.link) ?? 0) + 1);
  expect([...dbByLink].filter(([, n]) => n > 1)).toEqual([]);

  // Every order the panel knows is in the database, linked to it (the unknown ones were resolved).
  for (const sim of panel.orders.values()) {
    const o = orders.find((x) => x.link === sim.params.link);
    expect(o, `panel order ${sim.id} (${sim.params.link}) is in the database`).toBeDefined();
    expect(o!.upstream_id, `panel order ${sim.id} linked`).toBe(sim.id);
  }
  for (const o of orders) {
    if (o.upstream_id === null) {
      expect(o.status, `order ${o.id} never reached the panel`).toBe("failed");
      expect([...panel.orders.values()].some((s) => s.params.link === o.link)).toBe(false);
    } else expect(panel.orders.get(o.upstream_id)?.params.link).toBe(o.link);
  }

  // Every buyer was told about every final order.
  // An id as the buyer reads it (plain; older builds grouped thousands: "1,234").
  const fmt = (n: number) => `(?:${n}|${new Intl.NumberFormat("en").format(n)})`;
  const notice: Record<string, (id: string) => RegExp> = {
    completed: (id) => new RegExp(`Order #${id} \\(.*\\) is completed`),
    partial: (id) => new RegExp(`Order #${id} \\(.*\\) was partly delivered`),
    canceled: (id) => new RegExp(`Order #${id} \\(.*\\) was canceled`),
    failed: (id) => new RegExp(`Order #${id} could not be placed`),
  };
  const missing: string[] = [];
  for (const o of orders) {
    // A refusal at placement is answered in the chat at once (no notice); only admin refunds notify.
    if (o.status === "failed" && o.failure_code !== "resolved_refund") {
      missing.push(`#${o.id} failed at placement (${o.failure_code}): not expected in this run`);
      continue;
    }
    const re = notice[o.status]!(fmt(o.id));
    if (!tg.messages(o.user_id).some((m) => re.test(m.text))) missing.push(`#${o.id} ${o.status} (user ${o.user_id})`);
  }
  expect(missing).toEqual([]);
  expect(db.prepare("select count(*) n from notifications where sent_at is null").get()).toEqual({ n: 0 });
  expect(orders.some((o) => o.status === "partial" || o.status === "canceled")).toBe(true);
  // The run did reach the window that matters: a process killed between the debit and the panel's answer.
  expect(interrupted, "some kills landed while an add was in flight").toBeGreaterThan(0);
  db.close();

  // No run wrote the token or the key anywhere.
  const all = output.join("");
  if (process.env.CRASH_LOG) writeFileSync(process.env.CRASH_LOG, all); // for a look at what the runs wrote
  expect(all).toContain("bot started");
  // No update failed in any run (a conversation that could not be replayed after a crash would show here).
  const errors = all.split("\n").filter((l) => /"level":(50|60)/.test(l) && !/order outcome unknown after add/.test(l));
  expect(errors).toEqual([]);
  expect(all).not.toContain(KEY);
  expect(all).not.toContain(TOKEN.split(":")[1]!);
  expect(tg.internalErrors).toEqual([]);
}
