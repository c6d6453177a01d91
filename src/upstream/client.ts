// HTTP client for the SMM panel "API v2" (see ../shared/upstream-api/ and src/upstream/types.ts).
//
// Every call is a form-encoded POST carrying `key` and `action`. Failures are split three ways:
//  - PanelApiError:         the panel answered {"error": "..."}: it understood and refused.
//  - PanelUnreachableError: the request certainly never reached the panel (refused, DNS, connect timeout).
//  - PanelUncertainError:   it may have reached the panel (timeouts after sending, resets, 5xx, garbage body,
//                           unexpected shape). For `add` this means "an order may exist": never refund on it.
// `add`, `cancel` and `refill` are never retried; read actions are retried on unreachable/uncertain errors.
//
// The API key travels only in request bodies. It never appears in error messages or log lines, and raw
// response bodies are never logged (at most their length).

import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import { silentLogger, type Logger } from "../logger.js";
import type {
  AddOrderParams,
  CancelResult,
  MultiStatusItem,
  PanelBalance,
  PanelOrderStatus,
  PanelService,
  RefillResult,
  RefillStatusResult,
} from "./types.js";

// ---------------------------------------------------------------------------------------------------------
// Errors

export type PanelErrorKind = "api" | "unreachable" | "uncertain";

export type PanelApiErrorCode =
  | "invalid_key"
  | "incorrect_request"
  | "incorrect_service"
  | "bad_link"
  | "quantity_below_min"
  | "quantity_above_max"
  | "not_enough_funds"
  | "incorrect_order"
  | "answer_number_required"
  | "other";

export type PanelUncertainReason =
  | "timeout" // headers/body timeout or overall deadline, after the request may have been sent
  | "socket" // connection closed/reset while or after sending
  | "http_status" // HTTP 5xx or another non-2xx answer without a panel error
  | "empty_body"
  | "bad_body" // not JSON (HTML page, truncated JSON, ...)
  | "bad_shape" // JSON, but not what the action answers
  | "other";

/** Base class of everything PanelClient throws. `action` is the API action ("add", "status", ...). */
export class PanelError extends Error {
  readonly kind: PanelErrorKind;
  readonly action: string;

  constructor(kind: PanelErrorKind, action: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PanelError";
    this.kind = kind;
    this.action = action;
  }
}

/** The panel answered `{"error": "..."}`. The raw text is in `panelMessage`, never in `message`. */
export class PanelApiError extends PanelError {
  declare readonly kind: "api";
  readonly code: PanelApiErrorCode;
  /** The panel's own text (trimmed to 500 chars, API key masked should it ever echo it). */
  readonly panelMessage: string;
  readonly httpStatus: number;

  constructor(action: string, panelMessage: string, httpStatus = 200) {
    const code = panelErrorCode(panelMessage);
    super("api", action, `panel rejected "${action}": ${code}`);
    this.name = "PanelApiError";
    this.code = code;
    this.panelMessage = panelMessage;
    this.httpStatus = httpStatus;
  }
}

/** The request certainly did not reach the panel (connection refused, DNS failure, connect timeout). */
export class PanelUnreachableError extends PanelError {
  declare readonly kind: "unreachable";
  /** undici / libuv error code, e.g. "ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT". */
  readonly causeCode: string;

  constructor(action: string, causeCode: string, cause?: unknown) {
    super("unreachable", action, `panel unreachable on "${action}" (${causeCode})`, { cause });
    this.name = "PanelUnreachableError";
    this.causeCode = causeCode;
  }
}

/** The request may have reached the panel; its outcome is unknown. */
export class PanelUncertainError extends PanelError {
  declare readonly kind: "uncertain";
  readonly reason: PanelUncertainReason;
  readonly httpStatus?: number;
  readonly bodyLength?: number;
  readonly causeCode?: string;

  constructor(
    action: string,
    reason: PanelUncertainReason,
    details: { httpStatus?: number; bodyLength?: number; causeCode?: string; detail?: string; cause?: unknown } = {},
  ) {
    const parts: string[] = [reason];
    if (details.httpStatus !== undefined) parts.push(`HTTP ${details.httpStatus}`);
    if (details.bodyLength !== undefined) parts.push(`body ${details.bodyLength} bytes`);
    if (details.causeCode !== undefined) parts.push(details.causeCode);
    if (details.detail !== undefined) parts.push(details.detail);
    super("uncertain", action, `panel outcome unknown on "${action}": ${parts.join(", ")}`, { cause: details.cause });
    this.name = "PanelUncertainError";
    this.reason = reason;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.bodyLength !== undefined) this.bodyLength = details.bodyLength;
    if (details.causeCode !== undefined) this.causeCode = details.causeCode;
  }
}

const ERROR_PATTERNS: ReadonlyArray<[RegExp, PanelApiErrorCode]> = [
  [/^(invalid|incorrect|wrong) (api )?key\b/, "invalid_key"],
  [/^incorrect request\b/, "incorrect_request"],
  [/^(incorrect|invalid) service( id)?\b/, "incorrect_service"],
  [/^(bad|incorrect|invalid) link\b/, "bad_link"],
  [/^quantity less than minimum\b/, "quantity_below_min"],
  [/^quantity more than maximum\b/, "quantity_above_max"],
  [/^not enough funds\b/, "not_enough_funds"],
  [/^(incorrect|invalid) order( id)?\b/, "incorrect_order"],
  [/^answer[ _]number is required\b/, "answer_number_required"],
];

/** Maps a panel error text ("Not enough funds on balance", ...) to a stable code. */
export function panelErrorCode(text: string): PanelApiErrorCode {
  const norm = text.trim().toLowerCase().replace(/\s+/g, " ");
  for (const [re, code] of ERROR_PATTERNS) if (re.test(norm)) return code;
  return "other";
}

// ---------------------------------------------------------------------------------------------------------
// Client

export interface PanelClientOptions {
  url: string;
  key: string;
  /** Headers timeout and body (idle) timeout, each; default 15000. */
  timeoutMs?: number;
  /** TCP (and TLS) connect timeout; default 5000. */
  connectTimeoutMs?: number;
  /** Extra attempts for read actions on unreachable/uncertain errors; default 2. */
  readRetries?: number;
  logger?: Logger;
}

type FormParams = Record<string, string | number | undefined>;

/** Certainly not delivered: the connection was never established. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

const CHUNK = 100;
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
const BACKOFF_MS = [200, 400, 800, 1600];

export class PanelClient {
  private readonly url: string;
  private readonly key: string;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly readRetries: number;
  private readonly log: Logger;
  private readonly agent: Agent;
  private closed = false;

  constructor(opts: PanelClientOptions) {
    const parsed = new URL(opts.url); // throws on a malformed URL (message carries the URL, not the key)
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new Error(`panel URL must be http(s), got ${parsed.protocol}`);
    }
    if (!opts.key) throw new Error("panel API key is empty");
    this.url = parsed.toString();
    this.key = opts.key;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 5_000;
    this.readRetries = Math.max(0, opts.readRetries ?? 2);
    this.log = (opts.logger ?? silentLogger).child({ component: "panel-client" });
    this.agent = new Agent({
      connectTimeout: this.connectTimeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      // Below the usual 5 s server keep-alive, so a POST rarely lands on a socket the server is closing.
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 30_000,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
  }

  // --- read actions (retried) ------------------------------------------------------------------------

  async services(): Promise<PanelService[]> {
    return this.read("services", {}, (data) => this.parseServices(data));
  }

  async status(id: number): Promise<PanelOrderStatus> {
    return this.read("status", { order: id }, (data) => {
      const st = parseOrderStatus(data);
      if (!st) throw new PanelUncertainError("status", "bad_shape", { detail: "no status in answer" });
      return st;
    });
  }

  /**
   * Status of many orders (`orders=` in chunks of 100, sequentially). An id the panel does not mention is
   * absent from the map; a per-item error (object or bare string) becomes `{ ok: false, error }`.
   */
  async statuses(ids: readonly number[]): Promise<Map<number, MultiStatusItem>> {
    const out = new Map<number, MultiStatusItem>();
    for (const part of chunks(unique(ids), CHUNK)) {
      let items: Map<number, MultiStatusItem>;
      try {
        items = await this.read("status", { orders: part.join(",") }, (data) => parseMultiStatus(data, part, (t) => this.safeText(t)));
      } catch (err) {
        // A one-id chunk may get the single-order error shape back: that is a per-item error.
        const only = part.length === 1 ? part[0] : undefined;
        if (only === undefined || !(err instanceof PanelApiError) || err.code !== "incorrect_order") throw err;
        items = new Map([[only, { ok: false, error: err.panelMessage }]]);
      }
      for (const [id, item] of items) out.set(id, item);
    }
    return out;
  }

  async balance(): Promise<PanelBalance> {
    return this.read("balance", {}, (data) => {
      const obj = asObject(data);
      const balance = obj ? asDecimalString(obj.balance) : null;
      if (!obj || balance === null) throw new PanelUncertainError("balance", "bad_shape", { detail: "no balance" });
      return { balance, currency: asText(obj.currency) ?? "" };
    });
  }

  /** Status of one refill, as the raw string the panel sent ("Pending", "Completed", "Rejected", ...). */
  async refillStatus(refillId: string | number): Promise<string> {
    return this.read("refill_status", { refill: String(refillId) }, (data) => {
      const obj = asObject(data);
      const status = obj?.status;
      if (typeof status === "string" && status !== "") return status;
      const err = errorText(status);
      if (err !== null) throw new PanelApiError("refill_status", this.safeText(err));
      throw new PanelUncertainError("refill_status", "bad_shape", { detail: "no status in answer" });
    });
  }

  /** Status of many refills (`refills=` in chunks of 100). Refills the panel does not mention are absent. */
  async refillStatuses(refillIds: ReadonlyArray<string | number>): Promise<RefillStatusResult[]> {
    const out: RefillStatusResult[] = [];
    for (const part of chunks(unique(refillIds.map(String)), CHUNK)) {
      const items = await this.read("refill_status", { refills: part.join(",") }, (data) =>
        this.parseRefillStatuses(data),
      );
      out.push(...items);
    }
    return out;
  }

  // --- write actions (never retried) -----------------------------------------------------------------

  /** Places an order. Only defined params are sent. Never retried: on PanelUncertainError an order may exist. */
  async add(p: AddOrderParams): Promise<{ order: number }> {
    const params: FormParams = {};
    for (const [k, v] of Object.entries(p) as Array<[string, unknown]>) {
      if (v === undefined || v === null) continue;
      params[k] = typeof v === "number" ? v : String(v);
    }
    const data = await this.once("add", params);
    const obj = asObject(data);
    const order = obj ? asInt(obj.order) : null;
    if (order === null || order <= 0) {
      throw new PanelUncertainError("add", "bad_shape", { detail: "no order id in answer" });
    }
    return { order };
  }

  /**
   * Asks the panel to cancel orders (chunks of 100, sequential). `ok: true` means "requested", not done:
   * the order status tells when it is Canceled. Orders the panel does not mention are absent from the result.
   */
  async cancel(ids: readonly number[]): Promise<CancelResult[]> {
    return this.writeChunks("cancel", unique(ids), (data, part) => this.parseCancel(data, part));
  }

  /** Requests a refill of one order; returns the refill id as a string. */
  async refill(orderId: number): Promise<string> {
    const data = await this.once("refill", { order: orderId });
    const obj = asObject(data);
    const value = obj?.refill;
    const id = refillId(value);
    if (id !== null) return id;
    const err = errorText(value);
    if (err !== null) throw new PanelApiError("refill", this.safeText(err));
    throw new PanelUncertainError("refill", "bad_shape", { detail: "no refill id in answer" });
  }

  /** Requests refills of many orders (`orders=` in chunks of 100). */
  async refills(orderIds: readonly number[]): Promise<RefillResult[]> {
    return this.writeChunks("refill", unique(orderIds), (data, part) => this.parseRefills(data, part));
  }

  /** Closes the dispatcher (waits for in-flight requests). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.agent.close();
  }

  // --- transport -------------------------------------------------------------------------------------

  private async read<T>(action: string, params: FormParams, parse: (data: unknown) => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return parse(await this.once(action, params, attempt));
      } catch (err) {
        const retryable = err instanceof PanelError && err.kind !== "api";
        if (!retryable || attempt >= this.readRetries || this.closed) throw err;
        const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 200;
        this.log.warn(
          { action, attempt: attempt + 1, kind: err.kind, reason: describeForLog(err), retryInMs: delay },
          "panel read failed, retrying",
        );
        await sleep(delay);
      }
    }
  }

  private async writeChunks<T>(
    action: string,
    ids: number[],
    parse: (data: unknown, part: number[]) => T[],
  ): Promise<T[]> {
    const out: T[] = [];
    for (const part of chunks(ids, CHUNK)) out.push(...parse(await this.once(action, { orders: part.join(",") }), part));
    return out;
  }

  /** One HTTP round trip; returns the parsed JSON or throws a PanelError. */
  private async once(action: string, params: FormParams, attempt = 0): Promise<unknown> {
    if (this.closed) throw new PanelUnreachableError(action, "CLIENT_CLOSED");
    const form = new URLSearchParams();
    form.set("key", this.key);
    form.set("action", action);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, String(v));

    const started = Date.now();
    // Overall deadline on top of undici's per-phase timeouts (a trickling body cannot hang us forever).
    const ac = new AbortController();
    let deadlineHit = false;
    const deadline = setTimeout(() => {
      deadlineHit = true;
      ac.abort();
    }, this.connectTimeoutMs + this.timeoutMs);

    let status: number;
    let text: string;
    try {
      const res = await request(this.url, {
        dispatcher: this.agent,
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: ac.signal,
      });
      status = res.statusCode;
      try {
        text = await res.body.text();
      } catch (err) {
        throw this.transportError(action, err, deadlineHit, status);
      }
    } catch (err) {
      throw err instanceof PanelError ? err : this.transportError(action, err, deadlineHit);
    } finally {
      clearTimeout(deadline);
    }

    const bodyLength = Buffer.byteLength(text);
    this.log.debug({ action, attempt, status, bodyLength, ms: Date.now() - started }, "panel call");

    if (status >= 500) throw this.fail(new PanelUncertainError(action, "http_status", { httpStatus: status, bodyLength }));
    if (text.trim() === "") {
      throw this.fail(new PanelUncertainError(action, "empty_body", { httpStatus: status, bodyLength }));
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw this.fail(new PanelUncertainError(action, "bad_body", { httpStatus: status, bodyLength }));
    }
    const obj = asObject(data);
    if (obj && "error" in obj && obj.error !== undefined && obj.error !== null) {
      const err = new PanelApiError(action, this.safeText(errorText(obj.error) ?? safeStringify(obj.error)), status);
      this.log.info({ action, code: err.code, status }, "panel refused request");
      throw err;
    }
    if (status < 200 || status >= 300) {
      throw this.fail(new PanelUncertainError(action, "http_status", { httpStatus: status, bodyLength }));
    }
    return data;
  }

  private transportError(action: string, err: unknown, deadlineHit: boolean, httpStatus?: number): PanelError {
    const code = errorCode(err);
    if (httpStatus === undefined && code !== undefined && UNREACHABLE_CODES.has(code)) {
      return this.fail(new PanelUnreachableError(action, code, err));
    }
    const timeout = deadlineHit || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
    const socket =
      code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_CLOSED";
    const reason: PanelUncertainReason = timeout ? "timeout" : socket ? "socket" : "other";
    const details: { httpStatus?: number; causeCode?: string; cause?: unknown } = { cause: err };
    if (httpStatus !== undefined) details.httpStatus = httpStatus;
    details.causeCode = deadlineHit ? "DEADLINE" : (code ?? "UNKNOWN");
    return this.fail(new PanelUncertainError(action, reason, details));
  }

  private fail<E extends PanelError>(err: E): E {
    this.log.warn({ action: err.action, kind: err.kind, reason: describeForLog(err) }, "panel call failed");
    return err;
  }

  /** Panel texts go into `panelMessage`: bound their length and mask the key should a panel echo it. */
  private safeText(text: string): string {
    let t = text.length > 500 ? `${text.slice(0, 500)}…` : text;
    if (this.key.length >= 4) t = t.split(this.key).join("[redacted]");
    return t;
  }

  // --- parsers ---------------------------------------------------------------------------------------

  private parseServices(data: unknown): PanelService[] {
    let list: unknown[];
    if (Array.isArray(data)) list = data;
    else if (asObject(data)) list = Object.values(data as Record<string, unknown>);
    else throw new PanelUncertainError("services", "bad_shape", { detail: "services is not a list" });
    const out: PanelService[] = [];
    const skipped: string[] = [];
    for (const raw of list) {
      const svc = parseService(raw);
      if (svc) out.push(svc);
      else {
        const id = asObject(raw)?.service;
        skipped.push(typeof id === "number" || typeof id === "string" ? String(id).slice(0, 20) : "?");
      }
    }
    if (skipped.length > 0) {
      this.log.warn(
        { action: "services", skipped: skipped.length, ids: skipped.slice(0, 20), total: list.length },
        "skipped unparseable panel services",
      );
    }
    return out;
  }

  private parseCancel(data: unknown, part: number[]): CancelResult[] {
    return this.perOrder(data, "cancel", part, (order, value): CancelResult =>
      isTruthyFlag(value) || isTruthyFlag(asObject(value)?.status)
        ? { order, ok: true }
        : { order, ok: false, error: this.safeText(errorText(value) ?? "cancel not accepted") },
    );
  }

  private parseRefills(data: unknown, part: number[]): RefillResult[] {
    return this.perOrder(data, "refill", part, (order, value): RefillResult => {
      const id = refillId(value);
      return id !== null ? { order, ok: true, refill: id } : { order, ok: false, error: this.safeText(errorText(value) ?? "refill not accepted") };
    });
  }

  /** One result per order of a mass cancel or refill answer; items without a usable order id are skipped and counted. */
  private perOrder<R>(data: unknown, action: "cancel" | "refill", part: number[], item: (order: number, value: unknown) => R): R[] {
    const out: R[] = [];
    let bad = 0;
    for (const [order, value] of orderItems(data, action, part)) {
      if (order === null) bad++;
      else out.push(item(order, value));
    }
    if (bad > 0) this.log.warn({ action, skipped: bad }, `skipped unparseable ${action} items`);
    return out;
  }

  private parseRefillStatuses(data: unknown): RefillStatusResult[] {
    if (!Array.isArray(data)) {
      throw new PanelUncertainError("refill_status", "bad_shape", { detail: "answer is not a list" });
    }
    const out: RefillStatusResult[] = [];
    let bad = 0;
    for (const raw of data) {
      const obj = asObject(raw);
      const id = obj ? refillId(obj.refill) : null;
      if (!obj || id === null) {
        bad++;
        continue;
      }
      const status = obj.status;
      if (typeof status === "string" && status !== "") out.push({ refill: id, ok: true, status });
      else out.push({ refill: id, ok: false, error: this.safeText(errorText(status) ?? "no status") });
    }
    if (bad > 0) this.log.warn({ action: "refill_status", skipped: bad }, "skipped unparseable refill status items");
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parsing helpers (pure)

function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function asText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** Integer from a number or a string ("50", " -3 ", "157.0"); null otherwise. */
function asInt(v: unknown): number | null {
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : null;
  if (typeof v === "string") {
    const m = /^\s*(-?\d+)(?:\.0*)?\s*$/.exec(v);
    if (!m || m[1] === undefined) return null;
    const n = Number(m[1]);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/**
 * Decimal string kept as sent (trimmed). A JSON number (panels send strings, but not all) becomes its
 * shortest round-trip text, which is the literal the panel wrote; one in exponent form is refused.
 */
function asDecimalString(v: unknown): string | null {
  if (typeof v === "string") {
    const t = v.trim();
    return DECIMAL_RE.test(t) ? t : null;
  }
  if (typeof v === "number" && Number.isFinite(v)) {
    const s = String(v);
    return DECIMAL_RE.test(s) ? s : null;
  }
  return null;
}

function isTruthyFlag(v: unknown): boolean {
  if (v === true || v === 1) return true;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    return t === "1" || t === "true" || t === "yes";
  }
  return false;
}

/** Text of `{"error": "..."}`, of a bare error string, or null. */
function errorText(v: unknown): string | null {
  if (typeof v === "string") return v;
  const obj = asObject(v);
  if (!obj) return null;
  const e = obj.error ?? obj.message;
  if (typeof e === "string") return e;
  if (e !== undefined && e !== null) return safeStringify(e);
  return null;
}

function safeStringify(v: unknown): string {
  try {
    return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}

/** A refill id (number or digit string) as a string; null for anything else. */
function refillId(v: unknown): string | null {
  if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) return String(v);
  if (typeof v === "string" && /^\s*[0-9]+\s*$/.test(v)) return v.trim();
  return null;
}

function parseService(raw: unknown): PanelService | null {
  const o = asObject(raw);
  if (!o) return null;
  const service = asInt(o.service);
  const name = asText(o.name);
  const rate = asDecimalString(o.rate);
  const min = asInt(o.min);
  const max = asInt(o.max);
  if (service === null || service <= 0 || name === null || rate === null || min === null || max === null) return null;
  if (min < 0 || max < min) return null;
  const svc: PanelService = {
    service,
    name,
    type: typeof o.type === "string" && o.type.trim() !== "" ? o.type : "Default",
    category: typeof o.category === "string" ? o.category : "",
    rate,
    min,
    max,
    refill: isTruthyFlag(o.refill),
    cancel: isTruthyFlag(o.cancel),
    dripfeed: isTruthyFlag(o.dripfeed),
  };
  if (typeof o.description === "string" && o.description !== "") svc.description = o.description;
  return svc;
}

/** An order status object; null when it carries no status string. */
function parseOrderStatus(raw: unknown): PanelOrderStatus | null {
  const o = asObject(raw);
  if (!o) return null;
  if (typeof o.status !== "string" || o.status === "") return null;
  return {
    charge: asDecimalString(o.charge) ?? "",
    startCount: asInt(o.start_count),
    status: o.status,
    remains: asInt(o.remains),
    currency: typeof o.currency === "string" ? o.currency : "",
  };
}

/** `safe` bounds a panel's error text and masks the key in it, as for every other panel text. */
function parseMultiItem(raw: unknown, safe: (text: string) => string): MultiStatusItem {
  if (typeof raw === "string") return { ok: false, error: safe(raw) };
  const obj = asObject(raw);
  if (obj && obj.error !== undefined && obj.error !== null) {
    return { ok: false, error: safe(errorText(obj) ?? "error") };
  }
  const st = parseOrderStatus(raw);
  return st ? { ok: true, status: st } : { ok: false, error: "unrecognised status item" };
}

function parseMultiStatus(data: unknown, part: number[], safe: (text: string) => string): Map<number, MultiStatusItem> {
  const out = new Map<number, MultiStatusItem>();
  // Some panels answer an array of {order, ...} objects instead of an object keyed by id.
  if (Array.isArray(data)) {
    const wanted = new Set(part);
    for (const raw of data) {
      const id = asInt(asObject(raw)?.order);
      if (id !== null && wanted.has(id)) out.set(id, parseMultiItem(raw, safe));
    }
    return out;
  }
  const obj = asObject(data);
  if (!obj) throw new PanelUncertainError("status", "bad_shape", { detail: "multi status is not an object" });
  // A single id may get the single-order shape back.
  const only = part.length === 1 ? part[0] : undefined;
  if (only !== undefined && !(String(only) in obj) && typeof obj.status === "string") {
    out.set(only, parseMultiItem(obj, safe));
    return out;
  }
  for (const id of part) {
    const key = String(id);
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    out.set(id, parseMultiItem(obj[key], safe));
  }
  return out;
}

/**
 * Items of a cancel/refill multi answer as [orderId | null, value of `field`]. Accepts the documented
 * array of `{order, <field>}` and an object keyed by order id.
 */
function orderItems(data: unknown, field: string, part: number[]): Array<[number | null, unknown]> {
  if (Array.isArray(data)) {
    return data.map((raw): [number | null, unknown] => {
      const o = asObject(raw);
      return o ? [asInt(o.order), o[field]] : [null, undefined];
    });
  }
  const obj = asObject(data);
  if (obj) {
    const out: Array<[number | null, unknown]> = [];
    for (const id of part) {
      const v = obj[String(id)];
      if (v === undefined) continue;
      const inner = asObject(v);
      out.push([id, inner && field in inner ? inner[field] : v]);
    }
    if (out.length > 0) return out;
  }
  throw new PanelUncertainError(field, "bad_shape", { detail: "answer is not a list" });
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; errors?: unknown; cause?: unknown; name?: unknown };
  if (typeof e.code === "string") {
    // Happy-eyeballs failures arrive as an AggregateError; it carries the code of its parts.
    return e.code;
  }
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    const codes = e.errors.map(errorCode);
    const first = codes[0];
    if (first !== undefined && codes.every((c) => c !== undefined && UNREACHABLE_CODES.has(c))) return first;
  }
  if (e.cause !== undefined && e.cause !== err) return errorCode(e.cause);
  if (e.name === "AbortError" || e.name === "TimeoutError") return "UND_ERR_ABORTED";
  return undefined;
}

function describeForLog(err: PanelError): string {
  if (err instanceof PanelApiError) return err.code;
  if (err instanceof PanelUnreachableError) return err.causeCode;
  if (err instanceof PanelUncertainError) {
    const bits: string[] = [err.reason];
    if (err.httpStatus !== undefined) bits.push(`HTTP ${err.httpStatus}`);
    if (err.bodyLength !== undefined) bits.push(`${err.bodyLength}B`);
    if (err.causeCode !== undefined) bits.push(err.causeCode);
    return bits.join(" ");
  }
  return "unknown";
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
