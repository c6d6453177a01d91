import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pruneProcessedUpdates } from "../src/bot/dedupe.js";
import { openDatabase } from "../src/db/client.js";
import { enqueueNotice, pruneOldNotices } from "../src/domain/notifications.js";

describe("housekeeping", () => {
  it("drops old sent notices and old update ids, never pending notices", () => {
    const dir = mkdtempSync(join(tmpdir(), "smm-hk-"));
    const db = openDatabase(join(dir, "shop.db"));
    try {
      const day = 86_400_000;
      const now = 100 * day;
      for (let i = 0; i < 4; i++) enqueueNotice(db, 1, { kind: "admin_text", text: `n${i}` }, now - 60 * day);
      db.$client.prepare("update notifications set sent_at = ? where id = 1").run(now - 40 * day); // old, sent
      db.$client.prepare("update notifications set failed_at = ? where id = 2").run(now - 40 * day); // old, given up
      db.$client.prepare("update notifications set sent_at = ? where id = 3").run(now - 1 * day); // recent, sent
      // id 4: old but never sent: must stay
      expect(pruneOldNotices(db, now - 30 * day)).toBe(2);
      expect(db.$client.prepare("select id from notifications order by id").pluck().all()).toEqual([3, 4]);

      db.$client.prepare("insert into processed_updates (update_id, at) values (1, ?), (2, ?)").run(now - 2 * day, now - 1000);
      pruneProcessedUpdates(db, now);
      expect(db.$client.prepare("select update_id from processed_updates").pluck().all()).toEqual([2]);
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
