import { hears } from "@grammyjs/i18n";
import { Composer, InlineKeyboard } from "grammy";
import { SUPPORTED_LANGUAGES } from "../../config.js";
import { setLanguage } from "../../domain/users.js";
import { isLanguage } from "../../i18n.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { CB, mainMenu } from "../keyboards.js";

/** /lang and the 🌐 menu button: the languages by their own names; the choice is stored per user. */
export function languageFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const pm = composer.chatType("private");

  const offer = async (ctx: ShopContext) => {
    const kb = new InlineKeyboard();
    for (const lang of SUPPORTED_LANGUAGES) kb.text(deps.i18n.t(lang, "language-name"), `${CB.language}${lang}`);
    await ctx.reply(ctx.t("lang-choose"), { reply_markup: kb });
  };
  pm.command("lang", offer);
  pm.filter(hears("menu-language"), offer);

  composer.callbackQuery(new RegExp(`^${CB.language}(\\w{2})$`), async (ctx) => {
    const lang = ctx.match[1];
    if (!isLanguage(lang)) return void (await ctx.answerCallbackQuery());
    setLanguage(deps.db, ctx.from.id, lang);
    ctx.lang = lang;
    ctx.i18n.useLocale(lang);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("lang-set"), { reply_markup: new InlineKeyboard() }).catch(() => undefined);
    // The reply keyboard is in the old language until it is sent again.
    await ctx.reply(ctx.t("lang-menu-updated"), { reply_markup: mainMenu(ctx.t) });
  });
  return composer;
}
