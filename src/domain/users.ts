import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { prepared } from "../db/prepared.js";
import { users } from "../db/schema.js";
import { SUPPORTED_LANGUAGES, type Language } from "../config.js";

export type User = typeof users.$inferSelect;

export function pickLanguage(telegramCode: string | undefined, fallback: Language): Language {
  const base = (telegramCode ?? "").toLowerCase().split("-")[0] ?? "";
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base) ? (base as Language) : fallback;
}

/**
 * last_seen_at is refreshed at most this often. Every update reads the user; writing it back each time
 * would cost a commit (an fsync with synchronous = FULL) per update for a figure nobody needs to the second.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Registers a Telegram user on first contact and refreshes name and last-seen after. */
export function upsertUser(
  db: Db,
  from: { id: number; first_name: string; username?: string; language_code?: string },
  defaultLanguage: Language,
  now: number,
): User {
  const known = getUser(db, from.id);
  if (
    known &&
    known.username === (from.username ?? null) &&
    known.firstName === from.first_name &&
    !known.blockedBot &&
    // Still written on the second contact: created_at = last_seen_at means "this update created the row".
    known.lastSeenAt !== known.createdAt &&
    now >= known.lastSeenAt &&
    now - known.lastSeenAt < LAST_SEEN_RESOLUTION_MS
  ) {
    return known;
  }
  return db
    .insert(users)
    .values({
      id: from.id,
      username: from.username ?? null,
      firstName: from.first_name,
      language: pickLanguage(from.language_code, defaultLanguage),
      createdAt: now,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: users.id,
      set: { username: from.username ?? null, firstName: from.first_name, lastSeenAt: now, blockedBot: false },
    })
    .returning()
    .get();
}

/** Read on every update: prepared once (src/db/prepared.ts). */
const userById = prepared((db) => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare());

export function getUser(db: Db, id: number): User | undefined {
  return userById(db).get({ id });
}

/** `123456` or `@name` (case-insensitive). */
export function findUser(db: Db, ref: string): User | undefined {
  const r = ref.trim();
  if (/^\d{1,15}$/.test(r)) return getUser(db, Number(r));
  const m = /^@?([A-Za-z0-9_]{3,32})$/.exec(r);
  if (!m) return undefined;
  return db.select().from(users).where(sql`lower(${users.username}) = lower(${m[1]})`).get();
}

export function setLanguage(db: Db, id: number, language: Language): void {
  db.update(users).set({ language }).where(eq(users.id, id)).run();
}

/** The language a user chose (or was registered with), if they are known and it is one the shop speaks. */
export function storedLanguage(db: Db, userId: number): Language | undefined {
  const l = getUser(db, userId)?.language;
  return l !== undefined && (SUPPORTED_LANGUAGES as readonly string[]).includes(l) ? (l as Language) : undefined;
}
