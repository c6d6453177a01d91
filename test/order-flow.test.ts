import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PanelSimulator } from "../src/simulators/panel.js";
import { ADMIN, newUser, TestShop } from "./support/harness.js";

const PANEL_KEY = "pk_live_DO-NOT-LEAK_7f3a9c";

describe("a buyer orders a panel service end to end", () => {
  let shop: TestShop;

  beforeAll(async () => {
    shop = await TestShop.start({ panel: await PanelSimulator.start({ key: PANEL_KEY }) });
    await shop.say(ADMIN, "/start", /Welcome/);
  });
  afterAll(async () => {
    // The key must not appear anywhere: logs, chats, errors. Checked over everything the suite did.
    const output = shop.allOutput();
    expect(output.length).toBeGreaterThan(1000);
    expect(output).not.toContain(PANEL_KEY);
    expect(output).not.toContain(shop.tg.token.split(":")[1]);
    await shop.stop();
  });

  it("places a Default order: one charge, one add with the right fields, the order number in the reply", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    expect(shop.tg.lastMessage(buyer.id)?.text).toMatch(/credited with UZS 1,000/);

    const summary = await shop.orderUpToSummary(buyer, {
      category: "Telegram Members",
      service: /7-day join/,
      link: "https://t.me/my_channel",
      quantity: 1000,
    });
    // 60.00000 per 1000 upstream, +25% markup = 75 per 1000
    expect(summary?.text).toContain("Total: UZS 75");
    const addsBefore = shop.panel.requestCount("add");
    const placed = await shop.click(buyer, /Confirm/, /Order #\d+ is placed/);
    expect(placed?.text).toMatch(/Charged: UZS 75\. Balance: UZS 925\./);
    expect(shop.panel.requestCount("add")).toBe(addsBefore + 1);
    const add = shop.panel.requests.filter((r) => r.action === "add").at(-1)!;
    expect(add.params).toEqual({ service: "1", link: "https://t.me/my_channel", quantity: "1000" });
    const [order] = shop.orderRows(buyer.id);
    expect(order).toMatchObject({ status: "pending", price_minor: 7500, quantity: 1000 });
    expect(order!.upstream_id).toBeTypeOf("number");
    expect(shop.balanceOf(buyer.id)).toBe(92_500);
    shop.checkBooks(buyer.id);
  });

  it("sends answer_number upstream for a Poll service", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "100");
    await shop.orderUpToSummary(buyer, { category: "Telegram Votes", service: /Poll Votes/, link: "t.me/some_group/77", quantity: 100, answer: 2 });
    await shop.click(buyer, /Confirm/, /is placed/);
    const add = shop.panel.requests.filter((r) => r.action === "add").at(-1)!;
    expect(add.params).toEqual({ service: "3", link: "https://t.me/some_group/77", quantity: "100", answer_number: "2" });
    shop.checkBooks(buyer.id);
  });

  it("answers bad input plainly and asks again; nothing is charged or sent", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "100");
    const adds = shop.panel.requestCount("add");
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Members", /Choose a service/);
    await shop.click(buyer, /7-day join/, /Send the link/);
    await shop.say(buyer, "https://t.me@evil.example/x", /not a Telegram link/);
    await shop.say(buyer, "hello", /not a Telegram link/);
    await shop.say(buyer, "https://t.me/good_channel", /How many\? \(10 – 100,000\)/);
    await shop.say(buyer, "5", /below the minimum/);
    await shop.say(buyer, "100001", /above the maximum/);
    await shop.say(buyer, "ten", /whole number/);
    await shop.say(buyer, "1e3", /whole number/);
    await shop.say(buyer, "-50", /whole number/);
    await shop.say(buyer, "١٠٠", /whole number/);
    // Still at the quantity step: a good answer goes on to the summary.
    await shop.say(buyer, "100", /Your order/);
    await shop.say(buyer, "/cancel", /Cancelled/);
    expect(shop.panel.requestCount("add")).toBe(adds);
    expect(shop.balanceOf(buyer.id)).toBe(10_000);
    shop.checkBooks(buyer.id);
  });

  it("says the balance is too low before anything goes upstream", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1");
    const adds = shop.panel.requestCount("add");
    const summary = await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/chan_nel", quantity: 1000 });
    expect(summary?.text).toMatch(/balance is too low.*costs UZS 75.*you have UZS 1/s);
    const buttons = JSON.stringify(summary?.reply_markup ?? {});
    expect(buttons).not.toContain("Confirm");
    expect(shop.panel.requestCount("add")).toBe(adds);
    expect(shop.balanceOf(buyer.id)).toBe(100);
  });

  it("places one order and charges once when Confirm is tapped twice", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const summary = await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/twice_channel", quantity: 1000 });
    const adds = shop.panel.requestCount("add");
    shop.tg.pressButton(buyer, summary!.message_id, "o:ok");
    shop.tg.pressButton(buyer, summary!.message_id, "o:ok");
    await shop.tg.waitForMessage(buyer.id, /is placed/);
    await shop.tg.settle(100);
    expect(shop.panel.requestCount("add")).toBe(adds + 1);
    expect(shop.orderRows(buyer.id)).toHaveLength(1);
    expect(shop.balanceOf(buyer.id)).toBe(100_000 - 7500);
    shop.checkBooks(buyer.id);
  });

  it("follows the order: started and completed notices", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/done_channel", quantity: 100 });
    await shop.click(buyer, /Confirm/, /is placed/);
    const order = shop.orderRows(buyer.id)[0]!;
    shop.panel.setStatus(order.upstream_id as number, "In progress", { startCount: 120, remains: 60 });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${order.id} .* has started`));
    shop.panel.setStatus(order.upstream_id as number, "Completed", { remains: 0 });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${order.id} .* is completed`));
    expect(shop.orderRows(buyer.id)[0]).toMatchObject({ status: "completed", start_count: 120, remains: 0, refunded_minor: 0 });
    // A later cycle does not touch a final order or notify again.
    const sent = shop.tg.messages(buyer.id).length;
    await shop.poll();
    expect(shop.tg.messages(buyer.id).length).toBe(sent);
  });

  it("refunds a Partial order to the minor unit, once", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "100");
    // Poll votes: 36 per 1000 +25% = 45 per 1000; 333 votes = 14.985 -> 14.99 (rounded up)
    await shop.orderUpToSummary(buyer, { category: "Telegram Votes", service: /Poll Votes/, link: "t.me/poll_chan/5", quantity: 333, answer: 1 });
    await shop.click(buyer, /Confirm/, /Charged: UZS 14\.99/);
    const order = shop.orderRows(buyer.id)[0]!;
    shop.panel.setStatus(order.upstream_id as number, "Partial", { remains: 100 });
    await shop.poll();
    // 1499 x 100 / 333 = 450.15 -> 450 minor units, rounded down
    await shop.tg.waitForMessage(buyer.id, /partly delivered: 100 not delivered[\s\S]*UZS 4\.50/);
    expect(shop.orderRows(buyer.id)[0]).toMatchObject({ status: "partial", refunded_minor: 450 });
    expect(shop.balanceOf(buyer.id)).toBe(10_000 - 1499 + 450);
    shop.panel.setStatus(order.upstream_id as number, "Canceled");
    await shop.poll();
    expect(shop.balanceOf(buyer.id)).toBe(10_000 - 1499 + 450);
    shop.checkBooks(buyer.id);
  });

  it("refunds a Canceled order in full (either spelling)", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/cancel_chan", quantity: 1000 });
    await shop.click(buyer, /Confirm/, /is placed/);
    const order = shop.orderRows(buyer.id)[0]!;
    shop.panel.setStatus(order.upstream_id as number, "Cancelled", { remains: 1000 });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, /was canceled[\s\S]*Refunded to your balance: UZS 75/);
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
    shop.checkBooks(buyer.id);
  });

  it("refunds at once and says so plainly when the panel refuses the order", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/refused_chan", quantity: 1000 });
    shop.panel.fault("add", { error: "Bad link" });
    const reply = await shop.click(buyer, /Confirm/, /could not take this order/);
    expect(reply?.text).toContain("the link was not accepted");
    expect(reply?.text).not.toContain("Bad link");
    expect(shop.orderRows(buyer.id)[0]).toMatchObject({ status: "failed", refunded_minor: 7500 });
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
    shop.checkBooks(buyer.id);
  });

  it("leaves a timed-out add as unknown: no refund, no resend, the buyer told it is being checked, admins alerted", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/slow_chan", quantity: 1000 });
    const adds = shop.panel.requestCount("add");
    const upstreamOrders = shop.panel.orders.size;
    shop.panel.fault("add", "stall");
    await shop.click(buyer, /Confirm/, /being checked with the provider/);
    expect(shop.panel.requestCount("add")).toBe(adds + 1);
    expect(shop.panel.orders.size).toBe(upstreamOrders + 1); // the panel did make it
    const order = shop.orderRows(buyer.id)[0]!;
    expect(order).toMatchObject({ status: "unknown", refunded_minor: 0, upstream_id: null });
    expect(shop.balanceOf(buyer.id)).toBe(92_500);
    await shop.app.notices.runOnce();
    await shop.tg.waitForMessage(ADMIN.id, new RegExp(`Order #${order.id} .*may or may not exist`));
    await shop.say(buyer, "/orders", /being checked/);
    shop.checkBooks(buyer.id);
  });

  it("leaves the order for a command or a menu button pressed mid-order, and handles it", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Members", /Choose a service/);
    await shop.click(buyer, /7-day join/, /Send the link/);
    await shop.say(buyer, "t.me/mid_order_chan", /How many/);
    // A command: the order is left, the command answered.
    await shop.say(buyer, "/balance", /Your balance: UZS 1,000/);
    // The quantity is no longer an answer to anything.
    await shop.say(buyer, "100", /menu/i);
    // A menu button mid-order does the same.
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.say(buyer, "💰 Balance", /Your balance: UZS 1,000/);
    expect(shop.orderRows(buyer.id)).toHaveLength(0);
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
  });

  it("keeps admin commands hidden from buyers", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/start", /Welcome/);
    await shop.say(buyer, `/credit ${buyer.id} 1000000`, /don't know that command/);
    expect(shop.balanceOf(buyer.id)).toBe(0);
  });
});

describe("restarts and outages", () => {
  it("survives a restart mid-order: the conversation, balances and polling carry on", async () => {
    const shop = await TestShop.start();
    try {
      const buyer = newUser();
      await shop.say(ADMIN, "/start", /Welcome/);
      await shop.credit(buyer, "1000");
      // One order placed before the restart, one half-way through the conversation.
      await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/first_chan", quantity: 100 });
      await shop.click(buyer, /Confirm/, /is placed/);
      await shop.say(buyer, "/order", /Choose a category/);
      await shop.click(buyer, "Telegram Members", /Choose a service/);
      await shop.click(buyer, /7-day join/, /Send the link/);
      await shop.say(buyer, "t.me/second_chan", /How many/);

      await shop.restart();

      expect(shop.balanceOf(buyer.id)).toBe(100_000 - 750);
      await shop.say(buyer, "200", /Your order/);
      await shop.click(buyer, /Confirm/, /is placed/);
      const rows = shop.orderRows(buyer.id);
      expect(rows).toHaveLength(2);
      expect(rows[1]).toMatchObject({ link: "https://t.me/second_chan", quantity: 200 });
      shop.panel.setStatus(rows[0]!.upstream_id as number, "Completed", { remains: 0 });
      await shop.poll();
      await shop.tg.waitForMessage(buyer.id, new RegExp(`Order #${rows[0]!.id} .* is completed`));
      expect(shop.balanceOf(buyer.id)).toBe(shop.ledgerSum(buyer.id));
    } catch (e) {
      console.log(shop.logLines.filter((l) => /"level":(40|50)/.test(l)).join("\n"));
      throw e;
    } finally {
      await shop.stop();
    }
  });

  it("refunds at once when the panel cannot be reached (nothing was sent)", async () => {
    const shop = await TestShop.start();
    try {
      const buyer = newUser();
      await shop.say(ADMIN, "/start", /Welcome/);
      await shop.credit(buyer, "1000");
      await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/down_chan", quantity: 1000 });
      await shop.panel.close(); // connection refused from now on
      const reply = await shop.click(buyer, /Confirm/, /could not take this order/);
      expect(reply?.text).toContain("not reachable");
      expect(shop.orderRows(buyer.id)[0]).toMatchObject({ status: "failed", refunded_minor: 7500 });
      expect(shop.balanceOf(buyer.id)).toBe(100_000);
      expect(shop.balanceOf(buyer.id)).toBe(shop.ledgerSum(buyer.id));
    } finally {
      await shop.stop();
    }
  });
});

describe("order steps under a slow panel", () => {
  it("with more confirmations waiting on the panel than order-step slots, other buyers still order and see their balance", async () => {
    // 10 buyers confirm while the panel takes 3 s per add: more than the 8 order steps that run at once
    // (src/bot/step-gate.ts). Each gives its slot back while the panel works.
    const shop = await TestShop.start({ env: { PANEL_TIMEOUT_SECONDS: "20" } });
    try {
      const waiting = Array.from({ length: 10 }, () => newUser());
      for (const b of waiting) {
        await shop.credit(b, "1000");
        await shop.orderUpToSummary(b, { category: "Telegram Members", service: /7-day join/, link: "t.me/queue_chan", quantity: 100 });
      }
      shop.panel.setLatency(3000, "add");
      const adds = shop.panel.requestCount("add");
      const placed = waiting.map((b) => shop.click(b, /Confirm/, /is placed/));
      // Every add goes out to the panel at once: none waits for another's answer.
      for (let i = 0; i < 100 && shop.panel.requestCount("add") < adds + 10; i++) await shop.tg.settle(20);
      expect(shop.panel.requestCount("add")).toBe(adds + 10);
      const other = newUser();
      await shop.credit(other, "1000");
      await shop.orderUpToSummary(other, { category: "Telegram Members", service: /7-day join/, link: "t.me/other_chan", quantity: 100 });
      await shop.say(other, "/balance", /Your balance/);
      // All of that went through while the ten were still waiting for the panel.
      expect(waiting.filter((b) => /is placed/.test(shop.tg.lastMessage(b.id)?.text ?? ""))).toHaveLength(0);
      await Promise.all(placed);
      for (const b of waiting) {
        expect(shop.orderRows(b.id)[0]).toMatchObject({ status: "pending" });
        expect(shop.balanceOf(b.id)).toBe(shop.ledgerSum(b.id));
      }
    } finally {
      await shop.stop();
    }
  }, 20_000);
});
