import type { Statement } from "better-sqlite3";
import { and, inArray, isNull, lt } from "drizzle-orm";
import type { Config } from "../config.js";
import { tx, type Db } from "../db/client.js";
import { orders } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { PanelClient } from "../upstream/client.js";
import type { MultiStatusItem } from "../upstream/types.js";
import { checkPanelBalance } from "./guard.js";
import { enqueueNotice } from "./notifications.js";
import { pollRefills } from "./order-actions.js";
import {
  ACTIVE_STATUSES,
  applyStatus,
  backoffMs,
  describeError,
  normalizeStatus,
  type OrderStatus,
  type StatusApplyResult,
} from "./orders.js";

/** Orders per multi-status call: the API v2 limit. */
export const STATUS_BATCH = 100;

export type DueOrder = { id: number; upstreamId: number };

export interface PollerDeps {
  db: Db;
  panel: Pick<PanelClient, "statuses" | "status" | "cancel" | "refill" | "refillStatuses" | "balance">;
  /** PANEL_BALANCE_ALERT in minor units, or null. */
  panelBalanceAlertMinor?: number | null;
  logger: Logger;
  intervalMs: number;
  adminIds: readonly number[];
  stuckOrderDays: number;
  now: () => number;
  onNotices?: () => void;
  /** Orders asked about per cycle at most (the rest wait for the next one). */
  maxPerCycle?: number;
  /** Multi-status calls in flight at once (STATUS_POLL_CONCURRENCY); default 4. */
  concurrency?: number;
}

export interface CycleReport {
  checked: number;
  changed: number;
  missing: number;
  errors: number;
}

/**
 * Follows every placed order that is not final: one multi-status call per 100 orders (a few in
 * parallel), each batch of answers applied in one transaction (status, refund, notice). Resumes from
 * the database after a restart.
 */
/** The poller as the shop's settings configure it. */
export function pollerFromConfig(
  config: Pick<Config, "statusPollSeconds" | "statusPollConcurrency" | "adminIds" | "stuckOrderDays" | "panelBalanceAlertMinor">,
  deps: Pick<PollerDeps, "db" | "panel" | "logger" | "now" | "onNotices">,
): StatusPoller {
  return new StatusPoller({
    ...deps,
    intervalMs: config.statusPollSeconds * 1000,
    concurrency: config.statusPollConcurrency,
    adminIds: config.adminIds,
    stuckOrderDays: config.stuckOrderDays,
    panelBalanceAlertMinor: config.panelBalanceAlertMinor,
  });
}

export class StatusPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** Set by stop(): a cycle under way sends no further batches (the orders stay due). */
  private halted = false;
  private statements: StatusStatements | undefined;
  private readonly unknownStatusesLogged = new Set<string>();

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    this.stopped = false;
    this.halted = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runCycle()
        .catch((err: unknown) => this.deps.logger.error({ err: describeError(err) }, "status poll cycle failed"))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.deps.intervalMs);
        });
    }, ms);
  }

  /** One cycle. `force` asks about every followed order now, due or not (an admin's "check now"). */
  async runCycle(opts: { force?: boolean } = {}): Promise<CycleReport> {
    const { db, panel, logger } = this.deps;
    const report: CycleReport = { checked: 0, changed: 0, missing: 0, errors: 0 };
    this.statements ??= new StatusStatements(db);
    const due = selectDue(this.statements, opts.force ? Number.MAX_SAFE_INTEGER : this.deps.now(), this.deps.maxPerCycle ?? 100_000);
    const batches = Math.ceil(due.count / STATUS_BATCH);
    // One multi-status call per batch, at most `concurrency` of them in flight; each answer is applied
    // as soon as it comes (synchronously, so applying never overlaps itself).
    let next = 0;
    const worker = async () => {
      for (let b = next++; b < batches && !this.halted; b = next++) {
        const batch = due.batch(b);
        let answers: Map<number, MultiStatusItem>;
        try {
          answers = await panel.statuses(batch.map((o) => o.upstreamId));
        } catch (err) {
          report.errors += batch.length;
          logger.warn({ err: describeError(err), orders: batch.length }, "status batch failed; will retry next cycle");
          continue;
        }
        this.applyAnswers(batch, answers, report);
      }
    };
    const concurrency = Math.max(1, Math.floor(this.deps.concurrency ?? 4));
    await Promise.all(Array.from({ length: Math.min(concurrency, batches) }, worker));
    if (this.halted) return report; // stopping: the rest waits for the next start
    await pollRefills({ ...this.deps, pollIntervalMs: this.deps.intervalMs }, opts);
    await checkPanelBalance(
      { db, panel, adminIds: this.deps.adminIds, alertMinor: this.deps.panelBalanceAlertMinor ?? null, logger },
      this.deps.now(),
    ).then((r) => r !== "unchanged" && this.deps.onNotices?.());
    this.alertStuckOrders();
    if (due.count > 0) logger.debug(report, "status poll cycle");
    return report;
  }

  /**
   * Applies one batch of answers in one transaction (see applyStatusBatch) and counts it into `report`.
   * Public so the benchmark can time it apart from the HTTP.
   */
  applyAnswers(batch: readonly DueOrder[], answers: ReadonlyMap<number, MultiStatusItem>, report: CycleReport): void {
    const { logger } = this.deps;
    this.statements ??= new StatusStatements(this.deps.db);
    const now = this.deps.now();
    let results: BatchItemResult[];
    try {
      results = applyStatusBatch(this.deps.db, this.statements, batch, answers, now, this.deps.intervalMs);
    } catch (err) {
      report.errors += batch.length;
      logger.error({ err: describeError(err), orders: batch.length }, "could not store a status batch; will retry next cycle");
      return;
    }
    let changed = 0;
    for (const [i, o] of batch.entries()) {
      const r = results[i];
      report.checked++;
      if (r === "missing" || r === "item_error") {
        // Missing from the answer or a per-item error: kept followed, asked again a little later.
        report.missing++;
        if (r === "item_error") logger.warn({ orderId: o.id, upstreamId: o.upstreamId }, "panel reported an error for this order's status");
      } else if (r && "error" in r) {
        // Nothing of it was written: still due, tried again next cycle.
        report.errors++;
        logger.error({ orderId: o.id, err: r.error }, "could not apply this order's status; will retry next cycle");
      } else if (r) {
        if (r.changed) changed++;
        if (r.unknownStatus && !this.unknownStatusesLogged.has(r.unknownStatus)) {
          this.unknownStatusesLogged.add(r.unknownStatus);
          logger.warn({ orderId: o.id, status: r.unknownStatus.slice(0, 40) }, "unknown status string from the panel; order kept as it was");
        }
      }
    }
    report.changed += changed;
    // Buyers hear of it now, not when a long cycle ends.
    if (changed > 0) this.deps.onNotices?.();
  }

  /** Tells admins, once per order, about orders that stayed unfinished for too long. */
  private alertStuckOrders(): void {
    const { db, adminIds, stuckOrderDays } = this.deps;
    const now = this.deps.now();
    const cutoff = now - stuckOrderDays * 86_400_000;
    const alerted = tx(db, (t) => {
      const stuck = t
        .update(orders)
        .set({ stuckAlertedAt: now })
        .where(and(inArray(orders.status, [...ACTIVE_STATUSES, "unknown"]), lt(orders.createdAt, cutoff), isNull(orders.stuckAlertedAt)))
        .returning({ id: orders.id })
        .all();
      for (const o of stuck) for (const a of adminIds) enqueueNotice(t, a, { kind: "admin_stuck_order", orderId: o.id, days: stuckOrderDays }, now);
      return stuck.length;
    });
    if (alerted > 0) this.deps.onNotices?.();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Applying a batch of status answers
//
// applyStatus (orders.ts) is the reference: one answer, one transaction, every case. A poll cycle
// applies up to 100,000 answers, nearly all of them "nothing new" or a plain step forward, so a batch
// runs in ONE transaction with statements prepared once:
// - no answer / a per-item error: asked again a little later;
// - pending / in progress / completed: the same row update and notice as applyStatus's non-final
//   branch (test/poller.test.ts checks both give the same rows and notices);
// - canceled, partial (refunds) and status strings we do not know: applyStatus itself, inside the
//   batch's transaction (a savepoint of its own).

/** What happened to one order of a batch (undefined: no longer followed, nothing written). */
export type BatchItemResult = StatusApplyResult | undefined | "missing" | "item_error" | { error: string };

interface CurrentRow {
  id: number;
  userId: number;
  status: string;
  upstreamStatus: string | null;
  startCount: number | null;
  remains: number | null;
  lastChangeAt: number;
}

/** Prepared statements of one database connection. */
export class StatusStatements {
  /** Orders due for a check, oldest due first, as [id, upstream_id] rows. */
  readonly due: Statement;
  readonly current: Statement;
  readonly update: Statement;
  readonly later: Statement;
  readonly savepoint: Statement;
  readonly release: Statement;
  readonly rollback: Statement;

  constructor(db: Db) {
    const c = db.$client;
    const active = ACTIVE_STATUSES.map((st) => `'${st}'`).join(", ");
    this.due = c
      .prepare(
        `SELECT id, upstream_id FROM orders WHERE status IN (${active}) AND next_check_at <= ? AND upstream_id IS NOT NULL ORDER BY next_check_at LIMIT ?`,
      )
      .raw(true);
    this.current = c.prepare(
      `SELECT id, user_id AS userId, status, upstream_status AS upstreamStatus, start_count AS startCount, remains, last_change_at AS lastChangeAt
       FROM orders WHERE id IN (SELECT value FROM json_each(?))`,
    );
    this.update = c.prepare(
      "UPDATE orders SET status = ?, upstream_status = ?, start_count = ?, remains = ?, updated_at = ?, last_change_at = ?, next_check_at = ? WHERE id = ?",
    );
    this.later = c.prepare("UPDATE orders SET next_check_at = ? WHERE id = ?");
    this.savepoint = c.prepare("SAVEPOINT status_item");
    this.release = c.prepare("RELEASE status_item");
    this.rollback = c.prepare("ROLLBACK TO status_item");
  }
}

/** The orders of one cycle, kept compact: 100,000 of them take 1.6 MB, not tens of MB of row objects. */
export interface DueList {
  count: number;
  /** Orders STATUS_BATCH * b .. of the list. */
  batch(b: number): DueOrder[];
}

export function selectDue(st: StatusStatements, now: number, limit: number): DueList {
  let ids = new Float64Array(1024);
  let upstream = new Float64Array(1024);
  let count = 0;
  for (const row of st.due.iterate(now, limit) as IterableIterator<[number, number]>) {
    if (count === ids.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      ids = grow(ids);
      upstream = grow(upstream);
    }
    ids[count] = row[0];
    upstream[count] = row[1];
    count++;
  }
  return {
    count,
    batch(b) {
      const out: DueOrder[] = [];
      for (let i = b * STATUS_BATCH; i < Math.min(count, (b + 1) * STATUS_BATCH); i++) out.push({ id: ids[i]!, upstreamId: upstream[i]! });
      return out;
    },
  };
}

/** Applies the answers for `batch` (upstream id -> answer) in one transaction; one result per order, in order. */
export function applyStatusBatch(
  db: Db,
  st: StatusStatements,
  batch: readonly DueOrder[],
  answers: ReadonlyMap<number, MultiStatusItem>,
  now: number,
  pollIntervalMs: number,
): BatchItemResult[] {
  return tx(db, (t) => {
    const rows = new Map<number, CurrentRow>();
    for (const r of st.current.all(JSON.stringify(batch.map((o) => o.id))) as CurrentRow[]) rows.set(r.id, r);
    return batch.map((o): BatchItemResult => {
      const item = answers.get(o.upstreamId);
      if (!item || !item.ok) {
        st.later.run(now + pollIntervalMs - 1, o.id);
        return item ? "item_error" : "missing";
      }
      const cur = rows.get(o.id);
      if (!cur || !ACTIVE_STATUSES.includes(cur.status as OrderStatus)) return undefined;
      const s = item.status;
      const next = normalizeStatus(s.status);
      if (next === null || next === "canceled" || next === "partial") {
        try {
          return applyStatus(t, o.id, s, now, pollIntervalMs);
        } catch (err) {
          return { error: describeError(err) };
        }
      }
      // next is pending, in_progress or completed: applyStatus's non-final branch.
      const startCount = s.startCount ?? cur.startCount;
      const remains = s.remains ?? cur.remains;
      const statusChanged = next !== cur.status;
      const changed = statusChanged || remains !== cur.remains || startCount !== cur.startCount || s.status !== cur.upstreamStatus;
      const lastChangeAt = changed ? now : cur.lastChangeAt;
      const args = [next, s.status, startCount, remains, now, lastChangeAt, now + backoffMs(now - lastChangeAt, pollIntervalMs), o.id];
      if (!(statusChanged && (next === "in_progress" || next === "completed"))) {
        st.update.run(...args);
        return { changed: statusChanged, status: next };
      }
      // The status and its notice go together or not at all.
      st.savepoint.run();
      try {
        st.update.run(...args);
        enqueueNotice(t, cur.userId, { kind: "order_status", orderId: o.id, status: next, refundMinor: 0, remains }, now);
        st.release.run();
      } catch (err) {
        st.rollback.run();
        st.release.run();
        return { error: describeError(err) };
      }
      return { changed: true, status: next };
    });
  });
}
