import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../src/db/client.js";
import { AlreadyAppliedError, adminAdjust } from "../src/domain/admin.js";
import { upsertUser } from "../src/domain/users.js";

describe("an admin money command delivered twice", () => {
  let dir: string;
  let db: Db;
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("moves the money once: the update is marked handled in the same transaction as the credit", () => {
    dir = mkdtempSync(join(tmpdir(), "smm-idem-"));
    db = openDatabase(join(dir, "shop.db"));
    upsertUser(db, { id: 5, first_name: "B" }, "en", 1);
    const credit = () => adminAdjust(db, { userId: 5, amountMinor: 1000, direction: "credit", adminId: 1, now: 2, updateId: 4242 });
    expect(credit()).toBe(1000);
    // The process died after the commit and Telegram delivered update 4242 again:
    expect(credit).toThrow(AlreadyAppliedError);
    const rows = db.$client.prepare("select count(*) from ledger where user_id = 5").pluck().get();
    expect(rows).toBe(1);
    expect(db.$client.prepare("select balance_minor from users where id = 5").pluck().get()).toBe(1000);
    // A refused debit leaves no mark: the same update may be retried after a top-up.
    expect(() => adminAdjust(db, { userId: 5, amountMinor: 5000, direction: "debit", adminId: 1, now: 3, updateId: 4243 })).toThrow(/insufficient/);
    expect(db.$client.prepare("select count(*) from processed_updates where update_id = 4243").pluck().get()).toBe(0);
  });
});
