import { Composer } from "grammy";
import type { ShopContext, ShopDeps } from "../context.js";

/**
 * Payment updates that must reach the bot even while a buyer is inside a conversation
 * (pre_checkout_query must be answered within 10 s; successful_payment must never be swallowed).
 * Installed before the conversations.
 */
export function paymentsEarlyFeature(_deps: ShopDeps): Composer<ShopContext> {
  return new Composer<ShopContext>();
}

/** /topup, receipts, referrals and promo codes. */
export function paymentsFeature(_deps: ShopDeps): Composer<ShopContext> {
  return new Composer<ShopContext>();
}
