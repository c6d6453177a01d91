import { eq } from "drizzle-orm";
import type { VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "../db/client.js";
import { conversationState } from "../db/schema.js";

/** Conversation state in SQLite, so a buyer half-way through an order can continue after a restart. */
export function sqliteConversationStorage<S>(db: Db): VersionedStateStorage<string, S> {
  return {
    read(key) {
      const row = db.select().from(conversationState).where(eq(conversationState.key, key)).get();
      return row ? JSON.parse(row.value) : undefined;
    },
    write(key, state) {
      const value = JSON.stringify(state);
      const updatedAt = Date.now();
      db.insert(conversationState).values({ key, value, updatedAt }).onConflictDoUpdate({ target: conversationState.key, set: { value, updatedAt } }).run();
    },
    delete(key) {
      db.delete(conversationState).where(eq(conversationState.key, key)).run();
    },
  };
}
