import type { I18n } from "@grammyjs/i18n";
import { InlineKeyboard, Keyboard } from "grammy";
import type { Translate } from "../i18n.js";

// Callback-data prefixes. Callback data comes from the client: it selects, it never authorises.
export const CB = {
  /** inside the order conversation */
  orderCategory: "o:c:", // o:c:<categoryId>
  orderCategoryPage: "o:cp:", // o:cp:<page>
  orderService: "o:s:", // o:s:<serviceId>
  orderBack: "o:b",
  orderCancel: "o:x",
  orderConfirm: "o:ok",
  orderSkip: "o:skip",
  /** the /orders list and order cards */
  ordersPage: "ol:", // ol:<page>
  orderCard: "oc:", // oc:<orderId>
  orderRefresh: "or:",
  orderCancelRequest: "ox:",
  orderRefill: "of:",
  orderAgain: "oa:",
  /** /lang */
  language: "lang:", // lang:<code>
} as const;

export const PAGE_SIZE = 8;

/** The main menu's buttons, two to a row. */
const MAIN_MENU_KEYS = ["menu-order", "menu-balance", "menu-orders", "menu-help", "menu-language"] as const;

export function mainMenu(t: Translate): Keyboard {
  const kb = new Keyboard();
  MAIN_MENU_KEYS.forEach((key, i) => {
    kb.text(t(key));
    if (i % 2 === 1) kb.row();
  });
  return kb.resized().persistent();
}

/** Every main-menu label in every language: pressing one leaves whatever the user was typing into. */
export function mainMenuLabels(i18n: I18n<any>): Set<string> {
  return new Set(i18n.locales.flatMap((l: string) => MAIN_MENU_KEYS.map((k) => i18n.t(l, k))));
}

/**
 * Buttons for one page of `items`, with ◀️ ▶️ when there are more pages. `button` runs only for the
 * items on the page shown (a service's button prices it).
 */
export function pagedList<T>(
  items: readonly T[],
  button: (item: T) => { label: string; data: string },
  page: number,
  pageData: (page: number) => string,
  t: Translate,
): InlineKeyboard {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const kb = new InlineKeyboard();
  for (const item of items.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)) {
    const { label, data } = button(item);
    kb.text(label, data).row();
  }
  if (pages > 1) {
    if (current > 0) kb.text(t("btn-prev"), pageData(current - 1));
    kb.text(`${current + 1}/${pages}`, pageData(current));
    if (current < pages - 1) kb.text(t("btn-next"), pageData(current + 1));
    kb.row();
  }
  return kb;
}

/** Button labels are plain text; keep them short enough to read on a phone. */
export function shorten(text: string, max = 48): string {
  const chars = Array.from(text); // code points: an emoji is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
