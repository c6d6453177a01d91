import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSimServices, PanelSimulator } from "../src/simulators/panel.js";
import { ADMIN, newUser, TestShop } from "./support/harness.js";

describe("a storefront, not a form", () => {
  let shop: TestShop;
  beforeAll(async () => {
    const services = [
      ...defaultSimServices,
      { service: 31, name: "<b>Bold & Co</b> members", type: "Default", category: "Odd <i>names</i> & co", rate: "10", min: 10, max: 100, description: "Fast <script>x</script> & safe" },
    ];
    shop = await TestShop.start({ panel: await PanelSimulator.start({ services: services as never }) });
    await shop.say(ADMIN, "/start", /Welcome/);
  });
  afterAll(async () => {
    await shop.stop();
  });

  it("shows names and descriptions from the panel as text, escaped, never as markup", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "100");
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Odd <i>names</i> & co", /Odd <i>names<\/i> & co/);
    const card = await shop.click(buyer, /Bold & Co/, /Send the link/);
    // The fake parses HTML as Telegram does: escaped tags arrive as literal text.
    expect(card?.text).toContain("<b>Bold & Co</b> members");
    expect(card?.text).toContain("Fast <script>x</script> & safe");
    expect(card?.source_text).toContain("&lt;b&gt;Bold &amp; Co&lt;/b&gt;");
    await shop.say(buyer, "t.me/escape_chan", /How many/);
    const summary = await shop.say(buyer, "10", /Your order/);
    expect(summary?.text).toContain("Service: <b>Bold & Co</b> members");
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it.each([
    ["views", /Post Views/],
    ["просмотры", /Post Views/],
    ["ko'rishlar", /Post Views/],
    ["obunachi", /7-day join/],
    ["подписчики", /30-day refill/],
    ["members", /slow drip-feed/],
    ["ovoz", /Poll Votes/],
  ])("finds services when the buyer types %s", async (query, expected) => {
    const buyer = newUser();
    await shop.say(buyer, "/order", /Choose a category/);
    const results = await shop.say(buyer, query, /Found for/);
    expect(JSON.stringify(results?.reply_markup)).toMatch(expected);
    await shop.click(buyer, expected, /Send the link/);
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("says plainly when a search finds nothing", async () => {
    const buyer = newUser();
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.say(buyer, "zzzqqq", /Nothing found for "zzzqqq"/);
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("switches the language with /lang and keeps it", async () => {
    const buyer = newUser({ language_code: "en" });
    await shop.say(buyer, "/start", /Welcome/);
    const offer = await shop.say(buyer, "/lang", /Choose your language/);
    const labels = JSON.stringify(offer?.reply_markup);
    expect(labels).toContain("O'zbekcha");
    expect(labels).toContain("Русский");
    expect(labels).toContain("English");
    await shop.click(buyer, "Русский", /Русский|русск/i);
    expect(shop.db.$client.prepare("select language from users where id = ?").pluck().get(buyer.id)).toBe("ru");
    await shop.say(buyer, "/balance", /Ваш баланс/);
    await shop.say(buyer, "/lang", /язык/i);
    await shop.click(buyer, "O'zbekcha", /o'zbek/i);
    await shop.say(buyer, "/balance", /balans/i);
  });

  it("picks the language from Telegram on first contact and falls back to DEFAULT_LANGUAGE", async () => {
    const ru = newUser({ language_code: "ru" });
    await shop.say(ru, "/start", /Добро пожаловать/);
    const de = newUser({ language_code: "de" });
    await shop.say(de, "/start", /Welcome/);
  });

  it("registers the commands with Telegram for every language", async () => {
    for (const language_code of ["en", "ru", "uz"]) {
      const commands = shop.tg.commands({ language_code });
      expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(["order", "orders", "balance", "help", "lang"]));
    }
    expect(shop.tg.commands({ language_code: "ru" }).find((c) => c.command === "order")?.description).not.toBe(
      shop.tg.commands({ language_code: "en" }).find((c) => c.command === "order")?.description,
    );
  });
});

describe("rate limit", () => {
  it("limits a flooding user with one notice while another user is served", async () => {
    const shop = await TestShop.start({ env: { USER_RATE_LIMIT: "10" } });
    try {
      const flooder = newUser();
      const calm = newUser();
      await shop.say(calm, "/start", /Welcome/);
      for (let i = 0; i < 40; i++) shop.tg.sendText(flooder, "/balance");
      await shop.say(calm, "/balance", /Your balance/);
      await shop.tg.settle(100);
      const replies = shop.tg.messages(flooder.id);
      expect(replies.filter((m) => /Your balance/.test(m.text))).toHaveLength(10);
      expect(replies.filter((m) => /Too many messages/.test(m.text))).toHaveLength(1);
    } finally {
      await shop.stop();
    }
  });
});
