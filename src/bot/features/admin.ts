import { Composer, type Api } from "grammy";
import { storedLanguage } from "../../domain/users.js";
import { describeError } from "../../domain/orders.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../context.js";
import { auditAdmin } from "./admin/audit.js";
import { broadcastAdmin } from "./admin/broadcast.js";
import { catalogAdmin } from "./admin/catalog.js";
import { inputConsumer, inputGuard } from "./admin/input.js";
import { ADMIN_COMMANDS, menuAdmin, OTHER_ADMIN_COMMANDS } from "./admin/menu.js";
import { moneyAdmin } from "./admin/money.js";
import { ordersAdmin } from "./admin/orders.js";
import { figuresAdmin } from "./admin/panel.js";
import { peopleAdmin } from "./admin/people.js";

/**
 * The admin console (issue 4). The filter lets only ADMIN_IDS through, and it runs on every update,
 * buttons included: callback data never carries authority, and every handler re-reads what it acts
 * on from the database. For anyone else these updates fall through to the unknown-command and
 * stale-button answers, exactly like a command or button that does not exist.
 *
 * Installed before the conversations (src/bot/index.ts), so admin commands and buttons work while the
 * admin is half-way through an order.
 */
export function adminFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const admin = composer.chatType("private").filter((ctx) => isAdmin(deps, ctx.from?.id));

  admin.use(inputGuard(deps));
  admin.use(menuAdmin(deps));
  admin.use(moneyAdmin(deps));
  admin.use(peopleAdmin(deps));
  admin.use(ordersAdmin(deps));
  admin.use(catalogAdmin(deps));
  admin.use(figuresAdmin(deps));
  admin.use(broadcastAdmin(deps));
  admin.use(auditAdmin(deps));
  // An admin button this version no longer knows: answered like any stale button.
  admin.callbackQuery(/^adm:/, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("stale-button") });
  });
  admin.use(inputConsumer(deps));
  return composer;
}

/**
 * Shows each admin the admin commands in their own chat's command menu (scope: that chat only, so
 * nobody else learns they exist), followed by the buyers' commands as registered for everyone (a
 * chat scope replaces the default list). Call after the default commands are set. A failure is
 * logged, never fatal.
 */
export async function registerAdminCommands(api: Api, deps: Pick<ShopDeps, "config" | "db" | "i18n" | "logger">): Promise<void> {
  for (const adminId of deps.config.adminIds) {
    const stored = storedLanguage(deps.db, adminId);
    const lang = stored && deps.i18n.locales.includes(stored) ? stored : deps.config.defaultLanguage;
    const own = [...ADMIN_COMMANDS, ...OTHER_ADMIN_COMMANDS].map((command) => ({ command, description: deps.i18n.t(lang, `admin-cmd-${command}`) }));
    try {
      let everyone = await api.getMyCommands({ language_code: lang });
      if (everyone.length === 0) everyone = await api.getMyCommands();
      const commands = [...own, ...everyone.filter((c) => !own.some((o) => o.command === c.command))].slice(0, 100);
      await api.setMyCommands(commands, { scope: { type: "chat", chat_id: adminId } });
    } catch (err) {
      deps.logger.warn({ adminId, err: describeError(err) }, "could not register admin commands (has the admin started the bot?)");
    }
  }
}
