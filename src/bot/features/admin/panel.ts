import { Composer } from "grammy";
import { describeError } from "../../../domain/orders.js";
import { shopStats, type WindowStats } from "../../../domain/stats.js";
import { escapeHtml } from "../../../i18n.js";
import { decimalToMinorFloor, formatMoney } from "../../../money.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { clip, money, panelErrorText, reply } from "./common.js";

/** /panel: the upstream balance and currency. Failures are a plain sentence, never the panel's text. */
export async function sendPanel(deps: ShopDeps, ctx: ShopContext): Promise<void> {
  try {
    const b = await deps.panel.balance();
    const currency = /^[A-Za-z]{3}$/.test(b.currency) ? b.currency.toUpperCase() : deps.config.currency;
    const minor = decimalToMinorFloor(b.balance);
    const balance = minor === null ? escapeHtml(b.balance) : formatMoney(minor, currency, ctx.lang);
    const lines = [ctx.t("admin-panel-balance", { balance, currency: escapeHtml(b.currency || "—") })];
    if (deps.config.panelBalanceAlertMinor !== null) {
      lines.push(ctx.t("admin-panel-alert", { threshold: money(deps, ctx, deps.config.panelBalanceAlertMinor) }));
    }
    await reply(ctx, lines.join("\n"));
  } catch (err) {
    ctx.logger.warn({ err: describeError(err) }, "admin panel balance failed");
    await reply(ctx, `${ctx.t("admin-panel-failed")}\n${panelErrorText(ctx, err)}`);
  }
}

function windowText(deps: ShopDeps, ctx: ShopContext, title: string, w: WindowStats): string {
  const statuses = Object.entries(w.ordersByStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s} ${n}`)
    .join(", ");
  const lines = [
    ctx.t("admin-stats-window", {
      title,
      newUsers: w.newUsers,
      buyers: w.activeBuyers,
      orders: w.orders,
      statuses: statuses ? ` (${statuses})` : "",
      turnover: money(deps, ctx, w.turnoverMinor),
      cost: money(deps, ctx, w.upstreamCostMinor),
      profit: money(deps, ctx, w.grossProfitMinor),
      refunds: money(deps, ctx, w.refundsMinor),
    }),
  ];
  w.topServices.forEach((s, i) => {
    lines.push(
      ctx.t("admin-stats-top-line", { position: i + 1, id: String(s.serviceId), name: clip(s.name, 40), orders: s.orders, turnover: money(deps, ctx, s.turnoverMinor) }),
    );
  });
  return lines.join("\n");
}

/** /stats: today, 7 and 30 days. */
export async function sendStats(deps: ShopDeps, ctx: ShopContext): Promise<void> {
  const s = shopStats(deps.db, deps.now());
  const text = [
    windowText(deps, ctx, ctx.t("admin-stats-today"), s.today),
    windowText(deps, ctx, ctx.t("admin-stats-week"), s.week),
    windowText(deps, ctx, ctx.t("admin-stats-month"), s.month),
    ctx.t("admin-stats-note"),
  ].join("\n\n");
  await reply(ctx, text);
}

export function figuresAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  composer.command("panel", (ctx) => sendPanel(deps, ctx));
  composer.command("stats", (ctx) => sendStats(deps, ctx));
  return composer;
}
