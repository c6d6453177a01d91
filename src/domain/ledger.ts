import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { prepared } from "../db/prepared.js";
import { ledger, users } from "../db/schema.js";

export type LedgerReason =
  | "admin_credit"
  | "admin_debit"
  | "order"
  | "refund"
  | "topup_stars"
  | "topup_provider"
  | "topup_receipt"
  | "payment_refund"
  | "referral_bonus"
  | "referral_clawback"
  | "promo";

export class InsufficientFundsError extends Error {
  constructor(readonly balanceMinor: number) {
    super("insufficient funds");
  }
}

export class UnknownUserError extends Error {
  constructor(readonly userId: number) {
    super(`unknown user ${userId}`);
  }
}

export interface BalanceChange {
  userId: number;
  deltaMinor: number;
  reason: LedgerReason;
  orderId?: number | null;
  actorId?: number | null;
  note?: string | null;
  now: number;
}

/**
 * Changes a balance and writes its ledger row. Call it only inside `tx()`: the conditional
 * update (never below zero) and the row commit together or not at all.
 * Returns the balance after the change.
 */
export function applyBalanceChange(t: Db, change: BalanceChange): number {
  if (!Number.isSafeInteger(change.deltaMinor)) throw new Error("amount must be an integer of minor units");
  const updated = moveBalance(t).get({ userId: change.userId, delta: change.deltaMinor });
  if (!updated) {
    const user = t.select({ balance: users.balanceMinor }).from(users).where(eq(users.id, change.userId)).get();
    if (!user) throw new UnknownUserError(change.userId);
    throw new InsufficientFundsError(user.balance);
  }
  writeLedgerRow(t).run({
    userId: change.userId,
    deltaMinor: change.deltaMinor,
    balanceAfterMinor: updated.balance,
    reason: change.reason,
    orderId: change.orderId ?? null,
    actorId: change.actorId ?? null,
    note: change.note ?? null,
    createdAt: change.now,
  });
  return updated.balance;
}

/** The balance moves only if it stays at or above zero (no row back: unknown user or not enough). */
const moveBalance = prepared((db) => {
  const delta = sql.placeholder("delta");
  return db
    .update(users)
    .set({ balanceMinor: sql`${users.balanceMinor} + ${delta}` })
    .where(and(eq(users.id, sql.placeholder("userId")), gte(sql`${users.balanceMinor} + ${delta}`, 0)))
    .returning({ balance: users.balanceMinor })
    .prepare();
});

const writeLedgerRow = prepared((db) =>
  db
    .insert(ledger)
    .values({
      userId: sql.placeholder("userId"),
      deltaMinor: sql.placeholder("deltaMinor"),
      balanceAfterMinor: sql.placeholder("balanceAfterMinor"),
      reason: sql.placeholder("reason"),
      orderId: sql.placeholder("orderId"),
      actorId: sql.placeholder("actorId"),
      note: sql.placeholder("note"),
      createdAt: sql.placeholder("createdAt"),
    })
    .prepare(),
);
