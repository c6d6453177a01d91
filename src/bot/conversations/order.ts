import { randomUUID } from "node:crypto";
import type { Conversation } from "@grammyjs/conversations";
import { GrammyError, InlineKeyboard, type Context } from "grammy";
import type { Language } from "../../config.js";
import { getCategory, getService, isBuyable, listCategories, listServices, pricing, type ServiceKind } from "../../domain/catalog.js";
import { parseTelegramLink } from "../../domain/links.js";
import { placeOrder, type PlaceResult } from "../../domain/orders.js";
import { getUser } from "../../domain/users.js";
import { escapeHtml, translator, type Translate } from "../../i18n.js";
import { formatMoney } from "../../money.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { backCancel, CB, pagedList, shorten } from "../keyboards.js";

export const ORDER_CONVERSATION = "order";

type OrderConversation = Conversation<ShopContext, Context>;

interface ServiceView {
  id: number;
  name: string;
  kind: ServiceKind;
  min: number;
  max: number;
  per1000Minor: number;
  description: string | null;
}

type Step = "category" | "service" | "link" | "quantity" | "answer" | "confirm";

/** Where to start: a fresh order, or "order again" with the service and link known. */
export interface OrderStart {
  serviceId?: number;
  link?: string;
}

/** Whole ASCII digits only ("1 000" allowed as grouping); no signs, exponents, hex or other scripts' digits. */
export function parseWholeNumber(text: string): number | null {
  const cleaned = text.trim().replace(/[ \u00a0\u202f_]/g, "");
  if (!/^[0-9]{1,15}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isSafeInteger(n) ? n : null;
}

const EXPLAINED_PANEL_ERRORS = new Set([
  "not_enough_funds",
  "bad_link",
  "quantity_below_min",
  "quantity_above_max",
  "incorrect_service",
  "answer_number_required",
  "unreachable",
]);

/** The panel's own words never reach a buyer: each known refusal has a sentence of ours. */
export function panelErrorKey(code: string): string {
  return EXPLAINED_PANEL_ERRORS.has(code) ? `panel-error-${code}` : "panel-error-other";
}

export function createOrderConversation(deps: ShopDeps) {
  const { db, config, i18n } = deps;
  const money = (minor: number, lang: Language) => formatMoney(minor, config.currency, lang);

  /** Every text of the main menu in every language: pressing one leaves the order flow. */
  const menuKeys = ["menu-order", "menu-balance", "menu-orders", "menu-help"];
  const menuLabels = new Set(i18n.locales.flatMap((l: string) => menuKeys.map((k) => i18n.t(l, k))));

  return async function order(conversation: OrderConversation, ctx: Context, start?: OrderStart): Promise<void> {
    const userId = ctx.from?.id;
    const chatId = ctx.chat?.id;
    if (userId === undefined || chatId === undefined) return;
    const lang = await conversation.external((outer) => outer.lang);
    const t: Translate = translator(i18n, lang);

    const categories = await conversation.external(() => listCategories(db).map((c) => ({ id: c.id, name: c.name })));
    if (categories.length === 0) {
      await ctx.reply(t("order-no-services"));
      return;
    }

    const loadServices = (categoryId: number) =>
      conversation.external((): ServiceView[] =>
        listServices(db, categoryId).map((s) => ({
          id: s.id,
          name: s.displayName ?? s.name,
          kind: s.kind as ServiceKind,
          min: s.min,
          max: s.max,
          per1000Minor: pricing(db, s, config.markupBp).per1000Minor,
          description: s.description,
        })),
      );

    let step: Step = "category";
    let categoryId: number | undefined;
    let categoryName = "";
    let services: ServiceView[] = [];
    let service: ServiceView | undefined;
    let link: string | undefined;
    let quantity: number | undefined;
    let answerNumber: number | undefined;
    let page = 0;
    /** The message the inline menus live in: edited in place while choosing. */
    let menuMessageId: number | undefined;

    if (start?.serviceId !== undefined) {
      const found = await conversation.external(() => {
        const s = getService(db, start.serviceId!);
        if (!s || !isBuyable(db, s)) return undefined;
        return { categoryId: s.categoryId, categoryName: getCategory(db, s.categoryId)?.name ?? "" };
      });
      if (found) {
        categoryId = found.categoryId;
        categoryName = found.categoryName;
        services = await loadServices(found.categoryId);
        service = services.find((s) => s.id === start.serviceId);
        if (service) {
          link = start.link;
          step = link && service.kind !== "package" ? "quantity" : link ? "confirm" : "link";
          if (link && service.kind === "package") quantity = 1;
        }
      }
    }

    const show = async (text: string, keyboard: InlineKeyboard, edit: boolean) => {
      if (edit && menuMessageId !== undefined) {
        try {
          await ctx.api.editMessageText(chatId, menuMessageId, text, { parse_mode: "HTML", reply_markup: keyboard });
          return;
        } catch (err) {
          if (err instanceof GrammyError && err.description.includes("not modified")) return;
          // Too old or deleted: fall back to a new message.
        }
      }
      const sent = await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
      menuMessageId = sent.message_id;
    };

    const serviceCard = (s: ServiceView) => {
      const price = money(s.per1000Minor, lang);
      const head =
        s.kind === "package"
          ? t("order-service-card-package", { service: escapeHtml(s.name), price })
          : t("order-service-card", { service: escapeHtml(s.name), price, min: s.min, max: s.max });
      return s.description ? `${head}\n\n<i>${escapeHtml(shorten(s.description, 600))}</i>` : head;
    };

    const goBack = () => {
      switch (step) {
        case "service":
          step = "category";
          break;
        case "link":
          step = "service";
          break;
        case "quantity":
          step = "link";
          break;
        case "answer":
          step = "quantity";
          break;
        case "confirm":
          step = service?.kind === "poll" ? "answer" : service?.kind === "package" ? "link" : "quantity";
          break;
        default:
          break;
      }
    };

    /** Waits for the buyer's next move. Commands and menu buttons leave the flow and are handled as usual. */
    const next = async (): Promise<{ data?: string; text?: string; other?: true }> => {
      const c = await conversation.wait();
      if (c.callbackQuery) {
        await c.answerCallbackQuery().catch(() => undefined);
        return { data: c.callbackQuery.data ?? "" };
      }
      const text = c.message?.text;
      if (text !== undefined) {
        if (text.startsWith("/") || menuLabels.has(text)) await conversation.halt({ next: true });
        return { text };
      }
      return { other: true };
    };

    /** Handles Back / Cancel. Returns "cancel" when the buyer left. */
    const common = async (input: { data?: string }): Promise<"cancel" | "back" | undefined> => {
      if (input.data === CB.orderCancel) {
        await show(t("order-cancelled"), new InlineKeyboard(), true);
        return "cancel";
      }
      if (input.data === CB.orderBack) {
        goBack();
        return "back";
      }
      return undefined;
    };

    for (;;) {
      if (step === "category") {
        const kb = pagedList(
          categories.map((c) => ({ label: shorten(c.name), data: `${CB.orderCategory}${c.id}` })),
          page,
          (p) => `${CB.orderCategoryPage}${p}`,
          t,
        ).text(t("btn-cancel"), CB.orderCancel);
        await show(t("order-choose-category"), kb, true);
        const input = await next();
        if ((await common(input)) === "cancel") return;
        if (input.data?.startsWith(CB.orderCategoryPage)) {
          page = Number(input.data.slice(CB.orderCategoryPage.length)) || 0;
        } else if (input.data?.startsWith(CB.orderCategory)) {
          const id = Number(input.data.slice(CB.orderCategory.length));
          const chosen = categories.find((c) => c.id === id);
          if (chosen) {
            categoryId = chosen.id;
            categoryName = chosen.name;
            services = await loadServices(chosen.id);
            page = 0;
            step = "service";
          }
        }
        continue;
      }

      if (step === "service") {
        const kb = pagedList(
          services.map((s) => ({
            label: shorten(`${s.name} · ${money(s.per1000Minor, lang)}`, 60),
            data: `${CB.orderService}${s.id}`,
          })),
          page,
          (p) => `${CB.orderCategoryPage}${p}`,
          t,
        ).text(t("btn-back"), CB.orderBack).text(t("btn-cancel"), CB.orderCancel);
        await show(t("order-choose-service", { category: escapeHtml(categoryName) }), kb, true);
        const input = await next();
        const c = await common(input);
        if (c === "cancel") return;
        if (c === "back") {
          page = 0;
          continue;
        }
        if (input.data?.startsWith(CB.orderCategoryPage)) {
          page = Number(input.data.slice(CB.orderCategoryPage.length)) || 0;
        } else if (input.data?.startsWith(CB.orderService)) {
          const id = Number(input.data.slice(CB.orderService.length));
          const chosen = services.find((s) => s.id === id);
          if (chosen) {
            service = chosen;
            step = "link";
          }
        }
        continue;
      }

      if (!service || categoryId === undefined) {
        step = "category";
        continue;
      }

      if (step === "link") {
        await show(`${serviceCard(service)}\n\n${t("order-ask-link")}`, backCancel(t), true);
        for (;;) {
          const input = await next();
          const c = await common(input);
          if (c === "cancel") return;
          if (c === "back") break;
          if (input.text === undefined) {
            if (input.other) await ctx.reply(t("order-send-text"));
            continue;
          }
          const parsed = parseTelegramLink(input.text);
          if (!parsed) {
            await ctx.reply(t("order-bad-link"), { reply_markup: backCancel(t) });
            continue;
          }
          link = parsed.url;
          if (service.kind === "package") {
            quantity = 1;
            step = "confirm";
          } else step = "quantity";
          menuMessageId = undefined;
          break;
        }
        continue;
      }

      if (step === "quantity") {
        const s = service;
        await show(t("order-ask-quantity", { min: s.min, max: s.max }), backCancel(t), false);
        for (;;) {
          const input = await next();
          const c = await common(input);
          if (c === "cancel") return;
          if (c === "back") break;
          if (input.text === undefined) {
            if (input.other) await ctx.reply(t("order-send-text"));
            continue;
          }
          const n = parseWholeNumber(input.text);
          const error =
            n === null ? "order-bad-quantity-nan" : n < s.min ? "order-bad-quantity-min" : n > s.max ? "order-bad-quantity-max" : null;
          if (error || n === null) {
            await ctx.reply(t(error ?? "order-bad-quantity-nan", { min: s.min, max: s.max }), { reply_markup: backCancel(t) });
            continue;
          }
          quantity = n;
          step = s.kind === "poll" ? "answer" : "confirm";
          menuMessageId = undefined;
          break;
        }
        continue;
      }

      if (step === "answer") {
        await show(t("order-ask-answer"), backCancel(t), false);
        for (;;) {
          const input = await next();
          const c = await common(input);
          if (c === "cancel") return;
          if (c === "back") break;
          if (input.text === undefined) {
            if (input.other) await ctx.reply(t("order-send-text"));
            continue;
          }
          const n = parseWholeNumber(input.text);
          if (n === null || n < 1 || n > 100) {
            await ctx.reply(t("order-bad-answer"), { reply_markup: backCancel(t) });
            continue;
          }
          answerNumber = n;
          step = "confirm";
          menuMessageId = undefined;
          break;
        }
        continue;
      }

      // step === "confirm"
      const s = service;
      const qty = quantity ?? 1;
      const quote = await conversation.external(() => {
        const row = getService(db, s.id);
        const user = getUser(db, userId);
        if (!row || !isBuyable(db, row) || !user) return undefined;
        return { priceMinor: pricing(db, row, config.markupBp).priceFor(qty), balanceMinor: user.balanceMinor };
      });
      if (!quote) {
        await ctx.reply(t("order-unavailable"));
        return;
      }
      let summary = t("order-summary", {
        service: escapeHtml(s.name),
        link: escapeHtml(link ?? ""),
        quantity: qty,
        price: money(quote.priceMinor, lang),
        balance: money(quote.balanceMinor, lang),
      });
      if (answerNumber !== undefined && s.kind === "poll") summary += `\n${t("order-summary-answer", { answer: answerNumber })}`;
      const short = quote.balanceMinor < quote.priceMinor;
      const kb = new InlineKeyboard();
      if (short) summary += `\n\n${t("order-summary-short", { price: money(quote.priceMinor, lang), balance: money(quote.balanceMinor, lang) })}`;
      else kb.text(t("btn-confirm"), CB.orderConfirm).row();
      kb.text(t("btn-back"), CB.orderBack).text(t("btn-cancel"), CB.orderCancel);
      // One token per summary shown: a second Confirm on it can never place a second order.
      const clientToken = await conversation.external(() => randomUUID());
      await show(summary, kb, false);

      let confirmed = false;
      for (;;) {
        const input = await next();
        const c = await common(input);
        if (c === "cancel") return;
        if (c === "back") break;
        if (input.data === CB.orderConfirm && !short) {
          confirmed = true;
          break;
        }
      }
      if (!confirmed) continue;

      await show(`${summary}\n\n${t("order-placing")}`, new InlineKeyboard(), true);
      const result: PlaceResult = await conversation.external(async () => {
        const r = await placeOrder(
          { db, panel: deps.panel, markupBp: config.markupBp, adminIds: config.adminIds, logger: deps.logger, now: deps.now, onNotices: deps.wakeNotices },
          {
            userId,
            serviceId: s.id,
            link: link ?? null,
            quantity: qty,
            extra: answerNumber !== undefined && s.kind === "poll" ? { answer_number: answerNumber } : {},
            clientToken,
            expectedPriceMinor: quote.priceMinor,
          },
        );
        return r;
      });
      const balanceAfter = await conversation.external(() => getUser(db, userId)?.balanceMinor ?? 0);

      switch (result.kind) {
        case "placed":
          await ctx.reply(t("order-placed", { id: result.order.id, price: money(result.order.priceMinor, lang), balance: money(balanceAfter, lang) }), {
            parse_mode: "HTML",
          });
          return;
        case "duplicate":
          await ctx.reply(t("order-duplicate", { id: result.order.id }), { parse_mode: "HTML" });
          return;
        case "insufficient_funds":
          await ctx.reply(t("order-summary-short", { price: money(result.priceMinor, lang), balance: money(result.balanceMinor, lang) }), {
            parse_mode: "HTML",
          });
          return;
        case "price_changed":
          await ctx.reply(t("order-price-changed", { price: money(result.priceMinor, lang) }), { parse_mode: "HTML" });
          continue; // show the summary again with the new price
        case "unavailable":
          await ctx.reply(t("order-unavailable"));
          return;
        case "rejected": {
          const reason = t(panelErrorKey(result.code));
          await ctx.reply(t("order-rejected", { reason, price: money(result.order.priceMinor, lang) }), { parse_mode: "HTML" });
          return;
        }
        case "unknown":
          await ctx.reply(t("order-unknown", { id: result.order.id }), { parse_mode: "HTML" });
          return;
      }
    }
  };
}
