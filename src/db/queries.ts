// Queries every update runs, prepared once per database (see prepared.ts).
import { eq, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { prepared } from "./prepared.js";
import { categories, services, settings, users } from "./schema.js";

const settingByKey = prepared((db) => db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder("key"))).prepare());
const userById = prepared((db) => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare());
const categoryById = prepared((db) => db.select().from(categories).where(eq(categories.id, sql.placeholder("id"))).prepare());
const serviceById = prepared((db) => db.select().from(services).where(eq(services.id, sql.placeholder("id"))).prepare());

/** The stored value of a `settings` key, if any. */
export function settingValue(db: Db, key: string): string | undefined {
  return settingByKey(db).get({ key })?.value;
}

export function userRow(db: Db, id: number): typeof users.$inferSelect | undefined {
  return userById(db).get({ id });
}

export function categoryRow(db: Db, id: number): typeof categories.$inferSelect | undefined {
  return categoryById(db).get({ id });
}

export function serviceRow(db: Db, id: number): typeof services.$inferSelect | undefined {
  return serviceById(db).get({ id });
}
