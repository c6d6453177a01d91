import { InlineKeyboard } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import type { Config, Language } from "../config.js";
import type { Db } from "../db/client.js";
import type { Notice } from "../domain/notifications.js";
import { getUser } from "../domain/users.js";
import { escapeHtml, translator } from "../i18n.js";
import { formatMoney } from "../money.js";

export const PAYMENT_NOTICE_KINDS = ["payment_credited", "receipt_approved", "receipt_rejected", "referral_bonus", "referral_clawback", "stars_refunded", "card_refunded", "admin_payment"] as const;
export type PaymentNotice = Extract<Notice, { kind: (typeof PAYMENT_NOTICE_KINDS)[number] }>;

export function isPaymentNotice(n: Notice): n is PaymentNotice {
  return (PAYMENT_NOTICE_KINDS as readonly string[]).includes(n.kind);
}

/** Callback data of the Refund button on an admin's payment notice: pay:rf:<payment id>. */
export const REFUND_ASK_PREFIX = "pay:rf:";

/** "Name (@user, 123)" for admins, escaped for HTML. */
export function describeUser(db: Db, userId: number): string {
  const u = getUser(db, userId);
  if (!u) return `<code>${userId}</code>`;
  const handle = u.username ? `, @${escapeHtml(u.username)}` : "";
  return `${escapeHtml(u.firstName || "?")} (<code>${userId}</code>${handle})`;
}

/** A sum in the currency it was paid in: Stars whole, others in the shop's money format. */
export function formatPaid(totalAmount: number, currency: string, lang: Language): string {
  return currency === "XTR" ? `${totalAmount} ⭐` : formatMoney(totalAmount, currency, lang);
}

export function renderPaymentNotice(db: Db, i18n: I18n<any>, config: Config, lang: Language, n: PaymentNotice): string {
  const t = translator(i18n, lang);
  const money = (m: number) => formatMoney(m, config.currency, lang);
  switch (n.kind) {
    case "payment_credited":
      return t("notice-payment-credited", { amount: money(n.amountMinor), balance: money(n.balanceMinor) });
    case "receipt_approved":
      return t("notice-receipt-approved", { id: String(n.requestId), amount: money(n.amountMinor), balance: money(n.balanceMinor) });
    case "receipt_rejected":
      return t("notice-receipt-rejected", { id: String(n.requestId), amount: money(n.amountMinor), reason: escapeHtml(n.reason || "—") });
    case "referral_bonus":
      return t("notice-referral-bonus", { amount: money(n.amountMinor), balance: money(n.balanceMinor) });
    case "referral_clawback":
      return t("notice-referral-clawback", { amount: money(n.amountMinor), balance: money(n.balanceMinor) });
    case "stars_refunded":
      return t("notice-stars-refunded", { stars: n.stars, amount: money(n.amountMinor), balance: money(n.balanceMinor) });
    case "card_refunded":
      return t("notice-card-refunded", { id: String(n.paymentId), amount: money(n.amountMinor), balance: money(n.balanceMinor) });
    case "admin_payment": {
      const vars = {
        id: String(n.paymentId),
        user: describeUser(db, n.userId),
        paid: formatPaid(n.totalAmount, n.currency, lang),
        credited: money(n.creditedMinor),
        charge: escapeHtml(n.chargeId),
      };
      return n.creditedMinor > 0 ? t("notice-admin-payment", vars) : t("notice-admin-payment-uncredited", vars);
    }
  }
}

/** Buttons sent with a notice, if any (the Refund button on a payment, for admins). */
export function paymentNoticeMarkup(i18n: I18n<any>, lang: Language, n: Notice): InlineKeyboard | undefined {
  if (n.kind === "admin_payment") {
    return new InlineKeyboard().text(i18n.t(lang, "btn-refund"), `${REFUND_ASK_PREFIX}${n.paymentId}`);
  }
  return undefined;
}
