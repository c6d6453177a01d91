// Settings are read on every update (pause state, a pending top-up step, an admin's prompt):
// one prepared query (see prepared.ts) for all of them.
import { eq, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { prepared } from "./prepared.js";
import { settings } from "./schema.js";

const settingByKey = prepared((db) => db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder("key"))).prepare());

/** The stored value of a `settings` key, if any. */
export function settingValue(db: Db, key: string): string | undefined {
  return settingByKey(db).get({ key })?.value;
}
