import { Composer } from "grammy";
import { AlreadyAppliedError, adminAdjust } from "../../../domain/admin.js";
import { InsufficientFundsError, UnknownUserError } from "../../../domain/ledger.js";
import { findUser } from "../../../domain/users.js";
import { parseAmountInput } from "../../../money.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { adminId, args, money, reply, userRef } from "./common.js";

/** /credit and /debit <user> <amount> [note]: ledgered with the admin's id and note; the user is told. */
export function moneyAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();

  const adjust = (direction: "credit" | "debit") => async (ctx: ShopContext) => {
    const [ref, amountText, ...noteParts] = args(ctx.match);
    if (!ref || !amountText) return reply(ctx, ctx.t(`admin-usage-${direction}`));
    const user = findUser(deps.db, ref);
    if (!user) return reply(ctx, ctx.t("admin-user-not-found"));
    const amountMinor = parseAmountInput(amountText);
    if (amountMinor === null) return reply(ctx, ctx.t("admin-bad-amount"));
    const note = noteParts.join(" ").slice(0, 200) || null;
    const admin = adminId(ctx);
    let balance: number;
    try {
      balance = adminAdjust(deps.db, { userId: user.id, amountMinor, direction, adminId: admin, note, now: deps.now(), updateId: ctx.update.update_id });
    } catch (err) {
      if (err instanceof AlreadyAppliedError) return; // answered the first time
      if (err instanceof InsufficientFundsError) {
        return reply(ctx, ctx.t("admin-debit-refused", { amount: money(deps, ctx, amountMinor), user: userRef(user), balance: money(deps, ctx, err.balanceMinor) }));
      }
      if (err instanceof UnknownUserError) return reply(ctx, ctx.t("admin-user-not-found"));
      throw err;
    }
    deps.wakeNotices();
    ctx.logger.info({ adminId: admin, userId: user.id, amountMinor, direction }, `admin ${direction}`);
    await reply(
      ctx,
      ctx.t(direction === "credit" ? "admin-credited" : "admin-debited", {
        amount: money(deps, ctx, amountMinor),
        user: userRef(user),
        balance: money(deps, ctx, balance),
      }),
    );
  };

  composer.command("credit", adjust("credit"));
  composer.command("debit", adjust("debit"));
  return composer;
}
