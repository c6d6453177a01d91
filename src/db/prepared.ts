import type { Db } from "./client.js";

/**
 * A drizzle query built once per database and run with `sql.placeholder` values. Building a query
 * (drizzle's SQL assembly and checks) cost more than running it on the paths every update takes:
 * the user, the conversation state, settings, catalogue lookups. Works inside `tx()` too, which runs
 * on the same connection object.
 */
export function prepared<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const byDb = new WeakMap<Db, Q>();
  return (db) => {
    let q = byDb.get(db);
    if (q === undefined) {
      q = build(db);
      byDb.set(db, q);
    }
    return q;
  };
}
