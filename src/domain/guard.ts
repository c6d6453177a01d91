// The upstream balance guard: when the panel cannot pay for orders, new orders pause (buyers get a
// plain "temporarily unavailable" and keep their money) and admins are told once. Orders resume by
// themselves when the panel balance is back.
import { eq } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { settingValue } from "../db/queries.js";
import { settings } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { decimalToMinorFloor } from "../money.js";
import type { PanelClient } from "../upstream/client.js";
import { enqueueNotice } from "./notifications.js";

const KEY = "orders_paused";

export interface PauseState {
  reason: "panel_funds" | "low_balance";
  since: number;
  /** Panel balance (minor units) when paused, if known: a higher balance later means someone topped up. */
  balanceMinor: number | null;
}

export function pauseState(db: Db): PauseState | null {
  const value = settingValue(db, KEY);
  return value !== undefined ? (JSON.parse(value) as PauseState) : null;
}

/** Pauses new orders; admins are alerted only on the transition, not on every refused order. */
export function pauseOrders(db: Db, state: PauseState, adminIds: readonly number[]): boolean {
  return tx(db, (t) => {
    if (t.select().from(settings).where(eq(settings.key, KEY)).get()) return false;
    t.insert(settings).values({ key: KEY, value: JSON.stringify(state) }).run();
    for (const a of adminIds) enqueueNotice(t, a, { kind: "admin_orders_paused", reason: state.reason }, state.since);
    return true;
  });
}

export function resumeOrders(db: Db, adminIds: readonly number[], now: number): boolean {
  return tx(db, (t) => {
    const gone = t.delete(settings).where(eq(settings.key, KEY)).returning().get();
    if (!gone) return false;
    for (const a of adminIds) enqueueNotice(t, a, { kind: "admin_orders_resumed" }, now);
    return true;
  });
}

/**
 * Reads the panel balance and pauses or resumes. Resume: at or above PANEL_BALANCE_ALERT when set,
 * else above the balance seen when the pause began (the operator topped up).
 */
export async function checkPanelBalance(
  deps: { db: Db; panel: Pick<PanelClient, "balance">; adminIds: readonly number[]; alertMinor: number | null; logger: Logger },
  now: number,
): Promise<"paused" | "resumed" | "unchanged"> {
  const paused = pauseState(deps.db);
  if (!paused && deps.alertMinor === null) return "unchanged";
  let balanceMinor: number | null;
  try {
    balanceMinor = decimalToMinorFloor((await deps.panel.balance()).balance);
  } catch {
    return "unchanged"; // an unreachable panel says nothing about its balance
  }
  if (balanceMinor === null) return "unchanged";
  if (!paused) {
    if (deps.alertMinor !== null && balanceMinor < deps.alertMinor) {
      pauseOrders(deps.db, { reason: "low_balance", since: now, balanceMinor }, deps.adminIds);
      deps.logger.warn({ balanceMinor }, "panel balance under PANEL_BALANCE_ALERT; new orders paused");
      return "paused";
    }
    return "unchanged";
  }
  const back = deps.alertMinor !== null ? balanceMinor >= deps.alertMinor : paused.balanceMinor === null || balanceMinor > paused.balanceMinor;
  if (back && resumeOrders(deps.db, deps.adminIds, now)) {
    deps.logger.info({ balanceMinor }, "panel balance is back; orders resumed");
    return "resumed";
  }
  return "unchanged";
}
