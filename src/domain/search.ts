import { listAllBuyable, type Service } from "./catalog.js";
import type { Db } from "../db/client.js";

// Words buyers type, in Uzbek (Latin), Russian and English, mapped to the English words panels use
// in service and category names. Matching is on word stems, so "obunachilar" finds "obunachi".
const SYNONYMS: Record<string, string[]> = {
  member: ["member", "members", "subscriber", "subscribers", "follower", "followers", "obunachi", "obuna", "a'zo", "azo", "аъзо", "подписчик", "подписчики", "участник", "участники", "мембер"],
  view: ["view", "views", "ko'rish", "korish", "ko'rishlar", "просмотр", "просмотры", "просмотров"],
  vote: ["vote", "votes", "poll", "ovoz", "ovozlar", "so'rovnoma", "голос", "голоса", "опрос"],
  reaction: ["reaction", "reactions", "like", "likes", "reaksiya", "layk", "реакция", "реакции", "лайк", "лайки"],
  comment: ["comment", "comments", "izoh", "izohlar", "комментарий", "комментарии", "коммент"],
  mention: ["mention", "mentions", "eslatma", "упоминание", "упоминания"],
  boost: ["boost", "boosts", "буст", "бусты"],
  telegram: ["telegram", "tg", "телеграм", "телеграмм"],
};

const STEM_INDEX: Array<[string, string]> = Object.entries(SYNONYMS).flatMap(([canon, words]) => words.map((w) => [w, canon] as [string, string]));

function normalize(text: string): string {
  return text.toLowerCase().replace(/[ʻʼ‘’`]/g, "'").normalize("NFKC");
}

/** What a typed word may match: itself, and the canonical word when it is a known synonym (by prefix). */
function meanings(word: string): string[] {
  const found = STEM_INDEX.filter(([w]) => word.startsWith(w) || (w.startsWith(word) && word.length >= 4)).map(([, canon]) => canon);
  return [...new Set([word, ...found])];
}

/**
 * Buyable services matching every typed word (in the service or category name, or by synonym).
 * At most `limit` results, catalogue order.
 */
export function searchServices(db: Db, query: string, limit = 24): Service[] {
  const words = normalize(query)
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w.length >= 2)
    .slice(0, 6);
  if (words.length === 0) return [];
  const wanted = words.map(meanings);
  const results: Service[] = [];
  for (const { service, categoryName } of listAllBuyable(db)) {
    const haystack = normalize(`${service.displayName ?? service.name} ${categoryName}`);
    if (wanted.every((ms) => ms.some((m) => haystack.includes(m)))) results.push(service);
    if (results.length >= limit) break;
  }
  return results;
}
