import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Language } from "../src/config.js";
import { escapeHtml } from "../src/i18n.js";
import { formatMoney } from "../src/money.js";
import type { FakeUser } from "../src/simulators/telegram.js";
import { ADMIN, newUser, TestShop } from "./support/harness.js";

// The full order flow in every language, driven by the texts of src/locales/<lang>/*.ftl as the app
// renders them (shop.app.deps.i18n), so a changed wording does not break the test, while a missing
// or English-falling-back translation does.

const LANGUAGES: readonly Language[] = ["en", "ru", "uz"];

/** How the shop currency (UZS, the default) must read in each language, independent of the code. */
const MONEY: Record<Language, { total: string; balanceAfter: string; credited: string }> = {
  en: { total: "UZS 75", balanceAfter: "UZS 925", credited: "UZS 1,000" },
  ru: { total: "75 сум", balanceAfter: "925 сум", credited: "1\u00a0000 сум" },
  uz: { total: "75 so'm", balanceAfter: "925 so'm", credited: "1\u00a0000 so'm" },
};

/** The keys this flow shows a buyer: none of their English texts may reach a ru or uz buyer. */
const FLOW_KEYS = [
  "start-welcome",
  "menu-order",
  "menu-balance",
  "menu-orders",
  "menu-help",
  "menu-language",
  "credited",
  "order-choose-category",
  "search-hint",
  "order-choose-service",
  "btn-back",
  "btn-cancel",
  "card-service",
  "card-refill-yes",
  "card-refill-no",
  "card-cancel-yes",
  "card-cancel-no",
  "ask-link",
  "ask-quantity",
  "field-bad-number",
  "field-below-min",
  "order-summary-title",
  "sum-service",
  "sum-link",
  "sum-quantity",
  "sum-total",
  "sum-balance",
  "btn-confirm",
  "order-placing",
  "order-placed",
  "notice-completed",
] as const;

/** Variables for any message: every name Fluent asks for has `value` (to render a text without knowing its placeables). */
function anyVars(value: string): Record<string, string> {
  return new Proxy({} as Record<string, string>, {
    get: () => value,
    has: () => true,
    getOwnPropertyDescriptor: () => ({ value, enumerable: true, configurable: true, writable: true }),
  });
}

/** Stands for a value the test learns only from the reply. */
const MARK = "\u0001";

const SERVICE = { category: "Telegram Members", button: /7-day join/, min: 10, max: 100_000 };

describe("the order flow in every language", () => {
  let shop: TestShop;
  const t = (lang: Language, key: string, vars?: Record<string, string | number>): string => shop.app.deps.i18n.t(lang, key, vars);
  const money = (lang: Language, minor: number) => formatMoney(minor, shop.app.deps.config.currency, lang);

  /**
   * A regex for a rendered translation as the buyer reads it (Telegram shows the HTML as text);
   * `MARK` in it (a variable not known in advance, like the new order's id) matches a number.
   */
  const says = (html: string) =>
    new RegExp(
      html
        .replace(/<[^>]+>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&")
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace(new RegExp(MARK, "g"), "(\\d+)"),
    );

  /**
   * The literal pieces of a message's text in a language (between placeables, line breaks and tags),
   * rendered by the app's i18n with every variable set to a marker.
   */
  function fragments(lang: Language, key: string): string[] {
    return t(lang, key, anyVars(MARK))
      .split(new RegExp(`${MARK}|\\n|<[^>]+>`))
      .map((s) => s.trim())
      .filter((s) => s.length >= 4 && /\p{L}{2}/u.test(s));
  }

  /** Every text and button label the bot sent to that chat (sends and edits, so nothing overwritten is missed). */
  function everythingSentTo(user: FakeUser): string {
    const out: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") out.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    for (const call of shop.tg.calls) {
      if (String(call.params.chat_id) !== String(user.id)) continue;
      walk(call.params.text);
      walk(call.params.caption);
      walk(call.params.reply_markup);
    }
    return out.join("\n");
  }

  beforeAll(async () => {
    shop = await TestShop.start();
    await shop.say(ADMIN, "/start", /Welcome/);
  });
  afterAll(async () => {
    await shop.stop();
  });

  it("has every text of the flow translated (none falls back to English)", () => {
    for (const lang of LANGUAGES.filter((l) => l !== "en")) {
      for (const key of FLOW_KEYS) expect(t(lang, key, anyVars("x")), `${lang}: ${key}`).not.toBe(t("en", key, anyVars("x")));
    }
  });

  it.each(LANGUAGES)("%s: /start, order, bad and good quantity, summary, confirm, completed notice", async (lang) => {
    const buyer = newUser({ language_code: lang });
    const link = `https://t.me/lang_${lang}_channel`;

    // /start in the buyer's Telegram language, with the main menu in that language.
    const welcome = await shop.say(buyer, "/start", says(t(lang, "start-welcome", { name: escapeHtml(buyer.first_name), balance: money(lang, 0) })));
    const menu = JSON.stringify(welcome?.reply_keyboard);
    for (const key of ["menu-order", "menu-balance", "menu-orders", "menu-help", "menu-language"]) expect(menu).toContain(t(lang, key));

    // The admin credits 1000; the buyer is told in their language.
    await shop.say(ADMIN, `/credit ${buyer.id} 1000`, /Credited/);
    await shop.app.notices.runOnce();
    const credited = await shop.tg.waitForMessage(buyer.id, says(t(lang, "credited", { amount: money(lang, 100_000), balance: money(lang, 100_000) })));
    expect(credited.text).toContain(MONEY[lang].credited);

    // Category, service, link.
    await shop.say(buyer, "/order", says(t(lang, "order-choose-category")));
    await shop.click(buyer, SERVICE.category, says(t(lang, "order-choose-service", { category: SERVICE.category })));
    const card = await shop.click(buyer, SERVICE.button, says(t(lang, "ask-link")));
    expect(JSON.stringify(card?.reply_markup)).toContain(t(lang, "btn-cancel"));
    await shop.say(buyer, link, says(t(lang, "ask-quantity", { min: SERVICE.min, max: SERVICE.max })));

    // Bad quantities get the localized errors; then a good one goes on to the summary.
    await shop.say(buyer, "5", says(t(lang, "field-below-min", { min: SERVICE.min, max: SERVICE.max })));
    await shop.say(buyer, "abc", says(t(lang, "field-bad-number", { min: SERVICE.min, max: SERVICE.max })));
    const summary = await shop.say(buyer, "1000", says(t(lang, "order-summary-title")));

    // The summary: localized labels, the total and balance in that language's money format.
    const service = shop.db.$client.prepare("select name from services where id = 1").pluck().get() as string;
    for (const line of [
      t(lang, "sum-service", { service: escapeHtml(service) }),
      t(lang, "sum-link", { value: link }),
      t(lang, "sum-quantity", { value: "1000" }),
      t(lang, "sum-total", { price: money(lang, 7500) }),
      t(lang, "sum-balance", { balance: money(lang, 100_000) }),
    ]) {
      expect(summary?.source_text).toContain(line);
    }
    expect(summary?.text).toContain(MONEY[lang].total);

    // Confirm (the localized button), and the localized "placed" reply.
    const placed = await shop.click(buyer, t(lang, "btn-confirm"), says(t(lang, "order-placed", { id: MARK, price: money(lang, 7500), balance: money(lang, 92_500) })));
    const order = shop.orderRows(buyer.id)[0]!;
    expect(order).toMatchObject({ status: "pending", price_minor: 7500, quantity: 1000, link });
    expect(placed?.source_text).toBe(t(lang, "order-placed", { id: order.id as number, price: money(lang, 7500), balance: money(lang, 92_500) }));
    expect(placed?.text).toContain(MONEY[lang].total);
    expect(placed?.text).toContain(MONEY[lang].balanceAfter);

    // The panel completes it; the notice comes in the buyer's language.
    shop.panel.setStatus(order.upstream_id as number, "Completed", { remains: 0 });
    await shop.poll();
    await shop.tg.waitForMessage(buyer.id, says(t(lang, "notice-completed", { id: order.id as number, service: escapeHtml(order.service_name as string) })));

    // Nothing of another language reached this chat: no English in ru/uz, no ru/uz in English.
    const sent = everythingSentTo(buyer);
    for (const other of LANGUAGES.filter((l) => l !== lang)) {
      const leaked = FLOW_KEYS.flatMap((key) => fragments(other, key).filter((f) => sent.includes(f)).map((f) => `${key}: "${f}"`));
      expect(leaked, `${other} text in the ${lang} chat`).toEqual([]);
    }
    if (lang !== "ru") expect(sent).not.toMatch(/[А-Яа-яЁё]/);
  });
});
