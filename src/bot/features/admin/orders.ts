import { Composer, InlineKeyboard } from "grammy";
import {
  ADMIN_REFUNDABLE,
  adminRefundOrder,
  countOrdersAdmin,
  listOrdersAdmin,
  markCancelRequested,
  ORDER_STATUSES,
  recordAudit,
} from "../../../domain/admin.js";
import { getService } from "../../../domain/catalog.js";
import { ACTIVE_STATUSES, applyStatus, describeError, getOrder, type Order, type OrderStatus } from "../../../domain/orders.js";
import { getUser } from "../../../domain/users.js";
import { escapeHtml } from "../../../i18n.js";
import type { PanelOrderStatus } from "../../../upstream/types.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { ACB, matched, adminId, answer, args, clip, fmtTime, idData, money, panelErrorText, reply, show, userRef } from "./common.js";

const PAGE = 10;

/** /order <id> with Refresh / Cancel / Refund, and /orders [status] paged. */
export function ordersAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;
  const pollIntervalMs = deps.config.statusPollSeconds * 1000;

  const card = (ctx: ShopContext, o: Order, extra: string[] = []): { text: string; keyboard: InlineKeyboard } => {
    const user = getUser(db, o.userId);
    const service = getService(db, o.serviceId);
    let params = "";
    try {
      const p = JSON.parse(o.params) as Record<string, unknown>;
      params = Object.entries(p)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(", ");
    } catch {
      params = o.params;
    }
    const text = ctx.t("admin-order-card", {
      id: String(o.id),
      status: o.status,
      upstreamStatus: o.upstreamStatus ? escapeHtml(o.upstreamStatus) : "—",
      user: userRef(user, o.userId),
      serviceId: String(o.serviceId),
      service: escapeHtml(o.serviceName),
      panelName: service ? escapeHtml(service.name) : "—",
      kind: o.kind,
      link: o.link ? escapeHtml(o.link) : "—",
      quantity: o.quantity,
      params: params ? clip(params, 300) : "—",
      price: money(deps, ctx, o.priceMinor),
      refunded: money(deps, ctx, o.refundedMinor),
      cost: money(deps, ctx, o.costMinor),
      upstreamId: o.upstreamId === null ? "—" : String(o.upstreamId),
      startCount: o.startCount ?? "—",
      remains: o.remains ?? "—",
      failure: o.failureCode ? escapeHtml(o.failureCode) : "—",
      created: fmtTime(o.createdAt),
      updated: fmtTime(o.updatedAt),
      changed: fmtTime(o.lastChangeAt),
      cancelRequested: fmtTime(o.cancelRequestedAt),
    });
    const keyboard = new InlineKeyboard();
    if (o.upstreamId !== null) keyboard.text(ctx.t("admin-btn-refresh"), `${ACB.orderRefresh}${o.id}`);
    if (o.upstreamId !== null && ACTIVE_STATUSES.includes(o.status as OrderStatus)) keyboard.text(ctx.t("admin-btn-cancel-order"), `${ACB.orderCancel}${o.id}`);
    if (ADMIN_REFUNDABLE.includes(o.status as OrderStatus) && o.refundedMinor < o.priceMinor) keyboard.text(ctx.t("admin-btn-refund"), `${ACB.orderRefund}${o.id}`);
    return { text: [text, ...extra].join("\n\n"), keyboard };
  };

  const upstreamBlock = (ctx: ShopContext, s: PanelOrderStatus) =>
    ctx.t("admin-order-upstream", {
      status: escapeHtml(s.status),
      charge: s.charge ? escapeHtml(`${s.charge} ${s.currency}`.trim()) : "—",
      startCount: s.startCount ?? "—",
      remains: s.remains ?? "—",
    });

  composer.command("order", async (ctx, next) => {
    const [ref] = args(ctx.match);
    if (ref === undefined) return next(); // plain /order: the admin orders like any buyer
    const m = /^#?(\d{1,15})$/.exec(ref);
    if (!m) return reply(ctx, ctx.t("admin-usage-order"));
    const order = getOrder(db, Number(m[1]));
    if (!order) return reply(ctx, ctx.t("admin-order-not-found", { id: escapeHtml(ref) }));
    const { text, keyboard } = card(ctx, order);
    await reply(ctx, text, keyboard);
  });

  composer.callbackQuery(idData(ACB.orderView), async (ctx) => {
    await answer(ctx);
    const order = getOrder(db, Number(matched(ctx)));
    if (!order) return show(ctx, ctx.t("admin-order-not-found", { id: matched(ctx) }));
    const { text, keyboard } = card(ctx, order);
    await show(ctx, text, keyboard);
  });

  /** Asks the panel for the order's status and applies it (refund and buyer notice included). */
  const refresh = async (ctx: ShopContext, orderId: number): Promise<string[]> => {
    const order = getOrder(db, orderId);
    if (!order || order.upstreamId === null) return [ctx.t("admin-order-no-upstream")];
    try {
      const s = await deps.panel.status(order.upstreamId);
      const result = ACTIVE_STATUSES.includes(order.status as OrderStatus) ? applyStatus(db, order.id, s, deps.now(), pollIntervalMs) : undefined;
      deps.wakeNotices();
      const after = getOrder(db, orderId);
      if (after && after.status !== order.status) {
        recordAudit(db, { adminId: adminId(ctx), action: "order_refresh", target: `order:${orderId}`, details: { from: order.status, to: after.status }, now: deps.now() });
      }
      const lines = [upstreamBlock(ctx, s)];
      if (result?.unknownStatus) lines.push(ctx.t("admin-order-unknown-status"));
      return lines;
    } catch (err) {
      ctx.logger.warn({ orderId, err: describeError(err) }, "admin refresh failed");
      return [panelErrorText(ctx, err)];
    }
  };

  composer.callbackQuery(idData(ACB.orderRefresh), async (ctx) => {
    await answer(ctx);
    const id = Number(matched(ctx));
    const extra = await refresh(ctx, id);
    const order = getOrder(db, id);
    if (!order) return show(ctx, ctx.t("admin-order-not-found", { id: String(id) }));
    const { text, keyboard } = card(ctx, order, extra);
    await show(ctx, text, keyboard);
  });

  composer.callbackQuery(idData(ACB.orderCancel), async (ctx) => {
    const id = Number(matched(ctx));
    const order = getOrder(db, id);
    if (!order) return answer(ctx, ctx.t("admin-order-not-found", { id: String(id) }), true);
    if (order.upstreamId === null || !ACTIVE_STATUSES.includes(order.status as OrderStatus)) {
      await answer(ctx, ctx.t("admin-order-cancel-not-active"), true);
      const { text, keyboard } = card(ctx, order);
      return show(ctx, text, keyboard);
    }
    await answer(ctx);
    let extra: string[];
    try {
      const [result] = await deps.panel.cancel([order.upstreamId]);
      if (result?.ok) {
        markCancelRequested(db, { orderId: id, adminId: adminId(ctx), now: deps.now() });
        ctx.logger.info({ orderId: id, adminId: adminId(ctx) }, "admin asked the panel to cancel an order");
        // Most panels cancel at once: look now, so the refund need not wait for the poller.
        extra = [ctx.t("admin-order-cancel-requested"), ...(await refresh(ctx, id))];
      } else {
        extra = [ctx.t("admin-order-cancel-refused")];
      }
    } catch (err) {
      ctx.logger.warn({ orderId: id, err: describeError(err) }, "admin cancel failed");
      extra = [panelErrorText(ctx, err)];
    }
    const fresh = getOrder(db, id);
    if (!fresh) return;
    const { text, keyboard } = card(ctx, fresh, extra);
    await show(ctx, text, keyboard);
  });

  composer.callbackQuery(idData(ACB.orderRefund), async (ctx) => {
    await answer(ctx);
    const order = getOrder(db, Number(matched(ctx)));
    if (!order) return show(ctx, ctx.t("admin-order-not-found", { id: matched(ctx) }));
    if (!ADMIN_REFUNDABLE.includes(order.status as OrderStatus) || order.refundedMinor >= order.priceMinor) {
      const { text, keyboard } = card(ctx, order, [ctx.t("admin-order-not-refundable", { status: order.status })]);
      return show(ctx, text, keyboard);
    }
    const lines = [
      ctx.t("admin-order-refund-ask", {
        id: String(order.id),
        amount: money(deps, ctx, order.priceMinor - order.refundedMinor),
        user: userRef(getUser(db, order.userId), order.userId),
      }),
    ];
    if (order.status !== "unknown") lines.push(ctx.t("admin-order-refund-warning"));
    const keyboard = new InlineKeyboard()
      .text(ctx.t("admin-btn-refund-yes"), `${ACB.orderRefundYes}${order.id}`)
      .text(ctx.t("admin-btn-back"), `${ACB.orderView}${order.id}`);
    await show(ctx, lines.join("\n\n"), keyboard);
  });

  composer.callbackQuery(idData(ACB.orderRefundYes), async (ctx) => {
    const id = Number(matched(ctx));
    const result = adminRefundOrder(db, { orderId: id, adminId: adminId(ctx), now: deps.now() });
    if (result.kind === "not_found") return answer(ctx, ctx.t("admin-order-not-found", { id: String(id) }), true);
    let extra: string;
    if (result.kind === "refunded") {
      deps.wakeNotices();
      ctx.logger.info({ orderId: id, adminId: adminId(ctx), refundMinor: result.refundMinor }, "admin refunded an order");
      await answer(ctx, ctx.t("admin-order-refunded-short"));
      extra = ctx.t("admin-order-refunded", { amount: money(deps, ctx, result.refundMinor), balance: money(deps, ctx, result.balanceMinor) });
    } else {
      await answer(ctx);
      extra = ctx.t("admin-order-not-refundable", { status: result.status });
    }
    const order = getOrder(db, id);
    if (!order) return;
    const { text, keyboard } = card(ctx, order, [extra]);
    await show(ctx, text, keyboard);
  });

  // ---- /orders [status] ----

  const parseStatus = (text: string | undefined): OrderStatus | null | undefined => {
    if (text === undefined || text === "" || text === "all") return null;
    const s = text.toLowerCase().replace(/[\s-]+/g, "_");
    return (ORDER_STATUSES as readonly string[]).includes(s) ? (s as OrderStatus) : undefined;
  };

  composer.command("orders", async (ctx) => {
    const status = parseStatus(args(ctx.match).join(" "));
    if (status === undefined) return reply(ctx, ctx.t("admin-usage-orders", { statuses: ORDER_STATUSES.join(", ") }));
    const { text, keyboard } = ordersListView(deps, ctx, status, 0);
    await reply(ctx, text, keyboard);
  });

  composer.callbackQuery(/^adm:ol:([a-z_]{1,12}):(\d{1,6})$/, async (ctx) => {
    await answer(ctx);
    const status = parseStatus(ctx.match[1]);
    const { text, keyboard } = ordersListView(deps, ctx, status ?? null, Number(ctx.match[2]));
    await show(ctx, text, keyboard);
  });

  return composer;
}

/** One page of recent orders, newest first (also opened from the /admin menu). */
export function ordersListView(deps: ShopDeps, ctx: ShopContext, status: OrderStatus | null, page: number): { text: string; keyboard: InlineKeyboard } {
  const { db } = deps;
  const total = countOrdersAdmin(db, status);
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const rows = listOrdersAdmin(db, status, PAGE, current * PAGE);
  const title = ctx.t("admin-orders-title", { status: status ?? ctx.t("admin-orders-all"), page: current + 1, pages, total });
  if (rows.length === 0) return { text: `${title}\n\n${ctx.t("admin-orders-empty")}`, keyboard: new InlineKeyboard() };
  const lines = rows.map((o) =>
    ctx.t("admin-orders-line", {
      id: String(o.id),
      status: o.status,
      quantity: o.quantity,
      price: money(deps, ctx, o.priceMinor),
      user: String(o.userId),
      service: clip(o.serviceName, 32),
      time: fmtTime(o.createdAt),
    }),
  );
  const keyboard = new InlineKeyboard();
  rows.forEach((o, i) => {
    keyboard.text(`#${o.id}`, `${ACB.orderView}${o.id}`);
    if (i % 5 === 4) keyboard.row();
  });
  keyboard.row();
  const key = status ?? "all";
  if (current > 0) keyboard.text(ctx.t("btn-prev"), `${ACB.ordersPage}${key}:${current - 1}`);
  if (current < pages - 1) keyboard.text(ctx.t("btn-next"), `${ACB.ordersPage}${key}:${current + 1}`);
  return { text: [title, "", ...lines].join("\n"), keyboard };
}
