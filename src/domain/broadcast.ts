// Admin broadcasts (issue 4): a message to every reachable user, sent in the background.
//
// Life of a broadcast row: draft (the admin saw the preview) -> queued (Confirm) -> sending -> done,
// or cancelled (discarded draft, Stop, or aborted because Telegram refuses the message itself).
// One broadcast is sent at a time, oldest first: a second one waits for the first.
//
// Exactly once per user: users are walked in id order and `cursor_user_id` is advanced in the
// database after each user's send (together with the counters and, for a 403, the user's blocked
// flag). A restart resumes after the cursor. A graceful stop lets the send in hand finish first; only
// a crash (or a stop that had to abort a send stuck for longer than `stopGraceMs`) between a send and
// its cursor write can repeat that one message.
import type { I18n } from "@grammyjs/i18n";
import { GrammyError, InlineKeyboard, type Api } from "grammy";
import type { MessageEntity } from "grammy/types";
import { and, eq, inArray, sql } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { broadcasts, users } from "../db/schema.js";
import type { Language } from "../config.js";
import { storedLanguage } from "./users.js";
import type { Logger } from "../logger.js";
import type { SendPacer } from "./notifications.js";
import { countReachableUsers, reachableUsersAfter } from "./admin.js";
import { writeAudit } from "./audit.js";
import { describeError } from "./orders.js";

export type Broadcast = typeof broadcasts.$inferSelect;
/** The abort signal type grammY's API methods take. */
type Signal = Parameters<Api["sendMessage"]>[3];

/** Callback data of the Stop button under a progress message. */
export const BROADCAST_STOP_CB = "adm:bc:stop:";

// ---- rows -----------------------------------------------------------------------------------------

export function getBroadcast(db: Db, id: number): Broadcast | undefined {
  return db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

export function createDraft(
  db: Db,
  args: { adminId: number; kind: "text" | "photo"; text: string | null; entities: MessageEntity[] | undefined; photoFileId: string | null; now: number },
): Broadcast {
  return db
    .insert(broadcasts)
    .values({
      adminId: args.adminId,
      kind: args.kind,
      text: args.text,
      entities: args.entities && args.entities.length ? JSON.stringify(args.entities) : null,
      photoFileId: args.photoFileId,
      status: "draft",
      createdAt: args.now,
    })
    .returning()
    .get();
}

export type ConfirmResult = { kind: "queued"; broadcast: Broadcast; ahead: number } | { kind: "gone"; status: string | null };

/** Confirm: the draft is queued for sending (once; a second tap finds it no longer a draft). */
export function confirmBroadcast(
  db: Db,
  args: { id: number; adminId: number; progressChatId: number; progressMessageId: number; now: number },
): ConfirmResult {
  return tx(db, (t) => {
    const total = countReachableUsers(t);
    const row = t
      .update(broadcasts)
      .set({ status: "queued", total, progressChatId: args.progressChatId, progressMessageId: args.progressMessageId })
      .where(and(eq(broadcasts.id, args.id), eq(broadcasts.status, "draft")))
      .returning()
      .get();
    if (!row) return { kind: "gone" as const, status: getBroadcast(t, args.id)?.status ?? null };
    const ahead =
      t
        .select({ n: sql<number>`count(*)` })
        .from(broadcasts)
        .where(and(inArray(broadcasts.status, ["queued", "sending"]), sql`${broadcasts.id} < ${args.id}`))
        .get()?.n ?? 0;
    writeAudit(t, { adminId: args.adminId, action: "broadcast_start", target: `broadcast:${args.id}`, details: { kind: row.kind, total }, now: args.now });
    return { kind: "queued" as const, broadcast: row, ahead };
  });
}

/** Discards a draft. Returns false when it was no draft (already confirmed or discarded). */
export function discardDraft(db: Db, args: { id: number; adminId: number; now: number }): boolean {
  return tx(db, (t) => {
    const row = t
      .update(broadcasts)
      .set({ status: "cancelled", finishedAt: args.now })
      .where(and(eq(broadcasts.id, args.id), eq(broadcasts.status, "draft")))
      .returning()
      .get();
    if (row) writeAudit(t, { adminId: args.adminId, action: "broadcast_discard", target: `broadcast:${args.id}`, now: args.now });
    return !!row;
  });
}

/** Stops a queued or running broadcast; the sender notices before its next message. */
export function stopBroadcast(db: Db, args: { id: number; adminId: number; now: number }): Broadcast | undefined {
  return tx(db, (t) => {
    const row = t
      .update(broadcasts)
      .set({ status: "cancelled", finishedAt: args.now })
      .where(and(eq(broadcasts.id, args.id), inArray(broadcasts.status, ["queued", "sending"])))
      .returning()
      .get();
    if (row) writeAudit(t, { adminId: args.adminId, action: "broadcast_stop", target: `broadcast:${args.id}`, details: { sent: row.sent }, now: args.now });
    return row;
  });
}

/** The broadcast to work on: the one being sent (after a restart), else the oldest queued. */
export function nextBroadcast(db: Db): Broadcast | undefined {
  return db
    .select()
    .from(broadcasts)
    .where(inArray(broadcasts.status, ["sending", "queued"]))
    .orderBy(sql`case ${broadcasts.status} when 'sending' then 0 else 1 end`, broadcasts.id)
    .limit(1)
    .get();
}

/** Sends the broadcast's content to one chat (also used for the admin's preview). */
export async function sendBroadcastContent(api: Api, b: Pick<Broadcast, "kind" | "text" | "entities" | "photoFileId">, chatId: number, signal?: Signal) {
  const entities = b.entities ? (JSON.parse(b.entities) as MessageEntity[]) : undefined;
  if (b.kind === "photo") {
    if (!b.photoFileId) throw new Error("photo broadcast without a photo");
    return api.sendPhoto(
      chatId,
      b.photoFileId,
      { ...(b.text ? { caption: b.text } : {}), ...(entities ? { caption_entities: entities } : {}) },
      signal,
    );
  }
  return api.sendMessage(chatId, b.text ?? "", entities ? { entities } : {}, signal);
}

// ---- the sender -----------------------------------------------------------------------------------

export interface BroadcasterOptions {
  /** Messages (and progress edits) per second overall; Telegram allows about 30. Default 25. */
  ratePerSecond?: number;
  /** The admin's progress message is edited at most this often. Default 2000 ms. */
  progressIntervalMs?: number;
  /** How often to look for queued broadcasts when nobody woke the sender. Default 5000 ms. */
  idleIntervalMs?: number;
  /** Users read from the database per query. Default 200. */
  batch?: number;
  /** A stop waits this long for the send in hand before aborting it. Default 10 000 ms. */
  stopGraceMs?: number;
  /** This many failures in a row (not blocks) means Telegram refuses the message itself: abort. Default 25. */
  maxConsecutiveFailures?: number;
}

const DEFAULTS: Required<BroadcasterOptions> = {
  ratePerSecond: 25,
  progressIntervalMs: 2000,
  idleIntervalMs: 5000,
  batch: 200,
  stopGraceMs: 10_000,
  maxConsecutiveFailures: 25,
};

export interface BroadcasterDeps {
  db: Db;
  /** bot.api, with auto-retry installed (429 answers are waited out with their retry_after). */
  api: Api;
  i18n: I18n<any>;
  defaultLanguage: Language;
  logger: Logger;
  now: () => number;
  /** Shared with the notice sender: Telegram's ~30 messages a second is one limit for the whole bot. */
  pacer?: SendPacer;
}

type Outcome = "sent" | "blocked" | "failed" | "stopped";

/** Sends queued broadcasts in the background, one at a time, paced, resumable. A job of src/app.ts. */
export class Broadcaster {
  private opts: Required<BroadcasterOptions>;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private again = false;
  private abort = new AbortController();
  private interrupt: (() => void) | undefined;
  private nextSendAt = 0;
  /** A rate was set for this broadcaster alone: pace by it, not by the shared pacer. */
  private ownPace: boolean;

  constructor(
    private readonly deps: BroadcasterDeps,
    opts: BroadcasterOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
    this.ownPace = opts.ratePerSecond !== undefined;
  }

  /** Changes pacing at run time (tests speed it up). A rate given here replaces the shared pacer. */
  setOptions(opts: BroadcasterOptions): void {
    this.opts = { ...this.opts, ...opts };
    if (opts.ratePerSecond !== undefined) this.ownPace = true;
  }

  start(): void {
    this.stopped = false;
    this.abort = new AbortController();
    this.kick();
  }

  /** A broadcast was queued: start now rather than at the next idle check. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.kick();
  }

  /** True while a broadcast is being worked on. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.interrupt?.();
    const running = this.running;
    if (!running) return;
    let graceTimer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      running.then(() => true),
      new Promise<boolean>((resolve) => {
        graceTimer = setTimeout(() => resolve(false), this.opts.stopGraceMs);
      }),
    ]);
    clearTimeout(graceTimer);
    if (!finished) {
      this.abort.abort();
      await running;
    }
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.runAll()
      .catch((err: unknown) => this.deps.logger.error({ err: describeError(err) }, "broadcast run failed"))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const again = this.again;
        this.again = false;
        if (again) this.kick();
        else this.timer = setTimeout(() => this.kick(), this.opts.idleIntervalMs);
      });
  }

  private async runAll(): Promise<void> {
    while (!this.stopped) {
      const b = nextBroadcast(this.deps.db);
      if (!b) return;
      const finished = await this.run(b);
      if (!finished) return;
    }
  }

  /** Sends one broadcast to the end. Returns false when interrupted by stop() (it resumes later). */
  private async run(first: Broadcast): Promise<boolean> {
    const { db, logger } = this.deps;
    let b = first;
    if (b.status === "queued") {
      const started = db
        .update(broadcasts)
        .set({ status: "sending", startedAt: this.deps.now() })
        .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, "queued")))
        .returning()
        .get();
      if (!started) return true; // stopped before it began
      b = started;
      logger.info({ broadcastId: b.id, total: b.total }, "broadcast started");
    } else {
      logger.info({ broadcastId: b.id, cursor: b.cursorUserId, sent: b.sent }, "broadcast resumed");
    }
    await this.progress(b);
    let lastProgressAt = Date.now();
    let failuresInRow = 0;
    for (;;) {
      if (this.stopped) return false;
      const ids = reachableUsersAfter(db, b.cursorUserId, this.opts.batch);
      if (ids.length === 0) {
        const done = db
          .update(broadcasts)
          .set({ status: "done", finishedAt: this.deps.now() })
          .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, "sending")))
          .returning()
          .get();
        const final = done ?? getBroadcast(db, b.id);
        if (final) await this.progress(final);
        logger.info({ broadcastId: b.id, sent: final?.sent, blocked: final?.blocked, failed: final?.failed }, "broadcast finished");
        return true;
      }
      for (const userId of ids) {
        if (this.stopped) return false;
        const outcome = await this.deliver(b, userId);
        if (outcome === "stopped") return false;
        const row = tx(db, (t) => {
          if (outcome === "blocked") t.update(users).set({ blockedBot: true }).where(eq(users.id, userId)).run();
          return t
            .update(broadcasts)
            .set({
              cursorUserId: userId,
              sent: outcome === "sent" ? sql`${broadcasts.sent} + 1` : broadcasts.sent,
              blocked: outcome === "blocked" ? sql`${broadcasts.blocked} + 1` : broadcasts.blocked,
              failed: outcome === "failed" ? sql`${broadcasts.failed} + 1` : broadcasts.failed,
            })
            .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, "sending")))
            .returning()
            .get();
        });
        if (!row) {
          // An admin pressed Stop.
          const stopped = getBroadcast(db, b.id);
          if (stopped) await this.progress(stopped);
          logger.info({ broadcastId: b.id }, "broadcast stopped by an admin");
          return true;
        }
        b = row;
        failuresInRow = outcome === "failed" ? failuresInRow + 1 : 0;
        if (failuresInRow >= this.opts.maxConsecutiveFailures) {
          const aborted = db
            .update(broadcasts)
            .set({ status: "cancelled", finishedAt: this.deps.now() })
            .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, "sending")))
            .returning()
            .get();
          if (aborted) await this.progress(aborted, true);
          logger.error({ broadcastId: b.id }, "broadcast aborted: Telegram refuses the message for every user");
          return true;
        }
        if (Date.now() - lastProgressAt >= this.opts.progressIntervalMs) {
          await this.progress(b);
          lastProgressAt = Date.now();
        }
      }
    }
  }

  private async deliver(b: Broadcast, userId: number): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      const release = await this.slot();
      if (this.stopped) {
        release();
        return "stopped";
      }
      try {
        await sendBroadcastContent(this.deps.api, b, userId, this.abort.signal as unknown as Signal);
        return "sent";
      } catch (err) {
        if (this.abort.signal.aborted) return "stopped";
        if (err instanceof GrammyError) {
          if (err.error_code === 403) return "blocked";
          if (err.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID|USER_IS_DEACTIVATED/i.test(err.description)) return "blocked";
          if (err.error_code === 429) {
            // auto-retry gave up (too many in a row, or a long wait): wait it out here, same user.
            await this.sleep((err.parameters.retry_after ?? 1) * 1000);
            if (this.stopped) return "stopped";
            continue;
          }
          if (err.error_code >= 500 && attempt < 3) {
            await this.sleep(1000 * (attempt + 1));
            continue;
          }
          this.deps.logger.warn({ broadcastId: b.id, userId, err: `${err.method}: ${err.error_code} ${err.description}` }, "broadcast message refused");
          return "failed";
        }
        if (attempt < 5) {
          await this.sleep(Math.min(30_000, 1000 * 2 ** attempt));
          continue;
        }
        this.deps.logger.warn({ broadcastId: b.id, userId, err: describeError(err) }, "broadcast message failed");
        return "failed";
      } finally {
        release();
      }
    }
  }

  /**
   * Waits for a turn to send; call the returned release() when the send is over. With a pacer shared
   * with the notice sender, both together stay under Telegram's per-bot limit.
   */
  private async slot(): Promise<() => void> {
    if (this.deps.pacer && !this.ownPace) return this.deps.pacer.acquire();
    await this.pace();
    return () => undefined;
  }

  /** Keeps sends (and edits) under ratePerSecond overall. */
  private async pace(): Promise<void> {
    const gap = 1000 / Math.max(0.1, this.opts.ratePerSecond);
    const wait = this.nextSendAt - Date.now();
    if (wait > 0) await this.sleep(wait);
    this.nextSendAt = Math.max(Date.now(), this.nextSendAt) + gap;
  }

  /** A sleep that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.interrupt === done) this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }

  /** Edits the admin's progress message; a failure (deleted message, not modified) is not an error. */
  private async progress(b: Broadcast, aborted = false): Promise<void> {
    if (b.progressChatId === null || b.progressMessageId === null) return;
    const lang = storedLanguage(this.deps.db, b.adminId) ?? this.deps.defaultLanguage;
    const t = (key: string) =>
      this.deps.i18n.t(lang, key, { id: String(b.id), sent: b.sent, total: b.total, blocked: b.blocked, failed: b.failed, done: b.sent + b.blocked + b.failed });
    let text: string;
    let keyboard: InlineKeyboard | undefined;
    if (b.status === "sending" || b.status === "queued") {
      text = t("admin-bc-progress");
      keyboard = new InlineKeyboard().text(this.deps.i18n.t(lang, "admin-btn-bc-stop"), `${BROADCAST_STOP_CB}${b.id}`);
    } else if (b.status === "done") text = t("admin-bc-done");
    else text = t(aborted ? "admin-bc-aborted" : "admin-bc-stopped");
    const release = await this.slot();
    try {
      await this.deps.api.editMessageText(b.progressChatId, b.progressMessageId, text, {
        parse_mode: "HTML",
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (err) {
      if (!(err instanceof GrammyError && err.description.includes("not modified"))) {
        this.deps.logger.debug({ broadcastId: b.id, err: describeError(err) }, "progress message not updated");
      }
    } finally {
      release();
    }
  }
}
