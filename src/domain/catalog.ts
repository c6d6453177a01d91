import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { tx, type Db } from "../db/client.js";
import { prepared } from "../db/prepared.js";
import { categories, services } from "../db/schema.js";
import { customerPriceMinor } from "../money.js";
import type { Logger } from "../logger.js";
import type { PanelClient } from "../upstream/client.js";
import type { PanelService } from "../upstream/types.js";

export type Service = typeof services.$inferSelect;
export type Category = typeof categories.$inferSelect;

export type ServiceKind =
  | "default"
  | "package"
  | "custom_comments"
  | "custom_comments_package"
  | "mentions_custom_list"
  | "mentions_user_followers"
  | "comment_likes"
  | "mentions_hashtag"
  | "poll"
  | "subscriptions"
  | "invites_from_groups"
  | "unknown";

const KIND_BY_NAME: Record<string, ServiceKind> = {
  default: "default",
  package: "package",
  "custom comments": "custom_comments",
  "custom comments package": "custom_comments_package",
  "mentions custom list": "mentions_custom_list",
  "mentions user followers": "mentions_user_followers",
  "comment likes": "comment_likes",
  "mentions hashtag": "mentions_hashtag",
  poll: "poll",
  subscriptions: "subscriptions",
  "invites from groups": "invites_from_groups",
};

/** "Custom Comments", "custom_comments", " CUSTOM-comments " all name one type. */
export function normalizeKind(rawType: string): ServiceKind {
  const key = rawType.toLowerCase().replace(/[\s_-]+/g, " ").trim();
  return KIND_BY_NAME[key] ?? "unknown";
}

/** The kinds the order conversation knows how to ask for. Others are hidden from buyers. */
export const SELLABLE_KINDS: readonly ServiceKind[] = [
  "default",
  "package",
  "custom_comments",
  "custom_comments_package",
  "mentions_custom_list",
  "mentions_user_followers",
  "comment_likes",
  "mentions_hashtag",
  "poll",
  "subscriptions",
  "invites_from_groups",
];

export interface SyncReport {
  added: number[];
  changed: number[];
  removed: number[];
  priceChanged: Array<{ id: number; from: string; to: string }>;
  unknownKinds: Array<{ id: number; type: string }>;
}

const loggedUnknownKinds = new Set<number>();

/** Mirrors the panel's catalogue. Services gone upstream are marked inactive, never deleted (orders point at them). */
export function applyCatalog(db: Db, list: PanelService[], now: number, logger?: Logger): SyncReport {
  const report: SyncReport = { added: [], changed: [], removed: [], priceChanged: [], unknownKinds: [] };
  tx(db, (t) => {
    const categoryIds = new Map<string, number>();
    for (const c of t.select().from(categories).all()) categoryIds.set(c.name, c.id);
    const existing = new Map(t.select().from(services).all().map((s) => [s.id, s]));
    for (const s of list) {
      let categoryId = categoryIds.get(s.category);
      if (categoryId === undefined) {
        const nextSort = categoryIds.size;
        categoryId = t.insert(categories).values({ name: s.category, sort: nextSort }).returning({ id: categories.id }).get().id;
        categoryIds.set(s.category, categoryId);
      }
      const kind = normalizeKind(s.type);
      if (kind === "unknown") {
        report.unknownKinds.push({ id: s.service, type: s.type });
        if (!loggedUnknownKinds.has(s.service)) {
          loggedUnknownKinds.add(s.service);
          logger?.warn({ serviceId: s.service, type: s.type }, "service type not supported; hidden from buyers");
        }
      }
      const row = {
        categoryId,
        name: s.name,
        rawType: s.type,
        kind,
        rate: s.rate,
        min: s.min,
        max: s.max,
        refill: s.refill,
        cancel: s.cancel,
        dripfeed: s.dripfeed,
        description: s.description ?? null,
        active: true,
        syncedAt: now,
      };
      const old = existing.get(s.service);
      if (!old) {
        t.insert(services).values({ id: s.service, ...row }).run();
        report.added.push(s.service);
        continue;
      }
      if (old.rate !== s.rate) report.priceChanged.push({ id: s.service, from: old.rate, to: s.rate });
      const changed =
        old.name !== row.name || old.categoryId !== categoryId || old.rawType !== row.rawType || old.rate !== row.rate ||
        old.min !== row.min || old.max !== row.max || old.refill !== row.refill || old.cancel !== row.cancel ||
        old.dripfeed !== row.dripfeed || old.description !== row.description || !old.active;
      if (changed) report.changed.push(s.service);
      t.update(services).set(row).where(eq(services.id, s.service)).run();
    }
    const seen = list.map((s) => s.service);
    const gone = t
      .update(services)
      .set({ active: false, syncedAt: now })
      .where(and(eq(services.active, true), seen.length ? notInArray(services.id, seen) : sql`1 = 1`))
      .returning({ id: services.id })
      .all();
    report.removed.push(...gone.map((g) => g.id));
  });
  return report;
}

/** A service a buyer may see and order. */
function buyableCondition() {
  return and(eq(services.active, true), eq(services.hidden, false), inArray(services.kind, [...SELLABLE_KINDS]));
}

/** Categories that have at least one buyable service, in the admin's order. */
export function listCategories(db: Db): Category[] {
  return categoriesForBuyers(db).all();
}

const categoriesForBuyers = prepared((db) =>
  db
    .select()
    .from(categories)
    .where(
      and(
        eq(categories.hidden, false),
        sql`exists (select 1 from ${services} where ${services.categoryId} = ${categories.id} and ${buyableCondition()})`,
      ),
    )
    .orderBy(asc(categories.sort), asc(categories.name))
    .prepare(),
);

export function listServices(db: Db, categoryId: number): Service[] {
  return servicesForBuyers(db).all({ categoryId });
}

const servicesForBuyers = prepared((db) =>
  db
    .select()
    .from(services)
    .where(and(eq(services.categoryId, sql.placeholder("categoryId")), buyableCondition()))
    .orderBy(asc(services.id))
    .prepare(),
);

/** Every buyable service with its category's name, for search. */
export function listAllBuyable(db: Db): Array<{ service: Service; categoryName: string }> {
  return db
    .select({ service: services, categoryName: categories.name })
    .from(services)
    .innerJoin(categories, eq(categories.id, services.categoryId))
    .where(and(buyableCondition(), eq(categories.hidden, false)))
    .orderBy(asc(categories.sort), asc(services.id))
    .all();
}

// Read for every service a buyer sees and every price quoted: prepared once (src/db/prepared.ts).
const categoryById = prepared((db) => db.select().from(categories).where(eq(categories.id, sql.placeholder("id"))).prepare());
const serviceById = prepared((db) => db.select().from(services).where(eq(services.id, sql.placeholder("id"))).prepare());

export function getCategory(db: Db, id: number): Category | undefined {
  return categoryById(db).get({ id });
}

export function getService(db: Db, id: number): Service | undefined {
  return serviceById(db).get({ id });
}

/** Whether a buyer can order this service right now. */
export function isBuyable(db: Db, service: Service): boolean {
  if (!service.active || service.hidden || !SELLABLE_KINDS.includes(service.kind as ServiceKind)) return false;
  const category = getCategory(db, service.categoryId);
  return !!category && !category.hidden;
}

export interface Pricing {
  /** The price of `units` as src/domain/order-fields.ts priceUnits counts them. */
  priceFor(units: number): number;
  per1000Minor: number;
}

/** The price a buyer pays: the admin's own price per 1000, else the service, category or shop markup. */
export function pricing(db: Db, service: Service, defaultMarkupBp: number): Pricing {
  const category = getCategory(db, service.categoryId);
  const markup = service.markupBp ?? category?.markupBp ?? defaultMarkupBp;
  const own = service.pricePer1000Minor;
  // `units` as priceUnits counts them (a package is 1000: one whole package, priced at the rate).
  const priceFor = (units: number): number => {
    if (own !== null) return Number((BigInt(own) * BigInt(units) + 999n) / 1000n);
    return customerPriceMinor(service.rate, units, markup);
  };
  return { priceFor, per1000Minor: priceFor(1000) };
}

/** Fetches the panel's services and mirrors them. Throws on an upstream failure (the old catalogue stays). */
export async function syncCatalog(db: Db, panel: Pick<PanelClient, "services">, now: number, logger: Logger): Promise<SyncReport> {
  const list = await panel.services();
  const report = applyCatalog(db, list, now, logger);
  logger.info(
    { services: list.length, added: report.added.length, changed: report.changed.length, removed: report.removed.length },
    "catalogue synced",
  );
  return report;
}
