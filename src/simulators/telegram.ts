/**
 * A fake Telegram Bot API server for end-to-end tests, the demo and benchmarks.
 *
 * It is a real `node:http` server on 127.0.0.1 that the real grammY bot talks to via
 * `new Bot(tg.token, { client: { apiRoot: tg.apiRoot } })`. It keeps the state Telegram would
 * keep (messages per chat with their current text and inline keyboard, callback queries,
 * pre-checkout queries, charges, commands, webhook), queues updates produced by simulated users
 * and serves them through a real long-polling `getUpdates`.
 *
 * Realism that catches real bugs: `parse_mode` text is parsed and validated (HTML / MarkdownV2 /
 * Markdown, "can't parse entities" errors, stored text is the plain text without markup), text
 * length limits, `callback_data` ≤ 64 bytes, "message is not modified", editing text without
 * `reply_markup` removes the inline keyboard, callback/pre-checkout query ids must exist and be
 * answered once, double refunds fail, a second concurrent `getUpdates` terminates the first with
 * 409 as Telegram does.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  Document,
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  PreCheckoutQuery,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";

// ───────────────────────────── public types ─────────────────────────────

export type FakeUser = { id: number; first_name: string; last_name?: string; username?: string; language_code?: string };

export interface FakeTelegramOptions {
  /** Bot token the fake accepts; default "123456:TEST-TOKEN". The bot id is the part before ":". */
  token?: string;
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /** When set, sending methods beyond this many in any sliding 1 s window answer 429 (retry_after 1). */
  globalRateLimitPerSecond?: number;
  /** Default "test_bot". */
  botUsername?: string;
  /** Default "Test Bot". */
  botFirstName?: string;
  /** Keep every API call in `calls` (default true). Benchmarks may turn it off to save memory. */
  recordCalls?: boolean;
}

export interface ApiErrorSpec {
  error_code: number;
  description: string;
  retry_after?: number;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Date.now() when the call arrived. */
  at: number;
  /** Position in the global event sequence (see `FakeTelegram.seq`). */
  seq: number;
  /** Whether the call was answered with ok:true; undefined while still pending (long poll). */
  ok?: boolean;
  /** The error answered (error_code 0 = connection dropped via dropNext). */
  error?: { error_code: number; description: string };
}

/** A file received in a multipart upload (content is not kept). */
export interface UploadedFile {
  upload: true;
  filename: string;
  size: number;
  content_type?: string;
}

export type BotMessageKind = "text" | "photo" | "document" | "invoice" | "other";

/** A message sent by the bot, in its current state (edits update it in place). */
export interface BotMessage {
  message_id: number;
  chat_id: number;
  /** Plain text (after parse_mode processing) or caption; "" when none. */
  text: string;
  /** The inline keyboard currently attached, if any. */
  reply_markup?: InlineKeyboardMarkup;
  /** A reply keyboard / keyboard removal / force reply sent with the message, if any. */
  reply_keyboard?: ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;
  edited: boolean;
  edit_count: number;
  deleted: boolean;
  /** API method that created the message (sendMessage, sendPhoto, copyMessage, ...). */
  method: string;
  kind: BotMessageKind;
  /** Text exactly as the bot sent it (with markup), and the parse_mode used. */
  source_text: string;
  parse_mode?: string;
  entities?: MessageEntity[];
  /** For invoices: the (bot-private) invoice payload and price. */
  invoice?: { title: string; description: string; payload: string; currency: string; total_amount: number };
  /** Sequence number of the send, and of the latest send/edit. */
  sent_seq: number;
  seq: number;
  date: number;
  /** The Telegram Message object in its current state. */
  message: Message;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  /** The pressed message / data, when the query id was known. */
  chat_id?: number;
  message_id?: number;
  data?: string;
  at: number;
}

export interface PreCheckoutAnswer {
  pre_checkout_query_id: string;
  ok: boolean;
  error_message?: string;
  at: number;
}

export interface Refund {
  user_id: number;
  telegram_payment_charge_id: string;
  at: number;
}

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /**
   * Only consider events with a sequence number greater than this. Default: the sequence number
   * of the user's last action in that chat (waitForMessage) / of the last user action anywhere
   * (waitForCall), so replies that arrived before the wait started still count, while replies to
   * earlier actions do not.
   */
  after?: number;
}

export type MessageMatcher = ((m: BotMessage) => boolean) | string | RegExp;
export type ButtonMatcher = string | RegExp | ((button: InlineKeyboardButton, message: BotMessage) => boolean);

export interface PayInvoiceResult {
  ok: boolean;
  error_message?: string;
  telegram_payment_charge_id?: string;
  invoice: BotMessage;
}

// ───────────────────────────── internals ─────────────────────────────

type Params = Record<string, unknown>;

class TgError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}

const bad = (what: string): TgError => new TgError(400, `Bad Request: ${what}`);
const entityError = (what: string): TgError => bad(`can't parse entities: ${what}`);

interface ChatState {
  id: number;
  chat: Chat;
  user?: FakeUser;
  nextMessageId: number;
  /** Every message (user and bot) by id, current state. */
  all: Map<number, Message>;
  botById: Map<number, BotMessage>;
  /** Bot messages in send order (including deleted ones). */
  botList: BotMessage[];
  /** Snapshots of every bot send/edit in seq order (for waitForMessage). */
  history: BotMessage[];
  transcript: string[];
  waiters: Set<MessageWaiter>;
  lastUserSeq: number;
  blocked: boolean;
}

interface Waiter<T> {
  match: (value: T) => boolean;
  resolve: (value: T) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

type MessageWaiter = Waiter<BotMessage>;

interface CallWaiter extends Waiter<RecordedCall> {
  method: string;
}

/** Rejects and removes every waiter (the fake is closing). */
function rejectWaiters<T>(waiters: Set<Waiter<T>>, err: Error): void {
  for (const w of waiters) {
    clearTimeout(w.timer);
    w.reject(err);
  }
  waiters.clear();
}

/** Resolves (and removes) every waiter that `value` matches; a matcher that throws rejects its waiter. */
function settleWaiters<T, W extends Waiter<T>>(waiters: Set<W>, value: T, applies: (w: W) => boolean = () => true): void {
  for (const w of waiters) {
    if (!applies(w)) continue;
    let ok: boolean;
    try {
      ok = w.match(value);
    } catch (e) {
      clearTimeout(w.timer);
      waiters.delete(w);
      w.reject(e);
      continue;
    }
    if (ok) {
      clearTimeout(w.timer);
      waiters.delete(w);
      w.resolve(value);
    }
  }
}

interface PendingPoll {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
  call: RecordedCall;
}

const SENDING_METHODS = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendInvoice",
  "copyMessage",
  "forwardMessage",
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
]);

/** Methods refused with 403 when the target chat blocked the bot. */
const CHAT_METHODS = new Set([...SENDING_METHODS, "sendChatAction", "deleteMessage", "deleteMessages", "pinChatMessage"]);

const NUMERIC_KEYS = new Set([
  "chat_id",
  "from_chat_id",
  "message_id",
  "offset",
  "limit",
  "timeout",
  "user_id",
  "total_amount",
  "cache_time",
  "reply_to_message_id",
  "message_thread_id",
  "max_tip_amount",
  "max_connections",
  "subscription_period",
]);
const BOOL_KEYS = new Set([
  "show_alert",
  "disable_notification",
  "protect_content",
  "drop_pending_updates",
  "ok",
  "is_flexible",
  "disable_web_page_preview",
  "allow_sending_without_reply",
  "has_spoiler",
  "show_caption_above_media",
  "disable_content_type_detection",
  "need_name",
  "need_email",
  "need_phone_number",
  "need_shipping_address",
  "remove_caption",
]);
const JSON_KEYS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "prices",
  "scope",
  "commands",
  "menu_button",
  "link_preview_options",
  "reply_parameters",
  "allowed_updates",
  "media",
  "suggested_tip_amounts",
  "message_ids",
]);

const KNOWN_METHODS = [
  "getMe",
  "getUpdates",
  "deleteWebhook",
  "setWebhook",
  "getWebhookInfo",
  "setMyCommands",
  "getMyCommands",
  "deleteMyCommands",
  "setMyDescription",
  "setMyShortDescription",
  "setMyName",
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "copyMessage",
  "forwardMessage",
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
  "deleteMessage",
  "deleteMessages",
  "pinChatMessage",
  "unpinChatMessage",
  "answerCallbackQuery",
  "sendChatAction",
  "sendInvoice",
  "answerPreCheckoutQuery",
  "refundStarPayment",
  "getChat",
  "getChatMember",
  "setChatMenuButton",
  "getChatMenuButton",
  "close",
  "logOut",
] as const;
const METHOD_BY_LOWER = new Map<string, string>(KNOWN_METHODS.map((m) => [m.toLowerCase(), m]));

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function randomId(bytes = 9): string {
  return randomBytes(bytes).toString("base64url");
}

function byteOffset(s: string, index: number): number {
  return Buffer.byteLength(s.slice(0, index), "utf8");
}

function stableStringify(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "undefined";
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined && o[k] !== null)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(",")}}`;
}

function getStr(p: Params, k: string): string | undefined {
  const v = p[k];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function getNum(p: Params, k: string): number | undefined {
  const v = p[k];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

function getBool(p: Params, k: string): boolean | undefined {
  const v = p[k];
  if (v === true || v === "true" || v === 1 || v === "1") return true;
  if (v === false || v === "false" || v === 0 || v === "0") return false;
  return undefined;
}

function isUploaded(v: unknown): v is UploadedFile {
  return typeof v === "object" && v !== null && (v as { upload?: unknown }).upload === true;
}

function indentLines(s: string): string {
  return s.replace(/\n/g, "\n  ");
}

function describeMatcher(m: unknown): string {
  if (typeof m === "string") return JSON.stringify(m);
  if (m instanceof RegExp) return String(m);
  return "<predicate>";
}

function toMessageMatcher(p: MessageMatcher): (m: BotMessage) => boolean {
  if (typeof p === "string") return (m) => m.text.includes(p);
  if (p instanceof RegExp) {
    return (m) => {
      p.lastIndex = 0;
      return p.test(m.text);
    };
  }
  return p;
}

/** Index of the first element with seq > after (arrays are seq-ordered). */
function firstAfter<T extends { seq: number }>(arr: readonly T[], after: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as T).seq <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const s = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(s) });
  res.end(s);
}

function errorBody(e: { error_code: number; description: string; parameters?: { retry_after?: number } | undefined }): unknown {
  return e.parameters
    ? { ok: false, error_code: e.error_code, description: e.description, parameters: e.parameters }
    : { ok: false, error_code: e.error_code, description: e.description };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("request aborted"));
    });
  });
}

function parseMultipart(buf: Buffer, boundary: string): { fields: Record<string, string>; files: Record<string, UploadedFile> } {
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  const delim = Buffer.from(`--${boundary}`);
  let pos = buf.indexOf(delim);
  while (pos >= 0) {
    let start = pos + delim.length;
    if (buf[start] === 45 && buf[start + 1] === 45) break; // closing "--"
    if (buf[start] === 13 && buf[start + 1] === 10) start += 2;
    const next = buf.indexOf(delim, start);
    if (next < 0) break;
    let end = next;
    if (buf[end - 2] === 13 && buf[end - 1] === 10) end -= 2;
    const part = buf.subarray(start, end);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const body = part.subarray(headerEnd + 4);
      const disp = /content-disposition:\s*form-data\s*((?:;[^\r\n]*)?)/i.exec(headers)?.[1] ?? "";
      const nameM = /(?:^|;)\s*name=(?:"([^"]*)"|([^;\r\n]*))/i.exec(disp);
      const fileM = /(?:^|;)\s*filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(disp);
      const ctype = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      const name = nameM ? (nameM[1] ?? nameM[2] ?? "").trim() : "";
      if (name) {
        if (fileM) {
          const file: UploadedFile = { upload: true, filename: (fileM[1] ?? fileM[2] ?? "").trim(), size: body.length };
          if (ctype) file.content_type = ctype;
          files[name] = file;
        } else {
          fields[name] = body.toString("utf8");
        }
      }
    }
    pos = next;
  }
  return { fields, files };
}

/** Coerces string values (query string, forms) the way Telegram does for the keys we use. */
function coerce(params: Params): Params {
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== "string") continue;
    if (JSON_KEYS.has(k)) {
      const t = v.trim();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          params[k] = JSON.parse(t);
        } catch {
          /* keep the string; handlers report it */
        }
      }
    } else if (NUMERIC_KEYS.has(k) && /^-?\d+$/.test(v.trim())) {
      const n = Number(v);
      if (Number.isSafeInteger(n)) params[k] = n;
    } else if (BOOL_KEYS.has(k) && (v === "true" || v === "false")) {
      params[k] = v === "true";
    }
  }
  return params;
}

// ───────────────────────────── text formatting ─────────────────────────────

interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const HTML_TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
  "tg-time": "date_time",
};

const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function parseHtml(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const stack: Array<{ tag: string; type: string; start: number; attrs: Record<string, string> }> = [];
  const special = /[<&]/g;
  let i = 0;
  while (i < src.length) {
    special.lastIndex = i;
    const m = special.exec(src);
    if (!m) {
      out += src.slice(i);
      break;
    }
    out += src.slice(i, m.index);
    i = m.index;
    if (src[i] === "&") {
      const em = /^&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/.exec(src.slice(i, i + 12));
      let decoded: string | undefined;
      if (em) {
        const name = em[1] as string;
        if (name.startsWith("#x") || name.startsWith("#X")) decoded = String.fromCodePoint(parseInt(name.slice(2), 16));
        else if (name.startsWith("#")) decoded = String.fromCodePoint(parseInt(name.slice(1), 10));
        else decoded = HTML_ENTITIES[name.toLowerCase()];
      }
      if (em && decoded !== undefined) {
        out += decoded;
        i += em[0].length;
      } else {
        out += "&";
        i += 1;
      }
      continue;
    }
    // "<"
    const end = src.indexOf(">", i);
    if (end < 0) throw entityError(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const inner = src.slice(i + 1, end);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (!top) throw entityError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (name !== "" && name !== top.tag) {
        throw entityError(`Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${top.tag}>", found "</${name}>"`);
      }
      const length = out.length - top.start;
      if (length > 0) {
        if (top.type === "text_link") {
          const href = top.attrs.href;
          if (href) entities.push({ type: "text_link", offset: top.start, length, url: href });
        } else if (top.type === "custom_emoji") {
          entities.push({ type: "custom_emoji", offset: top.start, length, custom_emoji_id: top.attrs["emoji-id"] ?? "" });
        } else if (top.type === "pre") {
          const language = top.attrs["data-language"];
          entities.push(language ? { type: "pre", offset: top.start, length, language } : { type: "pre", offset: top.start, length });
        } else if (top.type === "code" && stack.at(-1)?.type === "pre") {
          const lang = /^language-(.+)$/.exec(top.attrs.class ?? "")?.[1];
          if (lang) stack.at(-1)!.attrs["data-language"] = lang;
        } else if (top.type === "blockquote") {
          entities.push({ type: "expandable" in top.attrs ? "expandable_blockquote" : "blockquote", offset: top.start, length });
        } else if (top.type !== "date_time") {
          entities.push({ type: top.type as "bold", offset: top.start, length });
        }
      }
    } else {
      const nm = /^([a-zA-Z][a-zA-Z0-9-]*)/.exec(inner);
      const name = (nm?.[1] ?? "").toLowerCase();
      const type = HTML_TAGS[name];
      if (!type) throw entityError(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
      const attrs: Record<string, string> = {};
      const rest = inner.slice(name.length);
      const attrRe = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
      for (let am = attrRe.exec(rest); am; am = attrRe.exec(rest)) {
        const v = am[2] ?? am[3] ?? am[4] ?? "";
        attrs[(am[1] as string).toLowerCase()] = v.replace(/&(lt|gt|amp|quot);/g, (_, e: string) => HTML_ENTITIES[e] ?? "");
      }
      if (name === "span" && attrs.class !== "tg-spoiler") {
        throw entityError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
      }
      stack.push({ tag: name, type, start: out.length, attrs });
    }
    i = end + 1;
  }
  const open = stack.at(-1);
  if (open) throw entityError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  entities.sort((a, b) => a.offset - b.offset);
  return { text: out, entities };
}

const MDV2_RESERVED = new Set("_*[]()~`>#+-=|{}.!".split(""));
const MDV2_NAMES: Record<string, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  text_link: "TextUrl",
  custom_emoji: "CustomEmoji",
};

function parseMarkdownV2(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const stack: Array<{ type: string; start: number; at: number }> = [];
  const toggle = (type: string, at: number): void => {
    const idx = stack.findLastIndex((e) => e.type === type);
    if (idx < 0) {
      stack.push({ type, start: out.length, at });
      return;
    }
    const [e] = stack.splice(idx, 1);
    if (e && out.length > e.start) entities.push({ type: type as "bold", offset: e.start, length: out.length - e.start });
  };
  const reserved = (c: string): TgError => entityError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
  /** Reads until an unescaped `close`, handling backslash escapes; returns [content, indexAfterClose]. */
  const readUntil = (from: number, close: string, what: string, at: number): [string, number] => {
    let s = "";
    let j = from;
    while (j < src.length) {
      if (src[j] === "\\" && j + 1 < src.length) {
        s += src[j + 1];
        j += 2;
        continue;
      }
      if (src.startsWith(close, j)) return [s, j + close.length];
      s += src[j];
      j++;
    }
    throw entityError(`Can't find end of ${what} entity at byte offset ${byteOffset(src, at)}`);
  };
  let lineStart = true;
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const wasLineStart = lineStart;
    lineStart = false;
    if (c === "\\") {
      const nx = src[i + 1];
      if (nx !== undefined && nx.charCodeAt(0) >= 1 && nx.charCodeAt(0) <= 126) {
        out += nx;
        lineStart = nx === "\n";
        i += 2;
      } else {
        throw reserved("\\");
      }
      continue;
    }
    if (c === "`") {
      if (src.startsWith("```", i)) {
        const [body, next] = readUntil(i + 3, "```", "Pre", i);
        let code = body;
        let language: string | undefined;
        const nl = body.indexOf("\n");
        if (nl >= 0 && /^[^\s`]+$/.test(body.slice(0, nl))) {
          language = body.slice(0, nl);
          code = body.slice(nl + 1);
        } else if (nl === 0) {
          code = body.slice(1);
        }
        if (code.length > 0) entities.push(language ? { type: "pre", offset: out.length, length: code.length, language } : { type: "pre", offset: out.length, length: code.length });
        out += code;
        i = next;
      } else {
        const [body, next] = readUntil(i + 1, "`", "Code", i);
        if (body.length > 0) entities.push({ type: "code", offset: out.length, length: body.length });
        out += body;
        i = next;
      }
      continue;
    }
    switch (c) {
      case "*":
        toggle("bold", i);
        i++;
        continue;
      case "_":
        if (src[i + 1] === "_") {
          toggle("underline", i);
          i += 2;
        } else {
          toggle("italic", i);
          i++;
        }
        continue;
      case "~":
        toggle("strikethrough", i);
        i++;
        continue;
      case "|":
        if (src[i + 1] === "|") {
          toggle("spoiler", i);
          i += 2;
          continue;
        }
        throw reserved(c);
      case "!":
        if (src[i + 1] === "[") {
          stack.push({ type: "custom_emoji", start: out.length, at: i });
          i += 2;
          continue;
        }
        throw reserved(c);
      case "[":
        stack.push({ type: "text_link", start: out.length, at: i });
        i++;
        continue;
      case "]": {
        const idx = stack.findLastIndex((e) => e.type === "text_link" || e.type === "custom_emoji");
        if (idx < 0) throw reserved(c);
        const [e] = stack.splice(idx, 1);
        if (src[i + 1] !== "(") throw entityError(`Can't find end of ${MDV2_NAMES[e!.type]} entity at byte offset ${byteOffset(src, e!.at)}`);
        const [url, next] = readUntil(i + 2, ")", MDV2_NAMES[e!.type] ?? "TextUrl", e!.at);
        const length = out.length - e!.start;
        if (length > 0) {
          if (e!.type === "custom_emoji") {
            entities.push({ type: "custom_emoji", offset: e!.start, length, custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? "" });
          } else {
            entities.push({ type: "text_link", offset: e!.start, length, url });
          }
        }
        i = next;
        continue;
      }
      case ">":
        if (wasLineStart) {
          // Block quotation marker; kept simple: the marker is dropped, no entity.
          i++;
          if (src[i] === " ") i++;
          continue;
        }
        throw reserved(c);
      default:
        if (MDV2_RESERVED.has(c)) throw reserved(c);
    }
    out += c;
    lineStart = c === "\n";
    i++;
  }
  const open = stack[0];
  if (open) throw entityError(`Can't find end of ${MDV2_NAMES[open.type] ?? open.type} entity at byte offset ${byteOffset(src, open.at)}`);
  entities.sort((a, b) => a.offset - b.offset);
  return { text: out, entities };
}

function parseMarkdownLegacy(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const fail = (at: number): TgError => entityError(`Can't find end of the entity starting at byte offset ${byteOffset(src, at)}`);
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "\\" && "_*`[".includes(src[i + 1] ?? "")) {
      out += src[i + 1];
      i += 2;
      continue;
    }
    if (c === "*" || c === "_") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw fail(i);
      const body = src.slice(i + 1, end);
      if (body.length > 0) entities.push({ type: c === "*" ? "bold" : "italic", offset: out.length, length: body.length });
      out += body;
      i = end + 1;
      continue;
    }
    if (c === "`") {
      const fence = src.startsWith("```", i) ? "```" : "`";
      const end = src.indexOf(fence, i + fence.length);
      if (end < 0) throw fail(i);
      let body = src.slice(i + fence.length, end);
      if (fence === "```" && body.startsWith("\n")) body = body.slice(1);
      if (body.length > 0) entities.push({ type: fence === "```" ? "pre" : "code", offset: out.length, length: body.length });
      out += body;
      i = end + fence.length;
      continue;
    }
    if (c === "[") {
      const close = src.indexOf("]", i + 1);
      if (close < 0) throw fail(i);
      const body = src.slice(i + 1, close);
      if (src[close + 1] === "(") {
        const urlEnd = src.indexOf(")", close + 2);
        if (urlEnd < 0) throw fail(i);
        const url = src.slice(close + 2, urlEnd);
        if (body.length > 0) entities.push({ type: "text_link", offset: out.length, length: body.length, url });
        out += body;
        i = urlEnd + 1;
      } else {
        out += src.slice(i, close + 1);
        i = close + 1;
      }
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, entities };
}

function formatText(text: string, parseMode: unknown, entities: unknown): Formatted {
  const mode = typeof parseMode === "string" ? parseMode : "";
  switch (mode.toLowerCase()) {
    case "":
      return { text, entities: Array.isArray(entities) ? (entities as MessageEntity[]) : [] };
    case "html":
      return parseHtml(text);
    case "markdownv2":
      return parseMarkdownV2(text);
    case "markdown":
      return parseMarkdownLegacy(text);
    default:
      throw bad(`unsupported parse_mode`);
  }
}

// ───────────────────────────── markup ─────────────────────────────

interface ParsedMarkup {
  inline?: InlineKeyboardMarkup;
  other?: ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;
}

function parseReplyMarkup(v: unknown): ParsedMarkup {
  if (v === undefined || v === null || v === "") return {};
  let m: unknown = v;
  if (typeof m === "string") {
    try {
      m = JSON.parse(m);
    } catch {
      throw bad("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw bad("can't parse reply keyboard markup JSON object");
  const o = m as Record<string, unknown>;
  if ("inline_keyboard" in o) {
    const rows = o.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) throw bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
    for (const row of rows as unknown[][]) {
      for (const b of row) {
        if (typeof b !== "object" || b === null) throw bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        const btn = b as Record<string, unknown>;
        if (typeof btn.text !== "string" || btn.text.length === 0) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        const actions = ["url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"].filter((k) => btn[k] !== undefined);
        if (actions.length === 0) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if (btn.callback_data !== undefined) {
          const len = typeof btn.callback_data === "string" ? Buffer.byteLength(btn.callback_data, "utf8") : 0;
          if (len < 1 || len > 64) throw bad("BUTTON_DATA_INVALID");
        }
        if (btn.url !== undefined) {
          if (typeof btn.url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(btn.url)) throw bad("BUTTON_URL_INVALID");
        }
      }
    }
    const nonEmpty = (rows as unknown[][]).filter((r) => r.length > 0);
    return nonEmpty.length > 0 ? { inline: { inline_keyboard: nonEmpty as InlineKeyboardButton[][] } } : {};
  }
  if ("keyboard" in o || "remove_keyboard" in o || "force_reply" in o) {
    return { other: o as unknown as ReplyKeyboardMarkup };
  }
  throw bad("can't parse reply keyboard markup JSON object");
}

function renderButtons(markup: InlineKeyboardMarkup | undefined): string {
  if (!markup) return "";
  return markup.inline_keyboard.map((row) => `\n  ${row.map((b) => `[${b.text}]`).join(" ")}`).join("");
}

function renderReplyKeyboard(k: BotMessage["reply_keyboard"]): string {
  if (!k || !("keyboard" in k)) return "";
  return k.keyboard
    .map((row) => `\n  ⌨ ${row.map((b) => `[${typeof b === "string" ? b : b.text}]`).join(" ")}`)
    .join("");
}

// ───────────────────────────── the fake ─────────────────────────────

export class FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  readonly port: number;
  readonly botInfo: UserFromGetMe;

  /** Every API call in arrival order (unless recordCalls: false). */
  readonly calls: RecordedCall[] = [];
  /** Params of every successful answerCallbackQuery. */
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly preCheckoutAnswers: PreCheckoutAnswer[] = [];
  readonly refunds: Refund[] = [];
  /** Unexpected exceptions inside the fake (answered 500); should stay empty. */
  readonly internalErrors: unknown[] = [];
  /** Current webhook URL ("" when none). */
  webhookUrl = "";
  /** Menu buttons set via setChatMenuButton, by chat id ("default" for the default one). */
  readonly menuButtons = new Map<number | "default", unknown>();
  /** setMyDescription / setMyShortDescription / setMyName values by language code ("" = default). */
  readonly botTexts = { description: new Map<string, string>(), short_description: new Map<string, string>(), name: new Map<string, string>() };

  private readonly server: Server;
  private readonly botUser: User;
  private readonly rateLimit: number | undefined;
  private readonly recordCalls: boolean;
  private closed = false;
  private _seq = 0;
  private lastUserSeq = 0;
  private delivered = 0;

  private readonly chats = new Map<number, ChatState>();
  private readonly usernames = new Map<string, number>();

  private queue: Update[] = [];
  private nextUpdateId = 1;
  private maxDeliveredUpdateId = 0;
  private readonly polls = new Set<PendingPoll>();
  private flushScheduled = false;

  private readonly callWaiters = new Set<CallWaiter>();
  private readonly fails = new Map<string, Array<ApiErrorSpec>>();
  private readonly drops = new Map<string, number>();
  private readonly rateTimes: number[] = [];
  private rateHead = 0;

  private readonly callbackQueries = new Map<string, { chat_id: number; message_id: number; data: string; answered: boolean }>();
  private readonly preCheckouts = new Map<string, { answered: boolean }>();
  private readonly charges = new Map<string, { user_id: number; refunded: boolean }>();
  private readonly commandSets = new Map<string, BotCommand[]>();
  private queryCounter = 0;
  private fileCounter = 0;

  private lastActivity = Date.now();
  private lastGetUpdatesAt = 0;
  private inFlight = 0;

  private constructor(server: Server, port: number, opts: FakeTelegramOptions) {
    this.server = server;
    this.port = port;
    this.apiRoot = `http://127.0.0.1:${port}`;
    this.token = opts.token ?? "123456:TEST-TOKEN";
    const botId = Number(/^(\d+):/.exec(this.token)?.[1] ?? "123456");
    this.botInfo = {
      id: botId,
      is_bot: true,
      first_name: opts.botFirstName ?? "Test Bot",
      username: opts.botUsername ?? "test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.botUser = { id: botId, is_bot: true, first_name: this.botInfo.first_name, username: this.botInfo.username };
    this.rateLimit = opts.globalRateLimitPerSecond;
    this.recordCalls = opts.recordCalls ?? true;
  }

  static async start(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    const server = createServer((req, res) => handler?.(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const tg = new FakeTelegram(server, port, opts);
    handler = (req, res) => tg.onRequest(req, res);
    return tg;
  }

  /** Stops the server, ending pending long polls and keep-alive sockets at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.polls) clearTimeout(p.timer);
    this.polls.clear();
    const err = new Error("FakeTelegram closed");
    rejectWaiters(this.callWaiters, err);
    for (const chat of this.chats.values()) rejectWaiters(chat.waiters, err);
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
  }

  // ─────────── counters ───────────

  /** The latest sequence number (every user action, bot send/edit and API call gets one). */
  get seq(): number {
    return this._seq;
  }

  /** Successful calls of sending methods (sends and edits) — what a rate limit lets through. */
  get deliveredCount(): number {
    return this.delivered;
  }

  /** Updates queued and not yet confirmed by the bot. */
  get pendingUpdateCount(): number {
    return this.queue.length;
  }

  // ─────────── faults ───────────

  /** The next `times` calls of `method` answer this error (429 gets parameters.retry_after). */
  failNext(method: string, error: ApiErrorSpec, times = 1): void {
    const list = this.fails.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(error);
    this.fails.set(method, list);
  }

  /** The next `times` calls of `method` get their socket destroyed without an answer. */
  dropNext(method: string, times = 1): void {
    this.drops.set(method, (this.drops.get(method) ?? 0) + times);
  }

  clearFaults(): void {
    this.fails.clear();
    this.drops.clear();
  }

  /** After this, sending to that chat answers 403 "Forbidden: bot was blocked by the user". */
  blockBot(userId: number, opts: { notify?: boolean } = {}): void {
    const chat = this.ensureChat(userId);
    chat.blocked = true;
    if (opts.notify && chat.user) this.enqueueMemberUpdate(chat, "member", "kicked");
  }

  unblockBot(userId: number, opts: { notify?: boolean } = {}): void {
    const chat = this.ensureChat(userId);
    chat.blocked = false;
    if (opts.notify && chat.user) this.enqueueMemberUpdate(chat, "kicked", "member");
  }

  isBlocked(userId: number): boolean {
    return this.chats.get(userId)?.blocked ?? false;
  }

  // ─────────── simulated users ───────────

  /** A text message from the user; a leading "/command" gets a bot_command entity. */
  sendText(user: FakeUser, text: string, opts: { reply_to_message_id?: number } = {}): Update {
    const chat = this.userChat(user);
    const msg: Message = this.userMessage(chat, user, { text });
    const cmd = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
    if (cmd) msg.entities = [{ type: "bot_command", offset: 0, length: cmd[0].length }];
    this.attachReply(chat, msg, opts.reply_to_message_id);
    this.userEvent(chat, `> user: ${indentLines(text)}`);
    return this.enqueue({ message: msg });
  }

  /** A photo from the user (three sizes; the largest gets `fileUniqueId`). */
  sendPhoto(user: FakeUser, opts: { caption?: string; fileUniqueId?: string; fileId?: string } = {}): Update {
    const chat = this.userChat(user);
    const uid = opts.fileUniqueId ?? `AQAD${randomId(6)}`;
    const base = opts.fileId ?? `AgACAgIAAxkBAAI${randomId(12)}`;
    const photo: PhotoSize[] = [
      { file_id: `${base}-s`, file_unique_id: `${uid}-s`, width: 90, height: 90, file_size: 1_200 },
      { file_id: `${base}-m`, file_unique_id: `${uid}-m`, width: 320, height: 320, file_size: 14_000 },
      { file_id: base, file_unique_id: uid, width: 1280, height: 1280, file_size: 120_000 },
    ];
    const msg = this.userMessage(chat, user, { photo });
    if (opts.caption !== undefined) msg.caption = opts.caption;
    this.userEvent(chat, `> user [photo]${opts.caption ? `: ${indentLines(opts.caption)}` : ""}`);
    return this.enqueue({ message: msg });
  }

  /** A document from the user. */
  sendDocument(
    user: FakeUser,
    opts: { caption?: string; fileUniqueId?: string; fileId?: string; fileName?: string; mimeType?: string; fileSize?: number } = {},
  ): Update {
    const chat = this.userChat(user);
    const document: Document = {
      file_id: opts.fileId ?? `BQACAgIAAxkBAAI${randomId(12)}`,
      file_unique_id: opts.fileUniqueId ?? `AgAD${randomId(6)}`,
      file_name: opts.fileName ?? "file.txt",
      mime_type: opts.mimeType ?? "text/plain",
      file_size: opts.fileSize ?? 1_000,
    };
    const msg = this.userMessage(chat, user, { document });
    if (opts.caption !== undefined) msg.caption = opts.caption;
    this.userEvent(chat, `> user [document ${document.file_name}]${opts.caption ? `: ${indentLines(opts.caption)}` : ""}`);
    return this.enqueue({ message: msg });
  }

  /** The user presses an inline button with `data` under bot message `messageId` (no check that such a button exists). */
  pressButton(user: FakeUser, messageId: number, data: string): Update {
    const chat = this.userChat(user);
    const bm = chat.botById.get(messageId);
    if (!bm || bm.deleted) {
      throw new Error(`pressButton: no ${bm ? "undeleted " : ""}bot message #${messageId} in chat ${user.id}\n${this.transcript(user.id)}`);
    }
    const id = String(4_000_000_000_000_000 + ++this.queryCounter);
    const query: CallbackQuery = {
      id,
      from: this.toTgUser(user),
      message: bm.message,
      chat_instance: String(-(user.id * 31 + 7)),
      data,
    };
    this.callbackQueries.set(id, { chat_id: chat.id, message_id: messageId, data, answered: false });
    let label: string | undefined;
    for (const row of bm.reply_markup?.inline_keyboard ?? []) {
      for (const b of row) if ("callback_data" in b && b.callback_data === data) label ??= b.text;
    }
    this.userEvent(chat, `> user pressed [${label ?? `data:${data}`}]`);
    return this.enqueue({ callback_query: query });
  }

  /**
   * Presses the first inline callback button whose text matches (string = includes, RegExp = test,
   * or a predicate) on the latest bot message in the user's chat that has one.
   */
  clickButton(user: FakeUser, textOrPredicate: ButtonMatcher, opts: { messageId?: number } = {}): Update {
    const chat = this.userChat(user);
    const matches = (b: InlineKeyboardButton, m: BotMessage): boolean => {
      if (typeof textOrPredicate === "string") return b.text.includes(textOrPredicate);
      if (textOrPredicate instanceof RegExp) {
        textOrPredicate.lastIndex = 0;
        return textOrPredicate.test(b.text);
      }
      return textOrPredicate(b, m);
    };
    for (let i = chat.botList.length - 1; i >= 0; i--) {
      const m = chat.botList[i] as BotMessage;
      if (m.deleted || !m.reply_markup) continue;
      if (opts.messageId !== undefined && m.message_id !== opts.messageId) continue;
      for (const row of m.reply_markup.inline_keyboard) {
        for (const b of row) {
          if (!matches(b, m)) continue;
          if (!("callback_data" in b) || typeof b.callback_data !== "string") {
            throw new Error(`clickButton: button [${b.text}] on message #${m.message_id} is not a callback button (${JSON.stringify(b)})`);
          }
          return this.pressButton(user, m.message_id, b.callback_data);
        }
      }
    }
    const available = chat.botList
      .filter((m) => !m.deleted && m.reply_markup)
      .slice(-5)
      .reverse()
      .map((m) => `  #${m.message_id}: ${m.reply_markup!.inline_keyboard.map((r) => r.map((b) => `[${b.text}]`).join(" ")).join(" / ")}`);
    throw new Error(
      `clickButton: no inline button matching ${describeMatcher(textOrPredicate)} in chat ${user.id}` +
        (opts.messageId !== undefined ? ` on message #${opts.messageId}` : "") +
        `.\nAvailable buttons (newest first):\n${available.length ? available.join("\n") : "  (none)"}\nTranscript:\n${this.transcript(user.id)}`,
    );
  }

  /** A pre_checkout_query from the user. */
  preCheckout(user: FakeUser, q: { currency: string; total_amount: number; invoice_payload: string }): Update {
    const chat = this.userChat(user);
    const id = String(5_000_000_000_000_000 + ++this.queryCounter);
    const query: PreCheckoutQuery = {
      id,
      from: this.toTgUser(user),
      currency: q.currency,
      total_amount: q.total_amount,
      invoice_payload: q.invoice_payload,
    };
    this.preCheckouts.set(id, { answered: false });
    this.userEvent(chat, `> user pre-checkout ${q.total_amount} ${q.currency} (${q.invoice_payload})`);
    return this.enqueue({ pre_checkout_query: query });
  }

  /** A message with successful_payment from the user (charge id generated when omitted). */
  successfulPayment(
    user: FakeUser,
    p: { currency: string; total_amount: number; invoice_payload: string; telegram_payment_charge_id?: string; provider_payment_charge_id?: string },
  ): Update {
    const chat = this.userChat(user);
    const chargeId = p.telegram_payment_charge_id ?? `stxCharge${randomId(12)}`;
    const msg = this.userMessage(chat, user, {
      successful_payment: {
        currency: p.currency,
        total_amount: p.total_amount,
        invoice_payload: p.invoice_payload,
        telegram_payment_charge_id: chargeId,
        provider_payment_charge_id: p.provider_payment_charge_id ?? "",
      },
    });
    this.charges.set(chargeId, { user_id: user.id, refunded: false });
    this.userEvent(chat, `> user paid ${p.total_amount} ${p.currency} (${p.invoice_payload}) charge ${chargeId}`);
    return this.enqueue({ message: msg });
  }

  /**
   * Full payment flow for the latest invoice in the user's chat (or `messageId`): pre_checkout_query,
   * wait for answerPreCheckoutQuery, then (if ok) the successful_payment message.
   */
  async payInvoice(user: FakeUser, opts: { messageId?: number; timeoutMs?: number; telegram_payment_charge_id?: string } = {}): Promise<PayInvoiceResult> {
    const chat = this.userChat(user);
    let invoice: BotMessage | undefined;
    for (let i = chat.botList.length - 1; i >= 0 && !invoice; i--) {
      const m = chat.botList[i] as BotMessage;
      if (!m.deleted && m.invoice && (opts.messageId === undefined || m.message_id === opts.messageId)) invoice = m;
    }
    if (!invoice?.invoice) throw new Error(`payInvoice: no invoice in chat ${user.id}\n${this.transcript(user.id)}`);
    const { currency, total_amount, payload } = invoice.invoice;
    const before = this._seq;
    const upd = this.preCheckout(user, { currency, total_amount, invoice_payload: payload });
    const id = upd.pre_checkout_query!.id;
    const call = await this.waitForCall("answerPreCheckoutQuery", (p) => String(p.pre_checkout_query_id) === id, {
      after: before,
      timeoutMs: opts.timeoutMs ?? 5000,
    });
    if (!call.ok) throw new Error(`payInvoice: answerPreCheckoutQuery failed: ${call.error?.description}`);
    if (getBool(call.params, "ok") !== true) {
      const r: PayInvoiceResult = { ok: false, invoice };
      const em = getStr(call.params, "error_message");
      if (em !== undefined) r.error_message = em;
      return r;
    }
    const paid = this.successfulPayment(user, {
      currency,
      total_amount,
      invoice_payload: payload,
      ...(opts.telegram_payment_charge_id ? { telegram_payment_charge_id: opts.telegram_payment_charge_id } : {}),
    });
    return { ok: true, invoice, telegram_payment_charge_id: paid.message!.successful_payment!.telegram_payment_charge_id };
  }

  // ─────────── inspection ───────────

  /** Bot messages in that chat in send order, current state (deleted ones only with includeDeleted). */
  messages(chatId: number, opts: { includeDeleted?: boolean } = {}): BotMessage[] {
    const list = this.chats.get(chatId)?.botList ?? [];
    return opts.includeDeleted ? [...list] : list.filter((m) => !m.deleted);
  }

  lastMessage(chatId: number): BotMessage | undefined {
    const list = this.chats.get(chatId)?.botList ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (!(list[i] as BotMessage).deleted) return list[i];
    return undefined;
  }

  /** One bot message by id (current state, also when deleted). */
  message(chatId: number, messageId: number): BotMessage | undefined {
    return this.chats.get(chatId)?.botById.get(messageId);
  }

  /** Button texts (rows) of a bot message, default the latest one with a keyboard. */
  buttons(chatId: number, messageId?: number): string[][] {
    const list = this.chats.get(chatId)?.botList ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i] as BotMessage;
      if (m.deleted || !m.reply_markup) continue;
      if (messageId !== undefined && m.message_id !== messageId) continue;
      return m.reply_markup.inline_keyboard.map((r) => r.map((b) => b.text));
    }
    return [];
  }

  /** Ids of callback queries the bot never answered (the user would see a spinner). */
  unansweredCallbackQueries(): string[] {
    return [...this.callbackQueries.entries()].filter(([, q]) => !q.answered).map(([id]) => id);
  }

  /** Commands set via setMyCommands for that scope / language (default scope, no language by default). */
  commands(opts: { scope?: unknown; language_code?: string } = {}): BotCommand[] {
    return this.commandSets.get(this.commandKey(opts.scope, opts.language_code)) ?? [];
  }

  /** A readable chat log: "> user: ...", "> user pressed [Btn]", "< bot: ..." with "  [Btn] [Btn]" rows, "(edited)". */
  transcript(chatId: number): string {
    return (this.chats.get(chatId)?.transcript ?? []).join("\n");
  }

  // ─────────── waiting ───────────

  /**
   * Resolves with the first bot send or edit in that chat (with seq > `after`) whose state matches;
   * the result is a snapshot of the message at that moment. Rejects after timeoutMs (default 5000)
   * with the chat transcript in the error.
   */
  waitForMessage(chatId: number, predicate: MessageMatcher, opts: WaitOptions = {}): Promise<BotMessage> {
    const chat = this.ensureChat(chatId);
    const after = opts.after ?? chat.lastUserSeq;
    const timeoutMs = opts.timeoutMs ?? 5000;
    return this.firstOrWait(chat.history, after, () => true, toMessageMatcher(predicate), chat.waiters, {}, timeoutMs, () =>
      new Error(
        `waitForMessage(chat ${chatId}, ${describeMatcher(predicate)}, after seq ${after}) timed out after ${timeoutMs} ms.\nTranscript:\n${this.transcript(chatId) || "(empty)"}`,
      ),
    );
  }

  /** Resolves with the first (finished) call of `method` with seq > `after` whose params match. */
  waitForCall(
    method: string,
    predicate?: (params: Record<string, unknown>, call: RecordedCall) => boolean,
    opts: WaitOptions = {},
  ): Promise<RecordedCall> {
    const after = opts.after ?? this.lastUserSeq;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const match = (c: RecordedCall): boolean => c.method === method && (predicate ? predicate(c.params, c) : true);
    return this.firstOrWait(this.calls, after, (c) => c.ok !== undefined, match, this.callWaiters, { method }, timeoutMs, () => {
      const recent = this.calls
        .slice(-15)
        .map((c) => `  #${c.seq} ${c.method} ${JSON.stringify(c.params).slice(0, 160)}${c.error ? ` -> ${c.error.error_code}` : ""}`)
        .join("\n");
      return new Error(`waitForCall(${method}) timed out after ${timeoutMs} ms (after seq ${after}). Recent calls:\n${recent || "  (none)"}`);
    });
  }

  /**
   * The first item of `list` after seq `after` that is `ready` and matches; else a waiter in `waiters`
   * (settled by settleWaiters as items come), rejected with `timeoutError()` after timeoutMs.
   */
  private firstOrWait<T extends { seq: number }, W extends Waiter<T>>(
    list: readonly T[],
    after: number,
    ready: (item: T) => boolean,
    match: (item: T) => boolean,
    waiters: Set<W>,
    extra: Omit<W, keyof Waiter<T>>,
    timeoutMs: number,
    timeoutError: () => Error,
  ): Promise<T> {
    try {
      for (let i = firstAfter(list, after); i < list.length; i++) {
        const item = list[i]!;
        if (ready(item) && match(item)) return Promise.resolve(item);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.closed) return Promise.reject(new Error("FakeTelegram closed"));
    const p = new Promise<T>((resolve, reject) => {
      const w = {
        ...extra,
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(w);
          reject(timeoutError());
        }, timeoutMs),
      } as W;
      waiters.add(w);
    });
    p.catch(() => undefined);
    return p;
  }

  /**
   * Waits until no API call arrived (or was answered) and no update was queued for `ms`, and no
   * queued update is waiting for an actively polling bot. Gives up quietly after timeoutMs (10 s).
   */
  async settle(ms = 50, opts: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const now = Date.now();
      const idle = now - this.lastActivity;
      const lastQueued = this.queue.at(-1)?.update_id ?? 0;
      const undelivered = lastQueued > this.maxDeliveredUpdateId && (this.polls.size > 0 || now - this.lastGetUpdatesAt < 2_000);
      if (!undelivered && this.inFlight === 0 && idle >= ms) return;
      if (now >= deadline) return;
      await new Promise((r) => setTimeout(r, Math.max(5, Math.min(ms - idle, 50))));
    }
  }

  // ─────────── HTTP ───────────

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.lastActivity = Date.now();
    this.inFlight++;
    this.handleRequest(req, res)
      .catch((err: unknown) => {
        if (err instanceof Error && err.message === "request aborted") return;
        this.internalErrors.push(err);
        sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      })
      .finally(() => {
        this.inFlight--;
        this.lastActivity = Date.now();
      });
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const m = /^\/bot([^/]+)\/(?:test\/)?([^/]+)\/?$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(m[1] as string) !== this.token) {
      return sendJson(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const rawMethod = decodeURIComponent(m[2] as string);
    let params: Params;
    try {
      params = this.parseParams(url, req.headers["content-type"] ?? "", body);
    } catch (e) {
      const err = e instanceof TgError ? e : bad(String(e));
      return sendJson(res, err.error_code, errorBody(err));
    }
    const method = METHOD_BY_LOWER.get(rawMethod.toLowerCase());
    const call = this.recordCall(method ?? rawMethod, params);
    if (!method) {
      return this.finishCall(res, call, new TgError(404, "Not Found: method not found"));
    }
    if (method === "getUpdates") this.lastGetUpdatesAt = Date.now();

    const drops = this.drops.get(method) ?? 0;
    if (drops > 0) {
      this.drops.set(method, drops - 1);
      call.ok = false;
      call.error = { error_code: 0, description: "connection dropped" };
      this.notifyCall(call);
      res.socket?.destroy();
      return;
    }
    const fault = this.fails.get(method)?.shift();
    if (fault) {
      const retry = fault.retry_after ?? (fault.error_code === 429 ? 1 : undefined);
      return this.finishCall(res, call, new TgError(fault.error_code, fault.description, retry !== undefined ? { retry_after: retry } : undefined));
    }

    try {
      if (CHAT_METHODS.has(method)) {
        const chatId = this.tryChatId(params.chat_id);
        if (chatId !== undefined && this.chats.get(chatId)?.blocked) throw new TgError(403, "Forbidden: bot was blocked by the user");
      }
      const rateLimited = this.rateLimit !== undefined && SENDING_METHODS.has(method);
      if (rateLimited && !this.rateAvailable()) {
        throw new TgError(429, "Too Many Requests: retry after 1", { retry_after: 1 });
      }
      if (method === "getUpdates") return this.getUpdates(params, res, call);
      const result = this.dispatch(method, params);
      if (SENDING_METHODS.has(method)) {
        this.delivered++;
        if (rateLimited) this.rateTimes.push(Date.now());
      }
      this.finishCall(res, call, undefined, result);
    } catch (e) {
      if (e instanceof TgError) return this.finishCall(res, call, e);
      this.internalErrors.push(e);
      return this.finishCall(res, call, new TgError(500, `Internal Server Error: ${String(e)}`));
    }
  }

  private parseParams(url: URL, contentType: string, body: Buffer): Params {
    const params: Params = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    const ct = contentType.toLowerCase();
    if (body.length > 0) {
      if (ct.startsWith("application/json")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          throw bad("can't parse JSON");
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw bad("JSON object expected");
        Object.assign(params, parsed);
      } else if (ct.startsWith("multipart/form-data")) {
        const b = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
        const boundary = (b?.[1] ?? b?.[2] ?? "").trim();
        if (!boundary) throw bad("multipart boundary missing");
        const { fields, files } = parseMultipart(body, boundary);
        const used = new Set<string>();
        for (const [k, v] of Object.entries(fields)) {
          const attach = /^attach:\/\/(.+)$/.exec(v)?.[1];
          const file = attach !== undefined ? files[attach] : undefined;
          if (attach !== undefined && file) {
            params[k] = file;
            used.add(attach);
          } else {
            params[k] = v;
          }
        }
        for (const [k, f] of Object.entries(files)) if (!used.has(k) && params[k] === undefined) params[k] = f;
      } else {
        // application/x-www-form-urlencoded (and anything else we try as a form)
        for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = v;
      }
    }
    return coerce(params);
  }

  private recordCall(method: string, params: Params): RecordedCall {
    const call: RecordedCall = { method, params, at: Date.now(), seq: ++this._seq };
    if (this.recordCalls) this.calls.push(call);
    return call;
  }

  private finishCall(res: ServerResponse, call: RecordedCall, err?: TgError, result?: unknown): void {
    if (err) {
      call.ok = false;
      call.error = { error_code: err.error_code, description: err.description };
      sendJson(res, err.error_code, errorBody(err));
    } else {
      call.ok = true;
      sendJson(res, 200, { ok: true, result });
    }
    this.notifyCall(call);
  }

  private notifyCall(call: RecordedCall): void {
    settleWaiters(this.callWaiters, call, (w) => w.method === call.method);
  }

  private rateAvailable(): boolean {
    const limit = this.rateLimit ?? Infinity;
    const cutoff = Date.now() - 1000;
    while (this.rateHead < this.rateTimes.length && (this.rateTimes[this.rateHead] as number) <= cutoff) this.rateHead++;
    if (this.rateHead > 4096 && this.rateHead * 2 > this.rateTimes.length) {
      this.rateTimes.splice(0, this.rateHead);
      this.rateHead = 0;
    }
    return this.rateTimes.length - this.rateHead < limit;
  }

  // ─────────── updates / long polling ───────────

  private enqueue(partial: Record<string, unknown>): Update {
    const update = { update_id: this.nextUpdateId++, ...partial } as Update;
    this.queue.push(update);
    this.lastActivity = Date.now();
    if (this.polls.size > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushPolls();
      });
    }
    return update;
  }

  private flushPolls(): void {
    if (this.queue.length === 0) return;
    for (const p of this.polls) {
      this.polls.delete(p);
      clearTimeout(p.timer);
      this.answerPoll(p.res, p.call, this.queue.slice(0, p.limit));
    }
  }

  private answerPoll(res: ServerResponse, call: RecordedCall, updates: Update[]): void {
    const last = updates.at(-1);
    if (last && last.update_id > this.maxDeliveredUpdateId) this.maxDeliveredUpdateId = last.update_id;
    this.finishCall(res, call, undefined, updates);
    this.lastActivity = Date.now();
  }

  private getUpdates(params: Params, res: ServerResponse, call: RecordedCall): void {
    if (this.webhookUrl) throw new TgError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = getNum(params, "offset");
    if (offset !== undefined) {
      if (offset < 0) {
        this.queue = this.queue.slice(Math.max(0, this.queue.length + offset));
      } else {
        let k = 0;
        while (k < this.queue.length && (this.queue[k] as Update).update_id < offset) k++;
        if (k > 0) this.queue.splice(0, k);
      }
    }
    const limit = Math.min(100, Math.max(1, getNum(params, "limit") ?? 100));
    const timeout = Math.max(0, getNum(params, "timeout") ?? 0);
    // A newer getUpdates terminates older pending ones, as on Telegram.
    for (const p of this.polls) {
      this.polls.delete(p);
      clearTimeout(p.timer);
      this.finishCall(p.res, p.call, new TgError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
    }
    if (this.queue.length > 0 || timeout === 0) {
      this.answerPoll(res, call, this.queue.slice(0, limit));
      return;
    }
    const poll: PendingPoll = {
      res,
      limit,
      call,
      timer: setTimeout(() => {
        this.polls.delete(poll);
        this.answerPoll(res, call, []);
      }, timeout * 1000),
    };
    this.polls.add(poll);
    res.on("close", () => {
      if (this.polls.delete(poll)) {
        clearTimeout(poll.timer);
        call.ok = false;
        call.error = { error_code: 0, description: "client closed the connection" };
        this.notifyCall(call);
      }
    });
  }

  // ─────────── chats ───────────

  private ensureChat(id: number): ChatState {
    let chat = this.chats.get(id);
    if (!chat) {
      let tgChat: Chat;
      if (id > 0) tgChat = { id, type: "private", first_name: `User ${id}` };
      else if (id <= -1_000_000_000_000) tgChat = { id, type: "supergroup", title: `Supergroup ${id}` };
      else tgChat = { id, type: "group", title: `Group ${id}` };
      chat = {
        id,
        chat: tgChat,
        nextMessageId: 1,
        all: new Map(),
        botById: new Map(),
        botList: [],
        history: [],
        transcript: [],
        waiters: new Set(),
        lastUserSeq: 0,
        blocked: false,
      };
      this.chats.set(id, chat);
    }
    return chat;
  }

  private userChat(user: FakeUser): ChatState {
    const chat = this.ensureChat(user.id);
    if (chat.user !== user) {
      chat.user = user;
      const c: Chat = { id: user.id, type: "private", first_name: user.first_name };
      if (user.last_name !== undefined) c.last_name = user.last_name;
      if (user.username !== undefined) {
        c.username = user.username;
        this.usernames.set(user.username.toLowerCase(), user.id);
      }
      chat.chat = c;
    }
    return chat;
  }

  private toTgUser(user: FakeUser): User {
    const u: User = { id: user.id, is_bot: false, first_name: user.first_name };
    if (user.last_name !== undefined) u.last_name = user.last_name;
    if (user.username !== undefined) u.username = user.username;
    if (user.language_code !== undefined) u.language_code = user.language_code;
    return u;
  }

  private userMessage(chat: ChatState, user: FakeUser, content: Partial<Message>): Message {
    const msg = {
      message_id: chat.nextMessageId++,
      from: this.toTgUser(user),
      chat: chat.chat,
      date: nowSec(),
      ...content,
    } as Message;
    chat.all.set(msg.message_id, msg);
    return msg;
  }

  private userEvent(chat: ChatState, line: string): void {
    const seq = ++this._seq;
    chat.lastUserSeq = seq;
    this.lastUserSeq = seq;
    chat.transcript.push(line);
  }

  private enqueueMemberUpdate(chat: ChatState, from: "member" | "kicked", to: "member" | "kicked"): void {
    const user = chat.user!;
    const tgUser = this.toTgUser(user);
    const member = (status: "member" | "kicked") =>
      status === "member" ? { status, user: this.botUser } : { status, user: this.botUser, until_date: 0 };
    this.enqueue({
      my_chat_member: {
        chat: chat.chat,
        from: tgUser,
        date: nowSec(),
        old_chat_member: member(from),
        new_chat_member: member(to),
      },
    });
  }

  private tryChatId(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string") {
      const t = v.trim();
      if (/^-?\d+$/.test(t)) return Number(t);
      if (t.startsWith("@")) return this.usernames.get(t.slice(1).toLowerCase());
    }
    return undefined;
  }

  private chatIdParam(p: Params, key = "chat_id"): number {
    const v = p[key];
    if (v === undefined || v === null || v === "") throw bad(`${key} is empty`);
    const id = this.tryChatId(v);
    if (id === undefined) throw bad("chat not found");
    return id;
  }

  private messageIdParam(p: Params, what = "message identifier is not specified"): number {
    const id = getNum(p, "message_id");
    if (id === undefined) throw bad(what);
    return id;
  }

  private attachReply(chat: ChatState, msg: Message, replyTo: number | undefined, allowMissing = true): void {
    if (replyTo === undefined) return;
    const target = chat.all.get(replyTo);
    if (target) {
      const { reply_to_message: _drop, ...rest } = target;
      (msg as { reply_to_message?: unknown }).reply_to_message = rest;
    } else if (!allowMissing) {
      throw bad("message to be replied not found");
    }
  }

  private replyToParam(p: Params): { id?: number; allowMissing: boolean } {
    const rp = p.reply_parameters;
    let id = getNum(p, "reply_to_message_id");
    let allowMissing = getBool(p, "allow_sending_without_reply") ?? false;
    if (typeof rp === "object" && rp !== null) {
      const r = rp as Params;
      id = getNum(r, "message_id") ?? id;
      allowMissing = getBool(r, "allow_sending_without_reply") ?? allowMissing;
    }
    return id === undefined ? { allowMissing } : { id, allowMissing };
  }

  // ─────────── bot messages ───────────

  private renderBotLine(bm: BotMessage, event: "sent" | "edited"): string {
    let tag = "";
    if (bm.kind === "photo") tag = " [photo]";
    else if (bm.kind === "document") tag = ` [document ${bm.message.document?.file_name ?? ""}]`.replace(" ]", "]");
    else if (bm.kind === "invoice" && bm.invoice) tag = ` [invoice ${bm.invoice.title} — ${bm.invoice.total_amount} ${bm.invoice.currency}]`;
    else if (bm.kind === "other") tag = " [message]";
    const head = `< bot${event === "edited" ? " (edited)" : ""}${tag}`;
    return `${bm.text ? `${head}: ${indentLines(bm.text)}` : head}${renderButtons(bm.reply_markup)}${renderReplyKeyboard(bm.reply_keyboard)}`;
  }

  /** Records a bot send/edit: seq, snapshot history, transcript line and message waiters. */
  private recordBotEvent(chat: ChatState, bm: BotMessage, event: "sent" | "edited"): void {
    bm.seq = ++this._seq;
    if (event === "sent") bm.sent_seq = bm.seq;
    const snap: BotMessage = { ...bm };
    chat.history.push(snap);
    chat.transcript.push(this.renderBotLine(bm, event));
    settleWaiters(chat.waiters, snap);
  }

  private createBotMessage(
    chatId: number,
    method: string,
    p: Params,
    content: Partial<Message>,
    info: { kind: BotMessageKind; text: Formatted; source: string; parseMode?: string; markup: ParsedMarkup; invoice?: BotMessage["invoice"] },
  ): BotMessage {
    const chat = this.ensureChat(chatId);
    const msg = {
      message_id: chat.nextMessageId,
      from: this.botUser,
      chat: chat.chat,
      date: nowSec(),
      ...content,
    } as Message;
    if (info.markup.inline) msg.reply_markup = info.markup.inline;
    const reply = this.replyToParam(p);
    this.attachReply(chat, msg, reply.id, reply.allowMissing);
    chat.nextMessageId++;
    chat.all.set(msg.message_id, msg);
    const bm: BotMessage = {
      message_id: msg.message_id,
      chat_id: chatId,
      text: info.text.text,
      edited: false,
      edit_count: 0,
      deleted: false,
      method,
      kind: info.kind,
      source_text: info.source,
      sent_seq: 0,
      seq: 0,
      date: msg.date,
      message: msg,
    };
    if (info.markup.inline) bm.reply_markup = info.markup.inline;
    if (info.markup.other) bm.reply_keyboard = info.markup.other;
    if (info.parseMode) bm.parse_mode = info.parseMode;
    if (info.text.entities.length) bm.entities = info.text.entities;
    if (info.invoice) bm.invoice = info.invoice;
    chat.botById.set(bm.message_id, bm);
    chat.botList.push(bm);
    this.recordBotEvent(chat, bm, "sent");
    return bm;
  }

  private formattedText(p: Params, textKey: "text" | "caption", limit: number): { f: Formatted; source: string; parseMode?: string } {
    const source = getStr(p, textKey) ?? "";
    const parseMode = getStr(p, "parse_mode");
    const f = formatText(source, parseMode, p[textKey === "text" ? "entities" : "caption_entities"]);
    if (f.text.length > limit) throw bad(textKey === "text" ? "message is too long" : "message caption is too long");
    return parseMode ? { f, source, parseMode } : { f, source };
  }

  private requireBotMessage(p: Params, notFound: string): { chat: ChatState; bm: BotMessage } {
    if (p.inline_message_id !== undefined && p.chat_id === undefined) throw bad("MESSAGE_ID_INVALID");
    const chatId = this.chatIdParam(p);
    const messageId = this.messageIdParam(p);
    const chat = this.chats.get(chatId);
    const bm = chat?.botById.get(messageId);
    if (!chat || !bm || bm.deleted) {
      if (chat?.all.has(messageId) && !bm) throw bad("message can't be edited");
      throw bad(notFound);
    }
    return { chat, bm };
  }

  private applyEdit(chat: ChatState, bm: BotMessage, patch: Partial<Message>, markup: ParsedMarkup, text?: Formatted, source?: string, parseMode?: string): Message {
    const msg = { ...bm.message, ...patch, edit_date: nowSec() } as Message;
    delete (msg as { reply_markup?: unknown }).reply_markup;
    if (markup.inline) msg.reply_markup = markup.inline;
    chat.all.set(bm.message_id, msg);
    bm.message = msg;
    if (markup.inline) bm.reply_markup = markup.inline;
    else delete bm.reply_markup;
    if (text) {
      bm.text = text.text;
      if (text.entities.length) bm.entities = text.entities;
      else delete bm.entities;
      bm.source_text = source ?? text.text;
      if (parseMode) bm.parse_mode = parseMode;
      else delete bm.parse_mode;
    }
    bm.edited = true;
    bm.edit_count++;
    this.recordBotEvent(chat, bm, "edited");
    return msg;
  }

  private notModified(): TgError {
    return bad(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  }

  private resolvePhoto(v: unknown): PhotoSize[] {
    if (v === undefined || v === null || v === "") throw bad("there is no photo in the request");
    const n = ++this.fileCounter;
    const base = typeof v === "string" && !/^https?:\/\//i.test(v) ? v : `AgACAgIAAxkDAAI${n}${randomId(10)}`;
    const uid = `AQADbot${n}`;
    return [
      { file_id: `${base}`, file_unique_id: `${uid}-s`, width: 90, height: 90, file_size: 1_100 },
      { file_id: `${base}`, file_unique_id: uid, width: 800, height: 800, file_size: 60_000 },
    ];
  }

  private resolveDocument(v: unknown): Document {
    if (v === undefined || v === null || v === "") throw bad("there is no document in the request");
    const n = ++this.fileCounter;
    if (isUploaded(v)) {
      const d: Document = { file_id: `BQACAgIAAxkDAAI${n}${randomId(10)}`, file_unique_id: `AgADbot${n}`, file_name: v.filename, file_size: v.size };
      if (v.content_type) d.mime_type = v.content_type;
      return d;
    }
    const s = String(v);
    if (/^https?:\/\//i.test(s)) {
      return { file_id: `BQACAgIAAxkDAAI${n}${randomId(10)}`, file_unique_id: `AgADbot${n}`, file_name: s.split("/").pop() ?? "file" };
    }
    return { file_id: s, file_unique_id: `AgADbot${n}` };
  }

  private commandKey(scope: unknown, language: unknown): string {
    const s = typeof scope === "object" && scope !== null ? stableStringify(scope) : stableStringify({ type: "default" });
    return `${s}|${typeof language === "string" ? language : ""}`;
  }

  // ─────────── API methods ───────────

  private dispatch(method: string, p: Params): unknown {
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "close":
      case "logOut":
        return true;
      case "deleteWebhook":
        this.webhookUrl = "";
        if (getBool(p, "drop_pending_updates")) this.queue = [];
        return true;
      case "setWebhook": {
        const url = getStr(p, "url") ?? "";
        if (url && !/^https:\/\//i.test(url)) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
        this.webhookUrl = url;
        if (getBool(p, "drop_pending_updates")) this.queue = [];
        return true;
      }
      case "getWebhookInfo":
        return { url: this.webhookUrl, has_custom_certificate: false, pending_update_count: this.queue.length };
      case "setMyCommands": {
        const cmds = p.commands;
        if (!Array.isArray(cmds)) throw bad("can't parse commands JSON object");
        if (cmds.length > 100) throw bad("BOT_COMMANDS_TOO_MUCH");
        for (const c of cmds as Array<Record<string, unknown>>) {
          if (typeof c?.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
          if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        this.commandSets.set(this.commandKey(p.scope, p.language_code), (cmds as BotCommand[]).map((c) => ({ command: c.command, description: c.description })));
        return true;
      }
      case "getMyCommands":
        return this.commandSets.get(this.commandKey(p.scope, p.language_code)) ?? [];
      case "deleteMyCommands":
        this.commandSets.delete(this.commandKey(p.scope, p.language_code));
        return true;
      case "setMyDescription":
      case "setMyShortDescription":
      case "setMyName": {
        const key = method === "setMyName" ? "name" : method === "setMyDescription" ? "description" : "short_description";
        const value = getStr(p, key) ?? "";
        const lang = getStr(p, "language_code") ?? "";
        if (value) this.botTexts[key].set(lang, value);
        else this.botTexts[key].delete(lang);
        return true;
      }
      case "sendMessage":
        return this.sendMessage(p);
      case "sendPhoto":
        return this.sendPhotoMethod(p);
      case "sendDocument":
        return this.sendDocumentMethod(p);
      case "sendInvoice":
        return this.sendInvoice(p);
      case "copyMessage":
        return this.copyOrForward(p, "copyMessage");
      case "forwardMessage":
        return this.copyOrForward(p, "forwardMessage");
      case "editMessageText":
        return this.editMessageText(p);
      case "editMessageCaption":
        return this.editMessageCaption(p);
      case "editMessageReplyMarkup":
        return this.editMessageReplyMarkup(p);
      case "deleteMessage":
        this.deleteOne(this.chatIdParam(p), this.messageIdParam(p), true);
        return true;
      case "deleteMessages": {
        const chatId = this.chatIdParam(p);
        const ids = p.message_ids;
        if (!Array.isArray(ids) || ids.length === 0) throw bad("message identifiers are not specified");
        for (const id of ids) this.deleteOne(chatId, Number(id), false);
        return true;
      }
      case "pinChatMessage":
      case "unpinChatMessage":
        this.chatIdParam(p);
        return true;
      case "answerCallbackQuery":
        return this.answerCallbackQuery(p);
      case "sendChatAction": {
        this.chatIdParam(p);
        if (!getStr(p, "action")) throw bad("wrong parameter action in request");
        return true;
      }
      case "answerPreCheckoutQuery":
        return this.answerPreCheckoutQuery(p);
      case "refundStarPayment":
        return this.refundStarPayment(p);
      case "getChat": {
        const id = this.chatIdParam(p);
        const chat = this.ensureChat(id);
        return { ...chat.chat, accent_color_id: 0, max_reaction_count: 11 };
      }
      case "getChatMember": {
        const id = this.chatIdParam(p);
        const userId = getNum(p, "user_id");
        if (userId === undefined) throw bad("user_id is empty");
        const chat = this.chats.get(userId);
        const user = chat?.user ? this.toTgUser(chat.user) : { id: userId, is_bot: false, first_name: `User ${userId}` };
        void id;
        return { status: "member", user };
      }
      case "setChatMenuButton": {
        const chatId = p.chat_id === undefined ? "default" : this.chatIdParam(p);
        this.menuButtons.set(chatId, p.menu_button ?? { type: "default" });
        return true;
      }
      case "getChatMenuButton": {
        const chatId = p.chat_id === undefined ? "default" : this.chatIdParam(p);
        return this.menuButtons.get(chatId) ?? this.menuButtons.get("default") ?? { type: "default" };
      }
      default:
        throw new TgError(404, "Not Found: method not found");
    }
  }

  private sendMessage(p: Params): Message {
    const chatId = this.chatIdParam(p);
    const { f, source, parseMode } = this.formattedText(p, "text", MAX_TEXT);
    if (f.text.trim().length === 0) throw bad("message text is empty");
    const markup = parseReplyMarkup(p.reply_markup);
    const content: Partial<Message> = { text: f.text };
    if (f.entities.length) content.entities = f.entities;
    const info = parseMode
      ? { kind: "text" as const, text: f, source, parseMode, markup }
      : { kind: "text" as const, text: f, source, markup };
    return this.createBotMessage(chatId, "sendMessage", p, content, info).message;
  }

  private captionContent(p: Params): { f: Formatted; source: string; parseMode?: string; content: Partial<Message> } {
    const r = this.formattedText(p, "caption", MAX_CAPTION);
    const content: Partial<Message> = {};
    if (r.f.text) content.caption = r.f.text;
    if (r.f.entities.length) content.caption_entities = r.f.entities;
    return { ...r, content };
  }

  private sendPhotoMethod(p: Params): Message {
    return this.sendCaptioned(p, "sendPhoto", "photo", { photo: this.resolvePhoto(p.photo) });
  }

  private sendDocumentMethod(p: Params): Message {
    return this.sendCaptioned(p, "sendDocument", "document", { document: this.resolveDocument(p.document) });
  }

  /** A photo or a document with an optional caption and keyboard. */
  private sendCaptioned(p: Params, method: "sendPhoto" | "sendDocument", kind: "photo" | "document", media: Partial<Message>): Message {
    const chatId = this.chatIdParam(p);
    const { f, source, parseMode, content } = this.captionContent(p);
    const markup = parseReplyMarkup(p.reply_markup);
    const info = parseMode ? { kind, text: f, source, parseMode, markup } : { kind, text: f, source, markup };
    return this.createBotMessage(chatId, method, p, { ...media, ...content }, info).message;
  }

  private sendInvoice(p: Params): Message {
    const chatId = this.chatIdParam(p);
    const title = getStr(p, "title") ?? "";
    const description = getStr(p, "description") ?? "";
    const payload = getStr(p, "payload") ?? "";
    const currency = getStr(p, "currency") ?? "";
    if (title.length < 1 || title.length > 32) throw bad("INVOICE_TITLE_EMPTY");
    if (description.length < 1 || description.length > 255) throw bad("INVOICE_DESCRIPTION_EMPTY");
    const payloadBytes = Buffer.byteLength(payload, "utf8");
    if (payloadBytes < 1 || payloadBytes > 128) throw bad("INVOICE_PAYLOAD_INVALID");
    if (!/^[A-Z]{3}$/.test(currency)) throw bad("CURRENCY_INVALID");
    const prices = p.prices;
    if (!Array.isArray(prices) || prices.length === 0) throw bad("can't parse prices JSON object");
    let total = 0;
    for (const pr of prices as Array<Record<string, unknown>>) {
      const amount = typeof pr?.amount === "number" ? pr.amount : Number(pr?.amount);
      if (!Number.isInteger(amount) || typeof pr?.label !== "string") throw bad("can't parse prices JSON object");
      total += amount;
    }
    if (currency === "XTR") {
      if (prices.length !== 1) throw bad("STARS_INVOICE_INVALID");
      const token = getStr(p, "provider_token");
      if (token) throw bad("STARS_INVOICE_INVALID");
    }
    if (total <= 0) throw bad("CURRENCY_TOTAL_AMOUNT_INVALID");
    const markup = parseReplyMarkup(p.reply_markup);
    if (markup.inline) {
      const first = markup.inline.inline_keyboard[0]?.[0];
      if (!first || !("pay" in first) || !first.pay) throw bad("REPLY_MARKUP_BUY_EMPTY");
    }
    const invoice = { title, description, start_parameter: getStr(p, "start_parameter") ?? "", currency, total_amount: total };
    return this.createBotMessage(
      chatId,
      "sendInvoice",
      p,
      { invoice },
      {
        kind: "invoice",
        text: { text: description, entities: [] },
        source: description,
        markup,
        invoice: { title, description, payload, currency, total_amount: total },
      },
    ).message;
  }

  private copyOrForward(p: Params, method: "copyMessage" | "forwardMessage"): unknown {
    const chatId = this.chatIdParam(p);
    const fromId = this.chatIdParam(p, "from_chat_id");
    const messageId = this.messageIdParam(p);
    const src = this.chats.get(fromId)?.all.get(messageId);
    if (!src || this.chats.get(fromId)?.botById.get(messageId)?.deleted) {
      throw bad(method === "copyMessage" ? "message to copy not found" : "message to forward not found");
    }
    const content: Partial<Message> = {};
    let kind: BotMessageKind = "other";
    let text: Formatted;
    let source: string;
    let parseMode: string | undefined;
    if (src.text !== undefined) {
      kind = "text";
      content.text = src.text;
      if (src.entities) content.entities = src.entities;
      text = { text: src.text, entities: src.entities ?? [] };
      source = src.text;
    } else {
      if (src.photo) {
        kind = "photo";
        content.photo = src.photo;
      } else if (src.document) {
        kind = "document";
        content.document = src.document;
      } else if (src.invoice) {
        throw bad("message can't be copied");
      }
      if (method === "copyMessage" && (p.caption !== undefined || getBool(p, "remove_caption"))) {
        const r = this.captionContent(p);
        Object.assign(content, r.content);
        text = r.f;
        source = r.source;
        parseMode = r.parseMode;
      } else {
        if (src.caption !== undefined) content.caption = src.caption;
        if (src.caption_entities) content.caption_entities = src.caption_entities;
        text = { text: src.caption ?? "", entities: src.caption_entities ?? [] };
        source = src.caption ?? "";
      }
    }
    if (method === "forwardMessage") {
      const origin = src.from
        ? { type: "user" as const, sender_user: src.from, date: src.date }
        : { type: "hidden_user" as const, sender_user_name: "Unknown", date: src.date };
      (content as { forward_origin?: unknown }).forward_origin = origin;
    }
    const markup = method === "copyMessage" ? parseReplyMarkup(p.reply_markup) : {};
    const info = parseMode ? { kind, text, source, parseMode, markup } : { kind, text, source, markup };
    const bm = this.createBotMessage(chatId, method, p, content, info);
    return method === "copyMessage" ? { message_id: bm.message_id } : bm.message;
  }

  private editMessageText(p: Params): Message {
    const { chat, bm } = this.requireBotMessage(p, "message to edit not found");
    if (bm.message.text === undefined) throw bad("there is no text in the message to edit");
    const { f, source, parseMode } = this.formattedText(p, "text", MAX_TEXT);
    if (f.text.trim().length === 0) throw bad("message text is empty");
    const markup = parseReplyMarkup(p.reply_markup);
    if (
      f.text === bm.text &&
      stableStringify(f.entities) === stableStringify(bm.entities ?? []) &&
      stableStringify(markup.inline ?? null) === stableStringify(bm.reply_markup ?? null)
    ) {
      throw this.notModified();
    }
    const patch: Partial<Message> = { text: f.text };
    const msg = this.applyEdit(chat, bm, patch, markup, f, source, parseMode);
    if (f.entities.length) msg.entities = f.entities;
    else delete msg.entities;
    return msg;
  }

  private editMessageCaption(p: Params): Message {
    const { chat, bm } = this.requireBotMessage(p, "message to edit not found");
    if (bm.message.text !== undefined || bm.kind === "invoice") throw bad("there is no caption in the message to edit");
    const { f, source, parseMode } = this.formattedText(p, "caption", MAX_CAPTION);
    const markup = parseReplyMarkup(p.reply_markup);
    if (
      f.text === bm.text &&
      stableStringify(f.entities) === stableStringify(bm.entities ?? []) &&
      stableStringify(markup.inline ?? null) === stableStringify(bm.reply_markup ?? null)
    ) {
      throw this.notModified();
    }
    const msg = this.applyEdit(chat, bm, {}, markup, f, source, parseMode);
    if (f.text) msg.caption = f.text;
    else delete msg.caption;
    if (f.entities.length) msg.caption_entities = f.entities;
    else delete msg.caption_entities;
    return msg;
  }

  private editMessageReplyMarkup(p: Params): Message {
    const { chat, bm } = this.requireBotMessage(p, "message to edit not found");
    const markup = parseReplyMarkup(p.reply_markup);
    if (stableStringify(markup.inline ?? null) === stableStringify(bm.reply_markup ?? null)) throw this.notModified();
    return this.applyEdit(chat, bm, {}, markup);
  }

  private deleteOne(chatId: number, messageId: number, strict: boolean): void {
    const chat = this.chats.get(chatId);
    const bm = chat?.botById.get(messageId);
    if (!chat || (bm ? bm.deleted : !chat.all.has(messageId))) {
      if (strict) throw bad("message to delete not found");
      return;
    }
    chat.all.delete(messageId);
    if (bm) {
      bm.deleted = true;
      const preview = bm.text.length > 40 ? `${bm.text.slice(0, 40)}…` : bm.text;
      chat.transcript.push(`< bot deleted: ${JSON.stringify(preview)}`);
    } else {
      chat.transcript.push(`< bot deleted a user message #${messageId}`);
    }
  }

  private answerCallbackQuery(p: Params): true {
    const id = getStr(p, "callback_query_id");
    const q = id !== undefined ? this.callbackQueries.get(id) : undefined;
    if (!id || !q || q.answered) throw bad("query is too old and response timeout expired or query ID is invalid");
    const text = getStr(p, "text");
    if (text !== undefined && text.length > 200) throw bad("MESSAGE_TOO_LONG");
    q.answered = true;
    const a: CallbackAnswer = { callback_query_id: id, chat_id: q.chat_id, message_id: q.message_id, data: q.data, at: Date.now() };
    if (text !== undefined) a.text = text;
    const alert = getBool(p, "show_alert");
    if (alert !== undefined) a.show_alert = alert;
    const url = getStr(p, "url");
    if (url !== undefined) a.url = url;
    const cache = getNum(p, "cache_time");
    if (cache !== undefined) a.cache_time = cache;
    this.callbackAnswers.push(a);
    if (text) this.chats.get(q.chat_id)?.transcript.push(`< bot ${alert ? "alert" : "toast"}: ${indentLines(text)}`);
    return true;
  }

  private answerPreCheckoutQuery(p: Params): true {
    const id = getStr(p, "pre_checkout_query_id");
    const q = id !== undefined ? this.preCheckouts.get(id) : undefined;
    if (!id || !q || q.answered) throw bad("QUERY_ID_INVALID");
    const ok = getBool(p, "ok");
    if (ok === undefined) throw bad("ok is empty");
    const errorMessage = getStr(p, "error_message");
    if (!ok && !errorMessage) throw bad("ERROR_MESSAGE_EMPTY");
    q.answered = true;
    const a: PreCheckoutAnswer = { pre_checkout_query_id: id, ok, at: Date.now() };
    if (errorMessage !== undefined) a.error_message = errorMessage;
    this.preCheckoutAnswers.push(a);
    return true;
  }

  private refundStarPayment(p: Params): true {
    const userId = getNum(p, "user_id");
    const chargeId = getStr(p, "telegram_payment_charge_id");
    if (userId === undefined) throw bad("user_id is empty");
    if (!chargeId) throw bad("telegram_payment_charge_id is empty");
    const charge = this.charges.get(chargeId);
    if (!charge || charge.user_id !== userId) throw bad("CHARGE_NOT_FOUND");
    if (charge.refunded) throw bad("CHARGE_ALREADY_REFUNDED");
    charge.refunded = true;
    this.refunds.push({ user_id: userId, telegram_payment_charge_id: chargeId, at: Date.now() });
    this.chats.get(userId)?.transcript.push(`< bot refunded charge ${chargeId}`);
    return true;
  }
}
