import { hears } from "@grammyjs/i18n";
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { Language } from "../../config.js";
import { tx } from "../../db/client.js";
import { enqueueNotice } from "../../domain/notifications.js";
import {
  checkPreCheckout,
  clearPending,
  encodePayload,
  getPayment,
  getPaymentByCharge,
  getPending,
  providerEnabled,
  recordTelegramPayment,
  refundPayment,
  setPending,
  type RefundCallResult,
  type RefundOutcome,
} from "../../domain/payments.js";
import { getUser, pickLanguage, storedLanguage, upsertUser } from "../../domain/users.js";
import { escapeHtml, translator, type Translate } from "../../i18n.js";
import { formatMoney, parseAmountInput } from "../../money.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../context.js";
import { mainMenuLabels } from "../keyboards.js";
import { describeUser, formatPaid } from "../payment-notices.js";
import { describeApiError, maxStars, PAY, parseWhole, paymentsConfig, userPlain } from "./payments-common.js";
import { handleReceiptStep, receiptsAdminFeature } from "./receipts.js";
import { referralsFeature } from "./referrals.js";

/**
 * pre_checkout_query and successful_payment. Installed before sequentialize and the ban gate:
 * a pre-checkout query is answered at once (Telegram waits 10 s), not behind a buyer's slow order,
 * and a payment Telegram already took is recorded and credited even for a banned user.
 */
export function paymentUpdatesFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const cfg = paymentsConfig(deps);
  const langFor = (from: { id: number; language_code?: string }): Language =>
    storedLanguage(deps.db, from.id) ?? pickLanguage(from.language_code, deps.config.defaultLanguage);

  composer.on("pre_checkout_query", async (ctx) => {
    const q = ctx.preCheckoutQuery;
    let verdict: ReturnType<typeof checkPreCheckout>;
    try {
      verdict = checkPreCheckout(deps.db, cfg, { payerId: q.from.id, currency: q.currency, totalAmount: q.total_amount, payload: q.invoice_payload });
    } catch (err) {
      ctx.logger.error({ err: describeApiError(err) }, "pre-checkout check failed");
      verdict = { ok: false, reason: "disabled" };
    }
    if (verdict.ok) {
      await ctx.answerPreCheckoutQuery(true);
      return;
    }
    ctx.logger.info({ userId: q.from.id, reason: verdict.reason }, "pre-checkout refused");
    await ctx.answerPreCheckoutQuery(false, { error_message: deps.i18n.t(langFor(q.from), `precheckout-${verdict.reason}-plain`) });
  });

  composer.on("message:successful_payment", async (ctx) => {
    const sp = ctx.message.successful_payment;
    const now = deps.now();
    // The payer's row must exist for the payment row; this update skipped the user middleware.
    upsertUser(deps.db, ctx.from, deps.config.defaultLanguage, now);
    const result = recordTelegramPayment(deps.db, cfg, {
      payerId: ctx.from.id,
      currency: sp.currency,
      totalAmount: sp.total_amount,
      payload: sp.invoice_payload,
      telegramChargeId: sp.telegram_payment_charge_id,
      providerChargeId: sp.provider_payment_charge_id || null,
      now,
    });
    deps.wakeNotices();
    const t = translator(deps.i18n, langFor(ctx.from));
    const log = { userId: ctx.from.id, paymentId: result.payment?.id, currency: sp.currency, total: sp.total_amount };
    if (result.status === "credited") {
      ctx.logger.info({ ...log, creditedMinor: result.payment.creditedMinor }, "payment credited");
      return; // the buyer is told by the notice queued with the credit
    }
    if (result.status === "uncredited") {
      ctx.logger.error(log, "payment received but not credited automatically; admins alerted");
      await ctx.reply(t("payment-uncredited"));
      return;
    }
    ctx.logger.warn(log, "duplicate successful_payment ignored");
    const balance = getUser(deps.db, ctx.from.id)?.balanceMinor ?? 0;
    await ctx.reply(t("payment-duplicate", { balance: formatMoney(balance, deps.config.currency, langFor(ctx.from)) }), { parse_mode: "HTML" });
  });
  return composer;
}


function topupMenu(deps: ShopDeps, ctx: ShopContext): { text: string; keyboard?: InlineKeyboard } {
  const { config } = deps;
  const money = (m: number) => formatMoney(m, config.currency, ctx.lang);
  const stars = config.starsRateMinor;
  const provider = providerEnabled(paymentsConfig(deps));
  const receipt = config.topupInstructions !== null;
  if (stars === null && !provider && !receipt) return { text: ctx.t("topup-none") };
  const kb = new InlineKeyboard();
  const lines = [ctx.t("topup-menu", { balance: money(ctx.user?.balanceMinor ?? 0) })];
  if (stars !== null) {
    lines.push(ctx.t("topup-stars-rate", { rate: money(stars) }));
    config.starsPresets.forEach((n, i) => {
      kb.text(ctx.t("btn-stars-preset", { stars: n, amount: money(n * stars) }), `${PAY.stars}${n}`);
      if (i % 2 === 1) kb.row();
    });
    if (config.starsPresets.length % 2 === 1) kb.row();
    kb.text(ctx.t("btn-stars-custom"), `${PAY.stars}x`).row();
  }
  if (provider) kb.text(ctx.t("btn-provider"), PAY.provider).row();
  if (receipt) kb.text(ctx.t("btn-receipt"), PAY.receipt).row();
  lines.push("", ctx.t("topup-choose"));
  return { text: lines.join("\n"), keyboard: kb };
}

async function sendInvoice(deps: ShopDeps, ctx: ShopContext, kind: "stars" | "provider", n: number): Promise<void> {
  const { config } = deps;
  const userId = ctx.from!.id;
  const money = (m: number) => formatMoney(m, config.currency, ctx.lang);
  try {
    if (kind === "stars") {
      const rate = config.starsRateMinor;
      if (rate === null) return void (await ctx.reply(ctx.t("topup-none")));
      const payload = encodePayload({ method: "stars", userId, stars: n, rateMinor: rate });
      await ctx.replyWithInvoice(ctx.t("invoice-title"), ctx.t("invoice-stars-description", { amount: money(n * rate), stars: n }), payload, "XTR", [
        { label: ctx.t("invoice-label"), amount: n },
      ]);
    } else {
      const token = config.paymentProviderToken;
      if (token === null || !providerEnabled(paymentsConfig(deps))) return void (await ctx.reply(ctx.t("topup-none")));
      const payload = encodePayload({ method: "provider", userId, amountMinor: n });
      await ctx.replyWithInvoice(
        ctx.t("invoice-title"),
        ctx.t("invoice-provider-description", { amount: money(n) }),
        payload,
        config.paymentCurrency,
        [{ label: ctx.t("invoice-label"), amount: n }],
        { provider_token: token },
      );
    }
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 400) {
      ctx.logger.warn({ userId, kind, amount: n, err: describeApiError(err) }, "invoice refused by Telegram");
      return void (await ctx.reply(ctx.t("invoice-failed")));
    }
    throw err;
  }
}

function refundText(deps: ShopDeps, t: Translate, lang: Language, o: RefundOutcome): string {
  const money = (m: number) => formatMoney(m, deps.config.currency, lang);
  switch (o.status) {
    case "not_found":
      return t("refund-not-found");
    case "already_refunded":
      return t("refund-already", { id: String(o.payment.id) });
    case "short":
      return t("refund-short", { id: String(o.payment.id), balance: money(o.balanceMinor), amount: money(o.payment.creditedMinor) });
    case "refused":
      return t("refund-refused", { id: String(o.payment.id), error: escapeHtml(o.error) });
    case "unknown":
      return t("refund-unknown", { id: String(o.payment.id), error: escapeHtml(o.error), charge: escapeHtml(o.payment.telegramChargeId) });
    case "refunded": {
      const card = o.payment.method === "provider";
      const done = card
        ? t("refund-done-card", {
            id: String(o.payment.id),
            paid: formatPaid(o.payment.totalAmount, o.payment.currency, lang),
            buyer: describeUser(deps.db, o.payment.userId),
            amount: money(o.payment.creditedMinor),
            charge: escapeHtml(o.payment.providerChargeId ?? o.payment.telegramChargeId),
          })
        : t("refund-done", {
            id: String(o.payment.id),
            stars: o.payment.totalAmount,
            buyer: describeUser(deps.db, o.payment.userId),
            amount: money(o.payment.creditedMinor),
          });
      const c = o.clawback;
      if (!c) return done;
      const vars = { referrer: describeUser(deps.db, c.referrerId), taken: money(c.takenMinor), short: money(c.shortMinor) };
      return `${done}\n${t(c.shortMinor > 0 ? "refund-clawback-short" : "refund-clawback", vars)}`;
    }
  }
}

/**
 * Payment updates and buttons that must work while a buyer or an admin is inside a conversation:
 * the top-up buttons, the admins' receipt decisions and Stars refunds. Installed before the conversations.
 */
export function paymentsEarlyFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;
  // Pressing a main-menu button leaves a half-done top-up step.
  const labels = mainMenuLabels(deps.i18n);

  // A command, a menu button or another feature's button ends a half-done top-up step or admin prompt,
  // so a stale step never eats input meant for something else.
  composer.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (ctx.from && (text.startsWith("/") || labels.has(text)) && getPending(db, ctx.from.id, deps.now())) clearPending(db, ctx.from.id);
    await next();
  });
  composer.on("callback_query:data", async (ctx, next) => {
    if (!ctx.callbackQuery.data.startsWith("pay:") && getPending(db, ctx.from.id, deps.now())) clearPending(db, ctx.from.id);
    await next();
  });

  // ---- buyer buttons ----
  composer.callbackQuery(PAY.menu, async (ctx) => {
    await ctx.answerCallbackQuery();
    const { text, keyboard } = topupMenu(deps, ctx);
    await ctx.reply(text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}) });
  });

  const leave = (ctx: ShopContext) => new InlineKeyboard().text(ctx.t("btn-never-mind"), PAY.leave);

  composer.callbackQuery(new RegExp(`^${PAY.stars}(\\d{1,6}|x)$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    const rate = deps.config.starsRateMinor;
    if (rate === null) return void (await ctx.reply(ctx.t("topup-none")));
    await ctx.conversation.exitAll();
    const what = ctx.match[1]!;
    const max = maxStars(deps);
    if (what === "x") {
      setPending(db, ctx.from.id, { k: "stars" }, deps.now());
      return void (await ctx.reply(ctx.t("stars-ask-amount", { max, rate: formatMoney(rate, deps.config.currency, ctx.lang) }), { reply_markup: leave(ctx) }));
    }
    clearPending(db, ctx.from.id);
    const n = Number(what);
    if (n < 1 || n > max) return void (await ctx.reply(ctx.t("stars-bad-amount", { max })));
    await sendInvoice(deps, ctx, "stars", n);
  });

  composer.callbackQuery(PAY.provider, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!providerEnabled(paymentsConfig(deps))) return void (await ctx.reply(ctx.t("topup-none")));
    await ctx.conversation.exitAll();
    setPending(db, ctx.from.id, { k: "provider" }, deps.now());
    await ctx.reply(ctx.t("provider-ask-amount", { currency: deps.config.paymentCurrency }), { reply_markup: leave(ctx) });
  });

  composer.callbackQuery(PAY.receipt, async (ctx) => {
    await ctx.answerCallbackQuery();
    const instructions = deps.config.topupInstructions;
    if (instructions === null) return void (await ctx.reply(ctx.t("topup-none")));
    await ctx.conversation.exitAll();
    setPending(db, ctx.from.id, { k: "r_amount" }, deps.now());
    await ctx.reply(ctx.t("receipt-instructions", { instructions: escapeHtml(instructions), currency: deps.config.currency }), {
      parse_mode: "HTML",
      reply_markup: leave(ctx),
    });
  });

  composer.callbackQuery(PAY.leave, async (ctx) => {
    await ctx.answerCallbackQuery();
    clearPending(db, ctx.from.id);
    await ctx.editMessageText(ctx.t("topup-left")).catch(() => ctx.reply(ctx.t("topup-left")));
  });

  // ---- admins: receipts ----
  composer.use(receiptsAdminFeature(deps));

  // ---- admins: refunds (Stars through Telegram; card payments recorded, given back at the provider) ----
  const runRefund = async (ctx: ShopContext, paymentId: number): Promise<RefundOutcome> => {
    const adminId = ctx.from!.id;
    const outcome = await refundPayment(db, {
      paymentId,
      adminId,
      now: deps.now,
      callTelegram: async (userId, chargeId): Promise<{ result: RefundCallResult; error?: string }> => {
        try {
          await ctx.api.refundStarPayment(userId, chargeId);
          return { result: "ok" };
        } catch (err) {
          const error = describeApiError(err);
          if (err instanceof GrammyError && /CHARGE_ALREADY_REFUNDED/i.test(err.description)) return { result: "already_refunded", error };
          if (err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429) return { result: "refused", error };
          return { result: "unknown", error };
        }
      },
    });
    deps.wakeNotices();
    ctx.logger.info({ adminId, paymentId, status: outcome.status }, "payment refund");
    return outcome;
  };

  const admin = composer.chatType("private").filter((ctx) => isAdmin(deps, ctx.from?.id));
  // /refund_stars: the name this command had while it refunded Stars only.
  admin.command(["refund", "refund_stars"], async (ctx) => {
    const chargeId = ctx.match.trim();
    if (!chargeId || /\s/.test(chargeId)) return void (await ctx.reply(ctx.t("refund-usage"), { parse_mode: "HTML" }));
    const payment = getPaymentByCharge(db, chargeId);
    if (!payment) return void (await ctx.reply(ctx.t("refund-not-found")));
    const outcome = await runRefund(ctx, payment.id);
    await ctx.reply(refundText(deps, ctx.t, ctx.lang, outcome), { parse_mode: "HTML" });
  });

  composer.callbackQuery(new RegExp(`^${PAY.refundAsk}(\\d{1,12})$`), async (ctx) => {
    if (!isAdmin(deps, ctx.from.id)) return void (await ctx.answerCallbackQuery());
    await ctx.answerCallbackQuery();
    const payment = getPayment(db, Number(ctx.match[1]));
    if (!payment) return void (await ctx.reply(ctx.t("refund-not-found")));
    if (payment.status === "refunded") return void (await ctx.reply(ctx.t("refund-already", { id: String(payment.id) })));
    const vars = { id: String(payment.id), buyer: describeUser(db, payment.userId), amount: formatMoney(payment.creditedMinor, deps.config.currency, ctx.lang) };
    await ctx.reply(
      payment.method === "provider"
        ? ctx.t("refund-confirm-card", { ...vars, paid: formatPaid(payment.totalAmount, payment.currency, ctx.lang) })
        : ctx.t("refund-confirm", { ...vars, stars: payment.totalAmount }),
      { parse_mode: "HTML", reply_markup: new InlineKeyboard().text(ctx.t("btn-refund-confirm"), `${PAY.refundDo}${payment.id}`) },
    );
  });

  composer.callbackQuery(new RegExp(`^${PAY.refundDo}(\\d{1,12})$`), async (ctx) => {
    if (!isAdmin(deps, ctx.from.id)) {
      ctx.logger.warn({ userId: ctx.from.id }, "non-admin pressed a refund button");
      return void (await ctx.answerCallbackQuery());
    }
    await ctx.answerCallbackQuery();
    const outcome = await runRefund(ctx, Number(ctx.match[1]));
    const text = refundText(deps, ctx.t, ctx.lang, outcome);
    await ctx.editMessageText(text, { parse_mode: "HTML" }).catch(() => ctx.reply(text, { parse_mode: "HTML" }));
  });

  return composer;
}

/** /topup, the typed steps of a top-up, /paysupport, /referrals and /promo. */
export function paymentsFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;
  const pm = composer.chatType("private");

  pm.command("topup", async (ctx) => {
    const { text, keyboard } = topupMenu(deps, ctx);
    await ctx.reply(text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}) });
  });
  pm.filter(hears("btn-topup"), async (ctx) => {
    const { text, keyboard } = topupMenu(deps, ctx);
    await ctx.reply(text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}) });
  });

  pm.command("paysupport", async (ctx) => {
    const text = ctx.match.trim();
    if (!text) return void (await ctx.reply(ctx.t("paysupport-text"), { parse_mode: "HTML" }));
    const now = deps.now();
    const head = deps.i18n.t(deps.config.defaultLanguage, "paysupport-admin", { user: userPlain(db, ctx.from.id) });
    tx(db, (t) => {
      for (const a of deps.config.adminIds) enqueueNotice(t, a, { kind: "admin_text", text: `${head}\n${text.slice(0, 2000)}` }, now);
    });
    deps.wakeNotices();
    await ctx.reply(ctx.t("paysupport-sent"));
  });

  composer.use(referralsFeature(deps));

  // The typed step of a top-up the buyer chose (how many Stars, how much, the receipt).
  pm.on("message", async (ctx, next) => {
    const p = getPending(db, ctx.from.id, deps.now());
    if (!p || p.k === "reason" || p.k === "adjust") return next();
    if (p.k === "r_amount" || p.k === "r_file") return handleReceiptStep(deps, ctx, p);
    const leave = new InlineKeyboard().text(ctx.t("btn-never-mind"), PAY.leave);
    const text = ctx.message.text ?? "";
    if (p.k === "stars") {
      const max = maxStars(deps);
      const n = parseWhole(text);
      if (n === null || n < 1 || n > max) return void (await ctx.reply(ctx.t("stars-bad-amount", { max }), { reply_markup: leave }));
      clearPending(db, ctx.from.id);
      return sendInvoice(deps, ctx, "stars", n);
    }
    const amountMinor = parseAmountInput(text);
    if (amountMinor === null) return void (await ctx.reply(ctx.t("provider-bad-amount"), { reply_markup: leave }));
    clearPending(db, ctx.from.id);
    return sendInvoice(deps, ctx, "provider", amountMinor);
  });

  return composer;
}
