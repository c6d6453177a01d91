// The pieces every scenario needs: a temp dir, the fake Telegram and the panel simulator on 127.0.0.1,
// and the environment the bot is configured with (as an operator would set it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PanelSimulator } from "../simulators/panel.js";
import { FakeTelegram, type FakeTelegramOptions } from "../simulators/telegram.js";

export const PANEL_KEY = "bench-panel-key";

export interface Peers {
  dir: string;
  tg: FakeTelegram;
  panel: PanelSimulator;
  dbPath: string;
  logPath: string;
  close(): Promise<void>;
}

export async function startPeers(opts: { tg?: FakeTelegramOptions } = {}): Promise<Peers> {
  const dir = mkdtempSync(join(tmpdir(), "smm-bench-"));
  const tg = await FakeTelegram.start({ recordCalls: false, ...opts.tg });
  // A panel with money for every order the benchmark places.
  const panel = await PanelSimulator.start({ key: PANEL_KEY, balance: "100000000.00" });
  return {
    dir,
    tg,
    panel,
    dbPath: join(dir, "shop.db"),
    logPath: join(dir, "bot.log"),
    async close() {
      await tg.close();
      await panel.close();
      if (process.env.BENCH_KEEP) console.log(`   (kept ${dir})`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The bot's environment against these peers; `extra` overrides. */
export function botEnv(p: Peers, extra: Record<string, string> = {}): Record<string, string> {
  return {
    BOT_TOKEN: p.tg.token,
    TELEGRAM_API_ROOT: p.tg.apiRoot,
    PANEL_API_URL: p.panel.url,
    PANEL_API_KEY: p.panel.key,
    MARKUP_PERCENT: "25",
    ADMIN_IDS: "900001",
    DATABASE_PATH: p.dbPath,
    LOG_LEVEL: "info",
    BENCH_LOG_FILE: p.logPath,
    BENCH_BOT_INFO: JSON.stringify(p.tg.botInfo),
    ...extra,
  };
}
