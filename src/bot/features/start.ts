import { hears } from "@grammyjs/i18n";
import { Composer } from "grammy";
import { formatMoney } from "../../money.js";
import { escapeHtml } from "../../i18n.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { mainMenu } from "../keyboards.js";
import { applyStartReferral } from "./referrals.js";

/** /start, /help and the persistent main menu. */
export function startFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const pm = composer.chatType("private");

  pm.command("start", async (ctx) => {
    applyStartReferral(deps, ctx); // "/start ref_<code>" from an invitation link
    await ctx.reply(
      ctx.t("start-welcome", {
        name: escapeHtml(ctx.from.first_name),
        balance: formatMoney(ctx.user?.balanceMinor ?? 0, deps.config.currency, ctx.lang),
      }),
      { parse_mode: "HTML", reply_markup: mainMenu(ctx.t) },
    );
  });

  const help = async (ctx: ShopContext) => {
    await ctx.reply(ctx.t("help-text"), { parse_mode: "HTML", reply_markup: mainMenu(ctx.t) });
  };
  pm.command("help", help);
  pm.filter(hears("menu-help"), help);
  return composer;
}
