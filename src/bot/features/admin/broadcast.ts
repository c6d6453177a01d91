import { Composer, InlineKeyboard } from "grammy";
import { clearAdminInput, countReachableUsers, setAdminInput } from "../../../domain/admin.js";
import {
  BROADCAST_STOP_CB,
  confirmBroadcast,
  createDraft,
  discardDraft,
  nextBroadcast,
  sendBroadcastContent,
  stopBroadcast,
} from "../../../domain/broadcast.js";
import type { ShopContext, ShopDeps } from "../../context.js";
import { cancelKeyboard } from "./catalog.js";
import { ACB, matched, adminId, answer, idData, reply, show } from "./common.js";

/** /broadcast: asks for the message (text, or a photo with caption). */
export async function startBroadcast(deps: ShopDeps, ctx: ShopContext): Promise<void> {
  setAdminInput(deps.db, adminId(ctx), { kind: "broadcast", at: deps.now() });
  const lines = [ctx.t("admin-bc-ask")];
  const running = nextBroadcast(deps.db);
  if (running) lines.push(ctx.t("admin-bc-busy", { id: String(running.id), sent: running.sent, total: running.total }));
  await reply(ctx, lines.join("\n\n"), cancelKeyboard(ctx));
}

/** The admin's message after /broadcast: stored as a draft, previewed, then Confirm or Discard. */
export async function broadcastInput(deps: ShopDeps, ctx: ShopContext): Promise<boolean> {
  const msg = ctx.message;
  const chatId = ctx.chat?.id;
  if (!msg || chatId === undefined) return false;
  const base = { adminId: adminId(ctx), now: deps.now() };
  let draft;
  if (msg.text !== undefined) {
    draft = createDraft(deps.db, { ...base, kind: "text", text: msg.text, entities: msg.entities, photoFileId: null });
  } else if (msg.photo && msg.photo.length > 0) {
    const largest = msg.photo[msg.photo.length - 1]!;
    draft = createDraft(deps.db, { ...base, kind: "photo", text: msg.caption ?? null, entities: msg.caption_entities, photoFileId: largest.file_id });
  } else {
    await reply(ctx, ctx.t("admin-bc-bad-content"), cancelKeyboard(ctx));
    return false;
  }
  clearAdminInput(deps.db, base.adminId);
  await reply(ctx, ctx.t("admin-bc-preview"));
  await sendBroadcastContent(ctx.api, draft, chatId);
  const keyboard = new InlineKeyboard()
    .text(ctx.t("admin-btn-bc-send"), `${ACB.broadcastOk}${draft.id}`)
    .text(ctx.t("admin-btn-bc-discard"), `${ACB.broadcastDiscard}${draft.id}`);
  await reply(ctx, ctx.t("admin-bc-confirm", { id: String(draft.id), count: countReachableUsers(deps.db) }), keyboard);
  return true;
}

export function broadcastAdmin(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const { db } = deps;

  composer.command("broadcast", (ctx) => startBroadcast(deps, ctx));

  composer.callbackQuery(idData(ACB.broadcastOk), async (ctx) => {
    const id = Number(matched(ctx));
    const msg = ctx.callbackQuery.message;
    if (!msg) return answer(ctx, ctx.t("admin-bc-gone"), true);
    const r = confirmBroadcast(db, { id, adminId: adminId(ctx), progressChatId: msg.chat.id, progressMessageId: msg.message_id, now: deps.now() });
    if (r.kind === "gone") return answer(ctx, ctx.t("admin-bc-gone"), true);
    ctx.logger.info({ broadcastId: id, adminId: adminId(ctx), total: r.broadcast.total }, "broadcast queued");
    await answer(ctx, ctx.t("admin-bc-queued-short"));
    const text = ctx.t(r.ahead > 0 ? "admin-bc-queued-behind" : "admin-bc-queued", { id: String(id), total: r.broadcast.total, ahead: r.ahead });
    await show(ctx, text, new InlineKeyboard().text(ctx.t("admin-btn-bc-stop"), `${BROADCAST_STOP_CB}${id}`));
    deps.wakeBroadcasts?.();
  });

  composer.callbackQuery(idData(ACB.broadcastDiscard), async (ctx) => {
    const id = Number(matched(ctx));
    if (!discardDraft(db, { id, adminId: adminId(ctx), now: deps.now() })) return answer(ctx, ctx.t("admin-bc-gone"), true);
    await answer(ctx);
    await show(ctx, ctx.t("admin-bc-discarded", { id: String(id) }));
  });

  composer.callbackQuery(idData(BROADCAST_STOP_CB), async (ctx) => {
    const id = Number(matched(ctx));
    const b = stopBroadcast(db, { id, adminId: adminId(ctx), now: deps.now() });
    if (!b) return answer(ctx, ctx.t("admin-bc-gone"), true);
    ctx.logger.info({ broadcastId: id, adminId: adminId(ctx) }, "broadcast stopped");
    await answer(ctx, ctx.t("admin-bc-stopping"));
    await show(ctx, ctx.t("admin-bc-stopped", { id: String(id), sent: b.sent, total: b.total, blocked: b.blocked, failed: b.failed, done: b.sent + b.blocked + b.failed }));
  });

  return composer;
}
