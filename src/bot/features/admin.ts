import { Composer } from "grammy";
import { adminAdjustBalance, InsufficientFundsError } from "../../domain/ledger.js";
import { findUser } from "../../domain/users.js";
import { escapeHtml } from "../../i18n.js";
import { formatMoney, parseAmountInput } from "../../money.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../context.js";

/**
 * Admin commands. The filter lets only ADMIN_IDS through; for anyone else these updates fall
 * through to the unknown-command answer, exactly like a command that does not exist.
 */
export function adminFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const admin = composer.chatType("private").filter((ctx) => isAdmin(deps, ctx.from?.id));

  admin.command("credit", async (ctx) => {
    const [ref, amountText, ...noteParts] = ctx.match.trim().split(/\s+/);
    if (!ref || !amountText) return void (await ctx.reply(ctx.t("admin-usage-credit"), { parse_mode: "HTML" }));
    const user = findUser(deps.db, ref);
    if (!user) return void (await ctx.reply(ctx.t("admin-user-not-found")));
    const amountMinor = parseAmountInput(amountText);
    if (amountMinor === null) return void (await ctx.reply(ctx.t("admin-bad-amount")));
    try {
      const balance = adminAdjustBalance(deps.db, {
        userId: user.id,
        amountMinor,
        direction: "credit",
        adminId: ctx.from.id,
        note: noteParts.join(" ") || null,
        now: deps.now(),
      });
      deps.wakeNotices();
      deps.logger.info({ adminId: ctx.from.id, userId: user.id, amountMinor }, "admin credit");
      const money = (m: number) => formatMoney(m, deps.config.currency, ctx.lang);
      await ctx.reply(
        ctx.t("admin-credited", { amount: money(amountMinor), user: escapeHtml(user.username ? `@${user.username}` : String(user.id)), balance: money(balance) }),
        { parse_mode: "HTML" },
      );
    } catch (err) {
      if (err instanceof InsufficientFundsError) return void (await ctx.reply(ctx.t("admin-bad-amount")));
      throw err;
    }
  });
  return composer;
}
