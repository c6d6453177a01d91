// upsertUser runs on every update: it writes only when something changed, or last_seen_at is
// a minute old (issue 7: a commit per update was a commit, an fsync, too many).
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { LAST_SEEN_RESOLUTION_MS, upsertUser } from "../src/domain/users.js";

const T = Date.UTC(2025, 0, 1);

describe("upsertUser", () => {
  it("registers on first contact, then refreshes only what changed (last seen at most once a minute)", () => {
    const db = openDatabase(":memory:");
    let writes = 0;
    db.$client.function("count_write", () => ++writes);
    db.$client.exec("create trigger users_w after update on users begin select count_write(); end");
    const from = { id: 7, first_name: "Ann", username: "ann" };

    const first = upsertUser(db, from, "en", T);
    expect(first).toMatchObject({ id: 7, firstName: "Ann", createdAt: T, lastSeenAt: T, language: "en" });
    // Second contact: written, so created_at = last_seen_at keeps meaning "this update created the row".
    expect(upsertUser(db, from, "en", T + 10).lastSeenAt).toBe(T + 10);
    expect(writes).toBe(1);
    // Nothing new within the minute: not written.
    expect(upsertUser(db, from, "en", T + 20_000)).toMatchObject({ lastSeenAt: T + 10, firstName: "Ann" });
    expect(writes).toBe(1);
    // A new name is written at once.
    expect(upsertUser(db, { ...from, first_name: "Anna" }, "en", T + 30_000)).toMatchObject({ firstName: "Anna", lastSeenAt: T + 30_000 });
    expect(writes).toBe(2);
    // A user marked as having blocked the bot is unmarked by their next update.
    db.$client.prepare("update users set blocked_bot = 1 where id = 7").run();
    expect(upsertUser(db, { ...from, first_name: "Anna" }, "en", T + 31_000).blockedBot).toBe(false);
    expect(writes).toBe(4);
    // A minute later, last seen moves again.
    expect(upsertUser(db, { ...from, first_name: "Anna" }, "en", T + 31_000 + LAST_SEEN_RESOLUTION_MS).lastSeenAt).toBe(T + 31_000 + LAST_SEEN_RESOLUTION_MS);
    expect(writes).toBe(5);
  });
});
