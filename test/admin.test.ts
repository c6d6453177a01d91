import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_REFUNDABLE, recordAudit } from "../src/domain/admin.js";
import { shopStats, startOfDay, STATS_SQL } from "../src/domain/stats.js";
import { PanelSimulator } from "../src/simulators/panel.js";
import { FakeTelegram, type FakeUser } from "../src/simulators/telegram.js";
import { ADMIN, auditRows, broadcastRow, insertOrder, newUser, seedUsers, TestShop, waitForBroadcast } from "./support/harness.js";

const PANEL_KEY = "pk_live_ADMIN-TEST_5b1e0d";
const DAY = 86_400_000;

function ledgerRows(shop: TestShop, userId: number) {
  return shop.db.$client.prepare("select delta_minor, reason, actor_id, note, order_id from ledger where user_id = ? order by id").all(userId) as Array<{
    delta_minor: number;
    reason: string;
    actor_id: number | null;
    note: string | null;
    order_id: number | null;
  }>;
}

/**
 * Presses a button with this data under the latest bot message in the user's chat (whether or not
 * such a button is shown there); resolves with the callback answer's text, after the message
 * matching `expect` when given.
 */
async function press(shop: TestShop, user: FakeUser, data: string, expect?: RegExp): Promise<string | undefined> {
  const last = shop.tg.lastMessage(user.id);
  if (!last) throw new Error("no bot message to press a button under");
  const after = shop.tg.seq;
  const upd = shop.tg.pressButton(user, last.message_id, data);
  const id = upd.callback_query!.id;
  const call = await shop.tg.waitForCall("answerCallbackQuery", (p) => p.callback_query_id === id, { after: 0 });
  if (expect) await shop.tg.waitForMessage(user.id, expect, { after });
  await shop.tg.settle(30);
  return call.params.text as string | undefined;
}

describe("admin console", () => {
  let shop: TestShop;
  let unknownReply: string;
  let staleButton: string;

  beforeAll(async () => {
    shop = await TestShop.start({ panel: await PanelSimulator.start({ key: PANEL_KEY }) });
    await shop.say(ADMIN, "/start", /Welcome/);
    unknownReply = shop.app.deps.i18n.t("en", "unknown-command");
    staleButton = shop.app.deps.i18n.t("en", "stale-button");
  });
  afterAll(async () => {
    const output = shop.allOutput();
    expect(output).not.toContain(PANEL_KEY);
    expect(output).not.toContain(shop.tg.token.split(":")[1]);
    // Every admin text exists: a missing Fluent key would show as "{admin-...}".
    expect(output).not.toMatch(/\{admin-[a-z-]+\}/);
    await shop.stop();
  });

  it("behaves for anyone else exactly like an unknown command or a stale button, with no effect", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    const baseline = await shop.say(buyer, "/nosuchcommand", /./);
    expect(baseline?.text).toBe(unknownReply);

    // Something for the buttons to aim at: a refundable order and a broadcast draft of the admin.
    const victim = newUser();
    await shop.credit(victim, "1000");
    await shop.orderUpToSummary(victim, { category: "Telegram Members", service: /7-day join/, link: "t.me/victim_chan", quantity: 1000 });
    await shop.click(victim, /Confirm/, /is placed/);
    const order = shop.orderRows(victim.id)[0]!;
    await shop.say(ADMIN, "/broadcast", /Send the message/);
    await shop.say(ADMIN, "draft only", /Send broadcast #\d+/);
    const draftId = (shop.db.$client.prepare("select max(id) as id from broadcasts").get() as { id: number }).id;

    const audit = auditRows(shop).length;
    const panelRequests = shop.panel.requestCount();
    const commands = [
      "/admin",
      `/credit ${buyer.id} 1000`,
      `/credit @${buyer.username} 1000`,
      `/debit ${victim.id} 10`,
      `/user ${victim.id}`,
      `/ban ${victim.id} spam`,
      `/unban ${victim.id}`,
      "/sync",
      "/service 1",
      "/category",
      "/panel",
      "/stats",
      "/broadcast",
      "/audit",
    ];
    for (const command of commands) {
      const reply = await shop.say(buyer, command, /./);
      expect(reply?.text, command).toBe(baseline?.text);
      expect(reply?.reply_keyboard, command).toEqual(baseline?.reply_keyboard);
      expect(reply?.reply_markup, command).toBeUndefined();
    }
    // The two commands buyers have too do what they do for every buyer.
    await shop.say(buyer, `/order ${order.id}`, /Choose a category/);
    await shop.say(buyer, "/cancel", /Cancelled/);
    await shop.say(buyer, "/orders pending", /no orders yet/);

    // Admin buttons: answered like any stale button, nothing happens.
    for (const data of [`adm:o:fy:${order.id}`, `adm:o:c:${order.id}`, `adm:u:ban:${victim.id}`, "adm:s:hide:1", `adm:bc:ok:${draftId}`, "adm:menu:stats", "adm:c:up:2"]) {
      expect(await press(shop, buyer, data), data).toBe(staleButton);
    }
    expect(shop.balanceOf(buyer.id)).toBe(0);
    expect(shop.balanceOf(victim.id)).toBe(100_000 - 7500);
    expect(shop.orderRows(victim.id)[0]).toMatchObject({ status: "pending", refunded_minor: 0 });
    expect(shop.db.$client.prepare("select banned from users where id = ?").get(victim.id)).toEqual({ banned: 0 });
    expect(shop.db.$client.prepare("select hidden from services where id = 1").get()).toEqual({ hidden: 0 });
    expect(broadcastRow(shop, draftId)?.status).toBe("draft");
    expect(auditRows(shop)).toHaveLength(audit);
    expect(shop.panel.requestCount()).toBe(panelRequests);
    expect(shop.tg.messages(victim.id).filter((m) => /debited|restricted/.test(m.text))).toHaveLength(0);
    await shop.click(ADMIN, /Discard/, /discarded/);
  });

  it("shows the menu of every admin command", async () => {
    const menu = await shop.say(ADMIN, "/admin", /Admin/);
    for (const c of ["/stats", "/orders", "/order", "/user", "/credit", "/debit", "/ban", "/unban", "/service", "/category", "/sync", "/panel", "/broadcast", "/audit"]) {
      expect(menu?.text).toContain(c);
    }
    expect(menu?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(["📊 Stats", "💼 Panel", "📦 Orders", "🗂 Categories", "🔄 Sync", "📜 Audit", "📣 Broadcast"]),
    );
    await shop.click(ADMIN, "📊 Stats", /Today/);
    // The admin's own command list, only in the admin's chat.
    const scoped = shop.tg.commands({ scope: { type: "chat", chat_id: ADMIN.id } }).map((c) => c.command);
    expect(scoped).toEqual(expect.arrayContaining(["admin", "credit", "broadcast", "audit", "order", "balance"]));
    expect(shop.tg.commands().map((c) => c.command)).not.toContain("admin");
  });

  it("credits and debits exactly, ledgered with the admin and the note; the user is told; never below zero", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    await shop.say(ADMIN, `/credit ${buyer.id} 1500.50 bonus for <b>review</b>`, /Credited UZS 1,500\.50 to .*Their balance: UZS 1,500\.50/);
    await shop.say(ADMIN, `/debit @${buyer.username} 500 correction`, /Debited UZS 500 from .*Their balance: UZS 1,000\.50/);
    await shop.app.notices.runOnce();
    await shop.tg.waitForMessage(buyer.id, /credited with UZS 1,500\.50\. Balance: UZS 1,500\.50/, { after: 0 });
    await shop.tg.waitForMessage(buyer.id, /debited by UZS 500\. Balance: UZS 1,000\.50/, { after: 0 });
    expect(ledgerRows(shop, buyer.id)).toEqual([
      { delta_minor: 150_050, reason: "admin_credit", actor_id: ADMIN.id, note: "bonus for <b>review</b>", order_id: null },
      { delta_minor: -50_000, reason: "admin_debit", actor_id: ADMIN.id, note: "correction", order_id: null },
    ]);
    const audit = auditRows(shop).filter((a) => a.target === `user:${buyer.id}`);
    expect(audit.map((a) => a.action)).toEqual(["credit", "debit"]);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ amountMinor: 150_050, note: "bonus for <b>review</b>" });

    // Below zero: refused, nothing written, nobody told.
    const sentBefore = shop.tg.messages(buyer.id).length;
    const refused = await shop.say(ADMIN, `/debit ${buyer.id} 1000.51`, /Not debited/);
    expect(refused?.text).toContain("has UZS 1,000.50, less than UZS 1,000.51");
    expect(ledgerRows(shop, buyer.id)).toHaveLength(2);
    expect(auditRows(shop).filter((a) => a.target === `user:${buyer.id}`)).toHaveLength(2);
    await shop.app.notices.runOnce();
    expect(shop.tg.messages(buyer.id)).toHaveLength(sentBefore);
    // Exactly to zero is fine.
    await shop.say(ADMIN, `/debit ${buyer.id} 1000.50`, /Their balance: UZS 0/);
    expect(shop.balanceOf(buyer.id)).toBe(0);
    shop.checkBooks(buyer.id);

    await shop.say(ADMIN, `/credit ${buyer.id} -5`, /positive number/);
    await shop.say(ADMIN, `/credit ${buyer.id} 1e3`, /positive number/);
    await shop.say(ADMIN, "/credit 4242424242 10", /No such user/);
    await shop.say(ADMIN, "/debit", /Usage: \/debit/);
    expect(shop.balanceOf(buyer.id)).toBe(0);
  });

  it("shows a user; bans and unbans; a banned user can place no order, not even from a pending summary", async () => {
    const buyer = newUser({ username: "tricky_buyer" });
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/ban_chan", quantity: 100 });

    const card = await shop.say(ADMIN, "/user @TRICKY_BUYER", /Balance/);
    expect(card?.text).toContain("@tricky_buyer");
    expect(card?.text).toMatch(/Balance: UZS 1,000/);
    expect(card?.text).toMatch(/Orders: 0/);
    expect(card?.text).toMatch(/Banned: no/);
    expect(card?.text).toMatch(/Blocked the bot: no/);
    expect(card?.text).toMatch(/\+UZS 1,000 → UZS 1,000 · admin_credit/);

    await shop.say(ADMIN, `/ban ${buyer.id} chargeback <fraud>`, /is banned/);
    expect(shop.db.$client.prepare("select banned, ban_reason from users where id = ?").get(buyer.id)).toEqual({ banned: 1, ban_reason: "chargeback <fraud>" });
    // The summary's Confirm, pressed after the ban: one polite line, no order, no charge.
    const adds = shop.panel.requestCount("add");
    shop.tg.clickButton(buyer, /Confirm/);
    const answerCall = await shop.tg.waitForCall("answerCallbackQuery", (p) => p.text === shop.app.deps.i18n.t("en", "banned"));
    expect(answerCall.ok).toBe(true);
    await shop.tg.settle(50);
    await shop.say(buyer, "/order", /restricted/);
    await shop.say(buyer, "hello", /restricted/);
    expect(shop.orderRows(buyer.id)).toHaveLength(0);
    expect(shop.panel.requestCount("add")).toBe(adds);
    expect(shop.balanceOf(buyer.id)).toBe(100_000);

    const banned = await shop.say(ADMIN, `/user ${buyer.id}`, /Banned: yes/);
    expect(banned?.text).toContain("Banned: yes (chargeback <fraud>)");
    await shop.click(ADMIN, "✅ Unban", /Banned: no/);
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.say(buyer, "/cancel", /Cancelled/);
    await shop.say(ADMIN, `/ban ${buyer.id}`, /is banned/);
    await shop.say(ADMIN, `/unban @tricky_buyer`, /no longer banned/);
    // Admins cannot be banned (they would lock themselves out).
    await shop.say(ADMIN, `/ban ${ADMIN.id}`, /cannot be banned/);
    expect(auditRows(shop).filter((a) => a.target === `user:${buyer.id}`).map((a) => a.action)).toEqual(
      expect.arrayContaining(["ban", "unban", "ban", "unban"]),
    );
  });

  it("shows an order with Refresh (panel status applied), Cancel (at the panel) and Refund (once)", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/admin_view", quantity: 1000 });
    await shop.click(buyer, /Confirm/, /is placed/);
    const [order] = shop.orderRows(buyer.id);
    const id = order!.id as number;
    const upstreamId = order!.upstream_id as number;

    const card = await shop.say(ADMIN, `/order ${id}`, new RegExp(`^📦 Order #${id} `));
    expect(card?.text).toContain("https://t.me/admin_view");
    expect(card?.text).toContain(`@${buyer.username}`);
    expect(card?.text).toMatch(/Price: UZS 75 · Refunded: UZS 0/);
    expect(card?.text).toContain(`Panel order: ${upstreamId}`);
    expect(shop.tg.buttons(ADMIN.id).flat()).toEqual(["🔄 Refresh", "✖️ Cancel at panel", "↩️ Refund"]);

    shop.panel.setStatus(upstreamId, "In progress", { startCount: 321, remains: 800 });
    const refreshed = await shop.click(ADMIN, "Refresh", /The panel says/);
    expect(refreshed?.text).toMatch(/in_progress \(panel: In progress\)/);
    expect(refreshed?.text).toMatch(/Start count: 321 · Remains: 800/);
    await shop.app.notices.runOnce();
    await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${id} .* has started`), { after: 0 });

    // Cancel at the panel: the simulator cancels at once, so the refund comes with the refresh that follows.
    const cancelled = await shop.click(ADMIN, "Cancel at panel", /accepted the cancel request/);
    expect(cancelled?.text).toMatch(/canceled \(panel: Canceled\)/);
    expect(shop.panel.requestCount("cancel")).toBeGreaterThan(0);
    expect(shop.orderRows(buyer.id)[0]).toMatchObject({ status: "canceled", refunded_minor: 7500 });
    expect(shop.orderRows(buyer.id)[0]!.cancel_requested_at).toBeTypeOf("number");
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
    // Final: no Cancel, no Refund.
    expect(shop.tg.buttons(ADMIN.id).flat()).toEqual(["🔄 Refresh"]);
    expect(await press(shop, ADMIN, `adm:o:fy:${id}`, /cannot be refunded here \(status: canceled\)/)).toBeUndefined();
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
    shop.checkBooks(buyer.id);
    expect(auditRows(shop).filter((a) => a.target === `order:${id}`).map((a) => a.action)).toEqual(["order_refresh", "order_cancel", "order_refresh"]);
  });

  it("refunds the remaining charge once, ledgered with the admin, for a running or unknown order", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Votes", service: /Poll Votes/, link: "t.me/poll_admin/3", quantity: 1000, answer: 1 });
    await shop.click(buyer, /Confirm/, /is placed/);
    // An unknown one too: the panel stalls on add.
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/stall_admin", quantity: 100 });
    shop.panel.fault("add", "stall");
    await shop.click(buyer, /Confirm/, /being checked with the provider/);
    const [running, unknown] = shop.orderRows(buyer.id);
    expect(running).toMatchObject({ status: "pending", price_minor: 4500 });
    expect(unknown).toMatchObject({ status: "unknown", price_minor: 750 });
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 4500 - 750);

    await shop.say(ADMIN, `/order ${running!.id}`, /^📦 Order #/);
    const ask = await shop.click(ADMIN, "Refund", /Refund <b>|Refund UZS 45/);
    expect(ask?.text).toMatch(/Refund UZS 45 to .* for order #\d+\?/);
    expect(ask?.text).toContain("does not cancel the order at the panel");
    await shop.click(ADMIN, "Yes, refund", /Refunded UZS 45\. The buyer's balance: UZS 992\.50/);
    expect(shop.orderRows(buyer.id)[0]).toMatchObject({ status: "canceled", refunded_minor: 4500, failure_code: "admin_refund" });
    // A second Yes (an old message, a double tap) refunds nothing.
    expect(await press(shop, ADMIN, `adm:o:fy:${running!.id}`, /cannot be refunded here \(status: canceled\)/)).toBeUndefined();

    await shop.say(ADMIN, `/order #${unknown!.id}`, /^📦 Order #/);
    expect(shop.tg.buttons(ADMIN.id).flat()).toEqual(["↩️ Refund"]);
    const askUnknown = await shop.click(ADMIN, "Refund", /Refund UZS 7\.50/);
    expect(askUnknown?.text).not.toContain("does not cancel the order at the panel");
    await shop.click(ADMIN, "Yes, refund", /Refunded UZS 7\.50/);

    expect(shop.balanceOf(buyer.id)).toBe(100_000);
    const refunds = ledgerRows(shop, buyer.id).filter((l) => l.reason === "refund");
    expect(refunds).toEqual([
      { delta_minor: 4500, reason: "refund", actor_id: ADMIN.id, note: "admin refund", order_id: running!.id },
      { delta_minor: 750, reason: "refund", actor_id: ADMIN.id, note: "admin refund", order_id: unknown!.id },
    ]);
    shop.checkBooks(buyer.id);
    await shop.app.notices.runOnce();
    await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${running!.id} .* was canceled[\\s\\S]*UZS 45`), { after: 0 });
    expect(auditRows(shop).filter((a) => a.action === "order_refund")).toHaveLength(2);
    expect(ADMIN_REFUNDABLE).toEqual(["unknown", "pending", "in_progress"]);

    await shop.say(ADMIN, "/order 999999", /no order #999999/);
    await shop.say(ADMIN, "/order abc", /Usage: \/order/);
    // Plain /order: the admin orders like any buyer.
    await shop.say(ADMIN, "/order", /Choose a category/);
    await shop.say(ADMIN, "/cancel", /Cancelled/);
  });

  it("lists recent orders by status, paged", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    const now = Date.now();
    for (let i = 0; i < 23; i++) insertOrder(shop, { userId: buyer.id, serviceId: 5, status: "completed", priceMinor: 100 + i, costMinor: 50, createdAt: now });
    const total = shop.orderRows().filter((o) => o.status === "completed").length;
    const first = await shop.say(ADMIN, "/orders completed", /Orders/);
    expect(first?.text).toContain(`page 1 of ${Math.ceil(total / 10)} (${total} in all)`);
    expect(first?.text?.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(10);
    expect(first?.text).not.toMatch(/· (pending|canceled|unknown) ·/);
    const second = await shop.click(ADMIN, "▶️", /page 2 of/);
    expect(second?.edited).toBe(true);
    const all = await shop.say(ADMIN, "/orders", /Orders/);
    expect(all?.text).toContain(`(${shop.orderRows().length} in all)`);
    await shop.say(ADMIN, "/orders in progress", /in_progress/);
    await shop.say(ADMIN, "/orders bogus", /Statuses: submitting, unknown/);
    // An order button opens its card.
    await shop.say(ADMIN, "/orders canceled", /Orders/);
    await shop.click(ADMIN, /^#\d+$/, /Order #\d+<|Order #\d+ · canceled/);
  });

  it("reports the panel balance; failures are a plain sentence", async () => {
    shop.panel.setBalance("12345.678");
    await shop.say(ADMIN, "/panel", /Panel balance: UZS 12,345\.67 \(currency: UZS\)/);
    shop.panel.fault("balance", { error: "Invalid API key pk_live_ADMIN-TEST_5b1e0d" });
    const bad = await shop.say(ADMIN, "/panel", /Could not get the panel balance/);
    expect(bad?.text).toContain("did not accept the API key");
    expect(bad?.text).not.toContain("Invalid API key");
    shop.panel.fault("balance", "html", 3);
    const html = await shop.say(ADMIN, "/panel", /Could not get/);
    expect(html?.text).toContain("did not give a usable answer");
  });

  it("syncs now and reports added, changed, removed services and price changes", async () => {
    const before = shop.panel.services.map((s) => ({ ...s }));
    try {
      shop.panel.services = shop.panel.services.filter((s) => s.service !== 4);
      shop.panel.services.find((s) => s.service === 5)!.rate = "1.10000";
      shop.panel.services.find((s) => s.service === 9)!.name = "Reactions <mixed>";
      shop.panel.services.push({ service: 77, name: "New <thing>", type: "Default", category: "Telegram Members", rate: "3.00000", min: 10, max: 100 });
      const report = await shop.say(ADMIN, "/sync", /Catalogue synced/);
      expect(report?.text).toContain("Added: 1: 77");
      expect(report?.text).toContain("Changed: 2: 5, 9");
      expect(report?.text).toContain("Removed: 1: 4");
      expect(report?.text).toContain("Price changes: 1");
      expect(report?.text).toContain("#5: 0.90000 → 1.10000");
      expect(report?.text).toContain("Types this shop cannot sell (hidden from buyers): 1");
      expect(auditRows(shop).at(-1)).toMatchObject({ action: "sync", admin_id: ADMIN.id });

      shop.panel.fault("services", { error: "Incorrect request: secret panel words" });
      const failed = await shop.say(ADMIN, "/sync", /not synced/);
      expect(failed?.text).not.toContain("secret panel words");
    } finally {
      shop.panel.services = before;
      await shop.say(ADMIN, "/sync", /Catalogue synced/);
    }
  });

  it("lists the latest admin actions, newest first, paged", async () => {
    for (let i = 0; i < 16; i++) recordAudit(shop.db, { adminId: ADMIN.id, action: "service_hide", target: `service:${i}`, now: Date.now() });
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    await shop.say(ADMIN, `/credit ${buyer.id} 12 <i>thanks</i>`, /Credited/);
    const audit = await shop.say(ADMIN, "/audit", /Admin actions \(page 1 of/);
    const first = audit?.text?.split("\n")[2] ?? "";
    expect(first).toContain(`@shop_admin (${ADMIN.id}) · credit user:${buyer.id}`);
    expect(first).toContain('"note":"<i>thanks</i>"');
    const older = await shop.click(ADMIN, "Older", /page 2 of/);
    expect(older?.text).toContain("service_hide service:0");
    await shop.click(ADMIN, "Newer", /page 1 of/);
  });
});

describe("catalogue settings reach buyers", () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await TestShop.start();
    await shop.say(ADMIN, "/start", /Welcome/);
  });
  afterAll(async () => {
    expect(shop.allOutput()).not.toMatch(/\{admin-[a-z-]+\}/);
    await shop.stop();
  });

  it("own price, own markup and a buyer-facing name show up in the buyer's summary", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");

    const card = await shop.say(ADMIN, "/service 1", /Service #1/);
    expect(card?.text).toMatch(/Buyer price per 1000: UZS 75 \(shop markup 25%\)/);
    expect(card?.text).toMatch(/Cost per 1000: UZS 60/);
    await shop.click(ADMIN, "Own price", /Send the price buyers pay per 1000 for service #1/);
    await shop.say(ADMIN, "abc", /That is not a price/);
    const saved = await shop.say(ADMIN, "150", /Saved/);
    expect(saved?.text).toMatch(/Buyer price per 1000: UZS 150 \(own price\)/);
    await shop.click(ADMIN, "Name for buyers", /Send the name buyers see/);
    await shop.say(ADMIN, "Fast <members>", /Buyers see: Fast <members>/);

    const summary = await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /Fast <members>/, link: "t.me/override_chan", quantity: 1000 });
    expect(summary?.text).toContain("Total: UZS 150");
    expect(summary?.text).toContain("Fast <members>");
    await shop.click(buyer, /Confirm/, /Charged: UZS 150/);
    expect(shop.orderRows(buyer.id)[0]).toMatchObject({ price_minor: 15_000, service_name: "Fast <members>" });

    // Own markup on the poll service: 36 per 1000 + 50% = 54.
    await shop.say(ADMIN, "/service 3", /Service #3/);
    await shop.click(ADMIN, "Own markup", /Send the markup in percent/);
    await shop.say(ADMIN, "50%", /service markup 50%/);
    const poll = await shop.orderUpToSummary(buyer, { category: "Telegram Votes", service: /Poll Votes/, link: "t.me/poll_chan/9", quantity: 1000, answer: 1 });
    expect(poll?.text).toContain("Total: UZS 54");
    await shop.say(buyer, "/cancel", /Cancelled/);

    // "-" removes the own price: the shop markup applies again.
    await shop.say(ADMIN, "/service 1", /Service #1/);
    await shop.click(ADMIN, "Own price", /Send the price/);
    await shop.say(ADMIN, "-", /UZS 75 \(shop markup 25%\)/);
    // A prompt is dropped by /cancel: a later "99" is no price.
    await shop.click(ADMIN, "Own price", /Send the price/);
    await shop.say(ADMIN, "/cancel", /Cancelled/);
    await shop.say(ADMIN, "99", /Use the menu/);
    expect(shop.db.$client.prepare("select price_per_1000_minor as p, markup_bp as m, display_name as n from services where id = 1").get()).toEqual({
      p: null,
      m: null,
      n: "Fast <members>",
    });
    // The Cancel button under a prompt.
    await shop.click(ADMIN, "Name for buyers", /Send the name/);
    await shop.click(ADMIN, "✖️ Cancel", /Nothing was changed/);
    await shop.say(ADMIN, "Other name", /Use the menu/);
    // Any main-menu button drops a prompt, 🌐 Language as well: its label never becomes the name.
    await shop.click(ADMIN, "Name for buyers", /Send the name/);
    await shop.say(ADMIN, "🌐 Language", /Choose your language/);
    await shop.say(ADMIN, "Other name", /Use the menu/);
    expect(shop.db.$client.prepare("select display_name as n from services where id = 1").get()).toEqual({ n: "Fast <members>" });

    const actions = auditRows(shop).map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining(["service_price service:1", "service_name service:1", "service_markup service:3"]));
  });

  it("hides and shows a service", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    await shop.say(ADMIN, "/service 2", /Service #2/);
    await shop.click(ADMIN, "🙈 Hide", /State: hidden by an admin/);
    await shop.say(buyer, "/order", /Choose a category/);
    const list = await shop.click(buyer, "Telegram Members", /Choose a service/);
    expect(JSON.stringify(list?.reply_markup)).not.toContain("30-day refill");
    await shop.say(buyer, "/cancel", /Cancelled/);
    // An old Hide button pressed again does not toggle it back.
    expect(await press(shop, ADMIN, "adm:s:hide:2")).toBe("Hidden");
    expect(shop.db.$client.prepare("select hidden from services where id = 2").get()).toEqual({ hidden: 1 });
    await shop.click(ADMIN, "👁 Show", /State: on sale/);
    await shop.say(buyer, "/order", /Choose a category/);
    const again = await shop.click(buyer, "Telegram Members", /Choose a service/);
    expect(JSON.stringify(again?.reply_markup)).toContain("30-day refill");
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("hides categories, changes their order and their markup", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const list = await shop.say(ADMIN, "/category", /Categories/);
    expect(list?.text).toMatch(/1\. Telegram Members/);
    const names = () => shop.db.$client.prepare("select name from categories order by sort, name").all().map((r) => (r as { name: string }).name);
    const firstTwo = names().slice(0, 2);

    await shop.click(ADMIN, firstTwo[1]!, /Position: 2 of/);
    await shop.click(ADMIN, "⬆️ Up", /Position: 1 of/);
    expect(names().slice(0, 2)).toEqual([firstTwo[1], firstTwo[0]]);
    const categories = await shop.say(buyer, "/order", /Choose a category/);
    expect(categories?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe(firstTwo[1]);
    await shop.say(buyer, "/cancel", /Cancelled/);
    expect(await press(shop, ADMIN, "adm:c:up:" + String((shop.db.$client.prepare("select id from categories where name = ?").get(firstTwo[1]) as { id: number }).id))).toBe(
      "It is already at that end.",
    );

    await shop.say(ADMIN, "/category", /Categories/);
    await shop.click(ADMIN, "Telegram Votes", /Telegram Votes/);
    await shop.click(ADMIN, "🙈 Hide", /hidden/);
    const hidden = await shop.say(buyer, "/order", /Choose a category/);
    expect(JSON.stringify(hidden?.reply_markup)).not.toContain("Telegram Votes");
    await shop.say(buyer, "/cancel", /Cancelled/);
    await shop.click(ADMIN, "👁 Show", /visible/);

    // Category markup 100% on Telegram Views: 0.9 per 1000 -> 1.80.
    await shop.say(ADMIN, "/category", /Categories/);
    await shop.click(ADMIN, "Telegram Views", /Telegram Views/);
    await shop.click(ADMIN, "Own markup", /for every service of Telegram Views/);
    await shop.say(ADMIN, "100", /Markup: 100%/);
    const summary = await shop.orderUpToSummary(buyer, { category: "Telegram Views", service: /Post Views/, link: "t.me/views_chan/5", quantity: 1000 });
    expect(summary?.text).toContain("Total: UZS 1.80");
    await shop.say(buyer, "/cancel", /Cancelled/);
    await shop.click(ADMIN, "Services", /Telegram Views.*services/);
    await shop.click(ADMIN, /#5 /, /Service #5/);
    expect(shop.tg.lastMessage(ADMIN.id)?.text).toMatch(/UZS 1\.80 \(category markup 100%\)/);
  });
});

describe("/stats", () => {
  it("counts a known set of orders and users, per window, using the indexes", async () => {
    const shop = await TestShop.start();
    try {
      await shop.say(ADMIN, "/start", /Welcome/);
      const now = Date.now();
      const today = Math.max(startOfDay(now), now - 60_000);
      seedUsers(shop, 3, 50_000, { createdAt: today });
      seedUsers(shop, 2, 50_100, { createdAt: now - 3 * DAY });
      seedUsers(shop, 4, 50_200, { createdAt: now - 20 * DAY });
      seedUsers(shop, 5, 50_300, { createdAt: now - 40 * DAY });
      const o = (userId: number, serviceId: number, status: string, priceMinor: number, costMinor: number, createdAt: number, extra: { refundedMinor?: number; remains?: number } = {}) =>
        insertOrder(shop, { userId, serviceId, status, priceMinor, costMinor, createdAt, ...extra });
      // today
      o(50_000, 1, "completed", 10_000, 8000, today);
      o(50_001, 1, "partial", 10_000, 8000, today, { refundedMinor: 4000, remains: 400 }); // cost 8000 x 600/1000 = 4800
      o(50_001, 3, "canceled", 5000, 3000, today, { refundedMinor: 5000 }); // cost 0
      o(50_002, 3, "failed", 7000, 4000, today, { refundedMinor: 7000 }); // never placed: 0 everywhere
      o(50_000, 3, "pending", 3000, 2000, today);
      o(50_002, 1, "unknown", 2000, 1500, today);
      // 3 days ago
      o(50_100, 1, "completed", 20_000, 15_000, now - 3 * DAY);
      o(50_101, 3, "in_progress", 4000, 2500, now - 3 * DAY);
      // 20 days ago
      o(50_200, 1, "completed", 50_000, 40_000, now - 20 * DAY);
      o(50_201, 1, "partial", 10_000, 8000, now - 20 * DAY, { remains: -50 }); // over-delivered: full cost
      // 40 days ago: outside every window
      o(50_300, 1, "completed", 99_900, 1, now - 40 * DAY);

      const s = shopStats(shop.db, Date.now());
      expect(s.today).toMatchObject({
        newUsers: 4, // three seeded + the admin's /start
        activeBuyers: 3,
        orders: 6,
        ordersByStatus: { completed: 1, partial: 1, canceled: 1, failed: 1, pending: 1, unknown: 1 },
        turnoverMinor: 21_000,
        refundsMinor: 9000,
        upstreamCostMinor: 16_300,
        grossProfitMinor: 4700,
      });
      expect(s.today.topServices.map((t) => [t.serviceId, t.orders, t.turnoverMinor])).toEqual([
        [1, 3, 18_000],
        [3, 2, 3000],
      ]);
      expect(s.week).toMatchObject({ newUsers: 6, activeBuyers: 5, orders: 8, turnoverMinor: 45_000, refundsMinor: 9000, upstreamCostMinor: 33_800, grossProfitMinor: 11_200 });
      expect(s.month).toMatchObject({ newUsers: 10, activeBuyers: 7, orders: 10, turnoverMinor: 105_000, refundsMinor: 9000, upstreamCostMinor: 81_800, grossProfitMinor: 23_200 });
      expect(s.month.topServices.map((t) => [t.serviceId, t.orders, t.turnoverMinor])).toEqual([
        [1, 6, 98_000],
        [3, 3, 7000],
      ]);

      const text = (await shop.say(ADMIN, "/stats", /Today/))?.text ?? "";
      const [todayPart, weekPart, monthPart] = text.split(/\n\n/);
      expect(todayPart).toContain("New users: 4 · Active buyers: 3");
      expect(todayPart).toMatch(/Orders: 6 \(/);
      expect(todayPart).toContain("Turnover: UZS 210 · Upstream cost: UZS 163");
      expect(todayPart).toContain("Gross profit: UZS 47 · Refunds: UZS 90");
      expect(todayPart).toContain("1. #1 Telegram Members — 7-day join, no refill — 3 orders, UZS 180");
      expect(weekPart).toContain("Turnover: UZS 450 · Upstream cost: UZS 338");
      expect(monthPart).toContain("Turnover: UZS 1,050 · Upstream cost: UZS 818");
      expect(monthPart).toContain("Gross profit: UZS 232");

      // Each query is a range over an index on created_at, never a scan of the whole table.
      for (const [name, query] of Object.entries(STATS_SQL)) {
        const params = name === "topServices" ? [0, 1, 5] : [0, 1];
        const plan = (shop.db.$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join("\n");
        expect(plan, name).toMatch(/USING (COVERING )?INDEX (orders|users)_created_idx/);
        expect(plan, name).not.toMatch(/SCAN (orders|users|o)\b(?! USING)/);
      }
    } finally {
      await shop.stop();
    }
  });
});

describe("broadcast", () => {
  const TEXT = "Big sale <b>today</b> & 50% off, only at @shop";

  it("reaches every reachable user exactly once through 429s and blocks; blocked users are marked and skipped next time; a second broadcast waits", async () => {
    const shop = await TestShop.start();
    try {
      shop.app.broadcaster.setOptions({ ratePerSecond: 5000, progressIntervalMs: 150 });
      await shop.say(ADMIN, "/start", /Welcome/);
      const users = seedUsers(shop, 2000, 100_000);
      const preBlocked = seedUsers(shop, 20, 102_000, { blockedBot: true });
      const banned = seedUsers(shop, 10, 102_100, { banned: true });
      const blocking = users.filter((_, i) => i % 40 === 7); // 50 users who blocked the bot since
      for (const id of blocking) shop.tg.blockBot(id);
      const reachable = users.filter((id) => !blocking.includes(id));

      await shop.say(ADMIN, "/broadcast", /Send the message for every user/);
      const confirm = await shop.say(ADMIN, TEXT, /Send broadcast #\d+ to 2,001 users\?/);
      const preview = shop.tg.messages(ADMIN.id).filter((m) => m.text === TEXT);
      expect(preview).toHaveLength(1);
      const id = Number(/#(\d+)/.exec(confirm!.text)![1]);
      expect(broadcastRow(shop, id)?.status).toBe("draft");

      let id2 = 0;
      const injected = new Set<number>();
      const watcher = setInterval(() => {
        const sent = Number(broadcastRow(shop, id)?.sent ?? 0);
        for (const at of [1, 600, 1300]) {
          if (sent >= at && !injected.has(at)) {
            injected.add(at);
            shop.tg.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 });
          }
        }
      }, 10);
      try {
        await shop.click(ADMIN, "✅ Send", /Broadcast #\d+ starts now, to 2,001 users|Broadcast #\d+: /);
        // A second broadcast (a photo) queued while the first is being sent.
        const running = Number(broadcastRow(shop, id)?.sent);
        expect(running).toBeLessThan(1951);
        await shop.say(ADMIN, "/broadcast", /is being sent/);
        const after = shop.tg.seq;
        shop.tg.sendPhoto(ADMIN, { caption: "Photo news", fileId: "AgACAgIAAxkBAAIphotoNews" });
        const confirm2 = await shop.tg.waitForMessage(ADMIN.id, /Send broadcast #\d+ to/, { after });
        id2 = Number(/#(\d+)/.exec(confirm2.text)![1]);
        await shop.click(ADMIN, "✅ Send", /is queued .* it starts when the 1 before it are done/);

        const done = await waitForBroadcast(shop, id, "done", 45_000);
        expect(done).toMatchObject({ sent: 1951, blocked: 50, failed: 0, total: 2001 });
        const done2 = await waitForBroadcast(shop, id2, "done", 45_000);
        expect(done2).toMatchObject({ sent: 1951, blocked: 0, failed: 0 });
        expect(Number(done2.started_at)).toBeGreaterThanOrEqual(Number(done.finished_at));
      } finally {
        clearInterval(watcher);
      }
      expect(injected.size).toBe(3);
      expect(shop.tg.calls.filter((c) => c.error?.error_code === 429).length).toBeGreaterThanOrEqual(3);

      const sendTo = new Map<number, number>();
      for (const c of shop.tg.calls) if ((c.method === "sendMessage" || c.method === "sendPhoto") && c.ok) sendTo.set(c.params.chat_id as number, (sendTo.get(c.params.chat_id as number) ?? 0) + 1);
      for (const uid of reachable) {
        const got = shop.tg.messages(uid);
        expect(got.filter((m) => m.text === TEXT && m.kind === "text"), `user ${uid}`).toHaveLength(1);
        expect(got.filter((m) => m.kind === "photo" && m.text === "Photo news"), `user ${uid}`).toHaveLength(1);
        expect(got).toHaveLength(2);
      }
      const blockedNow = shop.db.$client.prepare("select id from users where blocked_bot = 1 order by id").all().map((r) => (r as { id: number }).id);
      expect(blockedNow).toEqual([...blocking, ...preBlocked]);
      const attempted = new Set(shop.tg.calls.filter((c) => c.method === "sendMessage" || c.method === "sendPhoto").map((c) => c.params.chat_id as number));
      for (const uid of [...preBlocked, ...banned]) expect(attempted.has(uid), `user ${uid}`).toBe(false);
      // Blocked in the first broadcast: not even tried in the second.
      const photoTried = new Set(shop.tg.calls.filter((c) => c.method === "sendPhoto").map((c) => c.params.chat_id as number));
      for (const uid of blocking) expect(photoTried.has(uid)).toBe(false);

      // The progress message: edited as it went, and the final figures.
      const progress = shop.tg.message(ADMIN.id, Number(broadcastRow(shop, id)?.progress_message_id))!;
      expect(progress.text).toBe(`✅ Broadcast #${id} is done: sent 1,951, blocked the bot 50, failed 0.`);
      expect(progress.edit_count).toBeGreaterThan(2);
      expect(progress.reply_markup).toBeUndefined();
      expect(auditRows(shop).filter((a) => a.action === "broadcast_start").map((a) => a.target)).toEqual([`broadcast:${id}`, `broadcast:${id2}`]);
      // The admin is a user too: the preview and the broadcast itself.
      expect(shop.tg.messages(ADMIN.id).filter((m) => m.text === TEXT)).toHaveLength(2);
    } finally {
      await shop.stop();
    }
  }, 60_000);

  it("resumes after a restart from where it was, repeating no one", async () => {
    const shop = await TestShop.start();
    try {
      shop.app.broadcaster.setOptions({ ratePerSecond: 150, progressIntervalMs: 200 });
      await shop.say(ADMIN, "/start", /Welcome/);
      const users = seedUsers(shop, 300, 200_000);
      await shop.say(ADMIN, "/broadcast", /Send the message/);
      const confirm = await shop.say(ADMIN, "Resume me", /Send broadcast #\d+ to 301 users/);
      const id = Number(/#(\d+)/.exec(confirm!.text)![1]);
      await shop.click(ADMIN, "✅ Send", /starts now|Broadcast #\d+: /);
      for (let i = 0; i < 400 && Number(broadcastRow(shop, id)?.sent) < 60; i++) await new Promise((r) => setTimeout(r, 10));

      await shop.restart();
      const mid = broadcastRow(shop, id)!;
      expect(mid.status).toBe("sending");
      expect(Number(mid.sent)).toBeGreaterThanOrEqual(60);
      expect(Number(mid.sent)).toBeLessThan(300);
      shop.app.broadcaster.setOptions({ ratePerSecond: 5000 });

      const done = await waitForBroadcast(shop, id, "done", 30_000);
      expect(done).toMatchObject({ sent: 301, blocked: 0, failed: 0 });
      for (const uid of users) expect(shop.tg.messages(uid).filter((m) => m.text === "Resume me"), `user ${uid}`).toHaveLength(1);
      expect(shop.logLines.some((l) => l.includes("broadcast resumed"))).toBe(true);
    } finally {
      await shop.stop();
    }
  });

  it("keeps under Telegram's overall limit at the default pace, and stops when asked", async () => {
    const tg = await FakeTelegram.start({ globalRateLimitPerSecond: 30 });
    const shop = await TestShop.start({ tg });
    try {
      await shop.say(ADMIN, "/start", /Welcome/);
      seedUsers(shop, 40, 300_000);
      await shop.say(ADMIN, "/broadcast", /Send the message/);
      const confirm = await shop.say(ADMIN, "Paced", /Send broadcast #\d+ to 41 users/);
      const id = Number(/#(\d+)/.exec(confirm!.text)![1]);
      await new Promise((r) => setTimeout(r, 1100)); // the admin's own messages leave the 1 s window
      await shop.click(ADMIN, "✅ Send", /starts now|Broadcast #\d+: /);
      await waitForBroadcast(shop, id, "done", 10_000);
      expect(tg.calls.filter((c) => c.error?.error_code === 429)).toHaveLength(0);
      expect(broadcastRow(shop, id)).toMatchObject({ sent: 41, blocked: 0, failed: 0 });

      // Stop: the second one ends where it is.
      await shop.say(ADMIN, "/broadcast", /Send the message/);
      const confirm2 = await shop.say(ADMIN, "Stop me", /Send broadcast #\d+/);
      const id2 = Number(/#(\d+)/.exec(confirm2!.text)![1]);
      await shop.click(ADMIN, "✅ Send", /starts now|Broadcast #\d+: /);
      for (let i = 0; i < 200 && Number(broadcastRow(shop, id2)?.sent) < 5; i++) await new Promise((r) => setTimeout(r, 10));
      await shop.click(ADMIN, "⏹ Stop", /stopped after/);
      await shop.tg.settle(200);
      const stopped = broadcastRow(shop, id2)!;
      expect(stopped.status).toBe("cancelled");
      expect(Number(stopped.sent)).toBeLessThan(41);
      const stopMe = shop.tg.calls.filter((c) => c.method === "sendMessage" && c.params.text === "Stop me" && c.ok && c.params.chat_id !== ADMIN.id).length;
      expect(stopMe).toBeGreaterThan(0);
      expect(stopMe).toBeLessThanOrEqual(Number(stopped.sent) + 1); // + one in flight when Stop was pressed
      expect(auditRows(shop).map((a) => a.action)).toEqual(expect.arrayContaining(["broadcast_start", "broadcast_stop"]));
    } finally {
      await shop.stop();
    }
  });
});
