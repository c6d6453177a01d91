import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LANGUAGES } from "../src/config.js";
import { fieldsFor, SKIPPABLE, type FieldName } from "../src/domain/order-fields.js";
import { LOCALES_DIR } from "../src/i18n.js";

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, ext) : full.endsWith(ext) ? [full] : [];
  });
}

/** Message ids per locale, parsed by Fluent itself (a syntax error fails the test). */
function localeKeys(lang: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of filesUnder(join(LOCALES_DIR, lang), ".ftl")) {
    const source = readFileSync(file, "utf8");
    const bundle = new FluentBundle(lang, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(source));
    expect(errors, `${file} has Fluent errors`).toEqual([]);
    for (const m of source.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)) {
      const id = m[1]!;
      expect(keys.has(id), `${id} defined twice in ${lang}`).toBe(false);
      expect(bundle.hasMessage(id), `${id} in ${file} did not parse`).toBe(true);
      keys.set(id, file);
    }
  }
  return keys;
}

/** Keys the code builds from parts; each part's full set is listed here so none goes missing. */
function dynamicKeys(): string[] {
  const statuses = ["submitting", "unknown", "failed", "pending", "in_progress", "completed", "partial", "canceled"];
  const fields = new Set<FieldName>();
  for (const kind of ["default", "package", "custom_comments", "mentions_custom_list", "mentions_user_followers", "mentions_hashtag", "poll", "subscriptions", "invites_from_groups"] as const) {
    for (const f of fieldsFor({ kind, min: 1, max: 2, dripfeed: true })) fields.add(f);
  }
  return [
    ...statuses.map((s) => `status-${s}`),
    ...["in_progress", "completed", "partial", "canceled"].map((s) => `notice-${s}`),
    ...["not_enough_funds", "bad_link", "quantity_below_min", "quantity_above_max", "incorrect_service", "answer_number_required", "unreachable", "other"].map((c) => `panel-error-${c}`),
    ...[...fields].map((f) => `ask-${f}`),
    ...[...SKIPPABLE].map((f) => `skip-${f}`),
    ...["requested", "pending", "completed", "rejected", "error"].map((s) => `refill-status-${s}`),
    ...["completed", "rejected", "error"].map((s) => `notice-refill-${s}`),
    ...["order", "orders", "balance", "help", "cancel", "lang"].map((c) => `cmd-${c}`),
  ];
}

/** Keys written literally in the code: t("key"), ctx.t("key"), i18n.t(lang, "key"). */
function literalKeysInCode(): Array<{ key: string; file: string }> {
  const found: Array<{ key: string; file: string }> = [];
  for (const file of filesUnder(join(LOCALES_DIR, ".."), ".ts")) {
    if (file.includes(`${join("src", "bench")}`) || file.includes("simulators")) continue;
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/\b(?:t|translate)\(\s*["']([a-z][a-z0-9_-]*)["']/g)) found.push({ key: m[1]!, file });
    for (const m of source.matchAll(/\.t\(\s*[\w.]+\s*,\s*["']([a-z][a-z0-9_-]*)["']/g)) found.push({ key: m[1]!, file });
  }
  return found;
}

describe("translations", () => {
  const en = localeKeys("en");

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== "en"))("%s has exactly the keys English has", (lang) => {
    const other = localeKeys(lang);
    const missing = [...en.keys()].filter((k) => !other.has(k));
    const extra = [...other.keys()].filter((k) => !en.has(k));
    expect(missing, `missing in ${lang}`).toEqual([]);
    expect(extra, `only in ${lang}`).toEqual([]);
  });

  it("every key the code uses exists", () => {
    const used = literalKeysInCode();
    expect(used.length).toBeGreaterThan(100);
    const missing = used.filter((u) => !en.has(u.key)).map((u) => `${u.key} (${u.file})`);
    expect(missing).toEqual([]);
    expect(dynamicKeys().filter((k) => !en.has(k))).toEqual([]);
  });

  it("keeps placeables the same in every language", () => {
    for (const lang of SUPPORTED_LANGUAGES.filter((l) => l !== "en")) {
      const other = localeKeys(lang);
      for (const [key, file] of en) {
        const vars = (f: string, k: string) => {
          const src = readFileSync(f, "utf8");
          const block = new RegExp(`^${k}\\s*=([\\s\\S]*?)(?=^[a-zA-Z#]|$(?![\\s\\S]))`, "m").exec(src)?.[1] ?? "";
          return [...new Set([...block.matchAll(/\{\s*\$(\w+)/g)].map((m) => m[1]))].sort();
        };
        const otherFile = other.get(key);
        if (!otherFile) continue;
        expect(vars(otherFile, key), `${lang}: ${key}`).toEqual(vars(file, key));
      }
    }
  });
});
