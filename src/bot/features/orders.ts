import { hears } from "@grammyjs/i18n";
import { Composer, InlineKeyboard } from "grammy";
import { countUserOrders, listUserOrders } from "../../domain/orders.js";
import { escapeHtml } from "../../i18n.js";
import { formatMoney } from "../../money.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { CB, PAGE_SIZE, shorten } from "../keyboards.js";
import { ORDER_CONVERSATION } from "../conversations/order.js";

/** /order (enter the order conversation) and /orders (the buyer's orders, paged). */
export function ordersFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const pm = composer.chatType("private");

  const startOrder = async (ctx: ShopContext) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(ORDER_CONVERSATION);
  };
  pm.command("order", startOrder);
  pm.filter(hears("menu-order"), startOrder);

  const render = (ctx: ShopContext, page: number) => {
    const userId = ctx.from!.id;
    const total = countUserOrders(deps.db, userId);
    if (total === 0) return { text: ctx.t("orders-empty"), keyboard: undefined };
    const pages = Math.ceil(total / PAGE_SIZE);
    const current = Math.min(Math.max(page, 0), pages - 1);
    const rows = listUserOrders(deps.db, userId, PAGE_SIZE, current * PAGE_SIZE);
    const lines = rows.map((o) =>
      ctx.t("orders-line", {
        id: o.id,
        service: escapeHtml(shorten(o.serviceName, 40)),
        quantity: o.quantity,
        price: formatMoney(o.priceMinor, deps.config.currency, ctx.lang),
        status: ctx.t(`status-${o.status}`),
      }),
    );
    const keyboard = new InlineKeyboard();
    if (current > 0) keyboard.text(ctx.t("btn-prev"), `${CB.ordersPage}${current - 1}`);
    if (current < pages - 1) keyboard.text(ctx.t("btn-next"), `${CB.ordersPage}${current + 1}`);
    return { text: [ctx.t("orders-title", { page: current + 1, pages }), "", ...lines].join("\n"), keyboard };
  };

  const list = async (ctx: ShopContext) => {
    const { text, keyboard } = render(ctx, 0);
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  };
  pm.command("orders", list);
  pm.filter(hears("menu-orders"), list);

  composer.callbackQuery(new RegExp(`^${CB.ordersPage}(\\d{1,6})$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    const { text, keyboard } = render(ctx, Number(ctx.match[1]));
    await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup: keyboard }).catch(async () => {
      await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
    });
  });
  return composer;
}
