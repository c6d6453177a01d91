import type { Middleware } from "grammy";
import { clearAdminInput, getAdminInput } from "../../../domain/admin.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { broadcastInput } from "./broadcast.js";
import { cancelKeyboard, catalogInput } from "./catalog.js";
import { reply } from "./common.js";
import { mainMenuLabels } from "../../keyboards.js";

/**
 * "Reply with a value" prompts (a service's price, markup or name; a category's markup; the broadcast
 * message). The prompt is kept in the database per admin. It is dropped when the admin turns to
 * something else: any command, a main-menu button, a button that is not an admin one (an order being
 * placed); and after ADMIN_INPUT_TTL_MS. Runs first among the admin middleware.
 */
export function inputGuard(deps: ShopDeps): Middleware<ShopContext> {
  const menuLabels = mainMenuLabels(deps.i18n);
  return async (ctx, next) => {
    const id = ctx.from?.id;
    const text = ctx.message?.text;
    const data = ctx.callbackQuery?.data;
    const elsewhere =
      (text !== undefined && (text.startsWith("/") || menuLabels.has(text))) || (ctx.callbackQuery !== undefined && !data?.startsWith("adm:"));
    if (id !== undefined && elsewhere) clearAdminInput(deps.db, id);
    await next();
  };
}

/** Takes the admin's next message as the value a prompt asked for. Runs last among the admin middleware. */
export function inputConsumer(deps: ShopDeps): Middleware<ShopContext> {
  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (!ctx.message || id === undefined) return next();
    const input = getAdminInput(deps.db, id, deps.now());
    if (!input) return next();
    if (input.kind === "broadcast") {
      await broadcastInput(deps, ctx);
      return;
    }
    const text = ctx.message.text;
    if (text === undefined) {
      await reply(ctx, ctx.t("admin-send-text"), cancelKeyboard(ctx));
      return;
    }
    if (await catalogInput(deps, ctx, input, text)) clearAdminInput(deps.db, id);
  };
}
