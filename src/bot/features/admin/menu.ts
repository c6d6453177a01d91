import { Composer, InlineKeyboard } from "grammy";
import { clearAdminInput } from "../../../domain/admin.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { auditView } from "./audit.js";
import { startBroadcast } from "./broadcast.js";
import { categoriesView, runSync } from "./catalog.js";
import { ACB, adminId, answer, reply, show } from "./common.js";
import { ordersListView } from "./orders.js";
import { sendPanel, sendStats } from "./panel.js";

/** Every admin command, for /admin and the admin's own command list in Telegram. */
export const ADMIN_COMMANDS = [
  "admin",
  "stats",
  "orders",
  "order",
  "user",
  "credit",
  "debit",
  "ban",
  "unban",
  "service",
  "category",
  "sync",
  "panel",
  "broadcast",
  "audit",
] as const;

/**
 * Admin commands of other features (unknown orders, receipts, payment refunds, promo codes): listed in
 * /admin and in the admins' command menu so the menu is complete; handled by their own features.
 */
export const OTHER_ADMIN_COMMANDS = ["unknown", "resolve", "topups", "refund", "promo"] as const;

/** /admin: the menu, and the prompt's Cancel button. */
export function menuAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();

  composer.command("admin", async (ctx) => {
    const lines = [
      ctx.t("admin-menu-title"),
      "",
      ...ADMIN_COMMANDS.filter((c) => c !== "admin").map((c) => ctx.t(`admin-menu-${c}`)),
      "",
      ...OTHER_ADMIN_COMMANDS.map((c) => ctx.t(`admin-menu-${c}`)),
    ];
    const keyboard = new InlineKeyboard()
      .text(ctx.t("admin-btn-menu-stats"), `${ACB.menu}stats`)
      .text(ctx.t("admin-btn-menu-panel"), `${ACB.menu}panel`)
      .row()
      .text(ctx.t("admin-btn-menu-orders"), `${ACB.menu}orders`)
      .text(ctx.t("admin-btn-menu-categories"), `${ACB.menu}cat`)
      .row()
      .text(ctx.t("admin-btn-menu-sync"), `${ACB.menu}sync`)
      .text(ctx.t("admin-btn-menu-audit"), `${ACB.menu}audit`)
      .row()
      .text(ctx.t("admin-btn-menu-broadcast"), `${ACB.menu}bc`);
    await reply(ctx, lines.join("\n"), keyboard);
  });

  composer.callbackQuery(/^adm:menu:(stats|panel|orders|cat|sync|audit|bc)$/, async (ctx) => {
    await answer(ctx);
    switch (ctx.match[1]) {
      case "stats":
        return sendStats(deps, ctx);
      case "panel":
        return sendPanel(deps, ctx);
      case "sync":
        return runSync(deps, ctx);
      case "bc":
        return startBroadcast(deps, ctx);
      case "orders": {
        const { text, keyboard } = ordersListView(deps, ctx, null, 0);
        return reply(ctx, text, keyboard);
      }
      case "cat": {
        const { text, keyboard } = categoriesView(deps, ctx);
        return reply(ctx, text, keyboard);
      }
      case "audit": {
        const { text, keyboard } = auditView(deps, ctx, 0);
        return reply(ctx, text, keyboard);
      }
    }
  });

  composer.callbackQuery(ACB.inputCancel, async (ctx) => {
    const had = clearAdminInput(deps.db, adminId(ctx));
    await answer(ctx);
    await show(ctx, ctx.t(had ? "admin-input-cancelled" : "admin-input-none"));
  });

  return composer;
}
