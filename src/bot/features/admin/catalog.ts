import { Composer, InlineKeyboard } from "grammy";
import {
  countCategoryServices,
  listAllCategories,
  listCategoryServices,
  moveCategory,
  recordAudit,
  setAdminInput,
  updateCategory,
  updateService,
  type AdminInput,
} from "../../../domain/admin.js";
import { getCategory, getService, pricing, SELLABLE_KINDS, syncCatalog, type Category, type Service, type ServiceKind } from "../../../domain/catalog.js";
import { describeError } from "../../../domain/orders.js";
import { escapeHtml } from "../../../i18n.js";
import { parseAmountInput, parseMarkupBasisPoints, upstreamCostMinor } from "../../../money.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { shorten } from "../../keyboards.js";
import { ACB, matched, type Press, adminId, answer, args, clip, fmtPercent, idData, money, panelErrorText, reply, show } from "./common.js";

const SERVICES_PAGE = 8;
const CATEGORIES_PAGE = 20;
const MAX_LIST_IDS = 30;
const MAX_NAME = 100;

/** The admin's card of one service, with its buttons. */
export function serviceView(deps: ShopDeps, ctx: ShopContext, s: Service): { text: string; keyboard: InlineKeyboard } {
  const category = getCategory(deps.db, s.categoryId);
  const sellable = SELLABLE_KINDS.includes(s.kind as ServiceKind);
  let per1000: string;
  try {
    per1000 = money(deps, ctx, pricing(deps.db, s, deps.config.markupBp).per1000Minor);
  } catch {
    per1000 = "—";
  }
  let cost: string;
  try {
    cost = money(deps, ctx, upstreamCostMinor(s.rate, 1000));
  } catch {
    cost = "—";
  }
  const basis =
    s.pricePer1000Minor !== null
      ? ctx.t("admin-price-basis-own")
      : s.markupBp !== null
        ? ctx.t("admin-price-basis-service", { markup: fmtPercent(s.markupBp) })
        : category?.markupBp !== null && category?.markupBp !== undefined
          ? ctx.t("admin-price-basis-category", { markup: fmtPercent(category.markupBp) })
          : ctx.t("admin-price-basis-shop", { markup: fmtPercent(deps.config.markupBp) });
  const state = !s.active
    ? ctx.t("admin-service-state-gone")
    : !sellable
      ? ctx.t("admin-service-state-unsupported")
      : s.hidden
        ? ctx.t("admin-service-state-hidden")
        : category?.hidden
          ? ctx.t("admin-service-state-category-hidden")
          : ctx.t("admin-service-state-on-sale");
  const text = ctx.t("admin-service-card", {
    id: String(s.id),
    name: escapeHtml(s.name),
    displayName: s.displayName ? escapeHtml(s.displayName) : ctx.t("admin-service-same-name"),
    category: category ? escapeHtml(category.name) : "—",
    type: escapeHtml(s.rawType),
    kind: s.kind,
    min: s.min,
    max: s.max,
    rate: escapeHtml(s.rate),
    cost,
    price: per1000,
    basis,
    state,
  });
  const keyboard = new InlineKeyboard()
    .text(ctx.t(s.hidden ? "admin-btn-show" : "admin-btn-hide"), `${s.hidden ? ACB.serviceShow : ACB.serviceHide}${s.id}`)
    .text(ctx.t("admin-btn-rename"), `${ACB.serviceName}${s.id}`)
    .row()
    .text(ctx.t("admin-btn-own-price"), `${ACB.servicePrice}${s.id}`)
    .text(ctx.t("admin-btn-own-markup"), `${ACB.serviceMarkup}${s.id}`)
    .row()
    .text(ctx.t("admin-btn-to-category"), `${ACB.categoryServices}${s.categoryId}:0`);
  return { text, keyboard };
}

/** All categories, a page at a time, with a button each. */
export function categoriesView(deps: ShopDeps, ctx: ShopContext, page = 0): { text: string; keyboard: InlineKeyboard } {
  const all = listAllCategories(deps.db);
  if (all.length === 0) return { text: ctx.t("admin-categories-empty"), keyboard: new InlineKeyboard() };
  const pages = Math.max(1, Math.ceil(all.length / CATEGORIES_PAGE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const first = current * CATEGORIES_PAGE;
  const list = all.slice(first, first + CATEGORIES_PAGE);
  const counts = countCategoryServices(deps.db);
  const keyboard = new InlineKeyboard();
  const lines = list.map((c, i) => {
    keyboard.text(`${c.hidden ? "🙈 " : ""}${shorten(c.name, 40)}`, `${ACB.categoryView}${c.id}`).row();
    return ctx.t("admin-categories-line", {
      position: first + i + 1,
      name: escapeHtml(c.name),
      services: counts.get(c.id) ?? 0,
      state: c.hidden ? ctx.t("admin-hidden") : ctx.t("admin-visible"),
      markup: c.markupBp === null ? "" : ` · ${fmtPercent(c.markupBp)}`,
    });
  });
  if (pages > 1) {
    if (current > 0) keyboard.text(ctx.t("btn-prev"), `${ACB.categoryList}:${current - 1}`);
    keyboard.text(`${current + 1}/${pages}`, `${ACB.categoryList}:${current}`);
    if (current < pages - 1) keyboard.text(ctx.t("btn-next"), `${ACB.categoryList}:${current + 1}`);
  }
  return { text: [ctx.t("admin-categories-title"), "", ...lines].join("\n"), keyboard };
}

function categoryView(deps: ShopDeps, ctx: ShopContext, c: Category): { text: string; keyboard: InlineKeyboard } {
  const all = listAllCategories(deps.db);
  const position = all.findIndex((x) => x.id === c.id) + 1;
  const text = ctx.t("admin-category-card", {
    name: escapeHtml(c.name),
    position,
    count: all.length,
    state: c.hidden ? ctx.t("admin-hidden") : ctx.t("admin-visible"),
    markup: c.markupBp === null ? ctx.t("admin-category-markup-default", { markup: fmtPercent(deps.config.markupBp) }) : fmtPercent(c.markupBp),
    services: countCategoryServices(deps.db).get(c.id) ?? 0,
  });
  const keyboard = new InlineKeyboard()
    .text(ctx.t(c.hidden ? "admin-btn-show" : "admin-btn-hide"), `${c.hidden ? ACB.categoryShow : ACB.categoryHide}${c.id}`)
    .text(ctx.t("admin-btn-up"), `${ACB.categoryUp}${c.id}`)
    .text(ctx.t("admin-btn-down"), `${ACB.categoryDown}${c.id}`)
    .row()
    .text(ctx.t("admin-btn-own-markup"), `${ACB.categoryMarkup}${c.id}`)
    .text(ctx.t("admin-btn-services"), `${ACB.categoryServices}${c.id}:0`)
    .row()
    .text(ctx.t("admin-btn-all-categories"), `${ACB.categoryList}:${Math.floor((position - 1) / CATEGORIES_PAGE)}`);
  return { text, keyboard };
}

function categoryServicesView(deps: ShopDeps, ctx: ShopContext, c: Category, page: number): { text: string; keyboard: InlineKeyboard } {
  const list = listCategoryServices(deps.db, c.id);
  const pages = Math.max(1, Math.ceil(list.length / SERVICES_PAGE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const keyboard = new InlineKeyboard();
  for (const s of list.slice(current * SERVICES_PAGE, (current + 1) * SERVICES_PAGE)) {
    const mark = !s.active || !SELLABLE_KINDS.includes(s.kind as ServiceKind) ? "⛔ " : s.hidden ? "🙈 " : "";
    keyboard.text(`${mark}#${s.id} ${shorten(s.displayName ?? s.name, 44)}`, `${ACB.serviceView}${s.id}`).row();
  }
  if (pages > 1) {
    if (current > 0) keyboard.text(ctx.t("btn-prev"), `${ACB.categoryServices}${c.id}:${current - 1}`);
    if (current < pages - 1) keyboard.text(ctx.t("btn-next"), `${ACB.categoryServices}${c.id}:${current + 1}`);
    keyboard.row();
  }
  keyboard.text(ctx.t("admin-btn-back"), `${ACB.categoryView}${c.id}`);
  const text = ctx.t("admin-category-services", { name: escapeHtml(c.name), page: current + 1, pages, count: list.length });
  return { text, keyboard };
}

/** /sync: the panel's catalogue now, with what changed. */
export async function runSync(deps: ShopDeps, ctx: ShopContext): Promise<void> {
  let report;
  try {
    report = await syncCatalog(deps.db, deps.panel, deps.now(), ctx.logger);
  } catch (err) {
    ctx.logger.warn({ err: describeError(err) }, "admin sync failed");
    return reply(ctx, `${ctx.t("admin-sync-failed")}\n${panelErrorText(ctx, err)}`);
  }
  recordAudit(deps.db, {
    adminId: adminId(ctx),
    action: "sync",
    details: { added: report.added.length, changed: report.changed.length, removed: report.removed.length, priceChanged: report.priceChanged.length },
    now: deps.now(),
  });
  const ids = (list: number[]) => (list.length === 0 ? "" : `: ${list.slice(0, MAX_LIST_IDS).join(", ")}${list.length > MAX_LIST_IDS ? ", …" : ""}`);
  const lines = [
    ctx.t("admin-sync-done"),
    ctx.t("admin-sync-added", { count: report.added.length, ids: ids(report.added) }),
    ctx.t("admin-sync-changed", { count: report.changed.length, ids: ids(report.changed) }),
    ctx.t("admin-sync-removed", { count: report.removed.length, ids: ids(report.removed) }),
    ctx.t("admin-sync-prices", { count: report.priceChanged.length }),
  ];
  for (const p of report.priceChanged.slice(0, MAX_LIST_IDS)) {
    lines.push(ctx.t("admin-sync-price-line", { id: String(p.id), from: escapeHtml(p.from), to: escapeHtml(p.to) }));
  }
  if (report.priceChanged.length > MAX_LIST_IDS) lines.push("…");
  if (report.unknownKinds.length) lines.push(ctx.t("admin-sync-unsupported", { count: report.unknownKinds.length }));
  await reply(ctx, lines.join("\n"));
}

/** Handles the typed value of a service or category prompt. Returns false to keep asking. */
export async function catalogInput(deps: ShopDeps, ctx: ShopContext, input: AdminInput, text: string): Promise<boolean> {
  const value = text.trim();
  const clear = value === "-";
  const common = { adminId: adminId(ctx), now: deps.now() };
  switch (input.kind) {
    case "service-price": {
      const minor = clear ? null : parseAmountInput(value);
      if (!clear && minor === null) {
        await reply(ctx, ctx.t("admin-bad-price"), cancelKeyboard(ctx));
        return false;
      }
      const s = updateService(deps.db, { serviceId: input.id, patch: { pricePer1000Minor: minor }, action: "service_price", ...common });
      return showUpdatedService(deps, ctx, s);
    }
    case "service-markup": {
      const bp = clear ? null : parseMarkupBasisPoints(value.replace(/%$/, ""));
      if (!clear && bp === null) {
        await reply(ctx, ctx.t("admin-bad-markup"), cancelKeyboard(ctx));
        return false;
      }
      const s = updateService(deps.db, { serviceId: input.id, patch: { markupBp: bp }, action: "service_markup", ...common });
      return showUpdatedService(deps, ctx, s);
    }
    case "service-name": {
      const name = clear ? null : value.replace(/\s+/g, " ");
      if (name !== null && (name.length === 0 || name.length > MAX_NAME)) {
        await reply(ctx, ctx.t("admin-bad-name", { max: MAX_NAME }), cancelKeyboard(ctx));
        return false;
      }
      const s = updateService(deps.db, { serviceId: input.id, patch: { displayName: name }, action: "service_name", ...common });
      return showUpdatedService(deps, ctx, s);
    }
    case "category-markup": {
      const bp = clear ? null : parseMarkupBasisPoints(value.replace(/%$/, ""));
      if (!clear && bp === null) {
        await reply(ctx, ctx.t("admin-bad-markup"), cancelKeyboard(ctx));
        return false;
      }
      const c = updateCategory(deps.db, { categoryId: input.id, patch: { markupBp: bp }, action: "category_markup", ...common });
      if (!c) await reply(ctx, ctx.t("admin-category-not-found"));
      else {
        const { text: card, keyboard } = categoryView(deps, ctx, c);
        await reply(ctx, `${ctx.t("admin-saved")}\n\n${card}`, keyboard);
      }
      return true;
    }
    default:
      return true;
  }
}

async function showUpdatedService(deps: ShopDeps, ctx: ShopContext, s: Service | undefined): Promise<boolean> {
  if (!s) {
    await reply(ctx, ctx.t("admin-service-not-found"));
    return true;
  }
  const { text, keyboard } = serviceView(deps, ctx, s);
  await reply(ctx, `${ctx.t("admin-saved")}\n\n${text}`, keyboard);
  return true;
}

/** /sync, /service, /category and their buttons. */
export function catalogAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;

  composer.command("sync", (ctx) => runSync(deps, ctx));

  composer.command("service", async (ctx) => {
    const [ref] = args(ctx.match);
    const m = ref ? /^#?(\d{1,15})$/.exec(ref) : null;
    if (!m) return reply(ctx, ctx.t("admin-usage-service"));
    const s = getService(db, Number(m[1]));
    if (!s) return reply(ctx, ctx.t("admin-service-not-found"));
    const { text, keyboard } = serviceView(deps, ctx, s);
    await reply(ctx, text, keyboard);
  });

  composer.callbackQuery(idData(ACB.serviceView), async (ctx) => {
    await answer(ctx);
    const s = getService(db, Number(matched(ctx)));
    if (!s) return show(ctx, ctx.t("admin-service-not-found"));
    const { text, keyboard } = serviceView(deps, ctx, s);
    await show(ctx, text, keyboard);
  });

  const setHidden = (hidden: boolean) => async (ctx: Press) => {
    const id = Number(matched(ctx));
    const current = getService(db, id);
    if (!current) return answer(ctx, ctx.t("admin-service-not-found"), true);
    // The button says what to do, not "toggle": a second tap on an old Hide does not show it again.
    const s = current.hidden === hidden ? current : updateService(db, { serviceId: id, patch: { hidden }, action: hidden ? "service_hide" : "service_show", adminId: adminId(ctx), now: deps.now() });
    await answer(ctx, ctx.t(hidden ? "admin-hidden-short" : "admin-shown-short"));
    if (s) {
      const { text, keyboard } = serviceView(deps, ctx, s);
      await show(ctx, text, keyboard);
    }
  };
  composer.callbackQuery(idData(ACB.serviceHide), setHidden(true));
  composer.callbackQuery(idData(ACB.serviceShow), setHidden(false));

  const prompt = (kind: "service-price" | "service-markup" | "service-name") => async (ctx: Press) => {
    const s = getService(db, Number(matched(ctx)));
    if (!s) return answer(ctx, ctx.t("admin-service-not-found"), true);
    await answer(ctx);
    setAdminInput(db, adminId(ctx), { kind, id: s.id, at: deps.now() });
    const current =
      kind === "service-price"
        ? s.pricePer1000Minor === null
          ? ctx.t("admin-none")
          : money(deps, ctx, s.pricePer1000Minor)
        : kind === "service-markup"
          ? s.markupBp === null
            ? ctx.t("admin-none")
            : fmtPercent(s.markupBp)
          : s.displayName
            ? escapeHtml(s.displayName)
            : ctx.t("admin-none");
    await reply(ctx, ctx.t(`admin-ask-${kind}`, { id: String(s.id), name: clip(s.displayName ?? s.name, 80), current }), cancelKeyboard(ctx));
  };
  composer.callbackQuery(idData(ACB.servicePrice), prompt("service-price"));
  composer.callbackQuery(idData(ACB.serviceMarkup), prompt("service-markup"));
  composer.callbackQuery(idData(ACB.serviceName), prompt("service-name"));

  // ---- categories ----

  composer.command("category", async (ctx) => {
    const [ref] = args(ctx.match);
    const m = ref ? /^#?(\d{1,15})$/.exec(ref) : null;
    const c = m ? getCategory(db, Number(m[1])) : undefined;
    const { text, keyboard } = c ? categoryView(deps, ctx, c) : categoriesView(deps, ctx);
    await reply(ctx, text, keyboard);
  });

  composer.callbackQuery(/^adm:c:l(?::(\d{1,6}))?$/, async (ctx) => {
    await answer(ctx);
    const { text, keyboard } = categoriesView(deps, ctx, Number(matched(ctx) || 0));
    await show(ctx, text, keyboard);
  });

  composer.callbackQuery(idData(ACB.categoryView), async (ctx) => {
    await answer(ctx);
    const c = getCategory(db, Number(matched(ctx)));
    if (!c) return show(ctx, ctx.t("admin-category-not-found"));
    const { text, keyboard } = categoryView(deps, ctx, c);
    await show(ctx, text, keyboard);
  });

  const setCategoryHidden = (hidden: boolean) => async (ctx: Press) => {
    const id = Number(matched(ctx));
    const current = getCategory(db, id);
    if (!current) return answer(ctx, ctx.t("admin-category-not-found"), true);
    const c = current.hidden === hidden ? current : updateCategory(db, { categoryId: id, patch: { hidden }, action: hidden ? "category_hide" : "category_show", adminId: adminId(ctx), now: deps.now() });
    await answer(ctx, ctx.t(hidden ? "admin-hidden-short" : "admin-shown-short"));
    if (c) {
      const { text, keyboard } = categoryView(deps, ctx, c);
      await show(ctx, text, keyboard);
    }
  };
  composer.callbackQuery(idData(ACB.categoryHide), setCategoryHidden(true));
  composer.callbackQuery(idData(ACB.categoryShow), setCategoryHidden(false));

  const move = (direction: "up" | "down") => async (ctx: Press) => {
    const id = Number(matched(ctx));
    const moved = moveCategory(db, { categoryId: id, direction, adminId: adminId(ctx), now: deps.now() });
    await answer(ctx, moved ? undefined : ctx.t("admin-category-at-end"));
    const c = getCategory(db, id);
    if (!c) return show(ctx, ctx.t("admin-category-not-found"));
    const { text, keyboard } = categoryView(deps, ctx, c);
    await show(ctx, text, keyboard);
  };
  composer.callbackQuery(idData(ACB.categoryUp), move("up"));
  composer.callbackQuery(idData(ACB.categoryDown), move("down"));

  composer.callbackQuery(idData(ACB.categoryMarkup), async (ctx) => {
    const c = getCategory(db, Number(matched(ctx)));
    if (!c) return answer(ctx, ctx.t("admin-category-not-found"), true);
    await answer(ctx);
    setAdminInput(db, adminId(ctx), { kind: "category-markup", id: c.id, at: deps.now() });
    const current = c.markupBp === null ? ctx.t("admin-none") : fmtPercent(c.markupBp);
    await reply(ctx, ctx.t("admin-ask-category-markup", { name: escapeHtml(c.name), current }), cancelKeyboard(ctx));
  });

  composer.callbackQuery(/^adm:c:s:(\d{1,15}):(\d{1,6})$/, async (ctx) => {
    await answer(ctx);
    const c = getCategory(db, Number(matched(ctx)));
    if (!c) return show(ctx, ctx.t("admin-category-not-found"));
    const { text, keyboard } = categoryServicesView(deps, ctx, c, Number(ctx.match[2]));
    await show(ctx, text, keyboard);
  });

  return composer;
}

export function cancelKeyboard(ctx: ShopContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("admin-btn-cancel-input"), ACB.inputCancel);
}
