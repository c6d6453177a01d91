import { eq, sql } from "drizzle-orm";
import type { VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "../db/client.js";
import { prepared } from "../db/prepared.js";
import { conversationState } from "../db/schema.js";

const key = sql.placeholder("key");
const readState = prepared((db) => db.select({ value: conversationState.value }).from(conversationState).where(eq(conversationState.key, key)).prepare());
const writeState = prepared((db) =>
  db
    .insert(conversationState)
    .values({ key, value: sql.placeholder("value"), updatedAt: sql.placeholder("updatedAt") })
    .onConflictDoUpdate({ target: conversationState.key, set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } })
    .prepare(),
);
const deleteState = prepared((db) => db.delete(conversationState).where(eq(conversationState.key, key)).prepare());

/** Conversation state in SQLite, so a buyer half-way through an order can continue after a restart. */
export function sqliteConversationStorage<S>(db: Db): VersionedStateStorage<string, S> {
  return {
    read(key) {
      const row = readState(db).get({ key });
      return row ? JSON.parse(row.value) : undefined;
    },
    write(key, state) {
      writeState(db).run({ key, value: JSON.stringify(state), updatedAt: Date.now() });
    },
    delete(key) {
      deleteState(db).run({ key });
    },
  };
}
