// Group commit (src/db/group-commit.ts): transactions asked for in one turn share one commit, and
// each still succeeds or fails on its own.
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { GroupCommit } from "../src/db/group-commit.js";
import { applyBalanceChange, InsufficientFundsError } from "../src/domain/ledger.js";
import { getUser, upsertUser } from "../src/domain/users.js";

function shop() {
  const db = openDatabase(":memory:");
  for (const id of [1, 2, 3]) upsertUser(db, { id, first_name: `U${id}` }, "en", 1);
  return db;
}
const ledgerRows = (db: ReturnType<typeof shop>) => db.$client.prepare("select count(*) from ledger").pluck().get();

describe("group commit", () => {
  it("runs what was asked in one turn in one batch, in order, each seeing the ones before", async () => {
    const db = shop();
    const g = new GroupCommit(db);
    const a = g.run((t) => applyBalanceChange(t, { userId: 1, deltaMinor: 100, reason: "admin_credit", now: 2 }));
    const b = g.run((t) => applyBalanceChange(t, { userId: 1, deltaMinor: -60, reason: "admin_debit", now: 2 }));
    const c = g.run((t) => getUser(t, 1)!.balanceMinor);
    expect(await Promise.all([a, b, c])).toEqual([100, 40, 40]);
    expect(g.stats).toEqual({ batches: 1, transactions: 3 });
    // The next turn is the next batch.
    await g.run((t) => applyBalanceChange(t, { userId: 2, deltaMinor: 5, reason: "admin_credit", now: 3 }));
    expect(g.stats).toEqual({ batches: 2, transactions: 4 });
  });

  it("commits a large burst in batches of at most 50, in order", async () => {
    const db = shop();
    const g = new GroupCommit(db);
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => g.run((t) => applyBalanceChange(t, { userId: 1, deltaMinor: 1, reason: "admin_credit", now: i }))),
    );
    expect(results).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(g.stats).toEqual({ batches: 3, transactions: 120 });
  });

  it("one that throws undoes only its own writes and gets its own error; the others commit", async () => {
    const db = shop();
    const g = new GroupCommit(db);
    const ok1 = g.run((t) => applyBalanceChange(t, { userId: 1, deltaMinor: 100, reason: "admin_credit", now: 2 }));
    const bad = g.run((t) => {
      applyBalanceChange(t, { userId: 2, deltaMinor: 100, reason: "admin_credit", now: 2 });
      // Half-done: the credit above must not survive this savepoint.
      return applyBalanceChange(t, { userId: 2, deltaMinor: -500, reason: "admin_debit", now: 2 });
    });
    const ok2 = g.run((t) => applyBalanceChange(t, { userId: 3, deltaMinor: 7, reason: "admin_credit", now: 2 }));
    await expect(bad).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(await ok1).toBe(100);
    expect(await ok2).toBe(7);
    expect(getUser(db, 2)!.balanceMinor).toBe(0);
    expect(ledgerRows(db)).toBe(2);
  });

  it("when the shared commit fails, every caller gets the error and nothing of the batch is kept", async () => {
    const db = shop();
    const g = new GroupCommit(db);
    // A deferred foreign key fails at COMMIT, after every item ran without error.
    db.$client.pragma("defer_foreign_keys = ON");
    const a = g.run((t) => applyBalanceChange(t, { userId: 1, deltaMinor: 100, reason: "admin_credit", now: 2 }));
    const b = g.run((t) => {
      t.$client.prepare("pragma defer_foreign_keys = on").run();
      t.$client.prepare("insert into ledger (user_id, delta_minor, balance_after_minor, reason, created_at) values (999, 1, 1, 'admin_credit', 2)").run();
      return "written";
    });
    await expect(a).rejects.toThrow(/FOREIGN KEY/);
    await expect(b).rejects.toThrow(/FOREIGN KEY/);
    expect(getUser(db, 1)!.balanceMinor).toBe(0);
    expect(ledgerRows(db)).toBe(0);
  });
});
