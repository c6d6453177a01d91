// Seeding for the benchmark: writes straight into a migrated database with prepared statements in
// large transactions (the shop's own code paths would take minutes for a million orders), and
// mirrors in-flight orders into the panel simulator so its status answers match the database.
import { openDatabase, type Db } from "../db/client.js";
import { syncCatalog } from "../domain/catalog.js";
import { silentLogger } from "../logger.js";
import type { PanelSimulator, SimOrder } from "../simulators/panel.js";
import { PanelClient } from "../upstream/client.js";

/** First Telegram user id of seeded users; user i has id USER_BASE + i. */
export const USER_BASE = 10_000_000;
/** Upstream id of seeded order i (1-based) is UPSTREAM_BASE + i. */
export const UPSTREAM_BASE = 50_000_000;
/** The service every seeded order uses (simulator service 1: "Telegram Members — 7-day join", cancel allowed). */
export const SEED_SERVICE = 1;
const SEED_QUANTITY = 1000;
const SEED_PRICE_MINOR = 7500;

/** Opens (and migrates) a database and copies the simulator's catalogue into it, as a first start would. */
export async function openSeededDb(path: string, panel: PanelSimulator, now = Date.now()): Promise<Db> {
  const db = openDatabase(path);
  const client = new PanelClient({ url: panel.url, key: panel.key, timeoutMs: 5_000 });
  try {
    await syncCatalog(db, client, now, silentLogger);
  } finally {
    await client.close();
  }
  return db;
}

/** `count` users (ids USER_BASE + 0 .. count - 1) with `balanceMinor` each, credited through a ledger row. */
export function seedUsers(db: Db, count: number, balanceMinor: number, now = Date.now()): void {
  const c = db.$client;
  const user = c.prepare(
    "INSERT INTO users (id, username, first_name, language, balance_minor, created_at, last_seen_at) VALUES (?, ?, ?, 'en', ?, ?, ?)",
  );
  const credit = c.prepare("INSERT INTO ledger (user_id, delta_minor, balance_after_minor, reason, created_at) VALUES (?, ?, ?, 'admin_credit', ?)");
  const insert = c.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = USER_BASE + i;
      // Spread over the last 90 days, so /stats windows hold a realistic share.
      const created = now - ((i * 7919) % 90) * 86_400_000;
      user.run(id, `buyer${id}`, `Buyer ${i}`, balanceMinor, created, created);
      if (balanceMinor > 0) credit.run(id, balanceMinor, balanceMinor, created);
    }
  });
  for (let i = 0; i < count; i += 50_000) insert(i, Math.min(count, i + 50_000));
}

export interface OrderSeed {
  /** Orders to write in all. */
  total: number;
  /** The first `active` of them are in flight (pending, due now); the rest are completed. */
  active: number;
  /** Owners are spread over users USER_BASE .. USER_BASE + users - 1. */
  users: number;
  now?: number;
  /** next_check_at of the in-flight orders (default 0: due at once). */
  dueAt?: number;
}

/** Writes orders as the shop would have them after placing (and, for the completed ones, following) them. */
export function seedOrders(db: Db, s: OrderSeed): void {
  const now = s.now ?? Date.now();
  const c = db.$client;
  const order = c.prepare(`INSERT INTO orders (id, user_id, service_id, service_name, kind, link, quantity, params, price_minor, cost_minor,
      status, upstream_id, upstream_status, start_count, remains, client_token, created_at, updated_at, last_change_at, next_check_at)
    VALUES (?, ?, ${SEED_SERVICE}, 'Telegram Members — 7-day join, no refill', 'default', ?, ${SEED_QUANTITY}, '{}', ${SEED_PRICE_MINOR}, 6000,
      ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insert = c.transaction((from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      const active = i <= s.active;
      const userId = USER_BASE + ((i * 2_654_435_761) % s.users);
      // Active orders are recent (minutes); completed ones spread over the last 90 days.
      const created = active ? now - 60_000 - (i % 600) * 1000 : now - ((i * 104_729) % (90 * 86_400)) * 1000;
      order.run(
        i,
        userId,
        `https://t.me/channel_${i % 10_000}`,
        active ? "pending" : "completed",
        UPSTREAM_BASE + i,
        active ? "Pending" : "Completed",
        active ? null : 1000 + (i % 5000),
        active ? SEED_QUANTITY : 0,
        `seed-${i}`,
        created,
        created,
        created,
        active ? (s.dueAt ?? 0) : created,
      );
    }
  });
  for (let i = 1; i <= s.total; i += 50_000) insert(i, Math.min(s.total, i + 49_999));
}

/** Makes the simulator know the in-flight seeded orders 1..active, answering exactly what the database holds. */
export function mirrorActiveOrders(panel: PanelSimulator, active: number, now = Date.now()): void {
  for (let i = 1; i <= active; i++) {
    const id = UPSTREAM_BASE + i;
    const o: SimOrder = {
      id,
      service: SEED_SERVICE,
      params: {},
      quantity: SEED_QUANTITY,
      charge: "60.00000",
      status: "Pending",
      startCount: null,
      remains: SEED_QUANTITY,
      createdAt: now,
      refills: [],
      autoProgress: false,
    };
    panel.orders.set(id, o);
  }
}
