import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { I18n, type TranslationVariables } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { SUPPORTED_LANGUAGES, type Language } from "./config.js";

export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "locales");

export type Translate = (key: string, vars?: TranslationVariables) => string;

/**
 * Fluent translations from src/locales/<lang>.ftl. The locale of an update is the user's stored
 * language (set on `ctx.lang` by the user middleware), never guessed per message.
 */
export function createI18n(defaultLanguage: Language): I18n<Context & { lang?: Language }> {
  return new I18n<Context & { lang?: Language }>({
    defaultLocale: defaultLanguage,
    directory: LOCALES_DIR,
    useSession: false,
    // Fluent would wrap every variable in invisible Unicode isolation marks; Telegram shows them as junk.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.lang ?? defaultLanguage,
  });
}

export function translator(i18n: I18n<any>, lang: Language): Translate {
  return (key, vars) => i18n.t(lang, key, vars);
}

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(v);
}

/** Escapes text from users or the panel for parse_mode HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
