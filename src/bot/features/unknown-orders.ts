import { Composer } from "grammy";
import { listUnknownOrders, resolvePlaced, resolveRefund } from "../../domain/order-actions.js";
import { escapeHtml } from "../../i18n.js";
import { formatMoney } from "../../money.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../context.js";
import { shorten } from "../keyboards.js";
import { formatTime } from "../format.js";

/**
 * Orders whose `add` timed out: admins list them (/unknown) and settle each (/resolve). For anyone
 * else these commands fall through to the unknown-command answer.
 */
export function unknownOrdersFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const admin = composer.chatType("private").filter((ctx) => isAdmin(deps, ctx.from?.id));

  admin.command("unknown", async (ctx) => {
    const rows = listUnknownOrders(deps.db);
    if (rows.length === 0) return void (await ctx.reply(ctx.t("admin-unknown-empty")));
    const lines = rows.map((o) =>
      ctx.t("admin-unknown-line", {
        id: String(o.id),
        user: String(o.userId),
        service: escapeHtml(shorten(o.serviceName, 40)),
        quantity: o.quantity,
        price: formatMoney(o.priceMinor, deps.config.currency, ctx.lang),
        date: formatTime(o.createdAt),
      }),
    );
    await ctx.reply([ctx.t("admin-unknown-title"), "", ...lines].join("\n"), { parse_mode: "HTML" });
  });

  admin.command("resolve", async (ctx) => {
    const [orderText, target] = ctx.match.trim().split(/\s+/);
    const orderId = orderText && /^#?\d{1,12}$/.test(orderText) ? Number(orderText.replace("#", "")) : null;
    if (orderId === null || !target) return void (await ctx.reply(ctx.t("admin-resolve-usage"), { parse_mode: "HTML" }));
    const now = deps.now();
    if (target.toLowerCase() === "refund") {
      const r = resolveRefund(deps.db, orderId, ctx.from.id, now);
      if (!r.ok) return void (await ctx.reply(ctx.t("admin-resolve-not-unknown", { id: String(orderId) })));
      deps.wakeNotices();
      ctx.logger.info({ adminId: ctx.from.id, orderId }, "unknown order resolved: refunded");
      return void (await ctx.reply(ctx.t("admin-resolved-refunded", { id: String(orderId), refund: formatMoney(r.refundMinor, deps.config.currency, ctx.lang) })));
    }
    if (!/^\d{1,15}$/.test(target)) return void (await ctx.reply(ctx.t("admin-resolve-usage"), { parse_mode: "HTML" }));
    const upstreamId = Number(target);
    const r = resolvePlaced(deps.db, orderId, upstreamId, ctx.from.id, now);
    if (r === "not_unknown") return void (await ctx.reply(ctx.t("admin-resolve-not-unknown", { id: String(orderId) })));
    if (r === "id_taken") return void (await ctx.reply(ctx.t("admin-resolve-id-taken", { upstream: String(upstreamId) })));
    deps.wakeNotices();
    ctx.logger.info({ adminId: ctx.from.id, orderId, upstreamId }, "unknown order resolved: linked to the panel order");
    await ctx.reply(ctx.t("admin-resolved-placed", { id: String(orderId), upstream: String(upstreamId) }));
  });
  return composer;
}
