// Top-ups by receipt: the buyer's steps, the card every admin gets, and the admins' decisions.
import { Composer, GrammyError, InlineKeyboard, type Api } from "grammy";
import type { Language } from "../../config.js";
import { clearPending, getPending, setPending, type PayPending } from "../../domain/payments.js";
import {
  addAdminMessages,
  adminMessagesOf,
  approveTopup,
  countPendingTopups,
  createTopupRequest,
  earlierUses,
  getTopupRequest,
  listPendingTopups,
  MAX_REASON_LENGTH,
  rejectTopup,
  type AdminMessageRef,
  type DecideResult,
  type TopupRequest,
} from "../../domain/topups.js";
import { getUser, storedLanguage } from "../../domain/users.js";
import { escapeHtml, translator, type Translate } from "../../i18n.js";
import { formatMoney, parseAmountInput } from "../../money.js";
import type { Logger } from "../../logger.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../context.js";
import { describeUser } from "../payment-notices.js";
import { describeApiError, PAY, userPlain } from "./payments-common.js";

function langOf(deps: ShopDeps, userId: number): Language {
  return storedLanguage(deps.db, userId) ?? deps.config.defaultLanguage;
}

function adminName(deps: ShopDeps, adminId: number | null, html: boolean): string {
  if (adminId === null) return "?";
  const u = getUser(deps.db, adminId);
  const name = u ? (u.username ? `@${u.username}` : u.firstName || String(adminId)) : String(adminId);
  return html ? escapeHtml(name) : name;
}

/** The card text for one admin: buyer, amount, reuse warning, and the decision once there is one. */
export function receiptCaption(deps: ShopDeps, lang: Language, r: TopupRequest): string {
  const t = translator(deps.i18n, lang);
  const money = (m: number) => formatMoney(m, deps.config.currency, lang);
  const lines = [t("receipt-card", { id: String(r.id), buyer: describeUser(deps.db, r.userId), amount: money(r.amountMinor) })];
  const earlier = earlierUses(deps.db, r);
  if (earlier.length > 0) {
    const list = earlier
      .slice(0, 5)
      .map((e) => t("receipt-card-reused-item", { id: String(e.id), status: t(`receipt-status-${e.status}`), user: String(e.userId) }))
      .join(", ");
    lines.push("", t("receipt-card-reused", { list }));
  }
  if (r.status === "approved") {
    lines.push("", t("receipt-card-approved", { admin: adminName(deps, r.decidedBy, true), amount: money(r.creditedMinor ?? r.amountMinor) }));
  } else if (r.status === "rejected") {
    lines.push("", t("receipt-card-rejected", { admin: adminName(deps, r.decidedBy, true), reason: escapeHtml(r.reason || "—") }));
  }
  return lines.join("\n");
}

function decisionKeyboard(t: Translate, r: TopupRequest): InlineKeyboard {
  if (r.status !== "pending") return new InlineKeyboard();
  return new InlineKeyboard()
    .text(t("btn-approve"), `${PAY.approve}${r.id}`)
    .text(t("btn-reject"), `${PAY.reject}${r.id}`)
    .row()
    .text(t("btn-adjust"), `${PAY.adjust}${r.id}`);
}

/** Sends the receipt (by file_id, so it works whatever the buyer does with their message) to one admin. */
async function sendCard(deps: ShopDeps, api: Api, r: TopupRequest, adminId: number): Promise<AdminMessageRef> {
  const lang = langOf(deps, adminId);
  const t = translator(deps.i18n, lang);
  const other = { caption: receiptCaption(deps, lang, r), parse_mode: "HTML" as const, reply_markup: decisionKeyboard(t, r) };
  const msg = r.fileKind === "photo" ? await api.sendPhoto(adminId, r.fileId, other) : await api.sendDocument(adminId, r.fileId, other);
  return { chatId: adminId, messageId: msg.message_id };
}

/** Every admin gets the card; where it went is kept on the request, to show the decision there later. */
export async function announceReceipt(deps: ShopDeps, api: Api, r: TopupRequest, logger: Logger): Promise<number> {
  const results = await Promise.allSettled(deps.config.adminIds.map((a) => sendCard(deps, api, r, a)));
  const refs: AdminMessageRef[] = [];
  results.forEach((res, i) => {
    if (res.status === "fulfilled") refs.push(res.value);
    else logger.warn({ requestId: r.id, adminId: deps.config.adminIds[i], err: describeApiError(res.reason) }, "could not send a receipt to an admin");
  });
  addAdminMessages(deps.db, r.id, refs);
  return refs.length;
}

/** Shows the current state (who decided, no buttons) on every admin's copy of the card. */
export async function refreshCards(deps: ShopDeps, api: Api, requestId: number, logger: Logger): Promise<void> {
  const r = getTopupRequest(deps.db, requestId);
  if (!r) return;
  await Promise.allSettled(
    adminMessagesOf(r).map(async (m) => {
      const lang = langOf(deps, m.chatId);
      const t = translator(deps.i18n, lang);
      try {
        await api.editMessageCaption(m.chatId, m.messageId, { caption: receiptCaption(deps, lang, r), parse_mode: "HTML", reply_markup: decisionKeyboard(t, r) });
      } catch (err) {
        if (err instanceof GrammyError && /not modified/i.test(err.description)) return;
        logger.info({ requestId, chatId: m.chatId, err: describeApiError(err) }, "could not update a receipt card");
      }
    }),
  );
}

function decidedToast(deps: ShopDeps, t: Translate, r: TopupRequest): string {
  return t("receipt-already-decided", { id: String(r.id), status: t(`receipt-status-${r.status}`), admin: adminName(deps, r.decidedBy, false) });
}

// ---- the buyer's steps (called from paymentsFeature with the pending state) ------------------

export async function handleReceiptStep(deps: ShopDeps, ctx: ShopContext, pending: Extract<PayPending, { k: "r_amount" | "r_file" }>): Promise<void> {
  const userId = ctx.from!.id;
  const money = (m: number) => formatMoney(m, deps.config.currency, ctx.lang);
  const leave = new InlineKeyboard().text(ctx.t("btn-never-mind"), PAY.leave);
  if (pending.k === "r_amount") {
    const text = ctx.message?.text;
    const amountMinor = text === undefined ? null : parseAmountInput(text);
    if (amountMinor === null) return void (await ctx.reply(ctx.t("receipt-bad-amount"), { reply_markup: leave }));
    setPending(deps.db, userId, { k: "r_file", amountMinor }, deps.now());
    await ctx.reply(ctx.t("receipt-ask-file", { amount: money(amountMinor) }), { parse_mode: "HTML", reply_markup: leave });
    return;
  }
  const photo = ctx.message?.photo?.at(-1);
  const doc = ctx.message?.document;
  const file = photo
    ? { fileId: photo.file_id, fileUniqueId: photo.file_unique_id, fileKind: "photo" as const }
    : doc
      ? { fileId: doc.file_id, fileUniqueId: doc.file_unique_id, fileKind: "document" as const }
      : undefined;
  if (!file) return void (await ctx.reply(ctx.t("receipt-send-file"), { reply_markup: leave }));
  const created = createTopupRequest(deps.db, { userId, amountMinor: pending.amountMinor, ...file, now: deps.now() });
  clearPending(deps.db, userId);
  if (created.status === "too_many") return void (await ctx.reply(ctx.t("receipt-too-many", { count: created.pending })));
  const r = created.request;
  ctx.logger.info({ requestId: r.id, userId, amountMinor: r.amountMinor, reused: created.earlier.length > 0 }, "receipt top-up requested");
  await ctx.reply(ctx.t("receipt-received", { id: String(r.id), amount: money(r.amountMinor) }), { parse_mode: "HTML" });
  await announceReceipt(deps, ctx.api, r, ctx.logger);
}

// ---- the admins' side (installed before the conversations) -----------------------------------

export function receiptsAdminFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;
  const money = (ctx: ShopContext, m: number) => formatMoney(m, deps.config.currency, ctx.lang);

  /** Callback buttons on cards: anyone can send any callback data, so the presser is checked here. */
  const adminCallback = (prefix: string, fn: (ctx: ShopContext, id: number) => Promise<void>) =>
    composer.callbackQuery(new RegExp(`^${prefix}(\\d{1,12})$`), async (ctx) => {
      if (!isAdmin(deps, ctx.from.id)) {
        ctx.logger.warn({ userId: ctx.from.id, data: ctx.callbackQuery.data }, "non-admin pressed an admin payment button");
        return void (await ctx.answerCallbackQuery());
      }
      await fn(ctx, Number(ctx.match![1]));
    });

  const afterDecision = async (ctx: ShopContext, result: DecideResult): Promise<string> => {
    deps.wakeNotices();
    if (result.status === "not_found") return ctx.t("receipt-not-found");
    await refreshCards(deps, ctx.api, result.request.id, ctx.logger);
    if (result.status === "decided") return decidedToast(deps, ctx.t, result.request);
    if (result.status === "approved") {
      return ctx.t("receipt-approved-admin", {
        id: String(result.request.id),
        amount: money(ctx, result.request.creditedMinor ?? result.request.amountMinor),
        buyer: userPlain(db, result.request.userId),
      });
    }
    return ctx.t("receipt-rejected-admin", { id: String(result.request.id) });
  };

  adminCallback(PAY.approve, async (ctx, id) => {
    const result = approveTopup(db, { id, adminId: ctx.from!.id, referralBp: deps.config.referralBp, now: deps.now() });
    if (result.status === "approved") ctx.logger.info({ requestId: id, adminId: ctx.from!.id }, "receipt top-up approved");
    const text = await afterDecision(ctx, result);
    await ctx.answerCallbackQuery({ text: text.slice(0, 200) });
  });

  const ask = (kind: "reason" | "adjust") => async (ctx: ShopContext, id: number) => {
    const r = getTopupRequest(db, id);
    if (!r) return void (await ctx.answerCallbackQuery({ text: ctx.t("receipt-not-found") }));
    if (r.status !== "pending") {
      await refreshCards(deps, ctx.api, id, ctx.logger);
      return void (await ctx.answerCallbackQuery({ text: decidedToast(deps, ctx.t, r).slice(0, 200) }));
    }
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    setPending(db, ctx.from!.id, { k: kind, requestId: id }, deps.now());
    const key = kind === "reason" ? "receipt-ask-reason" : "receipt-ask-adjust";
    await ctx.reply(ctx.t(key, { id: String(id), amount: money(ctx, r.amountMinor) }), {
      reply_markup: new InlineKeyboard().text(ctx.t("btn-never-mind"), `${PAY.promptLeave}${id}`),
    });
  };
  adminCallback(PAY.reject, ask("reason"));
  adminCallback(PAY.adjust, ask("adjust"));

  adminCallback(PAY.promptLeave, async (ctx, id) => {
    const p = getPending(db, ctx.from!.id, deps.now());
    if (p && (p.k === "reason" || p.k === "adjust") && p.requestId === id) clearPending(db, ctx.from!.id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("receipt-prompt-left", { id: String(id) })).catch(() => undefined);
  });

  adminCallback(PAY.open, async (ctx, id) => {
    const r = getTopupRequest(db, id);
    if (!r) return void (await ctx.answerCallbackQuery({ text: ctx.t("receipt-not-found") }));
    await ctx.answerCallbackQuery();
    const ref = await sendCard(deps, ctx.api, r, ctx.from!.id);
    addAdminMessages(db, id, [ref]);
  });

  // The reason / adjusted amount an admin was asked for: their next text message (not a command;
  // a command or a menu button ends the prompt, see paymentsEarlyFeature).
  composer.chatType("private").on("message", async (ctx, next) => {
    if (!isAdmin(deps, ctx.from.id)) return next();
    const p = getPending(db, ctx.from.id, deps.now());
    if (!p || (p.k !== "reason" && p.k !== "adjust")) return next();
    const text = ctx.message.text;
    if (text === undefined || text.trim() === "") {
      return void (await ctx.reply(ctx.t(p.k === "reason" ? "receipt-reason-empty" : "receipt-adjust-bad")));
    }
    let result: DecideResult;
    if (p.k === "adjust") {
      const amountMinor = parseAmountInput(text);
      if (amountMinor === null) return void (await ctx.reply(ctx.t("receipt-adjust-bad")));
      result = approveTopup(db, { id: p.requestId, adminId: ctx.from.id, amountMinor, referralBp: deps.config.referralBp, now: deps.now() });
      if (result.status === "approved") ctx.logger.info({ requestId: p.requestId, adminId: ctx.from.id, amountMinor }, "receipt top-up approved with an adjusted amount");
    } else {
      result = rejectTopup(db, { id: p.requestId, adminId: ctx.from.id, reason: text.slice(0, MAX_REASON_LENGTH), now: deps.now() });
      if (result.status === "rejected") ctx.logger.info({ requestId: p.requestId, adminId: ctx.from.id }, "receipt top-up rejected");
    }
    clearPending(db, ctx.from.id);
    await ctx.reply(await afterDecision(ctx, result));
  });

  const admin = composer.chatType("private").filter((ctx) => isAdmin(deps, ctx.from?.id));
  admin.command("topups", async (ctx) => {
    const rows = listPendingTopups(db, 30);
    if (rows.length === 0) return void (await ctx.reply(ctx.t("topups-empty")));
    const now = deps.now();
    const age = (at: number) => {
      const min = Math.max(0, Math.round((now - at) / 60_000));
      return min < 60 ? ctx.t("age-minutes", { n: min }) : min < 48 * 60 ? ctx.t("age-hours", { n: Math.round(min / 60) }) : ctx.t("age-days", { n: Math.round(min / 1440) });
    };
    const lines = rows.map((r) =>
      ctx.t("topups-line", { id: String(r.id), buyer: describeUser(db, r.userId), amount: money(ctx, r.amountMinor), age: age(r.createdAt) }),
    );
    const kb = new InlineKeyboard();
    rows.forEach((r, i) => {
      kb.text(`#${r.id}`, `${PAY.open}${r.id}`);
      if (i % 4 === 3) kb.row();
    });
    await ctx.reply([ctx.t("topups-title", { count: countPendingTopups(db) }), "", ...lines, "", ctx.t("topups-hint")].join("\n"), {
      parse_mode: "HTML",
      reply_markup: kb,
    });
  });
  return composer;
}
