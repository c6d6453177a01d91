import { Composer, InlineKeyboard } from "grammy";
import { setUserBan, userSummary } from "../../../domain/admin.js";
import { findUser, getUser, type User } from "../../../domain/users.js";
import { escapeHtml } from "../../../i18n.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../../context.js";
import { ACB, matched, type Press, adminId, answer, args, clip, fmtTime, idData, money, reply, show, userRef } from "./common.js";

/** /user, /ban, /unban and the Ban / Unban buttons. */
export function peopleAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;

  const card = (ctx: ShopContext, user: User): { text: string; keyboard: InlineKeyboard } => {
    const s = userSummary(db, user.id);
    const lines = [
      ctx.t("admin-user-card", {
        user: userRef(user),
        name: escapeHtml(user.firstName),
        language: user.language,
        joined: fmtTime(user.createdAt),
        seen: fmtTime(user.lastSeenAt),
        balance: money(deps, ctx, user.balanceMinor),
        orders: s.orders,
        spent: money(deps, ctx, s.spentMinor),
        banned: user.banned ? ctx.t("admin-yes-because", { reason: user.banReason ? escapeHtml(user.banReason) : "—" }) : ctx.t("admin-no"),
        blocked: ctx.t(user.blockedBot ? "admin-yes" : "admin-no"),
      }),
    ];
    if (s.lastLedger.length) {
      lines.push("", ctx.t("admin-user-ledger-title"));
      for (const l of s.lastLedger) {
        lines.push(
          ctx.t("admin-user-ledger-line", {
            time: fmtTime(l.createdAt),
            delta: `${l.deltaMinor > 0 ? "+" : ""}${money(deps, ctx, l.deltaMinor)}`,
            balance: money(deps, ctx, l.balanceAfterMinor),
            reason: l.reason,
            order: l.orderId === null ? "" : ` #${l.orderId}`,
            note: l.note ? ` · ${clip(l.note, 80)}` : "",
          }),
        );
      }
    }
    const keyboard = new InlineKeyboard();
    if (!isAdmin(deps, user.id)) {
      if (user.banned) keyboard.text(ctx.t("admin-btn-unban"), `${ACB.userUnban}${user.id}`);
      else keyboard.text(ctx.t("admin-btn-ban"), `${ACB.userBan}${user.id}`);
    }
    return { text: lines.join("\n"), keyboard };
  };

  composer.command("user", async (ctx) => {
    const [ref] = args(ctx.match);
    if (!ref) return reply(ctx, ctx.t("admin-usage-user"));
    const user = findUser(db, ref);
    if (!user) return reply(ctx, ctx.t("admin-user-not-found"));
    const { text, keyboard } = card(ctx, user);
    await reply(ctx, text, keyboard);
  });

  const ban = async (ctx: ShopContext, user: User, banned: boolean, reason: string | null) => {
    if (banned && isAdmin(deps, user.id)) return void (await reply(ctx, ctx.t("admin-ban-admin")));
    const updated = setUserBan(db, { userId: user.id, banned, reason, adminId: adminId(ctx), now: deps.now() });
    if (!updated) return void (await reply(ctx, ctx.t("admin-user-not-found")));
    ctx.logger.info({ adminId: adminId(ctx), userId: user.id, banned }, banned ? "user banned" : "user unbanned");
    return updated;
  };

  composer.command("ban", async (ctx) => {
    const [ref, ...reasonParts] = args(ctx.match);
    if (!ref) return reply(ctx, ctx.t("admin-usage-ban"));
    const user = findUser(db, ref);
    if (!user) return reply(ctx, ctx.t("admin-user-not-found"));
    const reason = reasonParts.join(" ").slice(0, 200) || null;
    const updated = await ban(ctx, user, true, reason);
    if (updated) await reply(ctx, ctx.t("admin-banned", { user: userRef(updated) }));
  });

  composer.command("unban", async (ctx) => {
    const [ref] = args(ctx.match);
    if (!ref) return reply(ctx, ctx.t("admin-usage-unban"));
    const user = findUser(db, ref);
    if (!user) return reply(ctx, ctx.t("admin-user-not-found"));
    const updated = await ban(ctx, user, false, null);
    if (updated) await reply(ctx, ctx.t("admin-unbanned", { user: userRef(updated) }));
  });

  const button = (banned: boolean) => async (ctx: Press) => {
    const user = getUser(db, Number(matched(ctx)));
    if (!user) return answer(ctx, ctx.t("admin-user-not-found"), true);
    if (user.banned === banned) {
      await answer(ctx);
    } else {
      const updated = await ban(ctx, user, banned, null);
      await answer(ctx, updated ? ctx.t(banned ? "admin-banned-short" : "admin-unbanned-short") : undefined);
    }
    const fresh = getUser(db, user.id);
    if (fresh) {
      const { text, keyboard } = card(ctx, fresh);
      await show(ctx, text, keyboard);
    }
  };
  composer.callbackQuery(idData(ACB.userBan), button(true));
  composer.callbackQuery(idData(ACB.userUnban), button(false));
  return composer;
}
