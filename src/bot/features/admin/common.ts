import { GrammyError, type CallbackQueryContext, type InlineKeyboard } from "grammy";
import type { User } from "../../../domain/users.js";
import { escapeHtml } from "../../../i18n.js";
import { formatBasisPoints, formatMoney } from "../../../money.js";
import { PanelApiError, PanelUncertainError, PanelUnreachableError } from "../../../upstream/client.js";
import type { ShopContext, ShopDeps } from "../../context.js";

// Callback data of admin buttons. It only selects what to show or do; authority comes from the
// sender's id, checked on every update (the admin composer's filter), and state is re-read from the
// database on every press.
export const ACB = {
  menu: "adm:menu:", // adm:menu:<stats|panel|sync|cat|orders|audit|bc>
  inputCancel: "adm:in:x",
  orderView: "adm:o:v:", // adm:o:v:<id>
  orderRefresh: "adm:o:r:",
  orderCancel: "adm:o:c:",
  orderRefund: "adm:o:f:", // asks
  orderRefundYes: "adm:o:fy:", // does
  ordersPage: "adm:ol:", // adm:ol:<status|all>:<page>
  userBan: "adm:u:ban:",
  userUnban: "adm:u:unban:",
  serviceView: "adm:s:v:",
  serviceHide: "adm:s:hide:",
  serviceShow: "adm:s:show:",
  servicePrice: "adm:s:p:",
  serviceMarkup: "adm:s:m:",
  serviceName: "adm:s:n:",
  categoryList: "adm:c:l",
  categoryView: "adm:c:v:",
  categoryHide: "adm:c:hide:",
  categoryShow: "adm:c:show:",
  categoryUp: "adm:c:up:",
  categoryDown: "adm:c:dn:",
  categoryMarkup: "adm:c:m:",
  categoryServices: "adm:c:s:", // adm:c:s:<id>:<page>
  broadcastOk: "adm:bc:ok:",
  broadcastDiscard: "adm:bc:x:",
  auditPage: "adm:au:",
} as const;

/** A button press (the callback data matched a regex). */
export type Press = CallbackQueryContext<ShopContext>;

/** Group `i` of the callback data's regex match. */
export function matched(ctx: { match: string | RegExpMatchArray | null | undefined }, i = 1): string {
  const m = ctx.match;
  if (typeof m === "string" || !m) return m ?? "";
  return m[i] ?? "";
}

/** A regex for "<prefix><number>" callback data. */
export function idData(prefix: string): RegExp {
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\d{1,15})$`);
}

export const HTML = { parse_mode: "HTML" } as const;

export function adminId(ctx: ShopContext): number {
  const id = ctx.from?.id;
  if (id === undefined) throw new Error("admin update without a sender");
  return id;
}

export function money(deps: ShopDeps, ctx: ShopContext, minor: number): string {
  return formatMoney(minor, deps.config.currency, ctx.lang);
}

export { formatTime as fmtTime } from "../../format.js";

/** "12.5%" from basis points. */
export function fmtPercent(bp: number): string {
  return `${formatBasisPoints(bp)}%`;
}

/** "@name (123)" or "First (123)", escaped for HTML. */
export function userRef(u: Pick<User, "id" | "username" | "firstName"> | undefined, id?: number): string {
  if (!u) return `<code>${id ?? "?"}</code>`;
  const name = u.username ? `@${u.username}` : u.firstName || "—";
  return `${escapeHtml(name)} (<code>${u.id}</code>)`;
}

export function args(match: unknown): string[] {
  return String(match ?? "").trim().split(/\s+/).filter(Boolean);
}

export async function reply(ctx: ShopContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  await ctx.reply(text, { ...HTML, ...(keyboard ? { reply_markup: keyboard } : {}) });
}

/**
 * Shows `text` where the admin is looking: for a button press, in place of the message the button
 * was under (a new message if it can no longer be edited); otherwise as a new message.
 */
export async function show(ctx: ShopContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(text, { ...HTML, ...(keyboard ? { reply_markup: keyboard } : {}) });
      return;
    } catch (err) {
      if (err instanceof GrammyError && err.description.includes("not modified")) return;
      // too old, deleted or a photo: fall through to a new message
    }
  }
  await reply(ctx, text, keyboard);
}

/** Answers a button press (each admin handler answers exactly once). */
export async function answer(ctx: ShopContext, text?: string, alert = false): Promise<void> {
  await ctx.answerCallbackQuery(text ? { text, show_alert: alert } : undefined).catch(() => undefined);
}

/** A plain sentence for an upstream failure: never the panel's own words, never the key. */
export function panelErrorText(ctx: ShopContext, err: unknown): string {
  if (err instanceof PanelApiError) return ctx.t(err.code === "invalid_key" ? "admin-panel-error-key" : "admin-panel-error-refused");
  if (err instanceof PanelUnreachableError) return ctx.t("admin-panel-error-unreachable");
  if (err instanceof PanelUncertainError) return ctx.t("admin-panel-error-uncertain");
  return ctx.t("admin-panel-error-other");
}

/** Text from users or the panel, escaped and cut for a one-line mention. */
export function clip(text: string | null | undefined, max = 60): string {
  const s = (text ?? "").replace(/\s+/g, " ").trim();
  return escapeHtml(s.length <= max ? s : `${s.slice(0, max - 1)}…`);
}
