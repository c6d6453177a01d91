import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { webhookCallback, type Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { pruneProcessedUpdates } from "./bot/dedupe.js";
import { createBot, InFlight } from "./bot/index.js";
import { telegramAgent } from "./bot/telegram-http.js";
import type { ShopContext, ShopDeps } from "./bot/context.js";
import { noticeDeliverer } from "./bot/notices.js";
import { registerAdminCommands } from "./bot/features/admin.js";
import { Broadcaster, type BroadcasterOptions } from "./domain/broadcast.js";
import { SUPPORTED_LANGUAGES, type Config } from "./config.js";
import { openDatabase, openStateConnection, type Db } from "./db/client.js";
import { syncCatalog } from "./domain/catalog.js";
import { DEFAULT_NOTICE_RATE_PER_SECOND, NoticeDispatcher, pruneOldNotices, SendPacer } from "./domain/notifications.js";
import { describeError, recoverInterruptedOrders } from "./domain/orders.js";
import { pollerFromConfig, type StatusPoller } from "./domain/poller.js";
import { createI18n } from "./i18n.js";
import { createLogger, type Logger } from "./logger.js";
import { PanelSimulator } from "./simulators/panel.js";
import { PanelClient } from "./upstream/client.js";

export interface AppOptions {
  logger?: Logger;
  now?: () => number;
  /** Skip getMe at start (tests and the demo know the bot already). */
  botInfo?: UserFromGetMe;
  /** Notice dispatcher period; tests shorten it. */
  noticeIntervalMs?: number;
  /** Broadcast pacing (messages per second, progress interval); tests speed it up. */
  broadcast?: BroadcasterOptions;
}

export interface App {
  bot: Bot<ShopContext>;
  db: Db;
  panel: PanelClient;
  poller: StatusPoller;
  notices: NoticeDispatcher;
  /** Sends admin broadcasts in the background. */
  broadcaster: Broadcaster;
  deps: ShopDeps;
  /** Present when PANEL_API_URL=simulator. */
  simulator: PanelSimulator | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the whole shop from a validated config: database, panel client, bot, poller, notices. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const now = options.now ?? Date.now;
  const db = openDatabase(config.databasePath);
  const stateDb = openStateConnection(db, config.databasePath);

  let simulator: PanelSimulator | undefined;
  let panelUrl = config.panelApiUrl;
  if (panelUrl === "simulator") {
    simulator = await PanelSimulator.start({ key: config.panelApiKey, progress: { pendingMs: 5_000, inProgressMs: 20_000 } });
    panelUrl = simulator.url;
    logger.warn("PANEL_API_URL=simulator: orders go to the built-in panel simulator, nothing is bought upstream");
  }
  const panel = new PanelClient({ url: panelUrl, key: config.panelApiKey, timeoutMs: config.panelTimeoutMs, logger });
  const i18n = createI18n(config.defaultLanguage);

  let notices: NoticeDispatcher | undefined;
  const deps: ShopDeps = { config, db, stateDb, panel, logger, i18n, now, wakeNotices: () => notices?.wake() };
  const inFlight = new InFlight();
  const telegramHttp = telegramAgent();
  const bot = createBot(deps, { inFlight, telegramHttp, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
  // Notices and broadcasts share one pace: Telegram's ~30 messages a second is per bot, not per sender.
  const telegramPacer = new SendPacer(DEFAULT_NOTICE_RATE_PER_SECOND);
  notices = new NoticeDispatcher(db, noticeDeliverer({ db, i18n, config, api: bot.api, logger }), logger, {
    pacer: telegramPacer,
    intervalMs: options.noticeIntervalMs ?? 1000,
  });
  const poller = pollerFromConfig(config, { db, panel, logger, now, onNotices: deps.wakeNotices });

  /** Background work started after the bot and stopped before the database closes. */
  const jobs: Array<{ start(): void; stop(): Promise<void> }> = [poller, notices];
  const broadcaster = new Broadcaster({ db, api: bot.api, i18n, defaultLanguage: config.defaultLanguage, logger, now, pacer: telegramPacer }, options.broadcast);
  deps.wakeBroadcasts = () => broadcaster.wake();
  jobs.push(broadcaster);

  let runner: RunnerHandle | undefined;
  let webhook: { close(): Promise<void> } | undefined;
  let syncTimer: NodeJS.Timeout | undefined;
  let housekeeping: NodeJS.Timeout | undefined;

  /** One line at start that tells an operator whether the shop can work. */
  const healthLine = async () => {
    let panelReachable = false;
    let panelCurrency: string | undefined;
    try {
      panelCurrency = (await panel.balance()).currency;
      panelReachable = true;
    } catch {
      // reported as unreachable; the poller and catalogue sync keep retrying
    }
    const catalogue = db.$client.prepare("select count(*) from services where active = 1").pluck().get() as number;
    if (panelCurrency && panelCurrency.toUpperCase() !== config.currency) {
      logger.warn({ panelCurrency, shopCurrency: config.currency }, "the panel's currency differs from SHOP_CURRENCY: prices would be wrong");
    }
    return {
      version: VERSION,
      bot: bot.botInfo.username,
      mode: config.webhookUrl ? "webhook" : "long polling",
      databasePath: config.databasePath,
      panelReachable,
      catalogueServices: catalogue,
    };
  };
  /** The sync under way, if any: a stop waits for it before the panel client and database close. */
  let syncing: Promise<void> | undefined;
  const sync = () =>
    (syncing ??= syncCatalog(db, panel, now(), logger)
      .then(
        () => undefined,
        (err: unknown) => logger.error({ err: describeError(err) }, "catalogue sync failed; keeping the last synced catalogue"),
      )
      .finally(() => (syncing = undefined)));

  return {
    bot,
    db,
    panel,
    poller,
    notices,
    broadcaster,
    deps,
    simulator,
    async start() {
      const recovered = recoverInterruptedOrders(db, config.adminIds, now());
      if (recovered > 0) logger.warn({ orders: recovered }, "orders interrupted by the last shutdown marked unknown for an admin");
      // A bad token fails at once, before a slow or unreachable panel is waited for.
      logger.info({ apiRoot: config.telegramApiRoot ?? "https://api.telegram.org" }, "checking the bot token with Telegram (getMe)");
      await bot.init();
      await sync();
      syncTimer = setInterval(() => void sync(), config.catalogSyncMinutes * 60_000);
      await registerCommands(bot, deps);
      await registerAdminCommands(bot.api, deps);
      if (config.webhookUrl) webhook = await startWebhook(bot, config, logger);
      else {
        // Long polling and a webhook cannot both be on: clear one left from an earlier webhook run.
        await bot.api.deleteWebhook().catch((err: unknown) => logger.warn({ err: describeError(err) }, "deleteWebhook failed"));
        runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
      }
      for (const job of jobs) job.start();
      housekeeping = setInterval(() => {
        pruneProcessedUpdates(db, Date.now());
        pruneOldNotices(db, Date.now() - 30 * 86_400_000);
      }, 3_600_000);
      logger.info(await healthLine(), "bot started");
    },
    async stop() {
      clearInterval(syncTimer);
      clearInterval(housekeeping);
      // Stop taking updates first, then let the updates in hand (and their panel calls) finish.
      await runner?.stop();
      await webhook?.close();
      await inFlight.drain();
      await syncing;
      for (const job of jobs) await job.stop();
      await panel.close();
      await telegramHttp.close();
      await simulator?.close();
      if (stateDb !== db) stateDb.$client.close();
      db.$client.close();
      logger.info("bot stopped");
    },
  };
}

const ALLOWED_UPDATES = ["message", "callback_query", "pre_checkout_query", "my_chat_member"] as const;

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/**
 * Webhook mode: Telegram posts updates to WEBHOOK_URL; a reverse proxy forwards them to this port.
 * Requests without the secret token are refused by grammY's webhookCallback.
 */
async function startWebhook(bot: Bot<ShopContext>, config: Config, logger: Logger): Promise<{ close(): Promise<void> }> {
  const handle = webhookCallback(bot, "http", { secretToken: config.webhookSecret!, onTimeout: "return", timeoutMilliseconds: 9_000 });
  const path = new URL(config.webhookUrl!).pathname;
  const server = createServer((req, res) => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.error({ err: describeError(err) }, "webhook request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  // A port in use is a start-up failure with a message, not an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`WEBHOOK_PORT ${config.webhookPort}: ${describeError(err)}`)));
    server.listen(config.webhookPort, resolve);
  });
  try {
    await bot.api.setWebhook(config.webhookUrl!, { secret_token: config.webhookSecret!, allowed_updates: [...ALLOWED_UPDATES] });
  } catch (err) {
    await close();
    throw err;
  }
  logger.info({ port: config.webhookPort, path }, "webhook listening");
  return {
    close,
  };
}

/** Commands in every language the shop speaks; a failure is logged, never fatal. */
async function registerCommands(bot: Bot<ShopContext>, deps: ShopDeps): Promise<void> {
  const list = (lang: string) =>
    ["order", "orders", "balance", "topup", "referrals", "paysupport", "lang", "help", "cancel"].map((command) => ({ command, description: deps.i18n.t(lang, `cmd-${command}`) }));
  try {
    await bot.api.setMyCommands(list(deps.config.defaultLanguage));
    for (const lang of SUPPORTED_LANGUAGES) {
      if (deps.i18n.locales.includes(lang)) await bot.api.setMyCommands(list(lang), { language_code: lang });
    }
  } catch (err) {
    deps.logger.warn({ err: describeError(err) }, "could not register bot commands");
  }
}
