import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { limit } from "@grammyjs/ratelimiter";
import { pickLanguage, upsertUser } from "../domain/users.js";
import { describeError } from "../domain/orders.js";
import type { Logger } from "../logger.js";
import { sqliteConversationStorage } from "./conversation-storage.js";
import { dedupeUpdates } from "./dedupe.js";
import { telegramFetch } from "./telegram-http.js";
import { StepGate } from "./step-gate.js";
import type { Dispatcher } from "undici";
import { isAdmin, type ShopContext, type ShopDeps } from "./context.js";
import { createOrderConversation, ORDER_CONVERSATION } from "./conversations/order.js";
import { adminFeature } from "./features/admin.js";
import { clearAdminInput } from "../domain/admin.js";
import { balanceFeature } from "./features/balance.js";
import { orderCardsFeature, ordersFeature } from "./features/orders.js";
import { unknownOrdersFeature } from "./features/unknown-orders.js";
import { paymentsEarlyFeature, paymentsFeature, paymentUpdatesFeature } from "./features/payments.js";
import { clearPending } from "../domain/payments.js";
import { startFeature } from "./features/start.js";
import { languageFeature } from "./features/language.js";
import { mainMenu } from "./keyboards.js";

/** Order-conversation steps running at once (the rest queue, first come first served). */
const ORDER_STEP_SLOTS = 8;

/** Bump when the order conversation changes shape: stored half-done conversations then start over. */
const CONVERSATION_VERSION = 1;

const retry = autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120, rethrowInternalServerErrors: false });

/** Counts updates being handled, so a shutdown can wait for them (the runner's stop does not). */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  readonly middleware = async (_ctx: Context, next: () => Promise<void>) => {
    const p = next();
    this.pending.add(p);
    try {
      await p;
    } finally {
      this.pending.delete(p);
    }
  };
  get size(): number {
    return this.pending.size;
  }
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Wires plugins, features and the error boundary. */
export function createBot(deps: ShopDeps, opts: { botInfo?: UserFromGetMe; inFlight?: InFlight; telegramHttp?: Dispatcher } = {}): Bot<ShopContext> {
  const { config, db, logger } = deps;
  const stateDb = deps.stateDb ?? db;
  const bot = new Bot<ShopContext>(config.botToken, {
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
    client: { ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}), fetch: telegramFetch(opts.telegramHttp), baseFetchConfig: {} },
  });
  bot.api.config.use(retry);
  if (opts.inFlight) bot.use(opts.inFlight.middleware);
  // Every log line written while an update is handled carries its update id and its sender (fromId):
  // handlers log through ctx.logger, made on first use. (An AsyncLocalStorage did this for every line
  // automatically, but on Node 20 its promise hooks cost about a sixth of the CPU of an update.)
  bot.use((ctx, next) => {
    let child: Logger | undefined;
    Object.defineProperty(ctx, "logger", {
      get: () => (child ??= logger.child({ updateId: ctx.update.update_id, ...(ctx.from ? { fromId: ctx.from.id } : {}) })),
    });
    return next();
  });
  bot.use(dedupeUpdates(stateDb));

  // pre_checkout_query (10 s to answer) and successful_payment: before sequentialize, so neither waits
  // behind a buyer's slow update, and before the ban gate, so a payment already taken is still credited.
  bot.use(paymentUpdatesFeature(deps));

  // One flooding user cannot slow the shop: past the limit their updates are dropped, with one notice.
  if (config.userRateLimit > 0) bot.use(
    limit<ShopContext, never>({
      timeFrame: 10_000,
      limit: config.userRateLimit,
      keyGenerator: (ctx) => (ctx.from && !isAdmin(deps, ctx.from.id) ? String(ctx.from.id) : undefined),
      onLimitExceeded: (ctx) => {
        const lang = pickLanguage(ctx.from?.language_code, config.defaultLanguage);
        if (ctx.chat?.type === "private") void ctx.reply(deps.i18n.t(lang, "rate-limited")).catch(() => undefined);
        ctx.logger.warn({ userId: ctx.from?.id }, "user rate-limited");
      },
    }),
  );

  // Updates of one chat run one after another (conversations and balances need that); chats run in parallel.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));

  // Who is this: register on first contact, load language and ban state.
  bot.use(async (ctx, next) => {
    ctx.lang = config.defaultLanguage;
    ctx.user = undefined;
    if (ctx.from && !ctx.from.is_bot) {
      ctx.user = upsertUser(stateDb, ctx.from, config.defaultLanguage, deps.now());
      ctx.lang = ctx.user.language as ShopContext["lang"];
    }
    await next();
  });
  bot.use(deps.i18n);
  bot.use(async (ctx, next) => {
    if (!ctx.user?.banned) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("banned") });
    else if (ctx.chat?.type === "private") await ctx.reply(ctx.t("banned"));
  });

  bot.use(
    conversations<ShopContext, Context>({
      storage: { type: "key", version: CONVERSATION_VERSION, adapter: sqliteConversationStorage(stateDb) },
      // No plugins for the conversation's own context: the order conversation never calls Telegram
      // through it, only through the outer context inside `external`, which carries bot.api's
      // transformers (auto-retry). See src/bot/conversations/order.ts.
    }),
  );

  // Must come before the conversation itself, or a buyer mid-order could never leave.
  bot.chatType("private").command("cancel", async (ctx) => {
    const leftTopupStep = clearPending(db, ctx.from.id);
    const leftAdminPrompt = clearAdminInput(db, ctx.from.id);
    const active = Object.keys(await ctx.conversation.active()).length > 0 || leftTopupStep || leftAdminPrompt;
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t(active ? "cancelled" : "nothing-to-cancel"), { reply_markup: mainMenu(ctx.t) });
  });

  // Payments and admin commands and buttons work even while a buyer or admin is mid-conversation.
  bot.use(paymentsEarlyFeature(deps));
  bot.use(adminFeature(deps));
  bot.use(unknownOrdersFeature(deps));
  bot.use(orderCardsFeature(deps));

  // A buyer's next step in an order waits for one of a few slots, so a burst of them cannot starve
  // everyone else (src/bot/step-gate.ts).
  // The slot covers the step itself: an update the conversation passes on (a command or a button from
  // elsewhere pressed mid-order) is handled after the slot is given back.
  const orderSteps = new StepGate(ORDER_STEP_SLOTS);
  const orderConversation = createConversation(createOrderConversation(deps), ORDER_CONVERSATION);
  bot.use(async (ctx, next) => {
    if (ctx.conversation.active(ORDER_CONVERSATION) === 0) return orderConversation(ctx, next);
    let passedOn = false;
    await orderSteps.run(async (slot) => {
      ctx.slot = slot;
      try {
        await orderConversation(ctx, async () => {
          passedOn = true;
        });
      } finally {
        ctx.slot = undefined;
      }
    });
    if (passedOn) await next();
  });

  bot.use(startFeature(deps));
  bot.use(languageFeature(deps));
  bot.use(balanceFeature(deps));
  bot.use(ordersFeature(deps));
  bot.use(paymentsFeature(deps));

  // Buttons of a finished conversation (including a second tap on Confirm): say so, do nothing.
  bot.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("stale-button") });
  });
  bot.chatType("private").on("message:text", async (ctx) => {
    await ctx.reply(ctx.t(ctx.message.text.startsWith("/") ? "unknown-command" : "use-menu"), { reply_markup: mainMenu(ctx.t) });
  });
  bot.chatType("private").on("message", async (ctx) => {
    await ctx.reply(ctx.t("use-menu"), { reply_markup: mainMenu(ctx.t) });
  });

  bot.catch(async (err) => {
    const e = err.error;
    // A button press redelivered long after it was made (e.g. after a restart): nothing to answer.
    if (e instanceof GrammyError && e.method === "answerCallbackQuery" && /query is too old|query ID is invalid/i.test(e.description)) {
      logger.info({ updateId: err.ctx.update.update_id }, "callback query too old to answer");
      return;
    }
    const detail = e instanceof GrammyError ? `${e.method}: ${e.error_code} ${e.description}` : e instanceof HttpError ? "telegram network error" : describeError(e);
    logger.error({ updateId: err.ctx.update.update_id, err: detail }, "update failed");
    try {
      if (err.ctx.chat?.type === "private") await err.ctx.reply(err.ctx.t ? err.ctx.t("error-generic") : "Error");
    } catch {
      // nothing more to do: the log line above says what broke
    }
  });
  return bot;
}
