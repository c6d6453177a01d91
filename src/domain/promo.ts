// Promo codes: made by an admin, redeemed once per buyer, never more often than allowed.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { isUniqueViolation, tx, type Db } from "../db/client.js";
import { promoCodes, promoRedemptions } from "../db/schema.js";
import { applyBalanceChange } from "./ledger.js";
import { writeAudit } from "./audit.js";

export type PromoCode = typeof promoCodes.$inferSelect;

export const PROMO_CODE_RE = /^[A-Z0-9_-]{3,32}$/;
/** Words of the admin syntax cannot be codes. */
const RESERVED = new Set(["CREATE", "LIST"]);
const DAY_MS = 86_400_000;

export function normalizePromoCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return PROMO_CODE_RE.test(code) && !RESERVED.has(code) ? code : null;
}

/**
 * Expiry from "YYYY-MM-DD" (valid through that day, UTC) or a number of days ("30" or "30d").
 * Returns the first instant the code no longer works, or null when the text is not an expiry.
 */
export function parseExpiry(text: string, now: number): number | null {
  const t = text.trim().toLowerCase();
  const days = /^(\d{1,4})d?$/.exec(t);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 ? now + n * DAY_MS : null;
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!date) return null;
  const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const start = Date.UTC(y, m - 1, d);
  const check = new Date(start);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  const end = start + DAY_MS;
  return end > now ? end : null;
}

export type CreatePromoResult = { status: "created"; promo: PromoCode } | { status: "exists" };

export function createPromo(
  db: Db,
  args: { code: string; amountMinor: number; maxUses: number; expiresAt: number | null; adminId: number; now: number },
): CreatePromoResult {
  if (!Number.isSafeInteger(args.amountMinor) || args.amountMinor <= 0) throw new Error("amount must be positive");
  if (!Number.isSafeInteger(args.maxUses) || args.maxUses <= 0) throw new Error("uses must be positive");
  try {
    return tx(db, (t): CreatePromoResult => {
      const promo = t
        .insert(promoCodes)
        .values({ code: args.code, amountMinor: args.amountMinor, maxUses: args.maxUses, expiresAt: args.expiresAt, createdBy: args.adminId, createdAt: args.now })
        .returning()
        .get();
      writeAudit(t, {
        adminId: args.adminId,
        action: "promo_create",
        target: `promo:${args.code}`,
        details: { amountMinor: args.amountMinor, maxUses: args.maxUses, expiresAt: args.expiresAt },
        now: args.now,
      });
      return { status: "created", promo };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { status: "exists" };
    throw err;
  }
}

export function listPromos(db: Db, limit = 30): PromoCode[] {
  return db.select().from(promoCodes).orderBy(desc(promoCodes.createdAt)).limit(limit).all();
}

export type RedeemResult =
  | { status: "redeemed"; amountMinor: number; balanceMinor: number }
  | { status: "not_found" | "expired" | "used_up" | "already" };


/**
 * Redeems a code for a buyer. One transaction: the use is counted only while `used < max_uses` and the
 * code is not expired, one redemption per (code, user), and the credit is ledgered; any refusal leaves
 * nothing behind. IMMEDIATE, so nobody writes between these checks and the writes (the unique index on
 * (code, user) stays as the database's own backstop).
 */
export function redeemPromo(db: Db, args: { code: string; userId: number; now: number }): RedeemResult {
  const code = normalizePromoCode(args.code);
  if (!code) return { status: "not_found" };
  return tx(db, (t): RedeemResult => {
    const promo = t.select().from(promoCodes).where(eq(promoCodes.code, code)).get();
    if (!promo) return { status: "not_found" };
    const mine = t
      .select({ code: promoRedemptions.code })
      .from(promoRedemptions)
      .where(and(eq(promoRedemptions.code, code), eq(promoRedemptions.userId, args.userId)))
      .get();
    if (mine) return { status: "already" };
    if (promo.expiresAt !== null && args.now >= promo.expiresAt) return { status: "expired" };
    const counted = t
      .update(promoCodes)
      .set({ used: sql`${promoCodes.used} + 1` })
      .where(and(eq(promoCodes.code, code), lt(promoCodes.used, promoCodes.maxUses)))
      .returning({ used: promoCodes.used })
      .get();
    if (!counted) return { status: "used_up" };
    t.insert(promoRedemptions).values({ code, userId: args.userId, createdAt: args.now }).run();
    const balanceMinor = applyBalanceChange(t, { userId: args.userId, deltaMinor: promo.amountMinor, reason: "promo", note: `promo ${code}`, now: args.now });
    return { status: "redeemed", amountMinor: promo.amountMinor, balanceMinor };
  });
}
