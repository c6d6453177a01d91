import { z } from "zod";
import { parseMarkupBasisPoints } from "./money.js";

export const SUPPORTED_LANGUAGES = ["en", "ru", "uz"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export interface Config {
  botToken: string;
  /** Panel API URL, or "simulator" to run the built-in panel simulator in-process. */
  panelApiUrl: string;
  panelApiKey: string;
  markupBp: number;
  adminIds: number[];
  databasePath: string;
  telegramApiRoot: string | undefined;
  statusPollSeconds: number;
  catalogSyncMinutes: number;
  defaultLanguage: Language;
  currency: string;
  panelTimeoutMs: number;
  stuckOrderDays: number;
  logLevel: string;
}

export class ConfigError extends Error {}

const positiveInt = (name: string, def: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      if (!/^\d+$/.test(v.trim()) || Number(v) <= 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a positive whole number, got "${v}"` });
        return z.NEVER;
      }
      return Number(v);
    });

const schema = z.object({
  BOT_TOKEN: z
    .string({ message: "BOT_TOKEN is required (the token from @BotFather)" })
    .regex(/^\d+:[A-Za-z0-9_-]{10,}$/, "BOT_TOKEN does not look like a bot token (expected 123456:ABC...)"),
  PANEL_API_URL: z
    .string({ message: "PANEL_API_URL is required (the panel's API v2 URL, or 'simulator')" })
    .refine((v) => v === "simulator" || /^https?:\/\/[^\s]+$/.test(v), "PANEL_API_URL must be an http(s) URL or 'simulator'"),
  PANEL_API_KEY: z.string().optional(),
  MARKUP_PERCENT: z
    .string({ message: "MARKUP_PERCENT is required (e.g. 25 for +25% on the panel's rate)" })
    .transform((v, ctx) => {
      const bp = parseMarkupBasisPoints(v);
      if (bp === null) {
        ctx.addIssue({ code: "custom", message: `MARKUP_PERCENT must be a number like 25 or 12.5 (0..10000), got "${v}"` });
        return z.NEVER;
      }
      return bp;
    }),
  ADMIN_IDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parts = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const bad = parts.find((p) => !/^\d{1,15}$/.test(p));
      if (bad !== undefined) {
        ctx.addIssue({ code: "custom", message: `ADMIN_IDS must be comma-separated Telegram user ids, "${bad}" is not one` });
        return z.NEVER;
      }
      return parts.map(Number);
    }),
  DATABASE_PATH: z.string().optional().transform((v) => (v && v.trim()) || "./data/shop.db"),
  TELEGRAM_API_ROOT: z
    .string()
    .optional()
    .transform((v) => (v && v.trim()) || undefined)
    .refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), "TELEGRAM_API_ROOT must be an http(s) URL"),
  STATUS_POLL_SECONDS: positiveInt("STATUS_POLL_SECONDS", 30),
  CATALOG_SYNC_MINUTES: positiveInt("CATALOG_SYNC_MINUTES", 60),
  DEFAULT_LANGUAGE: z
    .string()
    .optional()
    .transform((v) => (v && v.trim()) || "en")
    .refine((v): v is Language => (SUPPORTED_LANGUAGES as readonly string[]).includes(v), {
      message: `DEFAULT_LANGUAGE must be one of ${SUPPORTED_LANGUAGES.join(", ")}`,
    }),
  SHOP_CURRENCY: z
    .string()
    .optional()
    .transform((v) => (v && v.trim().toUpperCase()) || "UZS")
    .refine((v) => /^[A-Z]{3}$/.test(v), "SHOP_CURRENCY must be a 3-letter currency code like UZS"),
  PANEL_TIMEOUT_SECONDS: positiveInt("PANEL_TIMEOUT_SECONDS", 20),
  STUCK_ORDER_DAYS: positiveInt("STUCK_ORDER_DAYS", 3),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.message}${i.path.length ? ` [${i.path.join(".")}]` : ""}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const key = e.PANEL_API_KEY?.trim() ?? "";
  if (e.PANEL_API_URL !== "simulator" && key === "") {
    throw new ConfigError("Invalid configuration:\n- PANEL_API_KEY is required when PANEL_API_URL is a real panel [PANEL_API_KEY]");
  }
  return {
    botToken: e.BOT_TOKEN,
    panelApiUrl: e.PANEL_API_URL,
    panelApiKey: key || "simulator-key",
    markupBp: e.MARKUP_PERCENT,
    adminIds: e.ADMIN_IDS,
    databasePath: e.DATABASE_PATH,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    statusPollSeconds: e.STATUS_POLL_SECONDS,
    catalogSyncMinutes: e.CATALOG_SYNC_MINUTES,
    defaultLanguage: e.DEFAULT_LANGUAGE as Language,
    currency: e.SHOP_CURRENCY,
    panelTimeoutMs: e.PANEL_TIMEOUT_SECONDS * 1000,
    stuckOrderDays: e.STUCK_ORDER_DAYS,
    logLevel: e.LOG_LEVEL ?? "info",
  };
}
