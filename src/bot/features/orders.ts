import { hears } from "@grammyjs/i18n";
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import { getService, isBuyable } from "../../domain/catalog.js";
import { canCancel, canRefill, latestRefill, refreshOrder, requestCancel, requestRefill, type ActionDeps } from "../../domain/order-actions.js";
import { countUserOrders, getOrder, listUserOrders, type Order } from "../../domain/orders.js";
import { escapeHtml } from "../../i18n.js";
import { formatMoney } from "../../money.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { formatTime } from "../format.js";
import { ORDER_CONVERSATION, type OrderStart } from "../conversations/order.js";
import { CB, PAGE_SIZE, shorten } from "../keyboards.js";


function actionDeps(deps: ShopDeps, ctx: ShopContext): ActionDeps {
  return {
    db: deps.db,
    panel: deps.panel,
    logger: ctx.logger,
    now: deps.now,
    pollIntervalMs: deps.config.statusPollSeconds * 1000,
    onNotices: deps.wakeNotices,
  };
}

/** Everything a buyer needs to know about one order, with only the buttons that can work. */
export function renderOrderCard(deps: ShopDeps, ctx: ShopContext, o: Order): { text: string; keyboard: InlineKeyboard } {
  const money = (m: number) => formatMoney(m, deps.config.currency, ctx.lang);
  const lines = [
    ctx.t("card-title", { id: String(o.id) }),
    ctx.t("card-line-service", { service: escapeHtml(o.serviceName) }),
  ];
  if (o.link) lines.push(ctx.t("card-line-link", { link: escapeHtml(o.link) }));
  lines.push(
    ctx.t("card-line-quantity", { quantity: o.quantity }),
    ctx.t("card-line-price", { price: money(o.priceMinor) }),
    ctx.t("card-line-status", { status: ctx.t(`status-${o.status}`) }),
  );
  // A status word the shop does not know is shown as the provider sent it, never hidden.
  if (o.upstreamStatus && !["unknown", "submitting"].includes(o.status) && !/^(pending|in progress|completed|partial|cancell?ed)$/i.test(o.upstreamStatus)) {
    lines.push(ctx.t("card-line-upstream-status", { status: escapeHtml(shorten(o.upstreamStatus, 40)) }));
  }
  if (o.startCount !== null) lines.push(ctx.t("card-line-start", { count: o.startCount }));
  if (o.remains !== null && !["completed"].includes(o.status)) lines.push(ctx.t("card-line-remains", { count: Math.max(0, o.remains) }));
  if (o.refundedMinor > 0) lines.push(ctx.t("card-line-refund", { refund: money(o.refundedMinor) }));
  if (o.cancelRequestedAt !== null && ["pending", "in_progress"].includes(o.status)) lines.push(ctx.t("card-line-cancel-requested"));
  const refill = latestRefill(deps.db, o.id);
  if (refill) lines.push(ctx.t("card-line-refill", { status: ctx.t(`refill-status-${refill.status}`) }));
  lines.push(ctx.t("card-line-created", { date: formatTime(o.createdAt) }));

  const kb = new InlineKeyboard();
  if (o.status === "pending" || o.status === "in_progress") kb.text(ctx.t("btn-refresh"), `${CB.orderRefresh}${o.id}`);
  if (canCancel(deps.db, o)) kb.text(ctx.t("btn-cancel-order"), `${CB.orderCancelRequest}${o.id}`);
  if (canRefill(deps.db, o)) kb.text(ctx.t("btn-refill"), `${CB.orderRefill}${o.id}`);
  kb.row();
  const service = getService(deps.db, o.serviceId);
  if (service && isBuyable(deps.db, service)) kb.text(ctx.t("btn-order-again"), `${CB.orderAgain}${o.id}`);
  kb.text(ctx.t("btn-to-list"), `${CB.ordersPage}0`);
  return { text: lines.join("\n"), keyboard: kb };
}

/** Edits the message the button was on; a message that can no longer be edited gets a new one. */
async function showInPlace(ctx: ShopContext, text: string, keyboard: InlineKeyboard): Promise<void> {
  try {
    await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup: keyboard });
  } catch (err) {
    if (err instanceof GrammyError && err.description.includes("not modified")) return;
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  }
}

/**
 * /orders and the order cards. Installed before the conversations, so the buttons work even while a
 * buyer is half-way through a new order. An order id in callback data is only a pointer: the order
 * must belong to the user who pressed it.
 */
export function orderCardsFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();

  const renderList = (ctx: ShopContext, page: number) => {
    const userId = ctx.from!.id;
    const total = countUserOrders(deps.db, userId);
    if (total === 0) return { text: ctx.t("orders-empty"), keyboard: new InlineKeyboard() };
    const pages = Math.ceil(total / PAGE_SIZE);
    const current = Math.min(Math.max(page, 0), pages - 1);
    const rows = listUserOrders(deps.db, userId, PAGE_SIZE, current * PAGE_SIZE);
    const lines = rows.map((o) =>
      ctx.t("orders-line", {
        id: String(o.id),
        service: escapeHtml(shorten(o.serviceName, 40)),
        quantity: o.quantity,
        price: formatMoney(o.priceMinor, deps.config.currency, ctx.lang),
        status: ctx.t(`status-${o.status}`),
      }),
    );
    const keyboard = new InlineKeyboard();
    rows.forEach((o, i) => {
      keyboard.text(`#${o.id}`, `${CB.orderCard}${o.id}`);
      if (i % 4 === 3) keyboard.row();
    });
    keyboard.row();
    if (current > 0) keyboard.text(ctx.t("btn-prev"), `${CB.ordersPage}${current - 1}`);
    if (current < pages - 1) keyboard.text(ctx.t("btn-next"), `${CB.ordersPage}${current + 1}`);
    return { text: [ctx.t("orders-title", { page: current + 1, pages }), "", ...lines].join("\n"), keyboard };
  };

  const list = async (ctx: ShopContext) => {
    const { text, keyboard } = renderList(ctx, 0);
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  };
  const pm = composer.chatType("private");
  pm.command("orders", list);
  pm.filter(hears("menu-orders"), list);

  composer.callbackQuery(new RegExp(`^${CB.ordersPage}(\\d{1,6})$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    const { text, keyboard } = renderList(ctx, Number(ctx.match[1]));
    await showInPlace(ctx, text, keyboard);
  });

  /** The order behind a card button, only if it is the presser's own. */
  const ownOrder = async (ctx: ShopContext & { match: RegExpMatchArray | string }) => {
    const id = Number((ctx.match as RegExpMatchArray)[1]);
    const o = getOrder(deps.db, id);
    if (!o || o.userId !== ctx.from?.id) {
      await ctx.answerCallbackQuery({ text: ctx.t("order-not-found") });
      return undefined;
    }
    return o;
  };
  const card = (prefix: string) => new RegExp(`^${prefix}(\\d{1,12})$`);

  composer.callbackQuery(card(CB.orderCard), async (ctx) => {
    const o = await ownOrder(ctx);
    if (!o) return;
    await ctx.answerCallbackQuery();
    const { text, keyboard } = renderOrderCard(deps, ctx, o);
    await showInPlace(ctx, text, keyboard);
  });

  composer.callbackQuery(card(CB.orderRefresh), async (ctx) => {
    const o = await ownOrder(ctx);
    if (!o) return;
    // Answered before asking the panel: a stalled panel (timeout x retries) outlasts the time Telegram
    // gives to answer a button, and a late answer fails the whole update.
    await ctx.answerCallbackQuery();
    const result = await refreshOrder(actionDeps(deps, ctx), o.id);
    const { text, keyboard } = renderOrderCard(deps, ctx, getOrder(deps.db, o.id)!);
    await showInPlace(ctx, text, keyboard);
    if (result === "failed") await ctx.reply(ctx.t("order-refresh-failed"));
  });

  composer.callbackQuery(card(CB.orderCancelRequest), async (ctx) => {
    const o = await ownOrder(ctx);
    if (!o) return;
    await ctx.answerCallbackQuery();
    const result = await requestCancel(actionDeps(deps, ctx), o.id);
    const key = { requested: "order-cancel-requested", refused: "order-cancel-refused", unavailable: "order-cancel-unavailable", failed: "order-refresh-failed" }[result];
    const { text, keyboard } = renderOrderCard(deps, ctx, getOrder(deps.db, o.id)!);
    await showInPlace(ctx, text, keyboard);
    await ctx.reply(ctx.t(key, { id: String(o.id) }), { parse_mode: "HTML" });
  });

  composer.callbackQuery(card(CB.orderRefill), async (ctx) => {
    const o = await ownOrder(ctx);
    if (!o) return;
    await ctx.answerCallbackQuery();
    const result = await requestRefill(actionDeps(deps, ctx), o.id);
    const key = {
      requested: "order-refill-requested",
      refused: "order-refill-refused",
      unavailable: "order-refill-unavailable",
      open: "order-refill-open",
      failed: "order-refill-refused",
    }[result];
    const { text, keyboard } = renderOrderCard(deps, ctx, getOrder(deps.db, o.id)!);
    await showInPlace(ctx, text, keyboard);
    await ctx.reply(ctx.t(key, { id: String(o.id) }), { parse_mode: "HTML" });
  });

  return composer;
}

/** /order and "Order again": enter the order conversation (installed after it is registered). */
export function ordersFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const pm = composer.chatType("private");
  const startOrder = async (ctx: ShopContext) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(ORDER_CONVERSATION);
  };
  pm.command("order", startOrder);
  pm.filter(hears("menu-order"), startOrder);

  const card = (prefix: string) => new RegExp(`^${prefix}(\\d{1,12})$`);
  composer.callbackQuery(card(CB.orderAgain), async (ctx) => {
    const o = getOrder(deps.db, Number(ctx.match[1]));
    if (!o || o.userId !== ctx.from.id) return void (await ctx.answerCallbackQuery({ text: ctx.t("order-not-found") }));
    await ctx.answerCallbackQuery();
    const service = getService(deps.db, o.serviceId);
    if (!service || !isBuyable(deps.db, service)) return void (await ctx.reply(ctx.t("order-again-unavailable")));
    await ctx.conversation.exitAll();
    const start: OrderStart = { serviceId: o.serviceId, ...(o.link && o.kind !== "subscriptions" ? { link: o.link } : {}) };
    await ctx.conversation.enter(ORDER_CONVERSATION, start);
  });
  return composer;
}
