// /referrals, the /start ref_<code> payload, and promo codes (/promo).
import { Composer } from "grammy";
import { createPromo, listPromos, normalizePromoCode, parseExpiry, redeemPromo } from "../../domain/promo.js";
import { ensureReferralCode, referralStats, setReferrerOnFirstContact } from "../../domain/referrals.js";
import { formatMoney, parseAmountInput } from "../../money.js";
import { isAdmin, type ShopContext, type ShopDeps } from "../context.js";
import { parseWhole, percentText } from "./payments-common.js";

const START_REF_RE = /^ref_([A-Za-z0-9]{4,32})$/;

/**
 * For /start: a brand-new user (this update is their first contact) who came through a referral
 * link gets that referrer, unless it is themselves. Later /start ref_... never changes anything.
 */
export function applyStartReferral(deps: ShopDeps, ctx: ShopContext): void {
  const payload = typeof ctx.match === "string" ? ctx.match.trim() : "";
  const m = START_REF_RE.exec(payload);
  const user = ctx.user;
  if (!m || !user) return;
  // upsertUser wrote created_at = last_seen_at only when this update created the row.
  const firstContact = user.createdAt === user.lastSeenAt && user.referrerId === null;
  const result = setReferrerOnFirstContact(deps.db, { userId: user.id, code: m[1]!, firstContact });
  ctx.logger.info({ userId: user.id, result }, "referral link used");
}

export function referralsFeature(deps: ShopDeps): Composer<ShopContext> {
  const composer = new Composer<ShopContext>();
  const pm = composer.chatType("private");
  const money = (ctx: ShopContext, m: number) => formatMoney(m, deps.config.currency, ctx.lang);

  pm.command("referrals", async (ctx) => {
    const code = ensureReferralCode(deps.db, ctx.from.id);
    const link = `https://t.me/${ctx.me.username}?start=ref_${code}`;
    const stats = referralStats(deps.db, ctx.from.id);
    const key = deps.config.referralBp > 0 ? "referrals-text" : "referrals-off";
    await ctx.reply(
      ctx.t(key, { link, percent: percentText(deps.config.referralBp), count: stats.count, earned: money(ctx, stats.earnedMinor) }),
      { parse_mode: "HTML", link_preview_options: { is_disabled: true } },
    );
  });

  pm.command("promo", async (ctx) => {
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    const sub = args[0]?.toLowerCase();
    if (isAdmin(deps, ctx.from.id) && (sub === "create" || sub === "list")) {
      if (sub === "list") return void (await listCodes(ctx));
      return void (await create(ctx, args.slice(1)));
    }
    if (args.length !== 1) return void (await ctx.reply(ctx.t("promo-usage"), { parse_mode: "HTML" }));
    const result = redeemPromo(deps.db, { code: args[0]!, userId: ctx.from.id, now: deps.now() });
    if (result.status !== "redeemed") return void (await ctx.reply(ctx.t(`promo-${result.status.replace("_", "-")}`)));
    ctx.logger.info({ userId: ctx.from.id, amountMinor: result.amountMinor }, "promo code redeemed");
    await ctx.reply(
      ctx.t("promo-redeemed", { code: normalizePromoCode(args[0]!) ?? "", amount: money(ctx, result.amountMinor), balance: money(ctx, result.balanceMinor) }),
      { parse_mode: "HTML" },
    );
  });

  const expiryText = (ctx: ShopContext, expiresAt: number | null) =>
    expiresAt === null ? ctx.t("promo-no-expiry") : ctx.t("promo-expires", { date: new Date(expiresAt - 1).toISOString().slice(0, 10) });

  async function create(ctx: ShopContext, args: string[]): Promise<void> {
    const usage = () => ctx.reply(ctx.t("promo-admin-usage"), { parse_mode: "HTML" });
    if (args.length < 3 || args.length > 4) return void (await usage());
    const code = normalizePromoCode(args[0]!);
    const amountMinor = parseAmountInput(args[1]!);
    const uses = parseWhole(args[2]!);
    const now = deps.now();
    const expiresAt = args[3] === undefined ? null : parseExpiry(args[3], now);
    if (!code || amountMinor === null || uses === null || uses < 1 || (args[3] !== undefined && expiresAt === null)) return void (await usage());
    const result = createPromo(deps.db, { code, amountMinor, maxUses: uses, expiresAt, adminId: ctx.from!.id, now });
    if (result.status === "exists") return void (await ctx.reply(ctx.t("promo-exists")));
    ctx.logger.info({ adminId: ctx.from!.id, code, amountMinor, uses, expiresAt }, "promo code created");
    await ctx.reply(ctx.t("promo-created", { code, amount: money(ctx, amountMinor), uses, expiry: expiryText(ctx, expiresAt) }), { parse_mode: "HTML" });
  }

  async function listCodes(ctx: ShopContext): Promise<void> {
    const rows = listPromos(deps.db, 30);
    if (rows.length === 0) return void (await ctx.reply(ctx.t("promo-list-empty")));
    const lines = rows.map((p) =>
      ctx.t("promo-list-line", { code: p.code, amount: money(ctx, p.amountMinor), used: p.used, uses: p.maxUses, expiry: expiryText(ctx, p.expiresAt) }),
    );
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  }

  return composer;
}
