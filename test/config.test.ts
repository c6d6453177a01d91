import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const base = { BOT_TOKEN: "123456:ABCdefGHIjklMNO", PANEL_API_URL: "https://panel.example/api/v2", PANEL_API_KEY: "k", MARKUP_PERCENT: "25" };

describe("configuration", () => {
  it("accepts .env.example as shipped (the built-in simulator, no key needed)", () => {
    const env = parseEnv(readFileSync(".env.example", "utf8")) as NodeJS.ProcessEnv;
    const config = loadConfig(env);
    expect(config).toMatchObject({ panelApiUrl: "simulator", markupBp: 2500, databasePath: "./data/shop.db", defaultLanguage: "en", currency: "UZS" });
  });

  it("names every bad or missing variable at once", () => {
    let message = "";
    try {
      loadConfig({ BOT_TOKEN: "nope", PANEL_API_URL: "ftp://x", MARKUP_PERCENT: "lots", ADMIN_IDS: "12,abc", STATUS_POLL_SECONDS: "0", DEFAULT_LANGUAGE: "de" });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const name of ["BOT_TOKEN", "PANEL_API_URL", "MARKUP_PERCENT", "ADMIN_IDS", "STATUS_POLL_SECONDS", "DEFAULT_LANGUAGE"]) expect(message).toContain(name);
  });

  it("needs a key for a real panel, a secret for a webhook, and provider payments in the shop currency", () => {
    expect(() => loadConfig({ ...base, PANEL_API_KEY: "" })).toThrow(/PANEL_API_KEY/);
    expect(() => loadConfig({ ...base, WEBHOOK_URL: "https://shop.example/hook" })).toThrow(/WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...base, PAYMENT_PROVIDER_TOKEN: "x:y", PAYMENT_CURRENCY: "USD" })).toThrow(/PAYMENT_CURRENCY/);
  });

  it("refuses numbers past what they can mean (a port, a timer Node can set)", () => {
    expect(() => loadConfig({ ...base, WEBHOOK_PORT: "70000" })).toThrow(/WEBHOOK_PORT must be a whole number from 1 to 65535, got "70000"/);
    expect(() => loadConfig({ ...base, STATUS_POLL_SECONDS: "3000000" })).toThrow(/STATUS_POLL_SECONDS/);
    expect(() => loadConfig({ ...base, CATALOG_SYNC_MINUTES: "40000" })).toThrow(/CATALOG_SYNC_MINUTES/);
    expect(loadConfig({ ...base, WEBHOOK_PORT: "65535", STATUS_POLL_SECONDS: "86400" })).toMatchObject({ webhookPort: 65_535, statusPollSeconds: 86_400 });
  });

  it("reads amounts and percents exactly", () => {
    const c = loadConfig({ ...base, MARKUP_PERCENT: "12.5", STARS_RATE: "150", PANEL_BALANCE_ALERT: "1 000 000", ADMIN_IDS: " 1, 2 ,3", REFERRAL_PERCENT: "2.5" });
    expect(c).toMatchObject({ markupBp: 1250, starsRateMinor: 15_000, panelBalanceAlertMinor: 100_000_000, adminIds: [1, 2, 3], referralBp: 250 });
    expect(() => loadConfig({ ...base, STARS_RATE: "1e3" })).toThrow(/STARS_RATE/);
  });
});
