import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminAdjust } from "../src/domain/admin.js";
import type { BotMessage, FakeUser } from "../src/simulators/telegram.js";
import { ADMIN, ADMIN2, dbRows, newUser, PAYMENT_ADMIN_IDS, TestShop } from "./support/harness.js";

// 1 Star = UZS 150 = 15 000 minor units; referrers get 10%.
const RATE_MINOR = 15_000;
const ENV = {
  ADMIN_IDS: PAYMENT_ADMIN_IDS,
  STARS_RATE: "150",
  STARS_PRESETS: "50,100,250",
  TOPUP_INSTRUCTIONS: "Card 8600 1234 5678 9012\\nHolder: A. <Shop>",
  REFERRAL_PERCENT: "10",
};

describe("money in: Stars, receipts, referrals, promo codes", () => {
  let shop: TestShop;

  beforeAll(async () => {
    shop = await TestShop.start({ env: ENV });
    await shop.say(ADMIN, "/start", /Welcome/);
    await shop.say(ADMIN2, "/start", /Welcome/);
  });
  afterAll(async () => {
    expect(shop.tg.internalErrors).toEqual([]);
    expect(shop.tg.unansweredCallbackQueries()).toEqual([]);
    await shop.stop();
  });

  /** Presses a button on one particular message and waits for the answer. */
  async function clickOn(user: FakeUser, message: BotMessage, button: string, expected: RegExp): Promise<BotMessage> {
    const after = shop.tg.seq;
    shop.tg.clickButton(user, button, { messageId: message.message_id });
    return shop.tg.waitForMessage(user.id, expected, { after });
  }

  const reasons = (userId: number) => dbRows(shop, "select reason, delta_minor as d from ledger where user_id = ? order by id", userId);

  /** /topup, a preset button, pay the invoice; resolves when the buyer is told. */
  async function buyStars(user: FakeUser, stars: number): Promise<string> {
    await shop.say(user, "/topup", /Top up your balance/);
    let after = shop.tg.seq;
    if ([50, 100, 250].includes(stars)) await shop.click(user, new RegExp(`^⭐ ${stars} →`));
    else {
      await shop.click(user, "Another number of Stars", /How many Stars/);
      after = shop.tg.seq;
      await shop.say(user, String(stars));
    }
    const invoice = await shop.tg.waitForMessage(user.id, (m) => m.kind === "invoice", { after });
    expect(invoice.invoice).toMatchObject({ currency: "XTR", total_amount: stars });
    const paid = await shop.tg.payInvoice(user);
    expect(paid.ok).toBe(true);
    await shop.tg.waitForMessage(user.id, /Payment received/);
    return paid.telegram_payment_charge_id!;
  }

  describe("Telegram Stars", () => {
    it("credits STARS_RATE x Stars exactly, from /topup and from the button beside the balance", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const menu = await shop.say(buyer, "/topup", /Top up your balance/);
      expect(menu?.text).toContain("1 Star = UZS 150");
      expect(shop.tg.buttons(buyer.id).flat()).toEqual(
        expect.arrayContaining(["⭐ 50 → UZS 7,500", "⭐ 100 → UZS 15,000", "⭐ 250 → UZS 37,500", "🧾 Card / wallet transfer"]),
      );
      await shop.click(buyer, "⭐ 100");
      const invoice = await shop.tg.waitForMessage(buyer.id, (m) => m.kind === "invoice");
      expect(invoice.invoice).toMatchObject({ currency: "XTR", total_amount: 100 });
      const send = shop.tg.calls.filter((c) => c.method === "sendInvoice").at(-1)!;
      expect(send.params.provider_token ?? "").toBe("");
      expect(Buffer.byteLength(invoice.invoice!.payload)).toBeLessThanOrEqual(128);

      const paid = await shop.tg.payInvoice(buyer);
      expect(paid.ok).toBe(true);
      const told = await shop.tg.waitForMessage(buyer.id, /Payment received/);
      expect(told.text).toContain("UZS 15,000 added to your balance");
      expect(shop.balanceOf(buyer.id)).toBe(100 * RATE_MINOR);
      expect(reasons(buyer.id)).toEqual([{ reason: "topup_stars", d: 100 * RATE_MINOR }]);
      expect(dbRows(shop, "select method, currency, total_amount, credited_minor, status from payments where user_id = ?", buyer.id)).toEqual([
        { method: "stars", currency: "XTR", total_amount: 100, credited_minor: 1_500_000, status: "paid" },
      ]);
      // Admins see it, with a Refund button.
      await shop.tg.waitForMessage(ADMIN.id, new RegExp(`paid 100 ⭐; credited UZS 15,000[\\s\\S]*${paid.telegram_payment_charge_id}`), { after: 0 });

      // The Top up button beside the balance opens the same menu; a custom amount works too.
      await shop.say(buyer, "/balance", /Your balance: UZS 15,000/);
      await shop.click(buyer, "Top up", /Top up your balance/);
      await shop.click(buyer, "Another number of Stars", /How many Stars/);
      await shop.say(buyer, "0", /whole number of Stars from 1/);
      await shop.say(buyer, "lots", /whole number of Stars from 1/);
      const after = shop.tg.seq;
      await shop.say(buyer, "7");
      const custom = await shop.tg.waitForMessage(buyer.id, (m) => m.kind === "invoice", { after });
      expect(custom.invoice).toMatchObject({ currency: "XTR", total_amount: 7 });
      await shop.tg.payInvoice(buyer);
      await shop.tg.waitForMessage(buyer.id, /UZS 1,050 added/);
      expect(shop.balanceOf(buyer.id)).toBe(107 * RATE_MINOR);
      shop.checkBooks(buyer.id);
    });

    it("credits a successful_payment delivered twice only once, and answers the second politely", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const charge = await buyStars(buyer, 50);
      const invoice = shop.tg.messages(buyer.id).filter((m) => m.kind === "invoice").at(-1)!;
      shop.tg.successfulPayment(buyer, { currency: "XTR", total_amount: 50, invoice_payload: invoice.invoice!.payload, telegram_payment_charge_id: charge });
      await shop.tg.waitForMessage(buyer.id, /already credited/);
      // ... and twice at the same moment.
      const p = { currency: "XTR", total_amount: 50, invoice_payload: invoice.invoice!.payload, telegram_payment_charge_id: charge };
      shop.tg.successfulPayment(buyer, p);
      shop.tg.successfulPayment(buyer, p);
      await shop.tg.settle(100);
      await shop.app.notices.runOnce();
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR);
      expect(dbRows(shop, "select count(*) as n from payments where telegram_charge_id = ?", charge)).toEqual([{ n: 1 }]);
      expect(reasons(buyer.id)).toHaveLength(1);
      expect(shop.tg.messages(buyer.id).filter((m) => /Payment received/.test(m.text))).toHaveLength(1);
      shop.checkBooks(buyer.id);
    });

    it("takes a payment and the Top up button while the buyer is in the middle of an order", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const balance = await shop.say(buyer, "/balance", /Your balance/);
      await shop.say(buyer, "/topup", /Top up your balance/);
      let after = shop.tg.seq;
      await shop.click(buyer, "⭐ 50");
      await shop.tg.waitForMessage(buyer.id, (m) => m.kind === "invoice", { after });
      await shop.say(buyer, "/order", /Choose a category/);
      // Paying the invoice mid-order: credited, and the order flow is still there.
      await shop.tg.payInvoice(buyer);
      await shop.tg.waitForMessage(buyer.id, /Payment received: UZS 7,500/);
      await shop.click(buyer, "Telegram Members", /Choose a service/);
      // The Top up button of an older message leaves the order flow and opens the menu.
      after = shop.tg.seq;
      shop.tg.clickButton(buyer, "Top up", { messageId: balance!.message_id });
      await shop.tg.waitForMessage(buyer.id, /Top up your balance/, { after });
      await shop.click(buyer, "Another number of Stars", /How many Stars/);
      after = shop.tg.seq;
      await shop.say(buyer, "3");
      await shop.tg.waitForMessage(buyer.id, (m) => m.kind === "invoice" && m.invoice?.total_amount === 3, { after });
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR);
      shop.checkBooks(buyer.id);
    });

    it("refuses a pre-checkout for a malformed or foreign payload, a changed price and a banned buyer", async () => {
      const buyer = newUser();
      const other = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      await shop.say(other, "/start", /Welcome/);
      const answer = async (user: FakeUser, q: { currency: string; total_amount: number; invoice_payload: string }) => {
        const upd = shop.tg.preCheckout(user, q);
        const id = upd.pre_checkout_query!.id;
        const call = await shop.tg.waitForCall("answerPreCheckoutQuery", (p) => String(p.pre_checkout_query_id) === id);
        return { ok: call.params.ok, error: call.params.error_message as string | undefined };
      };
      const good = `s1.${buyer.id}.50.${RATE_MINOR}`;
      expect(await answer(buyer, { currency: "XTR", total_amount: 50, invoice_payload: good })).toEqual({ ok: true, error: undefined });
      expect(await answer(buyer, { currency: "XTR", total_amount: 50, invoice_payload: "hello" })).toMatchObject({ ok: false, error: /not valid/ });
      expect(await answer(buyer, { currency: "XTR", total_amount: 51, invoice_payload: good })).toMatchObject({ ok: false, error: /not valid/ });
      expect(await answer(other, { currency: "XTR", total_amount: 50, invoice_payload: good })).toMatchObject({ ok: false, error: /another account/ });
      expect(await answer(buyer, { currency: "XTR", total_amount: 50, invoice_payload: `s1.${buyer.id}.50.1` })).toMatchObject({ ok: false, error: /price has changed/ });
      expect(await answer(buyer, { currency: "UZS", total_amount: 5000, invoice_payload: `p1.${buyer.id}.5000` })).toMatchObject({ ok: false, error: /not available/ });
      shop.db.$client.prepare("update users set banned = 1 where id = ?").run(buyer.id);
      expect(await answer(buyer, { currency: "XTR", total_amount: 50, invoice_payload: good })).toMatchObject({ ok: false, error: /restricted/ });
      // Money Telegram already took is still recorded and credited, banned or not.
      shop.tg.successfulPayment(buyer, { currency: "XTR", total_amount: 50, invoice_payload: good });
      await shop.tg.settle(50);
      await shop.app.notices.runOnce();
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR);
      shop.db.$client.prepare("update users set banned = 0 where id = ?").run(buyer.id);
    });

    it("refunds a Stars payment: debit first, then Telegram; refused when the balance is short; restored when Telegram refuses", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const charge1 = await buyStars(buyer, 100);
      const charge2 = await buyStars(buyer, 50);
      expect(shop.balanceOf(buyer.id)).toBe(150 * RATE_MINOR);

      // Refund the first one by command.
      await shop.say(ADMIN, `/refund_stars ${charge1}`, /Payment #\d+ refunded: 100 Stars back/);
      expect(shop.tg.refunds.filter((r) => r.telegram_payment_charge_id === charge1)).toEqual([
        expect.objectContaining({ user_id: buyer.id, telegram_payment_charge_id: charge1 }),
      ]);
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR);
      await shop.tg.waitForMessage(buyer.id, /payment of 100 Stars was refunded/);
      await shop.say(ADMIN, `/refund_stars ${charge1}`, /already refunded/);
      expect(shop.tg.refunds.filter((r) => r.telegram_payment_charge_id === charge1)).toHaveLength(1);

      // The buyer spent part of the second payment: no refund, nothing changed.
      adminAdjust(shop.db, { userId: buyer.id, amountMinor: 100, direction: "debit", adminId: ADMIN.id, now: Date.now() });
      await shop.say(ADMIN, `/refund_stars ${charge2}`, /was not refunded: the buyer's balance \(UZS 7,499\) no longer holds the credited UZS 7,500/);
      expect(shop.tg.refunds.some((r) => r.telegram_payment_charge_id === charge2)).toBe(false);
      expect(dbRows(shop, "select status from payments where telegram_charge_id = ?", charge2)).toEqual([{ status: "paid" }]);
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR - 100);
      shop.checkBooks(buyer.id);

      // Telegram refuses: the debit is reversed in a compensating step, with its own ledger row.
      adminAdjust(shop.db, { userId: buyer.id, amountMinor: 100, direction: "credit", adminId: ADMIN.id, now: Date.now() });
      shop.tg.failNext("refundStarPayment", { error_code: 400, description: "Bad Request: CHARGE_NOT_FOUND" });
      await shop.say(ADMIN, `/refund_stars ${charge2}`, /Telegram refused to refund payment #\d+: 400 Bad Request: CHARGE_NOT_FOUND\. The buyer's balance was restored/);
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR);
      expect(dbRows(shop, "select status from payments where telegram_charge_id = ?", charge2)).toEqual([{ status: "paid" }]);
      expect(reasons(buyer.id).filter((r) => r.reason === "payment_refund")).toEqual([
        { reason: "payment_refund", d: -100 * RATE_MINOR },
        { reason: "payment_refund", d: -50 * RATE_MINOR },
        { reason: "payment_refund", d: 50 * RATE_MINOR },
      ]);

      // The Refund button on the admins' payment notice, with a confirmation step.
      const notice = await shop.tg.waitForMessage(ADMIN.id, (m) => m.text.includes(charge2) && !!m.reply_markup, { after: 0 });
      await clickOn(ADMIN, notice, "Refund", /Refund payment #\d+ \(50 Stars\)/);
      await shop.click(ADMIN, "Yes, refund", /Payment #\d+ refunded: 50 Stars back/);
      expect(shop.tg.refunds.filter((r) => r.telegram_payment_charge_id === charge2)).toHaveLength(1);
      expect(shop.balanceOf(buyer.id)).toBe(0);
      shop.checkBooks(buyer.id);
    });
  });

  describe("receipts checked by an admin", () => {
    async function sendReceipt(buyer: FakeUser, amount: string, fileUniqueId: string): Promise<number> {
      await shop.say(buyer, "/topup", /Top up your balance/);
      const instructions = await shop.click(buyer, "Card / wallet transfer", /Card \/ wallet transfer/);
      expect(instructions?.text).toContain("Card 8600 1234 5678 9012\nHolder: A. <Shop>");
      await shop.say(buyer, amount, /photo or a PDF of the receipt/);
      const after = shop.tg.seq;
      shop.tg.sendPhoto(buyer, { fileUniqueId });
      const ok = await shop.tg.waitForMessage(buyer.id, /Receipt received: request #\d+/, { after });
      return Number(/#(\d+)/.exec(ok.text)![1]);
    }
    const card = (adminId: number, id: number): Promise<BotMessage> =>
      shop.tg.waitForMessage(adminId, (m) => m.kind === "photo" && m.text.includes(`Top-up request #${id}`), { after: 0 });

    it("credits once when two admins approve at the same moment; both cards show who decided", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const id = await sendReceipt(buyer, "50 000", "receipt-approve-1");
      const [c1, c2] = await Promise.all([card(ADMIN.id, id), card(ADMIN2.id, id)]);
      expect(c1.text).toMatch(/Buyer: .*\d+.*\nAmount: UZS 50,000/);
      expect(c1.text).not.toContain("sent before");
      expect(shop.tg.buttons(ADMIN.id, c1.message_id).flat()).toEqual(["✅ Approve", "❌ Reject", "✏️ Adjust amount"]);

      shop.tg.pressButton(ADMIN, c1.message_id, `pay:ra:${id}`);
      shop.tg.pressButton(ADMIN2, c2.message_id, `pay:ra:${id}`);
      shop.tg.pressButton(ADMIN2, c2.message_id, `pay:ra:${id}`);
      await shop.tg.waitForMessage(buyer.id, /request #\d+ is approved: UZS 50,000 added/);
      await shop.tg.settle(100);
      await shop.app.notices.runOnce();
      expect(shop.balanceOf(buyer.id)).toBe(5_000_000);
      expect(reasons(buyer.id)).toEqual([{ reason: "topup_receipt", d: 5_000_000 }]);
      expect(dbRows(shop, "select status, credited_minor from topup_requests where id = ?", id)).toEqual([{ status: "approved", credited_minor: 5_000_000 }]);
      for (const [adminId, m] of [[ADMIN.id, c1], [ADMIN2.id, c2]] as const) {
        const now = shop.tg.message(adminId, m.message_id)!;
        expect(now.text).toMatch(/Approved by @(shop_admin|second_admin): UZS 50,000 credited/);
        expect(now.reply_markup).toBeUndefined();
      }
      const toasts = shop.tg.callbackAnswers.filter((a) => a.data === `pay:ra:${id}`).map((a) => a.text);
      expect(toasts.filter((t) => /approved: UZS 50,000 credited/.test(t ?? ""))).toHaveLength(1);
      expect(toasts.filter((t) => /already approved by/.test(t ?? ""))).toHaveLength(2);
      shop.checkBooks(buyer.id);
    });

    it("rejects with the admin's reason (asked for, kept across a restart) and tells the buyer", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const id = await sendReceipt(buyer, "20000", "receipt-reject-1");
      const c1 = await card(ADMIN.id, id);
      const c2 = await card(ADMIN2.id, id);
      await clickOn(ADMIN, c1, "Reject", /Send the reason for rejecting request #\d+/);
      await shop.restart();
      await shop.say(ADMIN, "No such transfer <on> our card", /rejected; the buyer was told/);
      await shop.app.notices.runOnce();
      await shop.tg.waitForMessage(buyer.id, /request #\d+ \(UZS 20,000\) was not approved\.\nReason: No such transfer <on> our card/);
      expect(shop.balanceOf(buyer.id)).toBe(0);
      expect(shop.tg.message(ADMIN2.id, c2.message_id)!.text).toMatch(/Rejected by @shop_admin\. Reason: No such transfer <on> our card/);
      // A late Approve on the other card changes nothing.
      shop.tg.pressButton(ADMIN2, c2.message_id, `pay:ra:${id}`);
      await shop.tg.settle(50);
      expect(shop.balanceOf(buyer.id)).toBe(0);
      expect(dbRows(shop, "select status, reason from topup_requests where id = ?", id)).toEqual([{ status: "rejected", reason: "No such transfer <on> our card" }]);
    });

    it("approves an adjusted amount, flags a reused receipt and lists waiting requests in /topups", async () => {
      const buyer = newUser();
      const cheat = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      await shop.say(cheat, "/start", /Welcome/);
      const id = await sendReceipt(buyer, "30000", "receipt-reused-1");
      const c1 = await card(ADMIN.id, id);
      const again = await sendReceipt(cheat, "30000", "receipt-reused-1");
      const flagged = await card(ADMIN.id, again);
      expect(flagged.text).toMatch(new RegExp(`sent before: #${id} \\(waiting, user ${buyer.id}\\)`));

      await shop.say(ADMIN, "/topups", /Waiting top-up requests/);
      const list = shop.tg.lastMessage(ADMIN.id)!;
      expect(list.text).toContain(`#${id}`);
      expect(list.text).toContain(`#${again}`);

      await clickOn(ADMIN, c1, "Adjust", /Send the amount to credit for request #\d+ \(the buyer said UZS 30,000\)/);
      await shop.say(ADMIN, "abc", /as a number/);
      await shop.say(ADMIN, "25000", /approved: UZS 25,000 credited/);
      await shop.tg.waitForMessage(buyer.id, /is approved: UZS 25,000 added/);
      expect(shop.balanceOf(buyer.id)).toBe(2_500_000);
      shop.checkBooks(buyer.id);
    });
  });

  describe("referrals and promo codes", () => {
    it("pays the referrer REFERRAL_PERCENT of a top-up, rounded down; no self-referral, no changing later", async () => {
      const referrer = newUser();
      await shop.say(referrer, "/start", /Welcome/);
      const info = await shop.say(referrer, "/referrals", /Invite friends/);
      const code = /start=ref_([a-z0-9]+)/.exec(info!.text)![1]!;
      expect(info!.text).toContain(`https://t.me/test_bot?start=ref_${code}`);
      expect(info!.text).toMatch(/Invited: 0\nEarned: UZS 0/);
      // The same code every time.
      const again = await shop.say(referrer, "/referrals", /Invite friends/);
      expect(again!.text).toContain(`ref_${code}`);

      const friend = newUser();
      await shop.say(friend, `/start ref_${code}`, /Welcome/);
      const late = newUser();
      await shop.say(late, "/start", /Welcome/);
      await shop.say(late, `/start ref_${code}`, /Welcome/); // not a first contact
      await shop.say(referrer, `/start ref_${code}`, /Welcome/); // self
      expect(dbRows(shop, "select id, referrer_id from users where id in (?, ?, ?) order by id", referrer.id, friend.id, late.id)).toEqual([
        { id: referrer.id, referrer_id: null },
        { id: friend.id, referrer_id: referrer.id },
        { id: late.id, referrer_id: null },
      ]);

      const charge = await buyStars(friend, 7); // UZS 1,050 -> 10% = UZS 105
      await shop.tg.waitForMessage(referrer.id, /Referral bonus: UZS 105/);
      expect(reasons(referrer.id)).toEqual([{ reason: "referral_bonus", d: 10_500 }]);
      // A bonus for a top-up that is refunded goes back, and the admin is told whose balance it left.
      const second = await buyStars(friend, 7);
      await shop.tg.waitForMessage(referrer.id, /Referral bonus: UZS 105 .*Balance: UZS 210/);
      await shop.say(ADMIN, `/refund_stars ${second}`, /refunded: 7 Stars back[\s\S]*The referral bonus paid for it, UZS 105, was taken back from/);
      await shop.app.notices.runOnce();
      await shop.tg.waitForMessage(referrer.id, /referral bonus of UZS 105 was taken back\. Balance: UZS 105/);
      expect(reasons(referrer.id)).toEqual([
        { reason: "referral_bonus", d: 10_500 },
        { reason: "referral_bonus", d: 10_500 },
        { reason: "referral_clawback", d: -10_500 },
      ]);
      expect(charge).not.toBe(second);
      // Admin credits and promo codes earn nothing for the referrer.
      await shop.say(ADMIN, `/credit ${friend.id} 1000`, /Credited/);
      expect(reasons(referrer.id)).toHaveLength(3);
      const stats = await shop.say(referrer, "/referrals", /Invite friends/);
      expect(stats!.text).toMatch(/Invited: 1\nEarned: UZS 105/);
      shop.checkBooks(referrer.id);
    });

    it("redeems a promo code once per buyer and never more often than its uses, even at the same moment", async () => {
      await shop.say(ADMIN, "/promo create spring-25 1000 2 30", /Promo code SPRING-25 created: UZS 1,000 each, 2 uses, valid until/);
      await shop.say(ADMIN, "/promo create SPRING-25 5 5", /already exists/);
      const [a, b, c] = [newUser(), newUser(), newUser()];
      for (const u of [a, b, c]) await shop.say(u, "/start", /Welcome/);
      await shop.say(a, "/promo spring-25", /Promo code SPRING-25: UZS 1,000 added/);
      await shop.say(a, "/promo spring-25", /already used/);
      await shop.say(b, "/promo SPRING-25", /UZS 1,000 added/);
      await shop.say(c, "/promo SPRING-25", /used up/);
      await shop.say(c, "/promo NOPE", /no such promo code/);
      expect([a, b, c].map((u) => shop.balanceOf(u.id))).toEqual([100_000, 100_000, 0]);

      // Five buyers at once for three uses.
      await shop.say(ADMIN, "/promo create RUSH 10 3", /created/);
      const rush = [newUser(), newUser(), newUser(), newUser(), newUser()];
      for (const u of rush) await shop.say(u, "/start", /Welcome/);
      for (const u of rush) shop.tg.sendText(u, "/promo rush");
      await Promise.all(rush.map((u) => shop.tg.waitForMessage(u.id, /added|used up/)));
      expect(rush.filter((u) => shop.balanceOf(u.id) === 1000)).toHaveLength(3);
      expect(dbRows(shop, "select used, max_uses from promo_codes where code = 'RUSH'")).toEqual([{ used: 3, max_uses: 3 }]);
      expect(dbRows(shop, "select count(*) as n from promo_redemptions where code = 'RUSH'")).toEqual([{ n: 3 }]);
      for (const u of [a, b, c, ...rush]) shop.checkBooks(u.id);
    });

    it("gives no effect to admin payment commands and buttons from a non-admin", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      const charge = await buyStars(buyer, 50);
      const payment = dbRows(shop, "select id from payments where telegram_charge_id = ?", charge)[0]!.id as number;
      await shop.say(buyer, `/refund_stars ${charge}`, /don't know that command/);
      await shop.say(buyer, "/topups", /don't know that command/);
      await shop.say(buyer, "/promo create FREE 100000 100", /Send \/promo CODE/);
      expect(dbRows(shop, "select count(*) as n from promo_codes where code = 'FREE'")).toEqual([{ n: 0 }]);

      const other = newUser();
      await shop.say(other, "/start", /Welcome/);
      const receipt = await (async () => {
        await shop.say(other, "/topup", /Top up/);
        await shop.click(other, "Card / wallet transfer", /Card/);
        await shop.say(other, "1000", /receipt/);
        shop.tg.sendPhoto(other, { fileUniqueId: "receipt-forged-1" });
        const m = await shop.tg.waitForMessage(other.id, /Receipt received/);
        return Number(/#(\d+)/.exec(m.text)![1]);
      })();
      // Forged callback data on one of the buyer's own messages.
      const own = shop.tg.lastMessage(buyer.id)!;
      for (const data of [`pay:rfy:${payment}`, `pay:rf:${payment}`, `pay:ra:${receipt}`, `pay:rx:${receipt}`, `pay:rj:${receipt}`, `pay:ro:${receipt}`]) {
        shop.tg.pressButton(buyer, own.message_id, data);
        shop.tg.pressButton(other, shop.tg.lastMessage(other.id)!.message_id, data);
      }
      await shop.tg.settle(100);
      await shop.say(other, "No reason at all", /Use the menu/);
      expect(shop.tg.refunds.some((r) => r.telegram_payment_charge_id === charge)).toBe(false);
      expect(dbRows(shop, "select status from payments where id = ?", payment)).toEqual([{ status: "paid" }]);
      expect(dbRows(shop, "select status from topup_requests where id = ?", receipt)).toEqual([{ status: "pending" }]);
      expect(shop.balanceOf(buyer.id)).toBe(50 * RATE_MINOR);
      expect(shop.balanceOf(other.id)).toBe(0);
    });

    it("answers /paysupport and passes the buyer's message to the admins", async () => {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      await shop.say(buyer, "/paysupport", /Help with a payment/);
      await shop.say(buyer, "/paysupport paid 10 stars, <nothing> arrived", /sent to the shop's admins/);
      await shop.app.notices.runOnce();
      await shop.tg.waitForMessage(ADMIN2.id, /Payment support request from .*\npaid 10 stars, <nothing> arrived/, { after: 0 });
    });
  });
});

describe("top-ups switched off", () => {
  it("says so and shows no Top up button when no method is configured", async () => {
    const shop = await TestShop.start();
    try {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      await shop.say(buyer, "/topup", /not available/);
      const bal = await shop.say(buyer, "/balance", /Your balance/);
      expect(bal?.reply_markup).toBeUndefined();
      // A Stars payload is refused at pre-checkout while Stars are off.
      const upd = shop.tg.preCheckout(buyer, { currency: "XTR", total_amount: 5, invoice_payload: `s1.${buyer.id}.5.100` });
      const call = await shop.tg.waitForCall("answerPreCheckoutQuery", (p) => String(p.pre_checkout_query_id) === upd.pre_checkout_query!.id);
      expect(call.params.ok).toBe(false);
    } finally {
      await shop.stop();
    }
  });

  it("sends provider invoices in PAYMENT_CURRENCY and credits them 1:1 when a provider token is set", async () => {
    const shop = await TestShop.start({ env: { PAYMENT_PROVIDER_TOKEN: "284685063:TEST:provider", PAYMENT_CURRENCY: "UZS" } });
    try {
      const buyer = newUser();
      await shop.say(buyer, "/start", /Welcome/);
      await shop.say(buyer, "/topup", /Top up your balance/);
      expect(shop.tg.buttons(buyer.id).flat()).toEqual(["💳 Pay by card"]);
      await shop.click(buyer, "Pay by card", /Send the amount in UZS/);
      await shop.say(buyer, "12.5x", /amount like 50000/);
      const after = shop.tg.seq;
      await shop.say(buyer, "12 500.50");
      const invoice = await shop.tg.waitForMessage(buyer.id, (m) => m.kind === "invoice", { after });
      expect(invoice.invoice).toMatchObject({ currency: "UZS", total_amount: 1_250_050 });
      const send = shop.tg.calls.filter((c) => c.method === "sendInvoice").at(-1)!;
      expect(send.params.provider_token).toBe("284685063:TEST:provider");
      await shop.tg.payInvoice(buyer);
      await shop.tg.waitForMessage(buyer.id, /Payment received: UZS 12,500\.50 added/);
      expect(shop.balanceOf(buyer.id)).toBe(1_250_050);
      expect(dbRows(shop, "select reason from ledger where user_id = ?", buyer.id)).toEqual([{ reason: "topup_provider" }]);

      // A card payment is given back at the provider; the admin records it here first, from the
      // payment notice's Refund button, and the bot never asks Telegram to refund it.
      await shop.say(ADMIN, "/start", /Welcome/);
      await shop.app.notices.runOnce();
      const notice = await shop.tg.waitForMessage(ADMIN.id, (m) => m.text.includes("12,500.50") && !!m.reply_markup, { after: 0 });
      const beforeClick = shop.tg.seq;
      shop.tg.clickButton(ADMIN, "Refund", { messageId: notice.message_id });
      await shop.tg.waitForMessage(ADMIN.id, /Record the refund of card payment #\d+ \(UZS 12,500\.50\)[\s\S]*refund it at your payments provider/, { after: beforeClick });
      await shop.click(ADMIN, "Yes, refund", /Card payment #\d+ recorded as refunded: UZS 12,500\.50 taken from the balance of Buyer\d+[\s\S]*give back UZS 12,500\.50 at your payments provider/);
      await shop.app.notices.runOnce();
      await shop.tg.waitForMessage(buyer.id, /Your card payment #\d+ was refunded; UZS 12,500\.50 was taken from your balance/);
      expect(shop.balanceOf(buyer.id)).toBe(0);
      expect(dbRows(shop, "select reason, delta_minor as d from ledger where user_id = ? order by id", buyer.id)).toEqual([
        { reason: "topup_provider", d: 1_250_050 },
        { reason: "payment_refund", d: -1_250_050 },
      ]);
      expect(shop.tg.calls.some((c) => c.method === "refundStarPayment")).toBe(false);
      const charge = dbRows(shop, "select telegram_charge_id as c from payments where user_id = ?", buyer.id)[0] as { c: string };
      await shop.say(ADMIN, `/refund ${charge.c}`, /already refunded/);
      expect(dbRows(shop, "select count(*) as n from ledger where user_id = ?", buyer.id)).toEqual([{ n: 2 }]);
    } finally {
      await shop.stop();
    }
  });
});

describe("pre-checkout while the buyer's chat is busy", () => {
  it("is answered at once, not after the buyer's order finishes waiting on the panel", async () => {
    const shop = await TestShop.start({ env: { STARS_RATE: "150", PANEL_TIMEOUT_SECONDS: "2" } });
    try {
      const buyer = newUser();
      await shop.say(ADMIN, "/start", /Welcome/);
      await shop.credit(buyer, "1000");
      await shop.say(buyer, "/topup", /Top up your balance/);
      const after = shop.tg.seq;
      await shop.click(buyer, "⭐ 50");
      await shop.tg.waitForMessage(buyer.id, (m) => m.kind === "invoice", { after });
      await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/busy_chan", quantity: 100 });
      shop.panel.fault("add", "stall");
      shop.tg.clickButton(buyer, /Confirm/);
      await shop.tg.waitForMessage(buyer.id, /Placing your order/);
      const started = Date.now();
      const paid = await shop.tg.payInvoice(buyer, { timeoutMs: 1500 });
      expect(paid.ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
      await shop.tg.waitForMessage(buyer.id, /Payment received/);
      await shop.tg.waitForMessage(buyer.id, /being checked/);
    } finally {
      await shop.stop();
    }
  });
});
