// The database layer's speed-ups (issue 7) must not change what a query returns or how durable money is.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, openStateConnection, tx } from "../src/db/client.js";
import { applyBalanceChange } from "../src/domain/ledger.js";
import { getUser, upsertUser } from "../src/domain/users.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempPath(): string {
  const d = mkdtempSync(join(tmpdir(), "smm-db-"));
  dirs.push(d);
  return join(d, "shop.db");
}

describe("compiled statements shared by drizzle", () => {
  it("the same SQL asked for as objects and as arrays, in turns, comes back in the shape asked for", () => {
    const db = openDatabase(":memory:");
    upsertUser(db, { id: 5, first_name: "Ann" }, "en", 1);
    const q = sql`select id, first_name from users where id = ${5}`;
    for (let i = 0; i < 3; i++) {
      expect(db.all(q)).toEqual([{ id: 5, first_name: "Ann" }]);
      expect(db.values(q)).toEqual([[5, "Ann"]]);
      expect(db.get(q)).toEqual({ id: 5, first_name: "Ann" });
    }
  });

  it("a statement a caller prepares on $client is its own: its pluck mode does not leak into drizzle", () => {
    const db = openDatabase(":memory:");
    upsertUser(db, { id: 6, first_name: "Bo" }, "en", 1);
    const text = `select "id", "first_name" from "users" where "id" = ?`;
    const plucked = db.$client.prepare(text).pluck();
    expect(plucked.get(6)).toBe(6);
    expect(db.get(sql.raw(text.replace("?", "6")))).toEqual({ id: 6, first_name: "Bo" });
    expect(plucked.get(6)).toBe(6);
  });

  it("queries prepared once for a database run inside its transactions and see their writes", () => {
    const db = openDatabase(":memory:");
    upsertUser(db, { id: 7, first_name: "Cy" }, "en", 1);
    expect(() =>
      tx(db, (t) => {
        applyBalanceChange(t, { userId: 7, deltaMinor: 500, reason: "admin_credit", now: 2 });
        expect(getUser(t, 7)?.balanceMinor).toBe(500);
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(getUser(db, 7)?.balanceMinor).toBe(0);
    expect(db.$client.prepare("select count(*) from ledger").pluck().get()).toBe(0);
  });
});

describe("the state connection", () => {
  it("is the same file without an fsync per commit; the money connection keeps one", () => {
    const path = tempPath();
    const db = openDatabase(path);
    const state = openStateConnection(db, path);
    expect(state).not.toBe(db);
    // 2 = FULL, 1 = NORMAL
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
    expect(state.$client.pragma("synchronous", { simple: true })).toBe(1);
    // What one writes, the other reads at once (one WAL, one file).
    upsertUser(state, { id: 8, first_name: "Di" }, "en", 1);
    tx(db, (t) => applyBalanceChange(t, { userId: 8, deltaMinor: 300, reason: "admin_credit", now: 2 }));
    expect(getUser(state, 8)?.balanceMinor).toBe(300);
    state.$client.close();
    db.$client.close();
    const again = openDatabase(path);
    expect(getUser(again, 8)).toMatchObject({ firstName: "Di", balanceMinor: 300 });
    again.$client.close();
  });

  it("is the database itself for :memory: (a second connection would be another, empty database)", () => {
    const db = openDatabase(":memory:");
    expect(openStateConnection(db, ":memory:")).toBe(db);
  });
});
