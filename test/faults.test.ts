// Faults from the peers, through the real bot: the panel answering garbage or nothing, Telegram
// rate-limiting, refusing, failing and dropping connections. Each time the buyer gets a plain message
// and the money stays right.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Fault } from "../src/simulators/panel.js";
import type { FakeUser } from "../src/simulators/telegram.js";
import { ADMIN, newUser, TestShop } from "./support/harness.js";

let shop: TestShop;

beforeAll(async () => {
  shop = await TestShop.start({ env: { PANEL_TIMEOUT_SECONDS: "1" } });
  await shop.say(ADMIN, "/start", /Welcome/);
});
afterAll(async () => {
  const errors = shop.logLines.filter((l) => /"level":(50|60)/.test(l) && !/order outcome unknown after add/.test(l));
  await shop.stop();
  // Nothing crashed: no update failed and the fake never saw a malformed call.
  expect(errors.filter((l) => /update failed|cycle failed|dispatch failed/.test(l))).toEqual([]);
  expect(shop.tg.internalErrors).toEqual([]);
});

/** Words of the panel or of the transport that a buyer must never see. */
const RAW = /Internal Server Error|<html|DOCTYPE|Just a moment|JSON|Unexpected|socket|ECONN|UND_ERR|timeout|Incorrect|panel outcome|undefined|null/i;

async function placed(buyer: FakeUser, link: string, quantity = 1000) {
  await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link, quantity });
  await shop.click(buyer, /Confirm/, /is placed/);
  return shop.orderRows(buyer.id).at(-1)!;
}

describe("panel faults on add: the order may exist, so it is held as unknown, never refunded blindly or resent", () => {
  const faults: Array<[string, Fault]> = [
    ["HTTP 500", "http500"],
    ["an HTML page", "html"],
    ["an empty body", "empty"],
    ["invalid JSON", "invalid-json"],
    ["a dropped connection", "drop"],
    ["a stall past PANEL_TIMEOUT_SECONDS", "stall"],
    ["a 502 page from a proxy", { raw: "<html><body><h1>502 Bad Gateway</h1></body></html>", status: 502, contentType: "text/html" }],
    ["an answer without the order id", { json: { status: "ok" } }],
    ["an order id that is not a number", { json: { order: "abc" } }],
  ];

  for (const [name, fault] of faults) {
    it(name, async () => {
      const buyer = newUser();
      await shop.credit(buyer, "1000");
      await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: `t.me/fault_${buyer.id}`, quantity: 1000 });
      const adds = shop.panel.requestCount("add");
      shop.panel.fault("add", fault);
      const reply = await shop.click(buyer, /Confirm/, /being checked with the provider/);
      expect(reply!.text).not.toMatch(RAW);
      expect(shop.panel.requestCount("add")).toBe(adds + 1); // never retried
      const [order] = shop.orderRows(buyer.id);
      expect(order).toMatchObject({ status: "unknown", refunded_minor: 0, upstream_id: null, price_minor: 7500 });
      expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
      shop.checkBooks(buyer.id);
      // The admin is told; the buyer's later /orders shows it as being checked.
      await shop.app.notices.runOnce();
      await shop.tg.waitForMessage(ADMIN.id, new RegExp(`Order #${order!.id} .*may or may not exist`), { after: 0 });
    });
  }
});

describe("panel faults on status: nothing changes, the buyer gets a plain answer, the next good answer applies", () => {
  let buyer: FakeUser;
  let order: Record<string, unknown>;

  beforeAll(async () => {
    buyer = newUser();
    await shop.credit(buyer, "1000");
    order = await placed(buyer, "t.me/status_faults");
  });

  const faults: Array<[string, Fault]> = [
    ["HTTP 500", "http500"],
    ["an HTML page", "html"],
    ["an empty body", "empty"],
    ["invalid JSON", "invalid-json"],
    ["a dropped connection", "drop"],
    ["a stall", "stall"],
    ["the panel's error", { error: "Service temporarily unavailable" }],
  ];
  for (const [name, fault] of faults) {
    it(name, async () => {
      const before = shop.tg.messages(buyer.id).length;
      // Reads are retried twice: break every attempt.
      shop.panel.fault("status", fault, 3);
      const report = await shop.poll();
      expect(report.errors).toBeGreaterThan(0);
      shop.panel.clearFaults();
      expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "pending", refunded_minor: 0 });
      expect(shop.tg.messages(buyer.id).length).toBe(before); // no notice
      expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
    });
  }

  it("Refresh on the card during an outage says so plainly and keeps the last known status", async () => {
    await shop.say(buyer, "/orders", /Your orders/);
    await shop.click(buyer, `#${order.id}`, new RegExp(`Order #${order.id}`));
    shop.panel.fault("status", "http500", 3);
    const reply = await shop.click(buyer, /Refresh/, /did not answer right now/);
    shop.panel.clearFaults();
    expect(reply!.text).not.toMatch(RAW);
    expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "pending" });
  });

  it("Refresh during a stall: the button is answered at once, the plain answer follows", async () => {
    // Telegram refuses a button answer that comes too late; a stalled panel is retried for seconds.
    await shop.say(buyer, "/orders", /Your orders/);
    await shop.click(buyer, `#${order.id}`, new RegExp(`Order #${order.id}`));
    shop.panel.fault("status", "stall", 3);
    const after = shop.tg.seq;
    const started = Date.now();
    shop.tg.clickButton(buyer, /Refresh/);
    await shop.tg.waitForCall("answerCallbackQuery", undefined, { after, timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(1500);
    const reply = await shop.tg.waitForMessage(buyer.id, /did not answer right now/, { after, timeoutMs: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(reply.text).not.toMatch(RAW);
    shop.panel.clearFaults();
    expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "pending", refunded_minor: 0 });
  });

  it("a cancel request the panel does not answer: the buyer is told, nothing is refunded or marked", async () => {
    shop.panel.fault("cancel", "html");
    const reply = await shop.click(buyer, /Cancel order/, /did not answer right now/);
    expect(reply!.text).not.toMatch(RAW);
    expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "pending", refunded_minor: 0, cancel_requested_at: null });
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
  });

  it("after the outage the next good answer applies, once", async () => {
    shop.panel.setStatus(order.upstream_id as number, "In progress", { startCount: 5, remains: 500 });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${order.id} .* has started`), { after: 0 });
    shop.checkBooks(buyer.id);
  });
});

describe("odd status answers: a wrong currency, missing fields", () => {
  it("a wrong currency and a huge charge change nothing about money", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const o = await placed(buyer, "t.me/currency_chan");
    shop.panel.fault("status", {
      json: { [String(o.upstream_id)]: { charge: "999999.99", start_count: "10", status: "Completed", remains: "0", currency: "USD" } },
    });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${o.id} .* is completed`), { after: 0 });
    expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "completed", refunded_minor: 0, price_minor: 7500 });
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
    shop.checkBooks(buyer.id);
  });

  it("a Partial without remains is not settled at a refund of 0: kept, logged, settled when the count comes", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const o = await placed(buyer, "t.me/partial_chan");
    const key = String(o.upstream_id);
    shop.panel.fault("status", { json: { [key]: { charge: "60", start_count: "10", status: "Partial", currency: "UZS" } } });
    await shop.poll();
    expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "pending", refunded_minor: 0 });
    expect(shop.logLines.some((l) => l.includes("Partial without remains"))).toBe(true);
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
    // The count arrives: 250 of 1000 not delivered -> a quarter back.
    shop.panel.setStatus(o.upstream_id as number, "Partial", { remains: 250 });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, /partly delivered: 250 not delivered[\s\S]*UZS 18\.75/, { after: 0 });
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500 + 1875);
    shop.checkBooks(buyer.id);
  });

  it("a status item without a status word, or a bare error string, keeps the order as it was", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const a = await placed(buyer, "t.me/missing_a", 100);
    const b = await placed(buyer, "t.me/missing_b", 100);
    shop.panel.fault("status", {
      json: { [String(a.upstream_id)]: { charge: "6", start_count: "1", remains: "0", currency: "UZS" }, [String(b.upstream_id)]: "Incorrect order ID" },
    });
    const report = await shop.poll();
    expect(report.missing).toBeGreaterThanOrEqual(2);
    for (const r of shop.orderRows(buyer.id)) expect(r).toMatchObject({ status: "pending", refunded_minor: 0 });
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 1500);
    shop.checkBooks(buyer.id);
  });
});

describe("Telegram faults", () => {
  const sendsTo = (chatId: number, text: RegExp) =>
    shop.tg.calls.filter((c) => c.method === "sendMessage" && Number(c.params.chat_id) === chatId && text.test(String(c.params.text)));

  it("429 with retry_after: waited out, the reply arrives once", async () => {
    const buyer = newUser();
    shop.tg.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 });
    const started = Date.now();
    await shop.say(buyer, "/start", /Welcome/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const calls = sendsTo(buyer.id, /Welcome/);
    expect(calls.map((c) => c.error?.error_code ?? 200)).toEqual([429, 200]);
    expect(shop.tg.messages(buyer.id).filter((m) => /Welcome/.test(m.text))).toHaveLength(1);
  });

  it("403 (the buyer blocked the bot): the notice is marked failed, not retried, the balance kept, the user marked", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "100");
    shop.tg.blockBot(buyer.id);
    await shop.say(ADMIN, `/credit ${buyer.id} 50`, /Credited/);
    await shop.app.notices.runOnce();
    await shop.app.notices.runOnce();
    await shop.app.notices.runOnce();
    const attempts = sendsTo(buyer.id, /credited/);
    expect(attempts.map((c) => c.error?.error_code)).toEqual([undefined, 403]); // the first credit before blocking
    const notice = shop.db.$client
      .prepare("select sent_at, failed_at, attempts from notifications where chat_id = ? order by id desc limit 1")
      .get(buyer.id) as { sent_at: number | null; failed_at: number | null; attempts: number };
    expect(notice).toMatchObject({ sent_at: null, attempts: 1 });
    expect(notice.failed_at).not.toBeNull();
    const row = shop.db.$client.prepare("select blocked_bot, balance_minor from users where id = ?").get(buyer.id) as { blocked_bot: number; balance_minor: number };
    expect(row).toEqual({ blocked_bot: 1, balance_minor: 15_000 });
    shop.checkBooks(buyer.id);
    shop.tg.unblockBot(buyer.id);
  });

  it("403 on an order's notice: the order and the refund stand, the notice is dropped", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const o = await placed(buyer, "t.me/blocked_chan");
    shop.tg.blockBot(buyer.id);
    shop.panel.setStatus(o.upstream_id as number, "Canceled");
    await shop.poll();
    expect(shop.orderRows(buyer.id).at(-1)).toMatchObject({ status: "canceled", refunded_minor: 7500 });
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
    const n = shop.db.$client.prepare("select failed_at from notifications where chat_id = ? and kind = 'order_status'").get(buyer.id) as { failed_at: number | null };
    expect(n.failed_at).not.toBeNull();
    shop.checkBooks(buyer.id);
    shop.tg.unblockBot(buyer.id);
  });

  it("5xx on sendMessage: retried, the reply arrives once", async () => {
    const buyer = newUser();
    shop.tg.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    shop.tg.sendText(buyer, "/start");
    await shop.tg.waitForMessage(buyer.id, /Welcome/, { timeoutMs: 10_000 });
    expect(sendsTo(buyer.id, /Welcome/).map((c) => c.error?.error_code ?? 200)).toEqual([502, 200]);
    expect(shop.tg.messages(buyer.id)).toHaveLength(1);
  }, 20_000);

  it("a dropped connection on sendMessage (not delivered): retried, arrives once", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    const seq = shop.tg.seq;
    shop.tg.dropNext("sendMessage");
    shop.tg.sendText(buyer, "/balance");
    const m = await shop.tg.waitForMessage(buyer.id, /Your balance:/, { timeoutMs: 10_000 });
    expect(sendsTo(buyer.id, /Your balance:/).filter((c) => c.seq > seq).map((c) => c.error?.error_code ?? 200)).toEqual([0, 200]);
    expect(shop.tg.messages(buyer.id).filter((x) => x.sent_seq > seq && x.text === m.text)).toHaveLength(1);
  }, 20_000);

  it("a notice whose first send fails with 500 is delivered once", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "10");
    shop.tg.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });
    await shop.say(ADMIN, `/credit ${buyer.id} 5`, /Credited/);
    await shop.tg.waitForMessage(buyer.id, /credited with UZS 5\b/, { timeoutMs: 10_000 });
    await shop.app.notices.runOnce();
    expect(shop.tg.messages(buyer.id).filter((m) => /credited with UZS 5\b/.test(m.text))).toHaveLength(1);
    shop.checkBooks(buyer.id);
  }, 20_000);

  it("a menu message that can no longer be edited: the next screen comes as a new message, the order goes on", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const menu = await shop.say(buyer, "/order", /Choose a category/);
    shop.tg.failNext("editMessageText", { error_code: 400, description: "Bad Request: message to edit not found" });
    const next = await shop.click(buyer, "Telegram Members", /Choose a service/);
    expect(next!.message_id).toBeGreaterThan(menu!.message_id);
    expect(next!.edited).toBe(false);
    // The conversation keeps working after the failed edit (it replays it on every later update).
    await shop.click(buyer, /7-day join/, /Send the link/);
    await shop.say(buyer, "t.me/edit_gone", /How many/);
    await shop.say(buyer, "100", /Your order/);
    await shop.click(buyer, /Confirm/, /is placed/);
    expect(shop.orderRows(buyer.id)).toHaveLength(1);
    shop.checkBooks(buyer.id);
  });

  it("an order card that can no longer be edited is sent as a new message", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const o = await placed(buyer, "t.me/card_gone", 100);
    const list = await shop.say(buyer, "/orders", /Your orders/);
    shop.tg.failNext("editMessageText", { error_code: 400, description: "Bad Request: message to edit not found" });
    const card = await shop.click(buyer, `#${o.id}`, new RegExp(`Order #${o.id}`));
    expect(card!.message_id).toBeGreaterThan(list!.message_id);
  });
});
