// Money in through Telegram payments (Stars, or a provider): invoice payloads, the pre-checkout
// verdict, crediting once per charge id, and admin refunds of Stars payments.
// Plain functions over the database; the bot layer does the Telegram calls.
import { and, eq } from "drizzle-orm";
import { isUniqueViolation, tx, type Db } from "../db/client.js";
import { payments, settings, users } from "../db/schema.js";
import { settingValue } from "../db/queries.js";
import { applyBalanceChange, InsufficientFundsError, type LedgerReason } from "./ledger.js";
import { writeAudit } from "./audit.js";
import { enqueueNotice } from "./notifications.js";
import { payReferralBonus, takeBackReferralBonus, type Clawback, type ReferralBonus } from "./referrals.js";

export type Payment = typeof payments.$inferSelect;

/** Telegram's own bounds for one Stars invoice are lower; this only keeps numbers sane. */
export const MAX_STARS_PER_INVOICE = 100_000;

export interface PaymentsConfig {
  /** Minor units per Star; null = Stars off. */
  starsRateMinor: number | null;
  paymentProviderToken: string | null;
  paymentCurrency: string;
  /** Shop currency (provider payments are credited 1:1 only in it). */
  currency: string;
  referralBp: number;
  adminIds: readonly number[];
}

// ---- invoice payloads -------------------------------------------------------------------------
// Compact and bot-private: "s1.<user>.<stars>.<rate>" or "p1.<user>.<minor>". The rate is the one the
// buyer saw; a payload with another rate than today's is refused at pre-checkout.

export type InvoicePayload =
  | { method: "stars"; userId: number; stars: number; rateMinor: number }
  | { method: "provider"; userId: number; amountMinor: number };

export function encodePayload(p: InvoicePayload): string {
  return p.method === "stars" ? `s1.${p.userId}.${p.stars}.${p.rateMinor}` : `p1.${p.userId}.${p.amountMinor}`;
}

const STARS_RE = /^s1\.([1-9]\d{0,14})\.([1-9]\d{0,5})\.([1-9]\d{0,14})$/;
const PROVIDER_RE = /^p1\.([1-9]\d{0,14})\.([1-9]\d{0,14})$/;

export function parsePayload(text: string): InvoicePayload | null {
  let m = STARS_RE.exec(text);
  if (m) {
    const [userId, stars, rateMinor] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (![userId, stars, rateMinor].every(Number.isSafeInteger) || stars > MAX_STARS_PER_INVOICE) return null;
    if (!Number.isSafeInteger(stars * rateMinor)) return null;
    return { method: "stars", userId, stars, rateMinor };
  }
  m = PROVIDER_RE.exec(text);
  if (m) {
    const [userId, amountMinor] = [Number(m[1]), Number(m[2])];
    if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(amountMinor)) return null;
    return { method: "provider", userId, amountMinor };
  }
  return null;
}

export function providerEnabled(cfg: Pick<PaymentsConfig, "paymentProviderToken" | "paymentCurrency" | "currency">): boolean {
  return cfg.paymentProviderToken !== null && cfg.paymentCurrency === cfg.currency;
}

// ---- pre-checkout -------------------------------------------------------------------------------

export type PreCheckoutRefusal = "malformed" | "foreign" | "banned" | "disabled" | "changed";
export type PreCheckoutVerdict = { ok: true; payload: InvoicePayload } | { ok: false; reason: PreCheckoutRefusal };

/** Decides a pre_checkout_query from the database alone (fast: it must be answered within 10 s). */
export function checkPreCheckout(
  db: Db,
  cfg: PaymentsConfig,
  q: { payerId: number; currency: string; totalAmount: number; payload: string },
): PreCheckoutVerdict {
  const payload = parsePayload(q.payload);
  if (!payload) return { ok: false, reason: "malformed" };
  if (payload.userId !== q.payerId) return { ok: false, reason: "foreign" };
  const user = db.select({ banned: users.banned }).from(users).where(eq(users.id, q.payerId)).get();
  if (!user) return { ok: false, reason: "foreign" };
  if (user.banned) return { ok: false, reason: "banned" };
  if (payload.method === "stars") {
    if (cfg.starsRateMinor === null) return { ok: false, reason: "disabled" };
    if (q.currency !== "XTR" || q.totalAmount !== payload.stars) return { ok: false, reason: "malformed" };
    if (payload.rateMinor !== cfg.starsRateMinor) return { ok: false, reason: "changed" };
    return { ok: true, payload };
  }
  if (!providerEnabled(cfg)) return { ok: false, reason: "disabled" };
  if (q.currency !== cfg.paymentCurrency || q.totalAmount !== payload.amountMinor) return { ok: false, reason: "malformed" };
  return { ok: true, payload };
}

// ---- crediting --------------------------------------------------------------------------------

/**
 * Credits a top-up and the referrer's share. Call inside the transaction that records where the
 * money came from. Returns the buyer's balance after, and the referral bonus paid.
 */
export function creditTopup(
  t: Db,
  args: { userId: number; amountMinor: number; reason: LedgerReason; referralBp: number; actorId?: number | null; note: string; now: number },
): { balanceMinor: number; referral: ReferralBonus } {
  const balanceMinor = applyBalanceChange(t, {
    userId: args.userId,
    deltaMinor: args.amountMinor,
    reason: args.reason,
    actorId: args.actorId ?? null,
    note: args.note,
    now: args.now,
  });
  const referral = payReferralBonus(t, { userId: args.userId, amountMinor: args.amountMinor, bp: args.referralBp, now: args.now, note: `${args.reason} by ${args.userId}` });
  return { balanceMinor, referral };
}

export type PaymentResult =
  | { status: "credited"; payment: Payment; balanceMinor: number }
  | { status: "uncredited"; payment: Payment }
  | { status: "duplicate"; payment: Payment | undefined };

/** What a successful payment is worth in shop minor units; 0 when it cannot be credited automatically. */
export function paymentValue(
  cfg: PaymentsConfig,
  p: { payerId: number; currency: string; totalAmount: number; payload: string },
): { method: "stars" | "provider"; creditedMinor: number } {
  const payload = parsePayload(p.payload);
  if (p.currency === "XTR") {
    // The rate the buyer agreed to (checked at pre-checkout); else today's rate.
    const rate = payload?.method === "stars" && payload.userId === p.payerId ? payload.rateMinor : cfg.starsRateMinor;
    const value = rate === null ? 0 : p.totalAmount * rate;
    return { method: "stars", creditedMinor: Number.isSafeInteger(value) && value > 0 ? value : 0 };
  }
  // Provider money is credited 1:1 only in the shop's own currency.
  const ok = p.currency === cfg.currency && Number.isSafeInteger(p.totalAmount) && p.totalAmount > 0;
  return { method: "provider", creditedMinor: ok ? p.totalAmount : 0 };
}

/**
 * Records a successful_payment and credits it, once per telegram_payment_charge_id: the payment row,
 * the ledger row(s) and the notices commit together, and a second delivery finds the row and does nothing.
 * The payer is always recorded (Telegram already took the money); a payment that cannot be valued is
 * kept with 0 credited and the admins are told.
 */
export function recordTelegramPayment(
  db: Db,
  cfg: PaymentsConfig,
  p: { payerId: number; currency: string; totalAmount: number; payload: string; telegramChargeId: string; providerChargeId: string | null; now: number },
): PaymentResult {
  const { method, creditedMinor } = paymentValue(cfg, p);
  try {
    return tx(db, (t): PaymentResult => {
      const existing = t.select().from(payments).where(eq(payments.telegramChargeId, p.telegramChargeId)).get();
      if (existing) return { status: "duplicate", payment: existing };
      const payment = t
        .insert(payments)
        .values({
          userId: p.payerId,
          method,
          currency: p.currency,
          totalAmount: p.totalAmount,
          creditedMinor,
          telegramChargeId: p.telegramChargeId,
          providerChargeId: p.providerChargeId || null,
          status: "paid",
          createdAt: p.now,
        })
        .returning()
        .get();
      const notice = {
        kind: "admin_payment" as const,
        paymentId: payment.id,
        userId: p.payerId,
        method,
        currency: p.currency,
        totalAmount: p.totalAmount,
        creditedMinor,
        chargeId: p.telegramChargeId,
      };
      for (const a of cfg.adminIds) enqueueNotice(t, a, notice, p.now);
      if (creditedMinor === 0) return { status: "uncredited", payment };
      const { balanceMinor, referral } = creditTopup(t, {
        userId: p.payerId,
        amountMinor: creditedMinor,
        reason: method === "stars" ? "topup_stars" : "topup_provider",
        referralBp: cfg.referralBp,
        note: `payment #${payment.id} ${p.telegramChargeId}`,
        now: p.now,
      });
      // Kept with the payment: a refund takes the referrer's share back.
      const recorded =
        referral.bonusMinor > 0
          ? t.update(payments).set({ referrerId: referral.referrerId, referralBonusMinor: referral.bonusMinor }).where(eq(payments.id, payment.id)).returning().get()!
          : payment;
      enqueueNotice(t, p.payerId, { kind: "payment_credited", paymentId: payment.id, amountMinor: creditedMinor, balanceMinor }, p.now);
      return { status: "credited", payment: recorded, balanceMinor };
    });
  } catch (err) {
    // Two deliveries racing on another connection: the unique index decides, the loser is a duplicate.
    if (isUniqueViolation(err)) {
      return { status: "duplicate", payment: db.select().from(payments).where(eq(payments.telegramChargeId, p.telegramChargeId)).get() };
    }
    throw err;
  }
}

export function getPayment(db: Db, id: number): Payment | undefined {
  return db.select().from(payments).where(eq(payments.id, id)).get();
}

/** By Telegram's charge id (in the admins' payment notice), or by the provider's (in its dashboard). */
export function getPaymentByCharge(db: Db, chargeId: string): Payment | undefined {
  return (
    db.select().from(payments).where(eq(payments.telegramChargeId, chargeId)).get() ??
    db.select().from(payments).where(eq(payments.providerChargeId, chargeId)).get()
  );
}

// ---- refunds --------------------------------------------------------------------------
// A Stars payment: paid -> refunding (balance debited, Telegram asked) -> refunded, or back to paid
// (balance re-credited) when Telegram refuses. "refunding" after a crash or a lost answer: asking
// again does not debit twice, and Telegram answers CHARGE_ALREADY_REFUNDED when it went through.
// A card payment goes paid -> refunded in one step (recordCardRefund): Telegram is not asked.

export type RefundCallResult = "ok" | "already_refunded" | "refused" | "unknown";

export type RefundOutcome =
  /** Stars: given back through Telegram. A card payment: recorded; the admin gives it back at the provider. */
  | { status: "refunded"; payment: Payment; balanceMinor: number; clawback?: Clawback }
  | { status: "not_found" }
  | { status: "already_refunded"; payment: Payment }
  | { status: "short"; payment: Payment; balanceMinor: number }
  | { status: "refused"; payment: Payment; error: string }
  | { status: "unknown"; payment: Payment; error: string };

export interface RefundArgs {
  paymentId: number;
  adminId: number;
  now: () => number;
  /** Calls refundStarPayment; never throws: classifies the outcome. Not called for a card payment. */
  callTelegram: (userId: number, chargeId: string) => Promise<{ result: RefundCallResult; error?: string }>;
}

/**
 * Inside the caller's transaction, on a payment read there as "paid": takes its credit back from the
 * buyer, moves it to `to`, and writes the audit row. Writes nothing and says "short" when the balance
 * no longer holds the credit.
 */
function takeBackCredit(
  t: Db,
  payment: Payment,
  a: { to: "refunding" | "refunded"; adminId: number; now: number; note: string; audit: string },
): { short: false; payment: Payment; balanceMinor: number } | { short: true; balanceMinor: number } {
  let balanceMinor = getBalance(t, payment.userId);
  if (payment.creditedMinor > 0) {
    try {
      balanceMinor = applyBalanceChange(t, { userId: payment.userId, deltaMinor: -payment.creditedMinor, reason: "payment_refund", actorId: a.adminId, note: a.note, now: a.now });
    } catch (err) {
      if (err instanceof InsufficientFundsError) return { short: true, balanceMinor: err.balanceMinor };
      throw err;
    }
  }
  const moved = t.update(payments).set({ status: a.to, refundedAt: a.now }).where(eq(payments.id, payment.id)).returning().get()!;
  writeAudit(t, {
    adminId: a.adminId,
    action: a.audit,
    target: `payment:${payment.id}`,
    details: { chargeId: payment.telegramChargeId, ...(payment.providerChargeId ? { providerChargeId: payment.providerChargeId } : {}), debitedMinor: payment.creditedMinor },
    now: a.now,
  });
  return { short: false, payment: moved, balanceMinor };
}

/** The referrer's share of a top-up that is no longer there goes back too (once: only a payment that just became refunded gets here). */
function clawBackReferral(t: Db, done: Payment, now: number): { clawback?: Clawback } {
  if (done.referrerId === null) return {};
  return { clawback: takeBackReferralBonus(t, { referrerId: done.referrerId, bonusMinor: done.referralBonusMinor, note: `payment #${done.id} refunded`, now }) };
}

const getBalance = (t: Db, userId: number) => t.select({ b: users.balanceMinor }).from(users).where(eq(users.id, userId)).get()?.b ?? 0;

/**
 * Refunds a Stars payment: debits the credited amount and marks the payment in one transaction first
 * (refused, with nothing changed, when the balance no longer holds it), then asks Telegram; a refusal
 * re-credits the buyer in a compensating transaction with its own ledger row.
 */
async function refundStars(db: Db, payment: Payment, args: RefundArgs): Promise<RefundOutcome> {
  const begin = tx(db, (t): RefundOutcome | { status: "go"; payment: Payment } => {
    const current = t.select().from(payments).where(eq(payments.id, payment.id)).get()!;
    if (current.status === "refunded") return { status: "already_refunded", payment: current };
    if (current.status === "refunding") return { status: "go", payment: current }; // debited already: only ask Telegram again
    const now = args.now();
    const taken = takeBackCredit(t, current, { to: "refunding", adminId: args.adminId, now, note: `refund of payment #${current.id} ${current.telegramChargeId}`, audit: "stars_refund" });
    return taken.short ? { status: "short", payment: current, balanceMinor: taken.balanceMinor } : { status: "go", payment: taken.payment };
  });
  if (begin.status !== "go") return begin;
  const marked = begin.payment;

  const call = await args.callTelegram(marked.userId, marked.telegramChargeId);
  if (call.result === "ok" || call.result === "already_refunded") {
    return tx(db, (t): RefundOutcome => {
      const now = args.now();
      const done = t
        .update(payments)
        .set({ status: "refunded", refundedAt: now })
        .where(and(eq(payments.id, marked.id), eq(payments.status, "refunding")))
        .returning()
        .get();
      if (!done) return { status: "already_refunded", payment: marked };
      const balanceMinor = getBalance(t, marked.userId);
      enqueueNotice(t, marked.userId, { kind: "stars_refunded", paymentId: marked.id, stars: marked.totalAmount, amountMinor: marked.creditedMinor, balanceMinor }, now);
      return { status: "refunded", payment: done, balanceMinor, ...clawBackReferral(t, done, now) };
    });
  }
  if (call.result === "refused") {
    tx(db, (t) => {
      const now = args.now();
      const back = t
        .update(payments)
        .set({ status: "paid", refundedAt: null })
        .where(and(eq(payments.id, marked.id), eq(payments.status, "refunding")))
        .returning()
        .get();
      if (!back || marked.creditedMinor === 0) return;
      applyBalanceChange(t, {
        userId: marked.userId,
        deltaMinor: marked.creditedMinor,
        reason: "payment_refund",
        actorId: args.adminId,
        note: `refund of payment #${marked.id} refused by Telegram: ${(call.error ?? "").slice(0, 200)}`,
        now,
      });
    });
    return { status: "refused", payment: marked, error: call.error ?? "" };
  }
  return { status: "unknown", payment: marked, error: call.error ?? "" };
}

/**
 * A card (provider) payment cannot be given back through the Bot API: the shop refunds it in its
 * payments provider's dashboard. This records that refund first, in one transaction: the credited amount
 * is debited (refused, nothing changed, when the balance no longer holds it), the payment is marked
 * refunded, the referral bonus paid for it is taken back and the buyer is told. The admin then refunds
 * the card at the provider; recording it twice is refused.
 */
function recordCardRefund(db: Db, payment: Payment, args: Pick<RefundArgs, "adminId" | "now">): RefundOutcome {
  return tx(db, (t): RefundOutcome => {
    const current = t.select().from(payments).where(eq(payments.id, payment.id)).get()!;
    if (current.status === "refunded") return { status: "already_refunded", payment: current };
    const now = args.now();
    const note = `card payment #${current.id} ${current.providerChargeId ?? current.telegramChargeId} refunded at the provider`;
    const taken = takeBackCredit(t, current, { to: "refunded", adminId: args.adminId, now, note, audit: "card_refund" });
    if (taken.short) return { status: "short", payment: current, balanceMinor: taken.balanceMinor };
    enqueueNotice(t, current.userId, { kind: "card_refunded", paymentId: current.id, amountMinor: current.creditedMinor, balanceMinor: taken.balanceMinor }, now);
    return { status: "refunded", payment: taken.payment, balanceMinor: taken.balanceMinor, ...clawBackReferral(t, taken.payment, now) };
  });
}

/**
 * An admin's refund of a payment: a Stars payment goes back to the buyer through Telegram; a card
 * payment is recorded as refunded here and given back at the provider by the admin.
 */
export async function refundPayment(db: Db, args: RefundArgs): Promise<RefundOutcome> {
  const payment = getPayment(db, args.paymentId);
  if (!payment) return { status: "not_found" };
  return payment.method === "provider" ? recordCardRefund(db, payment, args) : refundStars(db, payment, args);
}

// ---- what a user is in the middle of typing ---------------------------------------------------
// One small record per user in `settings`, so a half-done top-up step or an admin's pending
// "send the reason" survives a restart. Expires on its own.

export type PayPending =
  | { k: "stars" }
  | { k: "provider" }
  | { k: "r_amount" }
  | { k: "r_file"; amountMinor: number }
  | { k: "reason"; requestId: number }
  | { k: "adjust"; requestId: number };

const PENDING_PREFIX = "pay:wait:";
const BUYER_TTL_MS = 60 * 60_000;
const ADMIN_TTL_MS = 24 * 60 * 60_000;

export function setPending(db: Db, userId: number, p: PayPending, now: number): void {
  const key = PENDING_PREFIX + userId;
  const value = JSON.stringify({ p, at: now });
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

export function getPending(db: Db, userId: number, now: number): PayPending | null {
  const value = settingValue(db, PENDING_PREFIX + userId);
  if (value === undefined) return null;
  try {
    const { p, at } = JSON.parse(value) as { p: PayPending; at: number };
    const ttl = p.k === "reason" || p.k === "adjust" ? ADMIN_TTL_MS : BUYER_TTL_MS;
    return now - at <= ttl ? p : null;
  } catch {
    return null;
  }
}

/** Returns whether there was something pending. */
export function clearPending(db: Db, userId: number): boolean {
  return db.delete(settings).where(eq(settings.key, PENDING_PREFIX + userId)).returning().all().length > 0;
}
