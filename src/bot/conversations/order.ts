import { randomUUID } from "node:crypto";
import type { Conversation } from "@grammyjs/conversations";
import { GrammyError, InlineKeyboard, type Context } from "grammy";
import type { Language } from "../../config.js";
import { getService, isBuyable, listCategories, listServices, pricing, type ServiceKind } from "../../domain/catalog.js";
import { pauseState } from "../../domain/guard.js";
import { searchServices } from "../../domain/search.js";
import { fieldsFor, isAsked, parseField, SKIPPABLE, type Answers, type FieldName, type FieldService } from "../../domain/order-fields.js";
import { placeOrder, quoteMinor, type PlaceResult } from "../../domain/orders.js";
import { getUser } from "../../domain/users.js";
import { escapeHtml, translator, type Translate } from "../../i18n.js";
import { formatMoney } from "../../money.js";
import type { ShopContext, ShopDeps } from "../context.js";
import { CB, mainMenuLabels, pagedList, shorten } from "../keyboards.js";

export const ORDER_CONVERSATION = "order";

type OrderConversation = Conversation<ShopContext, Context>;

interface ServiceView extends FieldService {
  id: number;
  categoryId: number;
  name: string;
  per1000Minor: number;
  refill: boolean;
  cancel: boolean;
  description: string | null;
}

/** Where to start: a fresh order, or "order again" with the service and link known. */
export interface OrderStart {
  serviceId?: number;
  link?: string;
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

/** What the summary shows for each answer. */
const SUMMARY_LABEL: Record<FieldName, string> = {
  link: "sum-link",
  quantity: "sum-quantity",
  runs: "sum-runs",
  interval: "sum-interval",
  comments: "sum-comments",
  usernames: "sum-usernames",
  username: "sum-username",
  hashtag: "sum-hashtag",
  answer_number: "sum-answer",
  groups: "sum-groups",
  sub_username: "sum-username",
  sub_min: "sum-sub-min",
  sub_max: "sum-sub-max",
  posts: "sum-posts",
  delay: "sum-delay",
  expiry: "sum-expiry",
};

export function createOrderConversation(deps: ShopDeps) {
  const { db, config, i18n } = deps;
  const money = (minor: number, lang: Language) => formatMoney(minor, config.currency, lang);

  /** Pressing a main-menu button leaves the order flow. */
  const menuLabels = mainMenuLabels(i18n);

  const view = (s: NonNullable<ReturnType<typeof getService>>): ServiceView => ({
    id: s.id,
    categoryId: s.categoryId,
    name: s.displayName ?? s.name,
    kind: s.kind as ServiceKind,
    min: s.min,
    max: s.max,
    dripfeed: s.dripfeed,
    refill: s.refill,
    cancel: s.cancel,
    per1000Minor: pricing(db, s, config.markupBp).per1000Minor,
    // Shown cut to 600 characters (serviceCard); kept so, since it travels in the conversation state.
    description: s.description && shorten(s.description, 600),
  });

  /** Where the service list comes from: a category, or words the buyer typed. Read live, never stored. */
  type ServiceSource = { categoryId: number } | { query: string };
  const loadList = (source: ServiceSource) =>
    "categoryId" in source ? listServices(db, source.categoryId) : searchServices(db, source.query);

  return async function order(conversation: OrderConversation, ctx: Context, start?: OrderStart): Promise<void> {
    const userId = ctx.from?.id;
    const chatId = ctx.chat?.id;
    if (userId === undefined || chatId === undefined) return;

    // Conversations v2 replays this function from the top on every update. So that a replay stays
    // cheap, each screen is rendered and sent inside one `external`: a replay neither renders it again
    // nor carries Telegram's answer in the stored state, only the message id it needs. Telegram is only
    // ever called through the outer context there (`outer.api`, with auto-retry), never `ctx.api`.
    const opening = await conversation.external((outer) => {
      const paused = pauseState(db) !== null;
      return {
        lang: outer.lang,
        paused,
        categories: paused ? [] : listCategories(db).map((c) => ({ id: c.id, name: c.name })),
      };
    });
    const lang = opening.lang;
    const t: Translate = translator(i18n, lang);
    const categories = opening.categories;

    /** A message that is not a menu: sent once, never edited. */
    const say = (render: () => string, opts: { html?: boolean; keyboard?: InlineKeyboard } = {}) =>
      conversation.external(async (outer) => {
        await outer.api.sendMessage(chatId, render(), {
          ...(opts.html ? { parse_mode: "HTML" as const } : {}),
          ...(opts.keyboard ? { reply_markup: opts.keyboard } : {}),
        });
      });

    if (opening.paused) {
      await say(() => t("order-paused"));
      return;
    }
    if (categories.length === 0) {
      await say(() => t("order-no-services"));
      return;
    }

    type Screen = "category" | "service" | "fields" | "confirm";
    let screen = "category" as Screen;
    let categoryName = "";
    let source: ServiceSource | undefined;
    let service: ServiceView | undefined;
    let fields: FieldName[] = [];
    let fieldIndex = 0;
    let answers: Answers = {};
    let page = 0;
    /** The message the inline menus live in: edited in place while choosing. */
    let menuMessageId: number | undefined;

    const chooseService = (s: ServiceView) => {
      service = s;
      fields = fieldsFor(s);
      fieldIndex = 0;
      answers = {};
      screen = "fields";
    };

    if (start?.serviceId !== undefined) {
      const found = await conversation.external(() => {
        const s = getService(db, start.serviceId!);
        return s && isBuyable(db, s) ? view(s) : undefined;
      });
      if (found) {
        chooseService(found);
        if (start.link && fields[0] === "link") {
          answers.link = start.link;
          fieldIndex = 1;
          menuMessageId = undefined;
        }
        if (fieldIndex >= fields.length) screen = "confirm";
      }
    }

    /** Shows a menu screen: edits the current menu message when `edit`, else sends a new one. */
    const show = async (render: () => { text: string; keyboard: InlineKeyboard }, edit: boolean) => {
      const target = edit ? menuMessageId : undefined;
      menuMessageId = await conversation.external(async (outer) => {
        const { text, keyboard } = render();
        const other = { parse_mode: "HTML" as const, reply_markup: keyboard };
        if (target !== undefined) {
          try {
            await outer.api.editMessageText(chatId, target, text, other);
            return target;
          } catch (err) {
            if (err instanceof GrammyError && err.description.includes("not modified")) return target;
            // Too old or deleted: fall back to a new message.
          }
        }
        return (await outer.api.sendMessage(chatId, text, other)).message_id;
      });
    };

    const serviceCard = (s: ServiceView) => {
      const price = money(s.per1000Minor, lang);
      const lines = [
        s.kind === "package" || s.kind === "custom_comments_package"
          ? t("card-service-package", { service: escapeHtml(s.name), price })
          : t("card-service", { service: escapeHtml(s.name), price, min: s.min, max: s.max }),
      ];
      lines.push(t(s.refill ? "card-refill-yes" : "card-refill-no"), t(s.cancel ? "card-cancel-yes" : "card-cancel-no"));
      if (s.dripfeed) lines.push(t("card-dripfeed"));
      if (s.description) lines.push("", `<i>${escapeHtml(shorten(s.description, 600))}</i>`);
      return lines.join("\n");
    };

    const fieldKeyboard = (field: FieldName) => {
      const kb = new InlineKeyboard();
      if (SKIPPABLE.has(field)) kb.text(t(`skip-${field}`), CB.orderSkip).row();
      return kb.text(t("btn-back"), CB.orderBack).text(t("btn-cancel"), CB.orderCancel);
    };

    /**
     * Waits for the buyer's next move. Commands and menu buttons leave the flow and are handled as usual.
     * A button that `isStale` refuses (pressed on an older message) is answered as stale and ignored.
     */
    const next = async (
      isStale?: (data: string, messageId: number | undefined) => boolean,
    ): Promise<{ data?: string; text?: string; other?: true }> => {
      for (;;) {
        const c = await conversation.wait();
        if (c.callbackQuery) {
          const data = c.callbackQuery.data ?? "";
          // A button from elsewhere (an order card, a top-up): leave the flow and let it be handled.
          if (!data.startsWith("o:")) await conversation.halt({ next: true });
          const stale = isStale?.(data, c.callbackQuery.message?.message_id) ?? false;
          // `outer` is this very button press: the update being handled when the replay reaches here.
          await conversation.external((outer) => outer.answerCallbackQuery(stale ? { text: t("stale-button") } : {}).catch(() => undefined));
          if (stale) continue;
          return { data };
        }
        const text = c.message?.text;
        if (text !== undefined) {
          if (text.startsWith("/") || menuLabels.has(text)) await conversation.halt({ next: true });
          return { text };
        }
        return { other: true };
      }
    };

    const cancelled = async (input: { data?: string }) => {
      if (input.data !== CB.orderCancel) return false;
      await show(() => ({ text: t("order-cancelled"), keyboard: new InlineKeyboard() }), true);
      return true;
    };

    /** Moves to the previous question that applies, or back to the service list. */
    const back = () => {
      for (fieldIndex--; fieldIndex >= 0 && !isAsked(fields[fieldIndex]!, answers); fieldIndex--);
      if (fieldIndex < 0) {
        screen = "service";
        page = 0;
      } else screen = "fields";
    };

    for (;;) {
      if (screen === "category") {
        const shownPage = page;
        await show(
          () => ({
            text: `${t("order-choose-category")}\n${t("search-hint")}`,
            keyboard: pagedList(
              categories,
              (c) => ({ label: shorten(c.name), data: `${CB.orderCategory}${c.id}` }),
              shownPage,
              (p) => `${CB.orderCategoryPage}${p}`,
              t,
            ).text(t("btn-cancel"), CB.orderCancel),
          }),
          true,
        );
        const input = await next();
        if (await cancelled(input)) return;
        if (input.text !== undefined) {
          // Typed words search the whole catalogue ("views", "obunachi", "просмотры").
          const query = input.text.trim().slice(0, 100);
          const found = await conversation.external(() => searchServices(db, query).length);
          if (found === 0) {
            await say(() => t("search-nothing", { query: escapeHtml(query) }), { html: true });
            menuMessageId = undefined;
            continue;
          }
          source = { query };
          categoryName = t("search-results", { query: query });
          page = 0;
          screen = "service";
          menuMessageId = undefined;
          continue;
        }
        if (input.data?.startsWith(CB.orderCategoryPage)) {
          page = Number(input.data.slice(CB.orderCategoryPage.length)) || 0;
        } else if (input.data?.startsWith(CB.orderCategory)) {
          const chosen = categories.find((c) => c.id === Number(input.data!.slice(CB.orderCategory.length)));
          if (chosen) {
            categoryName = chosen.name;
            source = { categoryId: chosen.id };
            page = 0;
            screen = "service";
          }
        }
        continue;
      }

      if (screen === "service") {
        if (source === undefined && service) {
          // "Order again" went back from its first question: the service's own category.
          const categoryId = service.categoryId;
          source = { categoryId };
          categoryName = categories.find((c) => c.id === categoryId)?.name ?? "";
        }
        if (source === undefined) {
          screen = "category";
          continue;
        }
        const listed = source;
        const shownPage = page;
        const shownCategory = categoryName;
        await show(
          () => ({
            text: t("order-choose-service", { category: escapeHtml(shownCategory) }),
            keyboard: pagedList(
              loadList(listed),
              (row) => {
                const s = view(row);
                return { label: shorten(`${s.name} · ${money(s.per1000Minor, lang)}`, 60), data: `${CB.orderService}${s.id}` };
              },
              shownPage,
              (p) => `${CB.orderCategoryPage}${p}`,
              t,
            )
              .text(t("btn-back"), CB.orderBack)
              .text(t("btn-cancel"), CB.orderCancel),
          }),
          true,
        );
        const input = await next();
        if (await cancelled(input)) return;
        if (input.data === CB.orderBack) {
          screen = "category";
          page = 0;
        } else if (input.data?.startsWith(CB.orderCategoryPage)) {
          page = Number(input.data.slice(CB.orderCategoryPage.length)) || 0;
        } else if (input.data?.startsWith(CB.orderService)) {
          const id = Number(input.data.slice(CB.orderService.length));
          // Only a service of the list shown counts (a button of another list is ignored).
          const chosen = await conversation.external(() => {
            const row = loadList(listed).find((x) => x.id === id);
            return row ? view(row) : undefined;
          });
          if (chosen) chooseService(chosen);
        }
        continue;
      }

      if (!service) {
        screen = "category";
        continue;
      }
      const s = service;

      if (screen === "fields") {
        if (fieldIndex >= fields.length) {
          screen = "confirm";
          continue;
        }
        const field = fields[fieldIndex]!;
        if (!isAsked(field, answers)) {
          fieldIndex++;
          continue;
        }
        const prompt = () => t(`ask-${field}`, { min: s.min, max: s.max });
        // The first question shares the message with the service card; later ones are new messages.
        if (fieldIndex === 0) await show(() => ({ text: `${serviceCard(s)}\n\n${prompt()}`, keyboard: fieldKeyboard(field) }), true);
        else await show(() => ({ text: prompt(), keyboard: fieldKeyboard(field) }), false);
        for (;;) {
          const input = await next();
          if (await cancelled(input)) return;
          if (input.data === CB.orderBack) {
            back();
            break;
          }
          if (input.data === CB.orderSkip && SKIPPABLE.has(field)) {
            answers = { ...answers, [field]: null };
            fieldIndex++;
            menuMessageId = undefined;
            break;
          }
          if (input.text === undefined) {
            if (input.other) await say(() => t("order-send-text"));
            continue;
          }
          const now = await conversation.now();
          const parsed = parseField(field, input.text, s, answers, now);
          if (!parsed.ok) {
            // Some refusals quote the buyer's own text back: escape it, or "<b>" in it breaks the HTML reply.
            const refusal = parsed;
            await say(
              () => {
                const vars = refusal.vars && Object.fromEntries(Object.entries(refusal.vars).map(([k, v]) => [k, typeof v === "string" ? escapeHtml(v) : v]));
                return t(refusal.error, vars);
              },
              { html: true, keyboard: fieldKeyboard(field) },
            );
            continue;
          }
          answers = { ...answers, [field]: parsed.value };
          fieldIndex++;
          menuMessageId = undefined;
          break;
        }
        continue;
      }

      // screen === "confirm"
      const quoted = answers;
      const quote = await conversation.external(() => {
        const row = getService(db, s.id);
        const user = getUser(db, userId);
        if (!row || !isBuyable(db, row) || !user) return undefined;
        return {
          priceMinor: quoteMinor(db, row, quoted, config.markupBp),
          balanceMinor: user.balanceMinor,
          // One token per summary shown: a second Confirm on it can never place a second order.
          clientToken: randomUUID(),
        };
      });
      if (!quote) {
        await say(() => t("order-unavailable"));
        return;
      }
      const short = quote.balanceMinor < quote.priceMinor;
      const summary = () => {
        const lines = [t("order-summary-title"), t("sum-service", { service: escapeHtml(s.name) })];
        for (const f of fields) {
          const v = quoted[f];
          if (v === undefined || v === null) continue;
          const shown = typeof v === "string" && v.includes("\n") ? `\n${escapeHtml(shorten(v, 700))}` : escapeHtml(String(v));
          lines.push(t(SUMMARY_LABEL[f], { value: shown }));
        }
        lines.push(t("sum-total", { price: money(quote.priceMinor, lang) }), t("sum-balance", { balance: money(quote.balanceMinor, lang) }));
        const text = lines.join("\n");
        return short ? `${text}\n\n${t("order-summary-short", { price: money(quote.priceMinor, lang), balance: money(quote.balanceMinor, lang) })}` : text;
      };
      await show(() => {
        const kb = new InlineKeyboard();
        if (!short) kb.text(t("btn-confirm"), CB.orderConfirm).row();
        kb.text(t("btn-back"), CB.orderBack).text(t("btn-cancel"), CB.orderCancel);
        return { text: summary(), keyboard: kb };
      }, false);
      // Confirm counts only on this summary: an older one (before Back, or of a cancelled order) may show
      // another price and quantity, and must not place this order.
      const summaryMessageId = menuMessageId;

      let confirmed = false;
      for (;;) {
        const input = await next((data, messageId) => data === CB.orderConfirm && messageId !== summaryMessageId);
        if (await cancelled(input)) return;
        if (input.data === CB.orderBack) {
          fieldIndex = fields.length;
          back();
          menuMessageId = undefined;
          break;
        }
        if (input.data === CB.orderConfirm && !short) {
          confirmed = true;
          break;
        }
      }
      if (!confirmed) continue;

      await show(() => ({ text: `${summary()}\n\n${t("order-placing")}`, keyboard: new InlineKeyboard() }), true);
      const { result, balanceAfter } = await conversation.external(async (outer) => {
        const place = () =>
          placeOrder(
            { db, panel: deps.panel, markupBp: config.markupBp, adminIds: config.adminIds, logger: outer.logger, now: deps.now, onNotices: deps.wakeNotices },
            { userId, serviceId: s.id, answers: quoted, clientToken: quote.clientToken, expectedPriceMinor: quote.priceMinor },
          );
        // The panel may take seconds: its slot goes to the next buyer meanwhile.
        const placed: PlaceResult = outer.slot ? await outer.slot.whileWaiting(place) : await place();
        return { result: placed, balanceAfter: getUser(db, userId)?.balanceMinor ?? 0 };
      });
      const html = { html: true };

      switch (result.kind) {
        case "placed":
          await say(() => t("order-placed", { id: String(result.order.id), price: money(result.order.priceMinor, lang), balance: money(balanceAfter, lang) }), html);
          return;
        case "duplicate":
          await say(() => t("order-duplicate", { id: String(result.order.id) }), html);
          return;
        case "insufficient_funds":
          await say(() => t("order-summary-short", { price: money(result.priceMinor, lang), balance: money(result.balanceMinor, lang) }), html);
          return;
        case "price_changed":
          await say(() => t("order-price-changed", { price: money(result.priceMinor, lang) }), html);
          menuMessageId = undefined;
          continue; // show the summary again with the new price
        case "unavailable":
          await say(() => t("order-unavailable"));
          return;
        case "paused":
          await say(() => t("order-paused"));
          return;
        case "banned":
          await say(() => t("banned"));
          return;
        case "rejected":
          await say(
            () =>
              t(result.code === "not_enough_funds" ? "order-paused-refunded" : "order-rejected", {
                reason: t(panelErrorKey(result.code)),
                price: money(result.order.priceMinor, lang),
              }),
            html,
          );
          return;
        case "unknown":
          await say(() => t("order-unknown", { id: String(result.order.id) }), html);
          return;
      }
    }
  };
}
