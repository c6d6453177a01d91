import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { applyCatalog } from "../src/domain/catalog.js";
import { searchServices } from "../src/domain/search.js";
import type { PanelService } from "../src/upstream/types.js";

const service = (id: number, name: string, category: string): PanelService => ({
  service: id,
  name,
  type: "Default",
  category,
  rate: "10",
  min: 10,
  max: 1000,
  refill: false,
  cancel: false,
  dripfeed: false,
});

describe("catalogue search", () => {
  const db = openDatabase(":memory:");
  applyCatalog(db, [service(1, "Channel members, 30 days", "Telegram"), service(2, "Instagram Followers", "Instagram"), service(3, "Post views", "Telegram")], 1);
  const found = (q: string) => searchServices(db, q).map((s) => s.id);

  it("finds by synonym in every language, and by the word itself", () => {
    expect(found("obunachilar")).toEqual([1]);
    expect(found("подписчики")).toEqual([1]);
    expect(found("просмотры")).toEqual([3]);
    // A synonym ("followers" means members) still matches a service named with the typed word.
    expect(found("followers")).toEqual([1, 2]);
    expect(found("telegram views")).toEqual([3]);
    expect(found("tiktok")).toEqual([]);
  });
});
