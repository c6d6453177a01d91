import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { I18n, type TranslationVariables } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { SUPPORTED_LANGUAGES, type Language } from "./config.js";

export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "locales");

export type Translate = (key: string, vars?: TranslationVariables) => string;

/**
 * Fluent translations from src/locales/<lang>/*.ftl. The locale of an update is the user's stored
 * language (set on `ctx.lang` by the user middleware), never guessed per message.
 */
export function createI18n(defaultLanguage: Language): I18n<Context & { lang?: Language }> {
  const i18n = new I18n<Context & { lang?: Language }>({
    defaultLocale: defaultLanguage,
    directory: LOCALES_DIR,
    useSession: false,
    // Fluent would wrap every variable in invisible Unicode isolation marks; Telegram shows them as junk.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.lang ?? defaultLanguage,
  });
  rememberBundleMatches(i18n);
  return i18n;
}

/**
 * The plugin negotiates the locale against every bundle (@fluent/langneg) on each message it
 * formats; with three fixed locales the answer never changes, and negotiating was a few per cent of
 * the CPU of an update. Kept per locale list, and recomputed if bundles are added.
 */
function rememberBundleMatches(i18n: I18n<any>): void {
  const fluent = i18n.fluent as unknown as { bundles: Set<unknown>; matchBundles: (locales: string[]) => Set<unknown> };
  const match = fluent.matchBundles.bind(fluent);
  const known = new Map<string, Set<unknown>>();
  let bundleCount = fluent.bundles.size;
  fluent.matchBundles = (locales) => {
    if (fluent.bundles.size !== bundleCount) {
      known.clear();
      bundleCount = fluent.bundles.size;
    }
    const key = locales.join("\u0000");
    let found = known.get(key);
    if (!found) {
      found = match(locales);
      known.set(key, found);
    }
    return found;
  };
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
