import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createBot, InFlight } from "./bot/index.js";
import type { ShopContext, ShopDeps } from "./bot/context.js";
import { noticeDeliverer } from "./bot/notices.js";
import { SUPPORTED_LANGUAGES, type Config } from "./config.js";
import { openDatabase, type Db } from "./db/client.js";
import { syncCatalog } from "./domain/catalog.js";
import { NoticeDispatcher } from "./domain/notifications.js";
import { describeError, recoverInterruptedOrders } from "./domain/orders.js";
import { StatusPoller } from "./domain/poller.js";
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
}

export interface App {
  bot: Bot<ShopContext>;
  db: Db;
  panel: PanelClient;
  poller: StatusPoller;
  notices: NoticeDispatcher;
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
  const deps: ShopDeps = { config, db, panel, logger, i18n, now, wakeNotices: () => notices?.wake() };
  const inFlight = new InFlight();
  const bot = createBot(deps, { inFlight, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
  notices = new NoticeDispatcher(db, noticeDeliverer({ db, i18n, config, api: bot.api, logger }), logger, {
    intervalMs: options.noticeIntervalMs ?? 1000,
  });
  const poller = new StatusPoller({
    db,
    panel,
    logger,
    intervalMs: config.statusPollSeconds * 1000,
    adminIds: config.adminIds,
    stuckOrderDays: config.stuckOrderDays,
    panelBalanceAlertMinor: config.panelBalanceAlertMinor,
    now,
    onNotices: deps.wakeNotices,
  });

  /** Background work started after the bot and stopped before the database closes. */
  const jobs: Array<{ start(): void; stop(): Promise<void> }> = [poller, notices];

  let runner: RunnerHandle | undefined;
  let syncTimer: NodeJS.Timeout | undefined;
  const sync = async () => {
    try {
      await syncCatalog(db, panel, now(), logger);
    } catch (err) {
      logger.error({ err: describeError(err) }, "catalogue sync failed; keeping the last synced catalogue");
    }
  };

  return {
    bot,
    db,
    panel,
    poller,
    notices,
    deps,
    simulator,
    async start() {
      const recovered = recoverInterruptedOrders(db, config.adminIds, now());
      if (recovered > 0) logger.warn({ orders: recovered }, "orders interrupted by the last shutdown marked unknown for an admin");
      await sync();
      syncTimer = setInterval(() => void sync(), config.catalogSyncMinutes * 60_000);
      await bot.init();
      await registerCommands(bot, deps);
      runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query", "pre_checkout_query", "my_chat_member"] } } });
      for (const job of jobs) job.start();
      logger.info({ bot: bot.botInfo.username }, "bot started");
    },
    async stop() {
      clearInterval(syncTimer);
      // Stop taking updates first, then let the updates in hand (and their panel calls) finish.
      await runner?.stop();
      await inFlight.drain();
      for (const job of jobs) await job.stop();
      await panel.close();
      await simulator?.close();
      db.$client.close();
      logger.info("bot stopped");
    },
  };
}

/** Commands in every language the shop speaks; a failure is logged, never fatal. */
async function registerCommands(bot: Bot<ShopContext>, deps: ShopDeps): Promise<void> {
  const list = (lang: string) =>
    ["order", "orders", "balance", "help", "cancel"].map((command) => ({ command, description: deps.i18n.t(lang, `cmd-${command}`) }));
  try {
    await bot.api.setMyCommands(list(deps.config.defaultLanguage));
    for (const lang of SUPPORTED_LANGUAGES) {
      if (deps.i18n.locales.includes(lang)) await bot.api.setMyCommands(list(lang), { language_code: lang });
    }
  } catch (err) {
    deps.logger.warn({ err: describeError(err) }, "could not register bot commands");
  }
}
