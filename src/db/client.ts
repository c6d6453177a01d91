import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export interface OpenOptions {
  /**
   * "full" (the default): each commit is fsynced, so a committed debit or refund survives power loss,
   * not only a process crash. "state": commits are not fsynced (synchronous = NORMAL), for state whose
   * loss in a power cut is harmless (see openStateConnection).
   */
  durability?: "full" | "state";
}

/** Opens (creating if needed) the SQLite database and applies pending migrations. */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${opts.durability === "state" ? "NORMAL" : "FULL"}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(withStatementCache(sqlite), { schema }) as Db;
  // Code that prepares its own statements gets the plain connection (and its own statement objects).
  db.$client = sqlite;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/**
 * A second connection to the same file for the bot's per-update bookkeeping: conversation steps,
 * handled-update marks, a user's name and last-seen. With an fsync for each of those, a buyer's every
 * tap cost two fsyncs and blocked the process meanwhile; money never goes through this connection.
 *
 * Why this loses nothing that matters: in WAL mode both connections append to one log, in order.
 * A commit here survives a process crash (it is in the log) and is made durable by the next fsynced
 * commit of the main connection; a power cut can only drop the newest of them, which leaves a
 * buyer one step back in a conversation, or an update handled a second time (as after a crash).
 * A `:memory:` database is private to its connection, so it is its own state connection.
 */
export function openStateConnection(db: Db, path: string): Db {
  return path === ":memory:" ? db : openDatabase(path, { durability: "state" });
}

/** Distinct SQL texts kept compiled; the shop has a few hundred, most of them cold. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The connection as drizzle sees it: drizzle asks better-sqlite3 to compile a new statement for every
 * query it runs, and compiling the same SQL again and again was the largest single cost of an update
 * in the benchmark. Same text, same compiled statement. drizzle switches a statement to raw mode for
 * some calls and not others, so the modes are reset each time one is handed out.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    let st = cache.get(source);
    if (st) {
      if (st.reader) st.raw(false).pluck(false).expand(false);
      return st;
    }
    st = sqlite.prepare(source);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, st);
    return st;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === "prepare") return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Runs `fn` in one synchronous IMMEDIATE transaction (the write lock is taken up front, so a
 * check-then-write inside cannot race another connection). `fn` must not be async.
 *
 * `fn` gets the same `db`: better-sqlite3 runs everything on one synchronous connection, so queries
 * on it are inside the transaction, and queries prepared once for `db` (src/db/prepared.ts) serve
 * transactions too. A nested `tx` becomes a savepoint.
 */
export function tx<T>(db: Db, fn: (t: Db) => T): T {
  return db.transaction(() => fn(db), { behavior: "immediate" });
}

/** A unique index (or primary key) refused the write: another writer got there first. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}
