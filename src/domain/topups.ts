// Top-ups by receipt (card transfer, local wallet): the buyer's claim, decided once by an admin.
import { and, asc, count, desc, eq, lt } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { topupRequests } from "../db/schema.js";
import { enqueueNotice } from "./notifications.js";
import { writeAudit } from "./audit.js";
import { creditTopup } from "./payments.js";

export type TopupRequest = typeof topupRequests.$inferSelect;
export interface AdminMessageRef {
  chatId: number;
  messageId: number;
}

/** Waiting requests one buyer may have at once. */
export const MAX_PENDING_PER_USER = 3;
export const MAX_REASON_LENGTH = 500;

export type CreateTopupResult =
  | { status: "created"; request: TopupRequest; earlier: Array<Pick<TopupRequest, "id" | "userId" | "status">> }
  | { status: "too_many"; pending: number };

export function createTopupRequest(
  db: Db,
  args: { userId: number; amountMinor: number; fileId: string; fileUniqueId: string; fileKind: "photo" | "document"; now: number },
): CreateTopupResult {
  if (!Number.isSafeInteger(args.amountMinor) || args.amountMinor <= 0) throw new Error("amount must be positive");
  return tx(db, (t): CreateTopupResult => {
    const pending =
      t
        .select({ n: count() })
        .from(topupRequests)
        .where(and(eq(topupRequests.userId, args.userId), eq(topupRequests.status, "pending")))
        .get()?.n ?? 0;
    if (pending >= MAX_PENDING_PER_USER) return { status: "too_many", pending };
    const request = t
      .insert(topupRequests)
      .values({
        userId: args.userId,
        amountMinor: args.amountMinor,
        fileId: args.fileId,
        fileUniqueId: args.fileUniqueId,
        fileKind: args.fileKind,
        status: "pending",
        createdAt: args.now,
      })
      .returning()
      .get();
    // The same file sent before (by anyone): the admin is warned; deciding stays theirs.
    return { status: "created", request, earlier: earlierUses(t, request) };
  });
}

export function getTopupRequest(db: Db, id: number): TopupRequest | undefined {
  return db.select().from(topupRequests).where(eq(topupRequests.id, id)).get();
}

/** Earlier requests with the same receipt file (any buyer). */
export function earlierUses(db: Db, request: Pick<TopupRequest, "id" | "fileUniqueId">): Array<Pick<TopupRequest, "id" | "userId" | "status">> {
  return db
    .select({ id: topupRequests.id, userId: topupRequests.userId, status: topupRequests.status })
    .from(topupRequests)
    .where(and(eq(topupRequests.fileUniqueId, request.fileUniqueId), lt(topupRequests.id, request.id)))
    .orderBy(asc(topupRequests.id))
    .all();
}

export function adminMessagesOf(request: Pick<TopupRequest, "adminMessages">): AdminMessageRef[] {
  try {
    const list = JSON.parse(request.adminMessages) as unknown;
    return Array.isArray(list) ? (list as AdminMessageRef[]).filter((m) => Number.isSafeInteger(m?.chatId) && Number.isSafeInteger(m?.messageId)) : [];
  } catch {
    return [];
  }
}

/** Remembers where the request was shown to admins (read-modify-write inside one transaction). */
export function addAdminMessages(db: Db, id: number, refs: AdminMessageRef[]): void {
  if (refs.length === 0) return;
  tx(db, (t) => {
    const row = t.select({ adminMessages: topupRequests.adminMessages }).from(topupRequests).where(eq(topupRequests.id, id)).get();
    if (!row) return;
    const list = adminMessagesOf(row);
    for (const r of refs) if (!list.some((m) => m.chatId === r.chatId && m.messageId === r.messageId)) list.push(r);
    t.update(topupRequests).set({ adminMessages: JSON.stringify(list) }).where(eq(topupRequests.id, id)).run();
  });
}

export function listPendingTopups(db: Db, limit = 30): TopupRequest[] {
  return db.select().from(topupRequests).where(eq(topupRequests.status, "pending")).orderBy(desc(topupRequests.id)).limit(limit).all();
}

export function countPendingTopups(db: Db): number {
  return db.select({ n: count() }).from(topupRequests).where(eq(topupRequests.status, "pending")).get()?.n ?? 0;
}

export type DecideResult =
  | { status: "approved"; request: TopupRequest; balanceMinor: number }
  | { status: "rejected"; request: TopupRequest }
  | { status: "decided"; request: TopupRequest }
  | { status: "not_found" };

/**
 * Approves a waiting request and credits it, once: the state change is conditional on `pending`, so
 * whichever admin comes first wins and every later tap (by anyone) finds it decided. `amountMinor`
 * overrides the buyer's amount (Adjust amount).
 */
export function approveTopup(
  db: Db,
  args: { id: number; adminId: number; amountMinor?: number; referralBp: number; now: number },
): DecideResult {
  if (args.amountMinor !== undefined && (!Number.isSafeInteger(args.amountMinor) || args.amountMinor <= 0)) throw new Error("amount must be positive");
  return tx(db, (t): DecideResult => {
    const current = t.select().from(topupRequests).where(eq(topupRequests.id, args.id)).get();
    if (!current) return { status: "not_found" };
    const credit = args.amountMinor ?? current.amountMinor;
    const request = t
      .update(topupRequests)
      .set({ status: "approved", decidedBy: args.adminId, decidedAt: args.now, creditedMinor: credit })
      .where(and(eq(topupRequests.id, args.id), eq(topupRequests.status, "pending")))
      .returning()
      .get();
    if (!request) return { status: "decided", request: current };
    const { balanceMinor } = creditTopup(t, {
      userId: request.userId,
      amountMinor: credit,
      reason: "topup_receipt",
      referralBp: args.referralBp,
      actorId: args.adminId,
      note: `receipt #${request.id}`,
      now: args.now,
    });
    enqueueNotice(t, request.userId, { kind: "receipt_approved", requestId: request.id, amountMinor: credit, balanceMinor }, args.now);
    writeAudit(t, {
      adminId: args.adminId,
      action: "topup_approve",
      target: `topup:${request.id}`,
      details: { userId: request.userId, claimedMinor: request.amountMinor, creditedMinor: credit },
      now: args.now,
    });
    return { status: "approved", request, balanceMinor };
  });
}

/** Rejects a waiting request with a reason the buyer is told; a decided request is left alone. */
export function rejectTopup(db: Db, args: { id: number; adminId: number; reason: string; now: number }): DecideResult {
  const reason = args.reason.trim().slice(0, MAX_REASON_LENGTH);
  return tx(db, (t): DecideResult => {
    const current = t.select().from(topupRequests).where(eq(topupRequests.id, args.id)).get();
    if (!current) return { status: "not_found" };
    const request = t
      .update(topupRequests)
      .set({ status: "rejected", decidedBy: args.adminId, decidedAt: args.now, reason })
      .where(and(eq(topupRequests.id, args.id), eq(topupRequests.status, "pending")))
      .returning()
      .get();
    if (!request) return { status: "decided", request: current };
    enqueueNotice(t, request.userId, { kind: "receipt_rejected", requestId: request.id, amountMinor: request.amountMinor, reason }, args.now);
    writeAudit(t, { adminId: args.adminId, action: "topup_reject", target: `topup:${request.id}`, details: { userId: request.userId, reason }, now: args.now });
    return { status: "rejected", request };
  });
}
