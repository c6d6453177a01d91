import { lt } from "drizzle-orm";
import type { Context, NextFunction } from "grammy";
import type { Db } from "../db/client.js";
import { processedUpdates } from "../db/schema.js";

/**
 * Telegram may deliver an update twice (a webhook retried after a slow answer; long polling after a
 * crash before the offset was confirmed). An update that was fully handled is recorded and skipped
 * when it comes again; one still being handled is skipped too. An update interrupted by a crash was
 * never recorded, so it is handled again, which the money paths are built for (client tokens, charge ids).
 */
export function dedupeUpdates(db: Db) {
  const inFlight = new Set<number>();
  const seen = db.$client.prepare("select 1 from processed_updates where update_id = ?").pluck();
  const mark = db.$client.prepare("insert or ignore into processed_updates (update_id, at) values (?, ?)");
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    const id = ctx.update.update_id;
    if (inFlight.has(id) || seen.get(id)) return;
    inFlight.add(id);
    try {
      await next();
    } finally {
      inFlight.delete(id);
      mark.run(id, Date.now());
    }
  };
}

/** Keeps the table small: update ids older than a day are never redelivered. */
export function pruneProcessedUpdates(db: Db, now: number): void {
  db.delete(processedUpdates).where(lt(processedUpdates.at, now - 86_400_000)).run();
}
