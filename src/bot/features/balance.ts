import { hears } from "@grammyjs/i18n";
import { Composer } from "grammy";
import { formatMoney } from "../../money.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { topupKeyboard } from "./payments-common.js";

export function balanceFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const show = async (ctx: ShopContext) => {
    const topup = topupKeyboard(deps, ctx.t);
    await ctx.reply(ctx.t("balance-text", { balance: formatMoney(ctx.user?.balanceMinor ?? 0, deps.config.currency, ctx.lang) }), {
      parse_mode: "HTML",
      ...(topup ? { reply_markup: topup } : {}),
    });
  };
  composer.chatType("private").command("balance", show);
  composer.chatType("private").filter(hears("menu-balance"), show);
  return composer;
}
