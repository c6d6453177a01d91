// What each service type asks the buyer for, and how each answer is checked. Pure functions:
// the conversation asks, these decide. Nothing here is charged or sent anywhere.
import type { AddOrderParams } from "../upstream/types.js";
import type { ServiceKind } from "./catalog.js";
import { parseTelegramLink } from "./links.js";

export type FieldName =
  | "link"
  | "quantity"
  | "runs"
  | "interval"
  | "comments"
  | "usernames"
  | "username"
  | "hashtag"
  | "answer_number"
  | "groups"
  | "sub_username"
  | "sub_min"
  | "sub_max"
  | "posts"
  | "delay"
  | "expiry";

/** The service facts the questions depend on. */
export interface FieldService {
  kind: ServiceKind;
  min: number;
  max: number;
  dripfeed: boolean;
}

export type Answers = Partial<Record<FieldName, string | number | null>>;

/** The questions for a service type, in order. `interval` is asked only when drip-feed runs were given. */
export function fieldsFor(s: FieldService): FieldName[] {
  switch (s.kind) {
    case "default":
      return s.dripfeed ? ["link", "quantity", "runs", "interval"] : ["link", "quantity"];
    case "package":
      return ["link"];
    case "custom_comments":
    case "custom_comments_package":
      return ["link", "comments"];
    case "mentions_custom_list":
      return ["link", "usernames"];
    case "mentions_user_followers":
    case "comment_likes":
      return ["link", "quantity", "username"];
    case "mentions_hashtag":
      return ["link", "quantity", "hashtag"];
    case "poll":
      return ["link", "quantity", "answer_number"];
    case "invites_from_groups":
      return ["link", "quantity", "groups"];
    case "subscriptions":
      return ["sub_username", "sub_min", "sub_max", "posts", "delay", "expiry"];
    case "unknown":
      return [];
  }
}

/** Fields a buyer may skip with a button (the answer is then null). */
export const SKIPPABLE: ReadonlySet<FieldName> = new Set(["runs", "expiry"]);

export function isAsked(field: FieldName, answers: Answers): boolean {
  return field !== "interval" || (answers.runs !== null && answers.runs !== undefined);
}

export type ParseResult = { ok: true; value: string | number } | { ok: false; error: string; vars?: Record<string, string | number> };

const USERNAME = /^@?([A-Za-z][A-Za-z0-9_]{3,31})$/;

/** Whole ASCII digits only ("1 000" allowed as grouping); no signs, exponents, hex or other scripts' digits. */
export function parseWholeNumber(text: string): number | null {
  const cleaned = text.trim().replace(/[ \u00a0\u202f_]/g, "");
  if (!/^[0-9]{1,15}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isSafeInteger(n) ? n : null;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function numberIn(text: string, min: number, max: number, nanKey = "field-bad-number"): ParseResult {
  const n = parseWholeNumber(text);
  if (n === null) return { ok: false, error: nanKey, vars: { min, max } };
  if (n < min) return { ok: false, error: "field-below-min", vars: { min, max } };
  if (n > max) return { ok: false, error: "field-above-max", vars: { min, max } };
  return { ok: true, value: n };
}

/** Checks one answer. `now` (ms) is only used for the expiry date. */
export function parseField(field: FieldName, text: string, s: FieldService, answers: Answers, now: number): ParseResult {
  const input = text.trim();
  if (input.length > 20_000) return { ok: false, error: "field-too-long" };
  switch (field) {
    case "link": {
      const link = parseTelegramLink(input);
      return link ? { ok: true, value: link.url } : { ok: false, error: "field-bad-link" };
    }
    case "quantity":
      return numberIn(input, s.min, s.max);
    case "runs":
      return numberIn(input, 2, 1000);
    case "interval":
      return numberIn(input, 1, 1440);
    case "answer_number":
      return numberIn(input, 1, 100, "field-bad-answer");
    case "posts":
      return numberIn(input, 1, 10_000);
    case "delay":
      return numberIn(input, 0, 1440);
    case "sub_min":
      return numberIn(input, s.min, s.max);
    case "sub_max": {
      const low = typeof answers.sub_min === "number" ? answers.sub_min : s.min;
      return numberIn(input, low, s.max);
    }
    case "comments": {
      const list = lines(input);
      if (list.some((l) => l.length > 1000)) return { ok: false, error: "field-line-too-long" };
      if (list.length < s.min || list.length > s.max) return { ok: false, error: "field-lines-count", vars: { min: s.min, max: s.max, count: list.length } };
      return { ok: true, value: list.join("\n") };
    }
    case "usernames":
    case "groups": {
      const list = lines(input);
      const bad = list.find((l) => !USERNAME.test(l));
      // Quoted back to the buyer: cut by code points, so an emoji is never split into half a surrogate pair.
      if (bad !== undefined) return { ok: false, error: "field-bad-username-in-list", vars: { line: Array.from(bad).slice(0, 40).join("") } };
      // Mentioned usernames are the quantity; source groups are just a list.
      const [low, high] = field === "usernames" ? [s.min, s.max] : [1, 100];
      if (list.length < low || list.length > high) return { ok: false, error: "field-lines-count", vars: { min: low, max: high, count: list.length } };
      return { ok: true, value: list.map((l) => l.replace(/^@/, "")).join("\n") };
    }
    case "username":
    case "sub_username": {
      const m = USERNAME.exec(input) ?? USERNAME.exec(input.replace(/^(https?:\/\/)?(t\.me|telegram\.me)\//i, ""));
      return m?.[1] ? { ok: true, value: m[1] } : { ok: false, error: "field-bad-username" };
    }
    case "hashtag": {
      const m = /^#?([\p{L}\p{N}_]{1,100})$/u.exec(input);
      return m?.[1] ? { ok: true, value: `#${m[1]}` } : { ok: false, error: "field-bad-hashtag" };
    }
    case "expiry": {
      const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(input) ?? null;
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
      const [d, mo, y] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : iso ? [Number(iso[3]), Number(iso[2]), Number(iso[1])] : [0, 0, 0];
      const date = Date.UTC(y, mo - 1, d);
      const valid = y > 0 && new Date(date).getUTCDate() === d && new Date(date).getUTCMonth() === mo - 1;
      if (!valid || date <= now) return { ok: false, error: "field-bad-expiry" };
      return { ok: true, value: `${String(d).padStart(2, "0")}/${String(mo).padStart(2, "0")}/${y}` };
    }
  }
}

/** The order's quantity: typed, or the number of lines, or the subscription's max. */
export function orderQuantity(s: FieldService, a: Answers): number {
  if (typeof a.quantity === "number") return a.quantity;
  if (typeof a.comments === "string") return lines(a.comments).length;
  if (typeof a.usernames === "string") return lines(a.usernames).length;
  if (typeof a.sub_max === "number") return a.sub_max;
  return 1;
}

/**
 * Units the price is computed on (per 1000 at the rate). Drip-feed: quantity x runs. Subscriptions
 * are charged for their most: max x posts (what is not delivered comes back as a Partial refund).
 * Packages are priced at the rate itself (1000 units).
 */
export function priceUnits(s: FieldService, a: Answers): number {
  switch (s.kind) {
    case "package":
    case "custom_comments_package":
      return 1000;
    case "subscriptions":
      return orderQuantity(s, a) * (typeof a.posts === "number" ? a.posts : 1);
    default:
      return orderQuantity(s, a) * (typeof a.runs === "number" ? a.runs : 1);
  }
}

/** The exact `add` fields for the answers (besides `service`). */
export function addParams(s: FieldService, a: Answers): Omit<AddOrderParams, "service"> {
  const p: Omit<AddOrderParams, "service"> = {};
  const str = (k: FieldName) => (typeof a[k] === "string" ? (a[k] as string) : undefined);
  const num = (k: FieldName) => (typeof a[k] === "number" ? (a[k] as number) : undefined);
  switch (s.kind) {
    case "subscriptions":
      p.username = str("sub_username");
      p.min = num("sub_min");
      p.max = num("sub_max");
      p.posts = num("posts");
      p.delay = num("delay");
      if (str("expiry")) p.expiry = str("expiry");
      break;
    case "package":
      p.link = str("link");
      break;
    case "custom_comments":
    case "custom_comments_package":
      p.link = str("link");
      p.comments = str("comments");
      break;
    case "mentions_custom_list":
      p.link = str("link");
      p.usernames = str("usernames");
      break;
    default:
      p.link = str("link");
      p.quantity = num("quantity");
      if (num("runs") !== undefined) {
        p.runs = num("runs");
        p.interval = num("interval");
      }
      if (str("username")) p.username = str("username");
      if (str("hashtag")) p.hashtag = str("hashtag");
      if (num("answer_number") !== undefined) p.answer_number = num("answer_number");
      if (str("groups")) p.groups = str("groups");
  }
  for (const k of Object.keys(p) as Array<keyof typeof p>) if (p[k] === undefined) delete p[k];
  return p;
}
