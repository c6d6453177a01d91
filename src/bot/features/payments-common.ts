import { GrammyError, InlineKeyboard } from "grammy";
import type { Db } from "../../db/client.js";
import { providerEnabled, type PaymentsConfig } from "../../domain/payments.js";
import { getUser } from "../../domain/users.js";
import type { Translate } from "../../i18n.js";
import type { ShopDeps } from "../context.js";
import { REFUND_ASK_PREFIX } from "../payment-notices.js";

/**
 * Callback data of the money-in features. Data comes from the client: it only says which button was
 * pressed; every handler re-checks who pressed it (isAdmin) and the state in the database.
 */
export const PAY = {
  menu: "pay:top",
  stars: "pay:s:", // pay:s:<stars> | pay:s:x (another amount)
  provider: "pay:p",
  receipt: "pay:r",
  leave: "pay:x",
  approve: "pay:ra:", // pay:ra:<request id>
  adjust: "pay:rj:",
  reject: "pay:rx:",
  promptLeave: "pay:rn:",
  open: "pay:ro:",
  refundAsk: REFUND_ASK_PREFIX, // pay:rf:<payment id>, the button on an admin's payment notice
  refundDo: "pay:rfy:",
} as const;

/** Telegram caps one Stars invoice; a custom amount above this is refused before asking Telegram. */
export const MAX_CUSTOM_STARS = 10_000;

export function paymentsConfig(deps: ShopDeps): PaymentsConfig {
  const c = deps.config;
  return {
    starsRateMinor: c.starsRateMinor,
    paymentProviderToken: c.paymentProviderToken,
    paymentCurrency: c.paymentCurrency,
    currency: c.currency,
    referralBp: c.referralBp,
    adminIds: c.adminIds,
  };
}

export function maxStars(deps: ShopDeps): number {
  return Math.max(MAX_CUSTOM_STARS, ...deps.config.starsPresets);
}

export function anyTopupMethod(deps: ShopDeps): boolean {
  return deps.config.starsRateMinor !== null || providerEnabled(paymentsConfig(deps)) || deps.config.topupInstructions !== null;
}

/** The inline "Top up" button shown beside a balance, when some way to top up is on. */
export function topupKeyboard(deps: ShopDeps, t: Translate): InlineKeyboard | undefined {
  return anyTopupMethod(deps) ? new InlineKeyboard().text(t("btn-topup"), PAY.menu) : undefined;
}

/** "Name (@user, 123)" as plain text (toasts, admin_text notices). */
export function userPlain(db: Db, userId: number): string {
  const u = getUser(db, userId);
  if (!u) return String(userId);
  return `${u.firstName || "?"} (${u.username ? `@${u.username}, ` : ""}${userId})`;
}

/** Whole ASCII digits, "1 000" grouping allowed. */
export function parseWhole(text: string): number | null {
  const cleaned = text.trim().replace(/[ \u00a0\u202f_]/g, "");
  if (!/^[0-9]{1,9}$/.test(cleaned)) return null;
  return Number(cleaned);
}

export { formatBasisPoints as percentText } from "../../money.js";

export function describeApiError(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  return err instanceof Error ? err.message : String(err);
}
