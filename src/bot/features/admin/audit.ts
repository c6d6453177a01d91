import { Composer, InlineKeyboard } from "grammy";
import { countAudit, listAudit } from "../../../domain/admin.js";
import { getUser } from "../../../domain/users.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { ACB, answer, clip, fmtTime, reply, show, userRef } from "./common.js";

const PAGE = 15;

/** The latest admin actions, newest first. */
export function auditView(deps: ShopDeps, ctx: ShopContext, page: number): { text: string; keyboard: InlineKeyboard } {
  const total = countAudit(deps.db);
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const rows = listAudit(deps.db, PAGE, current * PAGE);
  const title = ctx.t("admin-audit-title", { page: current + 1, pages });
  if (rows.length === 0) return { text: `${title}\n\n${ctx.t("admin-audit-empty")}`, keyboard: new InlineKeyboard() };
  const names = new Map<number, string>();
  const lines = rows.map((r) => {
    if (!names.has(r.adminId)) names.set(r.adminId, userRef(getUser(deps.db, r.adminId), r.adminId));
    return ctx.t("admin-audit-line", {
      time: fmtTime(r.createdAt),
      admin: names.get(r.adminId) ?? String(r.adminId),
      action: clip(r.action, 40),
      target: r.target ? ` ${clip(r.target, 40)}` : "",
      details: r.details ? ` <i>${clip(r.details, 160)}</i>` : "",
    });
  });
  const keyboard = new InlineKeyboard();
  if (current < pages - 1) keyboard.text(ctx.t("admin-btn-older"), `${ACB.auditPage}${current + 1}`);
  if (current > 0) keyboard.text(ctx.t("admin-btn-newer"), `${ACB.auditPage}${current - 1}`);
  return { text: [title, "", ...lines].join("\n"), keyboard };
}

export function auditAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  composer.command("audit", async (ctx) => {
    const { text, keyboard } = auditView(deps, ctx, 0);
    await reply(ctx, text, keyboard);
  });
  composer.callbackQuery(/^adm:au:(\d{1,6})$/, async (ctx) => {
    await answer(ctx);
    const { text, keyboard } = auditView(deps, ctx, Number(ctx.match[1]));
    await show(ctx, text, keyboard);
  });
  return composer;
}
