import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile } from "grammy";
import { run } from "@grammyjs/runner";
import { FakeTelegram, type FakeUser } from "../src/simulators/telegram.js";

const alice: FakeUser = { id: 1001, first_name: "Alice", username: "alice", language_code: "en" };
const bob: FakeUser = { id: 1002, first_name: "Bob" };

describe("FakeTelegram with a real grammY bot", () => {
  let tg: FakeTelegram;
  let cleanups: Array<() => Promise<unknown> | unknown>;

  beforeEach(async () => {
    tg = await FakeTelegram.start();
    cleanups = [];
  });

  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    await tg.close();
    expect(tg.internalErrors).toEqual([]);
  });

  function makeBot(fake: FakeTelegram = tg): { bot: Bot; errors: unknown[] } {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const errors: unknown[] = [];
    bot.catch((e) => {
      errors.push(e.error);
    });
    return { bot, errors };
  }

  /** bot.start() without awaiting; stopped (and awaited) in afterEach. */
  function startPolling(bot: Bot): void {
    const done = bot.start({ timeout: 30 });
    cleanups.push(async () => {
      await bot.stop();
      await done;
    });
  }

  function installEchoHandlers(bot: Bot): void {
    bot.command("start", (ctx) =>
      ctx.reply(`Welcome, ${ctx.from?.first_name}! payload=${ctx.match}`, {
        reply_markup: new InlineKeyboard().text("Buy", "buy").text("Help", "help"),
      }),
    );
    bot.on("message:text", (ctx) =>
      ctx.reply(`echo: ${ctx.message.text}`, { reply_markup: new InlineKeyboard().text("Like 👍", "like") }),
    );
    bot.callbackQuery("like", async (ctx) => {
      await ctx.answerCallbackQuery("Liked!");
      await ctx.editMessageText(`${ctx.callbackQuery.message?.text ?? ""} (liked)`);
    });
  }

  it("drives bot.start(): commands, replies with inline keyboards, button presses and edits", async () => {
    const { bot, errors } = makeBot();
    installEchoHandlers(bot);
    startPolling(bot);

    tg.sendText(alice, "/start ref_1");
    const welcome = await tg.waitForMessage(alice.id, /Welcome, Alice! payload=ref_1/);
    expect(welcome.reply_markup?.inline_keyboard[0]?.map((b) => b.text)).toEqual(["Buy", "Help"]);
    expect(welcome.message.from?.is_bot).toBe(true);
    expect(welcome.message.chat).toMatchObject({ id: alice.id, type: "private", first_name: "Alice" });

    const s = tg.seq;
    tg.sendText(alice, "hello");
    const echo = await tg.waitForMessage(alice.id, (m) => m.text === "echo: hello", { after: s });
    expect(echo.message_id).toBe(4); // ids per chat, shared by user and bot messages
    expect(tg.buttons(alice.id)).toEqual([["Like 👍"]]);

    tg.clickButton(alice, "Like");
    const edited = await tg.waitForMessage(alice.id, /\(liked\)$/);
    expect(edited.message_id).toBe(echo.message_id);
    expect(edited.edited).toBe(true);

    const msgs = tg.messages(alice.id);
    expect(msgs.map((m) => m.text)).toEqual(["Welcome, Alice! payload=ref_1", "echo: hello (liked)"]);
    // editMessageText without reply_markup removes the inline keyboard, as on Telegram
    expect(tg.lastMessage(alice.id)?.reply_markup).toBeUndefined();
    expect(tg.callbackAnswers).toHaveLength(1);
    expect(tg.callbackAnswers[0]).toMatchObject({ text: "Liked!", data: "like", chat_id: alice.id });
    expect(tg.unansweredCallbackQueries()).toEqual([]);
    expect(tg.transcript(alice.id)).toBe(
      [
        "> user: /start ref_1",
        "< bot: Welcome, Alice! payload=ref_1",
        "  [Buy] [Help]",
        "> user: hello",
        "< bot: echo: hello",
        "  [Like 👍]",
        "> user pressed [Like 👍]",
        "< bot toast: Liked!",
        "< bot (edited): echo: hello (liked)",
      ].join("\n"),
    );
    expect(tg.calls.map((c) => c.method)).toEqual(expect.arrayContaining(["getMe", "deleteWebhook", "getUpdates", "sendMessage"]));
    expect(errors).toEqual([]);
  });

  it("drives @grammyjs/runner with several users concurrently and parses HTML", async () => {
    const { bot, errors } = makeBot();
    bot.on("message:text", (ctx) => ctx.reply(`<b>Hi</b> ${ctx.from.first_name} &lt;3`, { parse_mode: "HTML" }));
    const handle = run(bot);
    cleanups.push(() => (handle.isRunning() ? handle.stop() : undefined));

    for (let i = 0; i < 20; i++) {
      tg.sendText(alice, `a${i}`);
      tg.sendText(bob, `b${i}`);
    }
    await tg.waitForMessage(alice.id, () => tg.messages(alice.id).length === 20, { after: 0 });
    await tg.waitForMessage(bob.id, () => tg.messages(bob.id).length === 20, { after: 0 });
    const m = tg.lastMessage(bob.id)!;
    expect(m.text).toBe("Hi Bob <3");
    expect(m.source_text).toBe("<b>Hi</b> Bob &lt;3");
    expect(m.entities).toEqual([{ type: "bold", offset: 0, length: 2 }]);
    expect(errors).toEqual([]);
  });

  it("answers 401 for a wrong token and 404 for an unknown method", async () => {
    const res = await fetch(`${tg.apiRoot}/bot999:WRONG/getMe`, { method: "POST" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });

    const wrongBot = new Bot("999:WRONG", { client: { apiRoot: tg.apiRoot } });
    const err = await wrongBot.api.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(401);

    const nf = await fetch(`${tg.apiRoot}/bot${tg.token}/sendTelepathy`, { method: "POST" });
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ ok: false, error_code: 404, description: "Not Found: method not found" });

    const me = await (await fetch(`${tg.apiRoot}/bot${tg.token}/getme`)).json();
    expect(me).toMatchObject({ ok: true, result: { is_bot: true, id: 123456, username: "test_bot" } });
  });

  it("surfaces failNext 429 as GrammyError with retry_after, and dropNext as HttpError", async () => {
    const { bot } = makeBot();
    tg.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 7", retry_after: 7 });
    const err = await bot.api.sendMessage(alice.id, "hi").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(7);
    expect(tg.messages(alice.id)).toHaveLength(0);

    await bot.api.sendMessage(alice.id, "hi");
    expect(tg.lastMessage(alice.id)?.text).toBe("hi");

    tg.dropNext("sendMessage");
    const dropped = await bot.api.sendMessage(alice.id, "lost").catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(HttpError);
    expect(tg.messages(alice.id)).toHaveLength(1);
    await bot.api.sendMessage(alice.id, "after drop");
    expect(tg.messages(alice.id)).toHaveLength(2);
    expect(tg.deliveredCount).toBe(2);
  });

  it("answers a pending long poll as soon as an update is queued", async () => {
    const { bot } = makeBot();
    const pending = bot.api.getUpdates({ timeout: 20 });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    tg.sendText(alice, "ping");
    const updates = await pending;
    expect(Date.now() - t0).toBeLessThan(500);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message?.text).toBe("ping");
    // offset confirms; timeout 0 answers [] at once
    expect(await bot.api.getUpdates({ offset: updates[0]!.update_id + 1, timeout: 0 })).toEqual([]);
  });

  it("close() ends promptly while a getUpdates long poll is pending", async () => {
    const { bot } = makeBot();
    const pending = bot.api.getUpdates({ timeout: 30 }).then(
      () => "answered",
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await tg.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(HttpError);
  });

  it("reports edit errors like Telegram and keeps the current state", async () => {
    const { bot } = makeBot();
    const kb = new InlineKeyboard().text("A", "a");
    const sent = await bot.api.sendMessage(alice.id, "first", { reply_markup: kb });

    const notModified = await bot.api
      .editMessageText(alice.id, sent.message_id, "first", { reply_markup: kb })
      .catch((e: unknown) => e);
    expect(notModified).toBeInstanceOf(GrammyError);
    expect((notModified as GrammyError).description).toMatch(/^Bad Request: message is not modified: /);

    const missing = await bot.api.editMessageText(alice.id, 999, "x").catch((e: unknown) => e);
    expect((missing as GrammyError).description).toBe("Bad Request: message to edit not found");

    const edited = await bot.api.editMessageText(alice.id, sent.message_id, "second", {
      reply_markup: new InlineKeyboard().text("B", "b"),
    });
    expect(edited).toMatchObject({ text: "second", reply_markup: { inline_keyboard: [[{ text: "B", callback_data: "b" }]] } });
    expect(tg.message(alice.id, sent.message_id)).toMatchObject({ text: "second", edited: true, edit_count: 1 });

    await bot.api.deleteMessage(alice.id, sent.message_id);
    expect(tg.messages(alice.id)).toHaveLength(0);
    expect(tg.messages(alice.id, { includeDeleted: true })).toHaveLength(1);
    const gone = await bot.api.editMessageText(alice.id, sent.message_id, "third").catch((e: unknown) => e);
    expect((gone as GrammyError).description).toBe("Bad Request: message to edit not found");

    const badMd = await bot.api.sendMessage(alice.id, "Price: 1.50", { parse_mode: "MarkdownV2" }).catch((e: unknown) => e);
    expect((badMd as GrammyError).description).toMatch(/can't parse entities: Character '\.' is reserved/);
    const badHtml = await bot.api.sendMessage(alice.id, "a<br>b", { parse_mode: "HTML" }).catch((e: unknown) => e);
    expect((badHtml as GrammyError).description).toMatch(/Unsupported start tag "br"/);
    const longData = await bot.api
      .sendMessage(alice.id, "x", { reply_markup: new InlineKeyboard().text("x", "d".repeat(65)) })
      .catch((e: unknown) => e);
    expect((longData as GrammyError).description).toBe("Bad Request: BUTTON_DATA_INVALID");
  });

  it("parses multipart uploads and form-urlencoded bodies", async () => {
    const { bot } = makeBot();
    await bot.api.sendPhoto(alice.id, new InputFile(Buffer.from("abc"), "pic.jpg"), {
      caption: "A *picture*",
      parse_mode: "MarkdownV2",
      reply_markup: new InlineKeyboard().text("Nice", "nice"),
    });
    const photo = tg.lastMessage(alice.id)!;
    expect(photo).toMatchObject({ kind: "photo", method: "sendPhoto", text: "A picture", chat_id: alice.id });
    expect(photo.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe("Nice");
    expect(photo.message.photo?.length).toBeGreaterThan(0);
    const call = tg.calls.find((c) => c.method === "sendPhoto")!;
    expect(call.params.chat_id).toBe(alice.id);
    expect(call.params.photo).toMatchObject({ upload: true, filename: "pic.jpg", size: 3 });

    await bot.api.sendDocument(alice.id, new InputFile(Buffer.from("a,b\n1,2\n"), "report.csv"));
    expect(tg.lastMessage(alice.id)?.message.document?.file_name).toBe("report.csv");

    const res = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: String(bob.id), text: "42", reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "Go", callback_data: "go" }]] }) }),
    });
    expect(res.status).toBe(200);
    expect(tg.lastMessage(bob.id)).toMatchObject({ text: "42", reply_markup: { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] } });
    expect(tg.transcript(alice.id)).toContain("< bot [photo]: A picture\n  [Nice]");
  });

  it("answers 403 after the user blocked the bot", async () => {
    const { bot } = makeBot();
    await bot.api.sendMessage(alice.id, "before");
    tg.blockBot(alice.id);
    const err = await bot.api.sendMessage(alice.id, "after").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(403);
    expect((err as GrammyError).description).toBe("Forbidden: bot was blocked by the user");
    expect(tg.messages(alice.id).map((m) => m.text)).toEqual(["before"]);
  });

  it("applies the global rate limit to sending methods", async () => {
    const limited = await FakeTelegram.start({ globalRateLimitPerSecond: 5 });
    cleanups.push(() => limited.close());
    const { bot } = makeBot(limited);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => bot.api.sendMessage(bob.id, `m${i}`).then(() => "ok", (e: unknown) => e)),
    );
    const rejected = results.filter((r): r is GrammyError => r instanceof GrammyError);
    expect(results.filter((r) => r === "ok")).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    expect(rejected[0]?.error_code).toBe(429);
    expect(rejected[0]?.parameters.retry_after).toBe(1);
    expect(limited.deliveredCount).toBe(5);
    expect(limited.messages(bob.id)).toHaveLength(5);
  });

  it("runs a Stars payment flow and refuses double refunds", async () => {
    const { bot, errors } = makeBot();
    bot.command("buy", (ctx) => ctx.replyWithInvoice("100 likes", "Likes for your post", "order:7", "XTR", [{ label: "Likes", amount: 50 }]));
    bot.on("pre_checkout_query", (ctx) => ctx.answerPreCheckoutQuery(true));
    bot.on("message:successful_payment", (ctx) => ctx.reply(`Paid ${ctx.message.successful_payment.total_amount} for ${ctx.message.successful_payment.invoice_payload}`));
    startPolling(bot);

    tg.sendText(alice, "/buy");
    const invoice = await tg.waitForMessage(alice.id, (m) => m.kind === "invoice");
    expect(invoice.invoice).toMatchObject({ payload: "order:7", currency: "XTR", total_amount: 50 });
    const paid = await tg.payInvoice(alice);
    expect(paid.ok).toBe(true);
    await tg.waitForMessage(alice.id, "Paid 50 for order:7");
    expect(tg.preCheckoutAnswers).toMatchObject([{ ok: true }]);

    await bot.api.refundStarPayment(alice.id, paid.telegram_payment_charge_id!);
    const again = await bot.api.refundStarPayment(alice.id, paid.telegram_payment_charge_id!).catch((e: unknown) => e);
    expect((again as GrammyError).description).toBe("Bad Request: CHARGE_ALREADY_REFUNDED");
    expect(tg.refunds).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("gives helpful errors: waitForMessage timeout prints the transcript, clickButton lists buttons", async () => {
    const { bot } = makeBot();
    await bot.api.sendMessage(alice.id, "Menu", { reply_markup: new InlineKeyboard().text("Orders", "orders").url("Site", "https://example.com") });
    await expect(tg.waitForMessage(alice.id, /never/, { timeoutMs: 100 })).rejects.toThrow(/timed out after 100 ms[\s\S]*< bot: Menu\n {2}\[Orders\] \[Site\]/);
    expect(() => tg.clickButton(alice, "Balance")).toThrow(/no inline button matching "Balance"[\s\S]*#1: \[Orders\] \[Site\]/);
    expect(() => tg.clickButton(alice, /Site/)).toThrow(/not a callback button/);
  });

  it("settle() waits until the bot is quiet; setMyCommands is recorded per scope/language", async () => {
    const { bot } = makeBot();
    bot.on("message:text", async (ctx) => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await ctx.reply(`part ${i}`);
      }
    });
    startPolling(bot);
    tg.sendText(alice, "go");
    await tg.settle(100);
    expect(tg.messages(alice.id).map((m) => m.text)).toEqual(["part 0", "part 1", "part 2"]);

    await bot.api.setMyCommands([{ command: "start", description: "Start" }]);
    await bot.api.setMyCommands([{ command: "start", description: "Старт" }], { language_code: "ru" });
    expect(tg.commands()).toEqual([{ command: "start", description: "Start" }]);
    expect(tg.commands({ language_code: "ru" })).toEqual([{ command: "start", description: "Старт" }]);
    expect(await bot.api.getMyCommands({ language_code: "ru" })).toEqual([{ command: "start", description: "Старт" }]);
  });
});
