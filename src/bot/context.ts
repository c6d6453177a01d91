import type { ConversationFlavor } from "@grammyjs/conversations";
import type { I18n, I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { Config, Language } from "../config.js";
import type { Db } from "../db/client.js";
import type { User } from "../domain/users.js";
import type { Logger } from "../logger.js";
import type { PanelClient } from "../upstream/client.js";

/** Everything the bot's features need, passed in once by createBot. */
export interface ShopDeps {
  config: Config;
  db: Db;
  /** The connection for per-update bookkeeping, not fsynced (see openStateConnection); `db` if absent. */
  stateDb?: Db;
  panel: PanelClient;
  logger: Logger;
  i18n: I18n<any>;
  now: () => number;
  /** Ask the notice dispatcher to send what was just queued. */
  wakeNotices: () => void;
  /** Ask the broadcaster to start a broadcast that was just queued (else it looks every few seconds). */
  wakeBroadcasts?: () => void;
}

export type BaseContext = Context & I18nFlavor & {
  /** The language of the user behind this update. */
  lang: Language;
  /** The registered user (undefined for updates without a sender). */
  user: User | undefined;
  /** Set while this update runs as an order step in a slot of the step gate (src/bot/step-gate.ts). */
  slot?: { whileWaiting<T>(fn: () => Promise<T>): Promise<T> };
  /** This update's logger: every line it writes names the update (updateId) and its sender (fromId). */
  logger: Logger;
};

export type ShopContext = ConversationFlavor<BaseContext>;

export function isAdmin(deps: ShopDeps, userId: number | undefined): boolean {
  return userId !== undefined && deps.config.adminIds.includes(userId);
}
