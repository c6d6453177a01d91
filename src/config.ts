import { z } from "zod";
import { parseAmountInput, parseMarkupBasisPoints } from "./money.js";

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
  /** Minor units of the shop currency credited per Telegram Star; null = Stars top-ups off. */
  starsRateMinor: number | null;
  /** Stars amounts offered as buttons in /topup. */
  starsPresets: number[];
  /** Free text shown for receipt top-ups (card number, wallet); null = receipt top-ups off. */
  topupInstructions: string | null;
  /** Telegram payments provider token; null = provider payments off. */
  paymentProviderToken: string | null;
  /** Currency of provider invoices; credited 1:1 in minor units, so it must equal the shop currency. */
  paymentCurrency: string;
  /** Basis points of a referral's top-ups credited to the referrer (500 = 5%). */
  referralBp: number;
  /** Panel balance (minor units) under which new orders pause; null = only "Not enough funds" pauses. */
  panelBalanceAlertMinor: number | null;
  /** Parallel status requests to the panel per poll cycle. */
  statusPollConcurrency: number;
  /** Webhook mode when set (else long polling). */
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookPort: number;
  /** Updates one user may send per 10 seconds before being told to slow down; 0 = no limit. */
  userRateLimit: number;
}

export class ConfigError extends Error {}

/** A whole number from 1 to `max` (past it a port is invalid, or a timer would overflow Node's 24.8 days). */
const positiveInt = (name: string, def: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      if (!/^\d+$/.test(v.trim()) || Number(v) <= 0 || Number(v) > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from 1 to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return Number(v);
    });

/** An optional amount of the shop currency, in minor units; null when unset. */
const optionalAmount = (message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return null;
      const minor = parseAmountInput(v);
      if (minor === null) {
        ctx.addIssue({ code: "custom", message: `${message}, got "${v}"` });
        return z.NEVER;
      }
      return minor;
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
  STATUS_POLL_SECONDS: positiveInt("STATUS_POLL_SECONDS", 30, 86_400),
  CATALOG_SYNC_MINUTES: positiveInt("CATALOG_SYNC_MINUTES", 60, 10_080),
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
  PANEL_TIMEOUT_SECONDS: positiveInt("PANEL_TIMEOUT_SECONDS", 20, 600),
  STUCK_ORDER_DAYS: positiveInt("STUCK_ORDER_DAYS", 3, 365),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  STARS_RATE: optionalAmount("STARS_RATE must be a positive amount of the shop currency per Star (e.g. 150)"),
  STARS_PRESETS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parts = (v && v.trim() ? v : "50,100,250,500,1000").split(",").map((p) => p.trim());
      if (parts.some((p) => !/^\d{1,6}$/.test(p) || Number(p) < 1 || Number(p) > 100000)) {
        ctx.addIssue({ code: "custom", message: `STARS_PRESETS must be comma-separated whole numbers of Stars (1..100000), got "${v}"` });
        return z.NEVER;
      }
      return parts.map(Number);
    }),
  TOPUP_INSTRUCTIONS: z.string().optional().transform((v) => (v && v.trim() ? v.trim().replace(/\\n/g, "\n") : null)),
  PAYMENT_PROVIDER_TOKEN: z.string().optional().transform((v) => (v && v.trim()) || null),
  PAYMENT_CURRENCY: z.string().optional().transform((v) => (v && v.trim().toUpperCase()) || null),
  REFERRAL_PERCENT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return 500;
      const bp = parseMarkupBasisPoints(v);
      if (bp === null || bp > 10_000) {
        ctx.addIssue({ code: "custom", message: `REFERRAL_PERCENT must be a number from 0 to 100, got "${v}"` });
        return z.NEVER;
      }
      return bp;
    }),
  PANEL_BALANCE_ALERT: optionalAmount("PANEL_BALANCE_ALERT must be a positive amount"),
  STATUS_POLL_CONCURRENCY: positiveInt("STATUS_POLL_CONCURRENCY", 4, 64),
  WEBHOOK_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim()) || null)
    .refine((v) => v === null || /^https:\/\/\S+$/.test(v), "WEBHOOK_URL must be an https:// URL"),
  WEBHOOK_SECRET: z
    .string()
    .optional()
    .transform((v) => (v && v.trim()) || null)
    .refine((v) => v === null || /^[A-Za-z0-9_-]{1,256}$/.test(v), "WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and - (1-256 characters)"),
  WEBHOOK_PORT: positiveInt("WEBHOOK_PORT", 8080, 65_535),
  USER_RATE_LIMIT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return 25;
      if (!/^\d{1,6}$/.test(v.trim())) {
        ctx.addIssue({ code: "custom", message: `USER_RATE_LIMIT must be a whole number of updates per 10 seconds (0 = off), got "${v}"` });
        return z.NEVER;
      }
      return Number(v);
    }),
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
  const paymentCurrency = e.PAYMENT_CURRENCY ?? e.SHOP_CURRENCY;
  if (e.PAYMENT_PROVIDER_TOKEN && paymentCurrency !== e.SHOP_CURRENCY) {
    throw new ConfigError(
      `Invalid configuration:\n- PAYMENT_CURRENCY (${paymentCurrency}) must equal SHOP_CURRENCY (${e.SHOP_CURRENCY}): payments are credited 1:1 [PAYMENT_CURRENCY]`,
    );
  }
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError("Invalid configuration:\n- WEBHOOK_SECRET is required with WEBHOOK_URL [WEBHOOK_SECRET]");
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
    starsRateMinor: e.STARS_RATE,
    starsPresets: e.STARS_PRESETS,
    topupInstructions: e.TOPUP_INSTRUCTIONS,
    paymentProviderToken: e.PAYMENT_PROVIDER_TOKEN,
    paymentCurrency,
    referralBp: e.REFERRAL_PERCENT,
    panelBalanceAlertMinor: e.PANEL_BALANCE_ALERT,
    statusPollConcurrency: e.STATUS_POLL_CONCURRENCY,
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    webhookPort: e.WEBHOOK_PORT,
    userRateLimit: e.USER_RATE_LIMIT,
  };
}
