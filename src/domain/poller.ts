import { and, inArray, isNull, lt } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { orders } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { PanelClient } from "../upstream/client.js";
import { checkPanelBalance } from "./guard.js";
import { enqueueNotice } from "./notifications.js";
import { pollRefills } from "./order-actions.js";
import { ACTIVE_STATUSES, applyStatus, describeError, dueOrders } from "./orders.js";

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
}

export interface CycleReport {
  checked: number;
  changed: number;
  missing: number;
  errors: number;
}

/**
 * Follows every placed order that is not final: one multi-status call per 100 orders, each answer
 * applied in its own transaction (status, refund, notice). Resumes from the database after a restart.
 */
export class StatusPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private readonly unknownStatusesLogged = new Set<string>();

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
    const due = dueOrders(db, opts.force ? Number.MAX_SAFE_INTEGER : this.deps.now(), this.deps.maxPerCycle ?? 100_000);
    for (let i = 0; i < due.length; i += 100) {
      const chunk = due.slice(i, i + 100);
      let answers;
      try {
        answers = await panel.statuses(chunk.map((o) => o.upstreamId));
      } catch (err) {
        report.errors += chunk.length;
        logger.warn({ err: describeError(err), orders: chunk.length }, "status batch failed; will retry next cycle");
        continue;
      }
      const now = this.deps.now();
      for (const o of chunk) {
        const item = answers.get(o.upstreamId);
        report.checked++;
        if (!item || !item.ok) {
          // Missing from the answer or a per-item error: keep following it, a little later.
          report.missing++;
          if (item && !item.ok) logger.warn({ orderId: o.id, upstreamId: o.upstreamId }, "panel reported an error for this order's status");
          db.update(orders).set({ nextCheckAt: now + this.deps.intervalMs - 1 }).where(inArray(orders.id, [o.id])).run();
          continue;
        }
        const result = applyStatus(db, o.id, item.status, now, this.deps.intervalMs);
        if (result?.changed) report.changed++;
        if (result?.unknownStatus && !this.unknownStatusesLogged.has(result.unknownStatus)) {
          this.unknownStatusesLogged.add(result.unknownStatus);
          logger.warn({ orderId: o.id, status: result.unknownStatus.slice(0, 40) }, "unknown status string from the panel; order kept as it was");
        }
      }
    }
    await pollRefills({ ...this.deps, pollIntervalMs: this.deps.intervalMs }, opts);
    await checkPanelBalance(
      { db, panel, adminIds: this.deps.adminIds, alertMinor: this.deps.panelBalanceAlertMinor ?? null, logger },
      this.deps.now(),
    ).then((r) => r !== "unchanged" && this.deps.onNotices?.());
    this.alertStuckOrders();
    if (report.changed > 0) this.deps.onNotices?.();
    if (due.length > 0) logger.debug(report, "status poll cycle");
    return report;
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
