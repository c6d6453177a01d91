import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { notifications } from "../db/schema.js";
import type { Logger } from "../logger.js";

/** What a notice says; rendered in the reader's language only when it is sent. */
export type Notice =
  | { kind: "order_status"; orderId: number; status: "in_progress" | "completed" | "partial" | "canceled"; refundMinor: number; remains: number | null }
  | { kind: "credited"; amountMinor: number; balanceMinor: number }
  | { kind: "debited"; amountMinor: number; balanceMinor: number }
  | { kind: "admin_unknown_order"; orderId: number; userId: number }
  | { kind: "admin_stuck_order"; orderId: number; days: number }
  | { kind: "admin_text"; text: string }
  // Money in (issue 5): rendered by src/bot/payment-notices.ts
  | { kind: "payment_credited"; paymentId: number; amountMinor: number; balanceMinor: number }
  | { kind: "receipt_approved"; requestId: number; amountMinor: number; balanceMinor: number }
  | { kind: "receipt_rejected"; requestId: number; amountMinor: number; reason: string }
  | { kind: "referral_bonus"; amountMinor: number; balanceMinor: number }
  | { kind: "stars_refunded"; paymentId: number; stars: number; amountMinor: number; balanceMinor: number }
  | {
      kind: "admin_payment";
      paymentId: number;
      userId: number;
      method: "stars" | "provider";
      currency: string;
      totalAmount: number;
      creditedMinor: number;
      chargeId: string;
    }
  | { kind: "admin_orders_paused"; reason: string }
  | { kind: "admin_orders_resumed" }
  | { kind: "order_resolved_placed"; orderId: number }
  | { kind: "order_resolved_refunded"; orderId: number; refundMinor: number }
  | { kind: "refill_status"; orderId: number; status: "completed" | "rejected" | "error" };

/** Queues a notice. Call inside the transaction that makes the change it reports. */
export function enqueueNotice(t: Db, chatId: number, notice: Notice, now: number): void {
  t.insert(notifications).values({ chatId, kind: notice.kind, payload: JSON.stringify(notice), createdAt: now }).run();
}

export type DeliveryResult = "sent" | "blocked" | "retry";

/** Notices sent per second at most unless told otherwise: under Telegram's ~30/s per bot, leaving room for replies. */
export const DEFAULT_NOTICE_RATE_PER_SECOND = 25;

/**
 * Paces sends: at most `limit` may start in any window of `windowMs`, the rule Telegram (about 30
 * messages a second per bot) and the fake Bot API enforce. A sliding log rather than a token bucket:
 * a bucket refilled continuously lets a full bucket plus a window's refill through in one window,
 * which is what draws 429s. Slots are handed out in call order.
 */
export class SendPacer {
  private readonly starts: number[] = [];
  private next = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(limit >= 1)) throw new Error("SendPacer: limit must be at least 1");
  }

  /** Resolves when one more send may start now. */
  acquire(): Promise<void> {
    const slot = this.tail.then(() => this.take());
    this.tail = slot;
    return slot;
  }

  private async take(): Promise<void> {
    if (this.starts.length === this.limit) {
      // The start `limit` sends ago must have left the window.
      const oldest = this.starts[this.next]!;
      for (let wait = oldest + this.windowMs - this.clock(); wait > 0; wait = oldest + this.windowMs - this.clock()) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    const now = this.clock();
    if (this.starts.length < this.limit) this.starts.push(now);
    else this.starts[this.next] = now;
    this.next = (this.next + 1) % this.limit;
  }
}

export interface NoticeDispatcherOptions {
  /** Idle period between runs (a wake() starts one at once). */
  intervalMs?: number;
  batch?: number;
  maxAttempts?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /**
   * At most this many sends start in any second (default DEFAULT_NOTICE_RATE_PER_SECOND; 0 = unpaced).
   * Telegram answers 429 past its global limit and auto-retry then waits whole seconds; pacing under
   * the limit keeps the dispatcher at the limit instead.
   */
  ratePerSecond?: number;
}

/**
 * Sends queued notices in order, at most `concurrency` at a time and `ratePerSecond` a second. A
 * notice is marked sent only after Telegram accepted it; one that keeps failing is given up after
 * `maxAttempts`. A crash between send and mark can repeat the notices in flight, never lose one.
 */
export class NoticeDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wakeRequested = false;
  private readonly pacer: SendPacer | undefined;

  constructor(
    private readonly db: Db,
    private readonly deliver: (chatId: number, notice: Notice) => Promise<DeliveryResult>,
    private readonly logger: Logger,
    private readonly opts: NoticeDispatcherOptions = {},
  ) {
    const rate = opts.ratePerSecond ?? DEFAULT_NOTICE_RATE_PER_SECOND;
    this.pacer = rate > 0 ? new SendPacer(rate) : undefined;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a run soon (after a change queued notices). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error({ err }, "notice dispatch failed"))
        .finally(() => {
          this.running = undefined;
          const again = this.wakeRequested;
          this.wakeRequested = false;
          this.schedule(again ? 0 : (this.opts.intervalMs ?? 1000));
        });
    }, ms);
  }

  private chain: Promise<unknown> = Promise.resolve();

  /** Sends everything that is due; returns how many were sent. Runs never overlap (no notice goes twice). */
  runOnce(): Promise<number> {
    const run = this.chain.then(() => this.sendDue());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async sendDue(): Promise<number> {
    const batch = this.opts.batch ?? 200;
    const maxAttempts = this.opts.maxAttempts ?? 8;
    const concurrency = this.opts.concurrency ?? 8;
    let sent = 0;
    for (;;) {
      const due = this.db
        .select()
        .from(notifications)
        .where(and(isNull(notifications.sentAt), isNull(notifications.failedAt), lte(notifications.attempts, maxAttempts)))
        .orderBy(asc(notifications.id))
        .limit(batch)
        .all();
      if (due.length === 0) return sent;
      let progressed = false;
      // Notices of one chat go in order; different chats in parallel.
      const byChat = new Map<number, typeof due>();
      for (const n of due) {
        const list = byChat.get(n.chatId) ?? [];
        list.push(n);
        byChat.set(n.chatId, list);
      }
      const queues = [...byChat.values()];
      const worker = async () => {
        for (let q = queues.shift(); q; q = queues.shift()) {
          for (const n of q) {
            if (this.stopped) return;
            let result: DeliveryResult;
            try {
              await this.pacer?.acquire();
              result = await this.deliver(n.chatId, JSON.parse(n.payload) as Notice);
            } catch (err) {
              this.logger.warn({ err, noticeId: n.id }, "notice delivery error");
              result = "retry";
            }
            const now = Date.now();
            if (result === "sent") {
              this.db.update(notifications).set({ sentAt: now, attempts: sql`${notifications.attempts} + 1` }).where(eq(notifications.id, n.id)).run();
              sent++;
              progressed = true;
            } else if (result === "blocked" || n.attempts + 1 >= maxAttempts) {
              this.db.update(notifications).set({ failedAt: now, attempts: sql`${notifications.attempts} + 1` }).where(eq(notifications.id, n.id)).run();
              progressed = true;
            } else {
              this.db.update(notifications).set({ attempts: sql`${notifications.attempts} + 1` }).where(eq(notifications.id, n.id)).run();
              break; // keep this chat's order; try again next run
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));
      if (!progressed || this.stopped || due.length < batch) return sent;
    }
  }
}
