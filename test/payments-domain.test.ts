import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../src/db/client.js";
import { adminAdjust } from "../src/domain/admin.js";
import {
  checkPreCheckout,
  clearPending,
  encodePayload,
  getPaymentByCharge,
  getPending,
  parsePayload,
  recordTelegramPayment,
  refundPayment,
  setPending,
  type PaymentsConfig,
  type RefundCallResult,
} from "../src/domain/payments.js";
import { createPromo, normalizePromoCode, parseExpiry, redeemPromo } from "../src/domain/promo.js";
import { ensureReferralCode, referralBonusMinor, referralStats, setReferrerOnFirstContact } from "../src/domain/referrals.js";
import { approveTopup, createTopupRequest, rejectTopup } from "../src/domain/topups.js";
import { upsertUser } from "../src/domain/users.js";

const CFG: PaymentsConfig = {
  starsRateMinor: 15_000,
  paymentProviderToken: null,
  paymentCurrency: "UZS",
  currency: "UZS",
  referralBp: 500,
  adminIds: [1],
};
const NOW = Date.UTC(2025, 0, 10, 12);

let db: Db;
let charge = 0;
beforeEach(() => {
  db = openDatabase(":memory:");
  for (const id of [1, 10, 11, 12, 13]) upsertUser(db, { id, first_name: `U${id}` }, "en", NOW);
});

const balance = (id: number) => (db.$client.prepare("select balance_minor as b from users where id = ?").get(id) as { b: number }).b;
const ledgerSum = (id: number) => (db.$client.prepare("select coalesce(sum(delta_minor),0) as s from ledger where user_id = ?").get(id) as { s: number }).s;

function pay(userId: number, stars: number, cfg = CFG, chargeId = `ch${++charge}`) {
  return recordTelegramPayment(db, cfg, {
    payerId: userId,
    currency: "XTR",
    totalAmount: stars,
    payload: encodePayload({ method: "stars", userId, stars, rateMinor: 15_000 }),
    telegramChargeId: chargeId,
    providerChargeId: null,
    now: NOW,
  });
}

describe("invoice payloads and pre-checkout", () => {
  it("round-trips and rejects anything else", () => {
    const s = encodePayload({ method: "stars", userId: 42, stars: 100, rateMinor: 15_000 });
    expect(s).toBe("s1.42.100.15000");
    expect(parsePayload(s)).toEqual({ method: "stars", userId: 42, stars: 100, rateMinor: 15_000 });
    expect(parsePayload("p1.42.1250050")).toEqual({ method: "provider", userId: 42, amountMinor: 1_250_050 });
    for (const bad of ["", "s1.42.100", "s1.42.0.15000", "s1.042.1.1", "s1.42.-1.1", "s1.42.1000001.1", "s2.42.1.1", "s1.42.1.1 ", "p1.42.1e3"]) {
      expect(parsePayload(bad), bad).toBeNull();
    }
  });

  it("refuses a foreign payer, a changed rate, a wrong total and a banned buyer", () => {
    const q = (payerId: number, totalAmount: number, payload: string, currency = "XTR") => checkPreCheckout(db, CFG, { payerId, currency, totalAmount, payload });
    expect(q(10, 5, "s1.10.5.15000")).toMatchObject({ ok: true });
    expect(q(11, 5, "s1.10.5.15000")).toEqual({ ok: false, reason: "foreign" });
    expect(q(10, 5, "s1.10.5.14000")).toEqual({ ok: false, reason: "changed" });
    expect(q(10, 6, "s1.10.5.15000")).toEqual({ ok: false, reason: "malformed" });
    expect(q(10, 5, "s1.10.5.15000", "USD")).toEqual({ ok: false, reason: "malformed" });
    expect(q(10, 500, "p1.10.500", "UZS")).toEqual({ ok: false, reason: "disabled" });
    expect(q(999, 5, "s1.999.5.15000")).toEqual({ ok: false, reason: "foreign" }); // never seen
    db.$client.prepare("update users set banned = 1 where id = 10").run();
    expect(q(10, 5, "s1.10.5.15000")).toEqual({ ok: false, reason: "banned" });
  });
});

describe("crediting payments", () => {
  it("credits once per charge id, with the admins and the buyer told in the same transaction", () => {
    const first = pay(10, 3, CFG, "same");
    expect(first).toMatchObject({ status: "credited", balanceMinor: 45_000 });
    expect(pay(10, 3, CFG, "same")).toMatchObject({ status: "duplicate" });
    expect(balance(10)).toBe(45_000);
    const kinds = db.$client.prepare("select chat_id, kind from notifications order by id").all();
    expect(kinds).toEqual([
      { chat_id: 1, kind: "admin_payment" },
      { chat_id: 10, kind: "payment_credited" },
    ]);
  });

  it("records a payment it cannot value with 0 credited (Stars off), never drops it", () => {
    const r = pay(10, 3, { ...CFG, starsRateMinor: null }, "off");
    // The payload carries the agreed rate, so even with Stars off now the buyer gets what they saw.
    expect(r).toMatchObject({ status: "credited" });
    const bad = recordTelegramPayment(db, { ...CFG, starsRateMinor: null }, {
      payerId: 10,
      currency: "XTR",
      totalAmount: 3,
      payload: "garbage",
      telegramChargeId: "garbage-1",
      providerChargeId: null,
      now: NOW,
    });
    expect(bad).toMatchObject({ status: "uncredited", payment: { creditedMinor: 0, status: "paid" } });
    const wrongCurrency = recordTelegramPayment(db, CFG, {
      payerId: 10,
      currency: "USD",
      totalAmount: 300,
      payload: "p1.10.300",
      telegramChargeId: "usd-1",
      providerChargeId: "prov",
      now: NOW,
    });
    expect(wrongCurrency).toMatchObject({ status: "uncredited" });
    expect(balance(10)).toBe(45_000);
  });
});

describe("Stars refunds", () => {
  const telegram = (...results: RefundCallResult[]) => {
    const calls: string[] = [];
    return {
      calls,
      fn: async (_u: number, chargeId: string) => {
        calls.push(chargeId);
        const result = results.shift() ?? "ok";
        return result === "ok" ? { result } : { result, error: `E_${result}` };
      },
    };
  };

  it("debits before asking Telegram, and reverses the debit when Telegram refuses", async () => {
    const p = pay(10, 2);
    if (p.status !== "credited") throw new Error("not credited");
    let seenBalance = -1;
    const refused = await refundPayment(db, {
      paymentId: p.payment.id,
      adminId: 1,
      now: () => NOW,
      callTelegram: async () => {
        seenBalance = balance(10);
        return { result: "refused", error: "CHARGE_NOT_FOUND" };
      },
    });
    expect(seenBalance).toBe(0);
    expect(refused).toMatchObject({ status: "refused" });
    expect(balance(10)).toBe(30_000);
    expect(ledgerSum(10)).toBe(30_000);
    const ok = telegram("ok");
    expect(await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: ok.fn })).toMatchObject({ status: "refunded", balanceMinor: 0 });
    expect(await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: ok.fn })).toMatchObject({ status: "already_refunded" });
    expect(ok.calls).toHaveLength(1);
  });

  it("keeps an unconfirmed refund debited, and finishes it on retry without debiting twice", async () => {
    const p = pay(10, 2);
    pay(10, 2);
    if (p.status !== "credited") throw new Error("not credited");
    const tg = telegram("unknown", "already_refunded");
    expect(await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: tg.fn })).toMatchObject({ status: "unknown" });
    expect(balance(10)).toBe(30_000);
    expect(await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: tg.fn })).toMatchObject({ status: "refunded" });
    expect(balance(10)).toBe(30_000);
    expect(ledgerSum(10)).toBe(30_000);
    expect(tg.calls).toHaveLength(2);
  });

  it("refuses, changing nothing, when the balance no longer holds the credit", async () => {
    const p = pay(10, 2);
    if (p.status !== "credited") throw new Error("not credited");
    adminAdjust(db, { userId: 10, amountMinor: 1, direction: "debit", adminId: 1, now: NOW });
    const tg = telegram();
    expect(await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: tg.fn })).toMatchObject({ status: "short", balanceMinor: 29_999 });
    expect(tg.calls).toHaveLength(0);
    expect(db.$client.prepare("select status from payments").all()).toEqual([{ status: "paid" }]);
    expect(balance(10)).toBe(29_999);
  });
});

describe("a refunded top-up takes its referral bonus back", () => {
  const ok = async () => ({ result: "ok" as const });
  const notices = (userId: number) =>
    (db.$client.prepare("select payload from notifications where chat_id = ? order by id").all(userId) as Array<{ payload: string }>).map(
      (r) => JSON.parse(r.payload) as { kind: string; amountMinor?: number },
    );

  it("takes the whole bonus back once, tells the referrer, and says so to the admin", async () => {
    setReferrerOnFirstContact(db, { userId: 11, code: ensureReferralCode(db, 10), firstContact: true });
    const p = pay(11, 3); // 45 000 minor; 5% = 2 250 to user 10
    if (p.status !== "credited") throw new Error("not credited");
    expect(p.payment).toMatchObject({ referrerId: 10, referralBonusMinor: 2250 });
    adminAdjust(db, { userId: 10, amountMinor: 1000, direction: "credit", adminId: 1, now: NOW });
    const done = await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: ok });
    expect(done).toMatchObject({ status: "refunded", clawback: { referrerId: 10, takenMinor: 2250, shortMinor: 0 } });
    expect(balance(10)).toBe(1000);
    expect(ledgerSum(10)).toBe(1000);
    expect(referralStats(db, 10)).toEqual({ count: 1, earnedMinor: 0 });
    expect(notices(10).map((n) => n.kind)).toEqual(["referral_bonus", "credited", "referral_clawback"]);
    // A second refund attempt is "already refunded": nothing is taken twice.
    expect(await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: ok })).toMatchObject({ status: "already_refunded" });
    expect(balance(10)).toBe(1000);
  });

  it("takes only what the referrer still has, never below zero, and reports the rest as spent", async () => {
    setReferrerOnFirstContact(db, { userId: 11, code: ensureReferralCode(db, 10), firstContact: true });
    const p = pay(11, 3);
    if (p.status !== "credited") throw new Error("not credited");
    adminAdjust(db, { userId: 10, amountMinor: 2000, direction: "debit", adminId: 1, now: NOW }); // 250 left
    const done = await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: ok });
    expect(done).toMatchObject({ status: "refunded", clawback: { referrerId: 10, takenMinor: 250, shortMinor: 2000 } });
    expect(balance(10)).toBe(0);
    expect(ledgerSum(10)).toBe(0);
  });

  it("leaves the bonus alone while Telegram has not confirmed the refund, and when it refuses", async () => {
    setReferrerOnFirstContact(db, { userId: 11, code: ensureReferralCode(db, 10), firstContact: true });
    const p = pay(11, 3);
    if (p.status !== "credited") throw new Error("not credited");
    for (const result of ["unknown", "refused"] as const) {
      await refundPayment(db, { paymentId: p.payment.id, adminId: 1, now: () => NOW, callTelegram: async () => ({ result, error: "E" }) });
      expect(balance(10)).toBe(2250);
    }
    // A payment without a referrer refunds as before, with no clawback.
    const plain = pay(12, 1);
    if (plain.status !== "credited") throw new Error("not credited");
    const done = await refundPayment(db, { paymentId: plain.payment.id, adminId: 1, now: () => NOW, callTelegram: ok });
    expect(done).toMatchObject({ status: "refunded" });
    expect(done).not.toHaveProperty("clawback");
  });
});

describe("card (provider) refunds are recorded, never sent to Telegram", () => {
  const CARD: PaymentsConfig = { ...CFG, paymentProviderToken: "284685063:TEST:x" };
  function payCard(userId: number, amountMinor: number) {
    const r = recordTelegramPayment(db, CARD, {
      payerId: userId,
      currency: "UZS",
      totalAmount: amountMinor,
      payload: encodePayload({ method: "provider", userId, amountMinor }),
      telegramChargeId: `tg${++charge}`,
      providerChargeId: `prov${charge}`,
      now: NOW,
    });
    if (r.status !== "credited") throw new Error(`not credited: ${r.status}`);
    return r.payment;
  }
  const kinds = (userId: number) => (db.$client.prepare("select kind from notifications where chat_id = ? order by id").all(userId) as Array<{ kind: string }>).map((r) => r.kind);
  const neverTelegram = async (): Promise<{ result: RefundCallResult }> => {
    throw new Error("a card refund must not call Telegram");
  };

  it("debits the buyer, takes the referral bonus back and tells the buyer, in one step; once", async () => {
    setReferrerOnFirstContact(db, { userId: 11, code: ensureReferralCode(db, 10), firstContact: true });
    const p = payCard(11, 1_000_000); // 5% = 50 000 to user 10
    expect(p).toMatchObject({ method: "provider", referrerId: 10, referralBonusMinor: 50_000 });
    // Found by Telegram's charge id (the admins' notice) or by the provider's (its dashboard).
    expect(getPaymentByCharge(db, p.telegramChargeId)?.id).toBe(p.id);
    expect(getPaymentByCharge(db, p.providerChargeId!)?.id).toBe(p.id);
    expect(getPaymentByCharge(db, "nope")).toBeUndefined();
    const done = await refundPayment(db, { paymentId: p.id, adminId: 1, now: () => NOW + 1, callTelegram: neverTelegram });
    expect(done).toMatchObject({ status: "refunded", balanceMinor: 0, payment: { status: "refunded", refundedAt: NOW + 1 }, clawback: { referrerId: 10, takenMinor: 50_000, shortMinor: 0 } });
    expect([balance(11), ledgerSum(11), balance(10), ledgerSum(10)]).toEqual([0, 0, 0, 0]);
    expect(kinds(11)).toEqual(["payment_credited", "card_refunded"]);
    expect(kinds(10)).toEqual(["referral_bonus", "referral_clawback"]);
    const audit = db.$client.prepare("select action, target from audit_log").all();
    expect(audit).toEqual([{ action: "card_refund", target: `payment:${p.id}` }]);
    expect(await refundPayment(db, { paymentId: p.id, adminId: 1, now: () => NOW, callTelegram: neverTelegram })).toMatchObject({ status: "already_refunded" });
    expect(ledgerSum(11)).toBe(0);
  });

  it("refuses, changing nothing, when the buyer's balance no longer holds the credit", async () => {
    const p = payCard(12, 300_000);
    adminAdjust(db, { userId: 12, amountMinor: 1, direction: "debit", adminId: 1, now: NOW });
    expect(await refundPayment(db, { paymentId: p.id, adminId: 1, now: () => NOW, callTelegram: neverTelegram })).toMatchObject({ status: "short", balanceMinor: 299_999 });
    expect(db.$client.prepare("select status, refunded_at as at from payments where id = ?").get(p.id)).toEqual({ status: "paid", at: null });
    expect(balance(12)).toBe(299_999);
    expect(kinds(12)).toEqual(["payment_credited", "debited"]);
  });
});

describe("receipts", () => {
  it("credits once however often it is approved; a later reject finds it decided; a reused file is reported", () => {
    const a = createTopupRequest(db, { userId: 10, amountMinor: 5000, fileId: "f", fileUniqueId: "u1", fileKind: "photo", now: NOW });
    if (a.status !== "created") throw new Error("not created");
    expect(a.earlier).toEqual([]);
    const results = [1, 1, 1].map(() => approveTopup(db, { id: a.request.id, adminId: 1, amountMinor: 4000, referralBp: 0, now: NOW }).status);
    expect(results).toEqual(["approved", "decided", "decided"]);
    expect(rejectTopup(db, { id: a.request.id, adminId: 1, reason: "no", now: NOW }).status).toBe("decided");
    expect(balance(10)).toBe(4000);
    const b = createTopupRequest(db, { userId: 11, amountMinor: 5000, fileId: "f", fileUniqueId: "u1", fileKind: "photo", now: NOW });
    expect(b).toMatchObject({ status: "created", earlier: [{ id: a.request.id, userId: 10, status: "approved" }] });
  });

  it("limits waiting requests per buyer", () => {
    for (let i = 0; i < 3; i++) createTopupRequest(db, { userId: 10, amountMinor: 100, fileId: "f", fileUniqueId: `x${i}`, fileKind: "document", now: NOW });
    expect(createTopupRequest(db, { userId: 10, amountMinor: 100, fileId: "f", fileUniqueId: "x9", fileKind: "photo", now: NOW })).toEqual({ status: "too_many", pending: 3 });
  });
});

describe("referrals", () => {
  it("rounds the bonus down, exactly", () => {
    expect(referralBonusMinor(33_333, 1000)).toBe(3333);
    expect(referralBonusMinor(19, 500)).toBe(0);
    expect(referralBonusMinor(9_007_199_254_740_991, 10_000)).toBe(9_007_199_254_740_991);
  });

  it("makes one unique code per user, drawing again on a collision", () => {
    const draws = ["aaaa2222", "aaaa2222", "bbbb3333"];
    expect(ensureReferralCode(db, 10, () => draws.shift()!)).toBe("aaaa2222");
    expect(ensureReferralCode(db, 11, () => draws.shift()!)).toBe("bbbb3333");
    expect(ensureReferralCode(db, 10)).toBe("aaaa2222");
  });

  it("links only a first contact, never to themselves, never twice; bonus on a payment", () => {
    const code = ensureReferralCode(db, 10);
    expect(setReferrerOnFirstContact(db, { userId: 10, code, firstContact: true })).toBe("self");
    expect(setReferrerOnFirstContact(db, { userId: 11, code: "nope1234", firstContact: true })).toBe("unknown_code");
    expect(setReferrerOnFirstContact(db, { userId: 12, code, firstContact: false })).toBe("not_new");
    expect(setReferrerOnFirstContact(db, { userId: 11, code: code.toUpperCase(), firstContact: true })).toBe("set");
    const other = ensureReferralCode(db, 13);
    expect(setReferrerOnFirstContact(db, { userId: 11, code: other, firstContact: true })).toBe("already");
    pay(11, 3); // 45 000 minor, 5% = 2 250
    expect(balance(10)).toBe(2250);
    expect(referralStats(db, 10)).toEqual({ count: 1, earnedMinor: 2250 });
    expect(ledgerSum(10)).toBe(2250);
  });
});

describe("promo codes", () => {
  it("parses expiries", () => {
    expect(parseExpiry("30", NOW)).toBe(NOW + 30 * 86_400_000);
    expect(parseExpiry("7d", NOW)).toBe(NOW + 7 * 86_400_000);
    expect(parseExpiry("2025-01-10", NOW)).toBe(Date.UTC(2025, 0, 11));
    expect(parseExpiry("2025-01-09", NOW)).toBeNull(); // already over
    expect(parseExpiry("2025-02-30", NOW)).toBeNull();
    expect(parseExpiry("0", NOW)).toBeNull();
    expect(parseExpiry("soon", NOW)).toBeNull();
    expect(normalizePromoCode("spring-25")).toBe("SPRING-25");
    expect(normalizePromoCode("create")).toBeNull();
    expect(normalizePromoCode("a b")).toBeNull();
  });

  it("enforces uses, once per buyer and expiry", () => {
    expect(createPromo(db, { code: "TWO", amountMinor: 500, maxUses: 2, expiresAt: NOW + 1000, adminId: 1, now: NOW }).status).toBe("created");
    expect(createPromo(db, { code: "TWO", amountMinor: 1, maxUses: 1, expiresAt: null, adminId: 1, now: NOW }).status).toBe("exists");
    expect(redeemPromo(db, { code: "two", userId: 10, now: NOW })).toEqual({ status: "redeemed", amountMinor: 500, balanceMinor: 500 });
    expect(redeemPromo(db, { code: "TWO", userId: 10, now: NOW })).toEqual({ status: "already" });
    expect(redeemPromo(db, { code: "TWO", userId: 11, now: NOW + 1000 })).toEqual({ status: "expired" });
    expect(redeemPromo(db, { code: "TWO", userId: 11, now: NOW })).toMatchObject({ status: "redeemed" });
    expect(redeemPromo(db, { code: "TWO", userId: 12, now: NOW })).toEqual({ status: "used_up" });
    expect(redeemPromo(db, { code: "NONE", userId: 12, now: NOW })).toEqual({ status: "not_found" });
    expect(db.$client.prepare("select used from promo_codes").all()).toEqual([{ used: 2 }]);
    expect(balance(12)).toBe(0);
  });

  it("keeps a pending step per user, which expires", () => {
    setPending(db, 10, { k: "r_file", amountMinor: 5 }, NOW);
    expect(getPending(db, 10, NOW + 1000)).toEqual({ k: "r_file", amountMinor: 5 });
    expect(getPending(db, 10, NOW + 2 * 3_600_000)).toBeNull();
    setPending(db, 1, { k: "reason", requestId: 3 }, NOW);
    expect(getPending(db, 1, NOW + 2 * 3_600_000)).toEqual({ k: "reason", requestId: 3 });
    expect(clearPending(db, 1)).toBe(true);
    expect(clearPending(db, 1)).toBe(false);
  });
});
