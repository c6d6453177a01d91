// Referrals: every user has a code (made on first need); a user who came in through someone's
// link on first contact has that referrer for good; the referrer earns a share of each top-up.
import { randomBytes } from "node:crypto";
import { and, count, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { isUniqueViolation, type Db } from "../db/client.js";
import { ledger, users } from "../db/schema.js";
import { applyBalanceChange } from "./ledger.js";
import { enqueueNotice } from "./notifications.js";

/** No look-alike characters (0/o, 1/l/i): codes are sometimes typed by hand. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const CODE_LENGTH = 8;
export const REFERRAL_CODE_RE = /^[a-z0-9]{4,32}$/;

export function generateReferralCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}

/** The user's referral code, created on first call (unique; a collision just draws again). */
export function ensureReferralCode(db: Db, userId: number, gen: () => string = generateReferralCode): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = db.select({ code: users.referralCode }).from(users).where(eq(users.id, userId)).get();
    if (!row) throw new Error(`unknown user ${userId}`);
    if (row.code) return row.code;
    try {
      db.update(users).set({ referralCode: gen() }).where(and(eq(users.id, userId), isNull(users.referralCode))).run();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error("could not create a unique referral code");
}

export type SetReferrerResult = "set" | "unknown_code" | "self" | "not_new" | "already";

/**
 * Links `userId` to the owner of `code`, only on the user's first contact, never to themselves and
 * never over an existing referrer (the conditional update makes a second attempt a no-op).
 */
export function setReferrerOnFirstContact(db: Db, args: { userId: number; code: string; firstContact: boolean }): SetReferrerResult {
  const code = args.code.trim().toLowerCase();
  if (!REFERRAL_CODE_RE.test(code)) return "unknown_code";
  const referrer = db.select({ id: users.id }).from(users).where(eq(users.referralCode, code)).get();
  if (!referrer) return "unknown_code";
  if (referrer.id === args.userId) return "self";
  if (!args.firstContact) return "not_new";
  const done = db
    .update(users)
    .set({ referrerId: referrer.id })
    .where(and(eq(users.id, args.userId), isNull(users.referrerId), ne(users.id, referrer.id)))
    .returning({ id: users.id })
    .get();
  return done ? "set" : "already";
}

/** floor(amount x bp / 10000), exact for any safe amount. */
export function referralBonusMinor(amountMinor: number, bp: number): number {
  if (amountMinor <= 0 || bp <= 0) return 0;
  return Number((BigInt(amountMinor) * BigInt(bp)) / 10_000n);
}

export interface ReferralBonus {
  referrerId: number | null;
  bonusMinor: number;
}

const NO_BONUS: ReferralBonus = { referrerId: null, bonusMinor: 0 };

/**
 * Credits the referrer of `userId` their share of a top-up of `amountMinor`. Call inside the
 * transaction that credits the top-up itself. Returns who got how much (0 when there is none).
 */
export function payReferralBonus(t: Db, args: { userId: number; amountMinor: number; bp: number; now: number; note?: string }): ReferralBonus {
  const bonus = referralBonusMinor(args.amountMinor, args.bp);
  if (bonus === 0) return NO_BONUS;
  const user = t.select({ referrerId: users.referrerId }).from(users).where(eq(users.id, args.userId)).get();
  const referrerId = user?.referrerId;
  if (referrerId === null || referrerId === undefined || referrerId === args.userId) return NO_BONUS;
  // A referrer row that is gone must not roll the top-up back.
  if (!t.select({ id: users.id }).from(users).where(eq(users.id, referrerId)).get()) return NO_BONUS;
  const balanceMinor = applyBalanceChange(t, {
    userId: referrerId,
    deltaMinor: bonus,
    reason: "referral_bonus",
    note: args.note ?? `referral ${args.userId}`,
    now: args.now,
  });
  enqueueNotice(t, referrerId, { kind: "referral_bonus", amountMinor: bonus, balanceMinor }, args.now);
  return { referrerId, bonusMinor: bonus };
}

export interface Clawback {
  referrerId: number;
  /** Taken back from the referrer's balance. */
  takenMinor: number;
  /** Not taken: already spent (a balance never goes below zero). */
  shortMinor: number;
}

/**
 * Takes a referral bonus back when the top-up it was paid for is refunded: as much of it as the
 * referrer's balance still holds, never below zero; what was spent already is reported as short.
 * Call inside the refund's transaction.
 */
export function takeBackReferralBonus(t: Db, args: { referrerId: number; bonusMinor: number; note: string; now: number }): Clawback | undefined {
  if (args.bonusMinor <= 0) return undefined;
  const referrer = t.select({ balance: users.balanceMinor }).from(users).where(eq(users.id, args.referrerId)).get();
  if (!referrer) return undefined;
  const taken = Math.min(args.bonusMinor, referrer.balance);
  if (taken > 0) {
    const balanceMinor = applyBalanceChange(t, { userId: args.referrerId, deltaMinor: -taken, reason: "referral_clawback", note: args.note, now: args.now });
    enqueueNotice(t, args.referrerId, { kind: "referral_clawback", amountMinor: taken, balanceMinor }, args.now);
  }
  return { referrerId: args.referrerId, takenMinor: taken, shortMinor: args.bonusMinor - taken };
}

export interface ReferralStats {
  count: number;
  earnedMinor: number;
}

export function referralStats(db: Db, userId: number): ReferralStats {
  const c = db.select({ n: count() }).from(users).where(eq(users.referrerId, userId)).get();
  const e = db
    .select({ s: sql<number>`coalesce(sum(${ledger.deltaMinor}), 0)` })
    .from(ledger)
    .where(and(eq(ledger.userId, userId), inArray(ledger.reason, ["referral_bonus", "referral_clawback"])))
    .get();
  return { count: c?.n ?? 0, earnedMinor: Number(e?.s ?? 0) };
}
