import { GrammyError, type Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import type { Config, Language } from "../config.js";
import type { Db } from "../db/client.js";
import type { DeliveryResult, Notice } from "../domain/notifications.js";
import { getOrder } from "../domain/orders.js";
import { storedLanguage } from "../domain/users.js";
import { escapeHtml, translator } from "../i18n.js";
import { isPaymentNotice, paymentNoticeMarkup, renderPaymentNotice } from "./payment-notices.js";
import { formatMoney } from "../money.js";
import { users } from "../db/schema.js";
import { eq } from "drizzle-orm";
import type { Logger } from "../logger.js";

/** Renders a queued notice in the reader's language at the moment it is sent. */
export function renderNotice(db: Db, i18n: I18n<any>, config: Config, lang: Language, notice: Notice): string {
  if (isPaymentNotice(notice)) return renderPaymentNotice(db, i18n, config, lang, notice);
  const t = translator(i18n, lang);
  const money = (m: number) => formatMoney(m, config.currency, lang);
  switch (notice.kind) {
    case "order_status": {
      const service = escapeHtml(getOrder(db, notice.orderId)?.serviceName ?? "");
      const remains = notice.remains === null ? "?" : Math.max(0, notice.remains);
      return t(`notice-${notice.status}`, { id: String(notice.orderId), service, refund: money(notice.refundMinor), remains });
    }
    case "credited":
      return t("credited", { amount: money(notice.amountMinor), balance: money(notice.balanceMinor) });
    case "debited":
      return t("debited", { amount: money(notice.amountMinor), balance: money(notice.balanceMinor) });
    case "admin_unknown_order":
      return t("admin-unknown-order", { id: String(notice.orderId), user: String(notice.userId) });
    case "admin_stuck_order":
      return t("admin-stuck-order", { id: String(notice.orderId), days: notice.days });
    case "admin_text":
      return escapeHtml(notice.text);
    case "admin_orders_paused":
      return t(notice.reason === "low_balance" ? "admin-orders-paused-low" : "admin-orders-paused-funds");
    case "admin_orders_resumed":
      return t("admin-orders-resumed");
    case "order_resolved_placed":
      return t("notice-resolved-placed", { id: String(notice.orderId) });
    case "order_resolved_refunded":
      return t("notice-resolved-refunded", { id: String(notice.orderId), refund: money(notice.refundMinor) });
    case "refill_status":
      return t(`notice-refill-${notice.status}`, { id: String(notice.orderId) });
  }
}

/** Sends one notice; a user who blocked the bot is marked and not retried. */
export function noticeDeliverer(deps: { db: Db; i18n: I18n<any>; config: Config; api: Api; logger: Logger }) {
  return async (chatId: number, notice: Notice): Promise<DeliveryResult> => {
    const lang = storedLanguage(deps.db, chatId) ?? deps.config.defaultLanguage;
    const text = renderNotice(deps.db, deps.i18n, deps.config, lang, notice);
    try {
      const markup = paymentNoticeMarkup(deps.i18n, lang, notice);
      await deps.api.sendMessage(chatId, text, { parse_mode: "HTML", ...(markup ? { reply_markup: markup } : {}) });
      return "sent";
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 403 || (err.error_code === 400 && /chat not found/i.test(err.description)))) {
        deps.db.update(users).set({ blockedBot: true }).where(eq(users.id, chatId)).run();
        deps.logger.info({ chatId }, "user blocked the bot; notice dropped");
        return "blocked";
      }
      throw err;
    }
  };
}
