import type { Statement } from "better-sqlite3";
import { and, asc, isNull, lte } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { notifications } from "../db/schema.js";
import { prepared } from "../db/prepared.js";
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
  | { kind: "referral_clawback"; amountMinor: number; balanceMinor: number }
  | { kind: "stars_refunded"; paymentId: number; stars: number; amountMinor: number; balanceMinor: number }
  | { kind: "card_refunded"; paymentId: number; amountMinor: number; balanceMinor: number }
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

// Prepared once per connection: a poll cycle queues thousands of notices at a time.
const insertNotice = prepared((db) => db.$client.prepare("INSERT INTO notifications (chat_id, kind, payload, created_at) VALUES (?, ?, ?, ?)"));

/** Queues a notice. Call inside the transaction that makes the change it reports. */
export function enqueueNotice(t: Db, chatId: number, notice: Notice, now: number): void {
  insertNotice(t).run(chatId, notice.kind, JSON.stringify(notice), now);
}

export type DeliveryResult = "sent" | "blocked" | "retry";

/** Notices sent per second at most unless told otherwise: under Telegram's ~30/s per bot, leaving room for replies. */
export const DEFAULT_NOTICE_RATE_PER_SECOND = 25;

/**
 * Paces sends: at most `limit` in any window of `windowMs`, the rule Telegram (about 30 messages a
 * second per bot) and the fake Bot API enforce. A sliding log rather than a token bucket (a bucket
 * refilled continuously lets a full bucket plus a window's refill through in one window, which draws
 * 429s), and timed by when each send *finished*: the server counts a message when it handles it, which
 * is after the client started it, so a log of start times lets jitter push a window over the limit.
 * Slots are handed out in call order; call the returned release() when the send is over (ok or not).
 */
export class SendPacer {
  /** Finish times of the last `limit` sends, in send order (a ring); pending while in flight. */
  private readonly finished: Array<Promise<number>> = [];
  private next = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(limit >= 1)) throw new Error("SendPacer: limit must be at least 1");
  }

  /** Resolves when one more send may start; the send must call the release() it gets when it is over. */
  acquire(): Promise<() => void> {
    const slot = this.tail.then(() => this.take());
    this.tail = slot;
    return slot;
  }

  private async take(): Promise<() => void> {
    const earlier = this.finished[this.next];
    if (earlier) {
      // The send `limit` sends ago must be over, and a full window old.
      const at = await earlier;
      for (let wait = at + this.windowMs - this.clock(); wait > 0; wait = at + this.windowMs - this.clock()) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    let release!: () => void;
    this.finished[this.next] = new Promise<number>((resolve) => {
      release = () => resolve(this.clock());
    });
    this.next = (this.next + 1) % this.limit;
    return release;
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
  /** A pacer shared with other senders of the same bot (broadcasts): Telegram's limit is per bot. */
  pacer?: SendPacer;
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
    this.pacer = opts.pacer ?? (rate > 0 ? new SendPacer(rate) : undefined);
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
            const release = await this.pacer?.acquire();
            try {
              result = await this.deliver(n.chatId, JSON.parse(n.payload) as Notice);
            } catch (err) {
              this.logger.warn({ err, noticeId: n.id }, "notice delivery error");
              result = "retry";
            } finally {
              release?.();
            }
            const now = Date.now();
            if (result === "sent") {
              this.mark(n.id, now, null);
              sent++;
              progressed = true;
            } else if (result === "blocked" || n.attempts + 1 >= maxAttempts) {
              this.mark(n.id, null, now);
              progressed = true;
            } else {
              this.mark(n.id, null, null);
              break; // keep this chat's order; try again next run
            }
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));
      } finally {
        // Before the next query for due notices: one sent but not marked would be sent again.
        this.flushMarks();
      }
      if (!progressed || this.stopped || due.length < batch) return sent;
    }
  }

  // Outcomes are written in small batches, one transaction each: a commit per notice (an fsync with
  // synchronous = FULL) was most of the cost of a notice. A crash can repeat the notices sent since the
  // last write (at most MARK_BATCH of them, or MARK_DELAY_MS worth), never lose one.
  private marks: Array<{ id: number; sentAt: number | null; failedAt: number | null }> = [];
  private markTimer: NodeJS.Timeout | undefined;
  private markStatement: Statement | undefined;

  /** Records one attempt's outcome: sent (sentAt), given up (failedAt), or to be retried (neither). */
  private mark(id: number, sentAt: number | null, failedAt: number | null): void {
    this.marks.push({ id, sentAt, failedAt });
    if (this.marks.length >= MARK_BATCH) this.flushMarks();
    else
      this.markTimer ??= setTimeout(() => {
        try {
          this.flushMarks();
        } catch (err) {
          this.logger.error({ err }, "could not record sent notices; will try again");
        }
      }, MARK_DELAY_MS);
  }

  private flushMarks(): void {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = undefined;
    if (this.marks.length === 0) return;
    const list = this.marks;
    this.marks = [];
    const st = (this.markStatement ??= this.db.$client.prepare(
      "UPDATE notifications SET attempts = attempts + 1, sent_at = coalesce(?, sent_at), failed_at = coalesce(?, failed_at) WHERE id = ?",
    ));
    try {
      tx(this.db, () => {
        for (const m of list) st.run(m.sentAt, m.failedAt, m.id);
      });
    } catch (err) {
      this.marks = list.concat(this.marks); // kept for the next write
      throw err;
    }
  }
}

/** Outcomes written per transaction at most, and how long one waits for others at most. */
const MARK_BATCH = 32;
const MARK_DELAY_MS = 20;

/** Sent (or given-up) notices older than `before` are history nobody reads: keep the table small. */
export function pruneOldNotices(db: Db, before: number): number {
  return db.$client
    .prepare("delete from notifications where (sent_at is not null and sent_at < ?) or (failed_at is not null and failed_at < ?)")
    .run(before, before).changes;
}
