// A stateful SMM panel ("API v2") on 127.0.0.1, for tests, the demo and operators (PANEL_API_URL=simulator).
//
// It speaks the protocol of ../shared/upstream-api/ with the quirks of real panels (numbers as strings,
// start_count "" while pending, errors as HTTP 200 {"error": ...}) and lets tests drive order states and
// inject faults. Amounts are decimal strings; all money math is BigInt scaled by 10^5 (no floats).
// The simulator never logs anything, and never stores the API key of a request.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// ---------------------------------------------------------------------------------------------------------
// Types

/** A service as the simulator lists it; min/max may be numbers or strings, as real panels send them. */
export interface SimService {
  service: number;
  name: string;
  type: string;
  category: string;
  /** Price per 1000, decimal string with up to 5 decimals. */
  rate: string;
  min: number | string;
  max: number | string;
  refill?: boolean;
  cancel?: boolean;
  dripfeed?: boolean;
  description?: string;
}

export interface SimOrder {
  id: number;
  service: number;
  /** All form fields of the `add` request except `key` and `action`. */
  params: Record<string, string>;
  /** Units ordered (for drip-feed: quantity × runs; Custom Comments / Mentions Custom List: number of lines). */
  quantity: number;
  /** Decimal string with 5 decimals ("0.00000" once canceled and refunded). */
  charge: string;
  status: string;
  /** null while not started (answered as ""). */
  startCount: number | string | null;
  remains: number | string;
  /** Date.now() at creation. */
  createdAt: number;
  /** Ids of the refills requested for this order. */
  refills: number[];
  /** True while `progress` drives the order; setStatus and cancel turn it off. */
  autoProgress: boolean;
}

export interface SimRefill {
  id: number;
  orderId: number;
  status: string;
  createdAt: number;
}

export type Fault =
  | "http500" // HTTP 500 with a short text body
  | "html" // HTTP 200 with an HTML page (Cloudflare-like)
  | "empty" // HTTP 200 with an empty body
  | "invalid-json" // HTTP 200 with truncated JSON
  | "drop" // destroy the socket after reading the request
  | "stall" // never answer (close() ends the connection)
  | "refuse" // destroy the socket without processing (true refusals: close the simulator)
  | { error: string } // answer {"error": ...} (request not processed)
  | { delayMs: number } // answer normally, this much later
  | { json: unknown } // answer this JSON verbatim (request not processed unless createOrder)
  | { raw: string; status?: number; contentType?: string }; // answer this body verbatim

export interface FaultOptions {
  /**
   * Whether the request is processed (order created, cancel/refill applied, ...) before the answer is
   * broken. Default true for "drop", "stall", "http500", "html", "empty", "invalid-json" (the realistic
   * worst case: the panel did it but the answer was lost); false for "refuse", {error}, {json}, {raw}.
   * {delayMs} always processes.
   */
  createOrder?: boolean;
}

export interface PanelSimulatorOptions {
  key?: string;
  port?: number;
  currency?: string;
  balance?: string;
  services?: SimService[];
  latencyMs?: number;
  /** Lazy progression on reads: Pending for pendingMs, then In progress for inProgressMs, then Completed. */
  progress?: { pendingMs: number; inProgressMs: number } | false;
  /** First order id; default 10001. */
  firstOrderId?: number;
}

export interface SimRequest {
  action: string;
  /** Form (and query) fields except `key` and `action`. */
  params: Record<string, string>;
}

interface FaultEntry {
  action: string;
  fault: Fault;
  remaining: number;
  process: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Default catalogue (UZS)

export const defaultSimServices: readonly SimService[] = Object.freeze([
  {
    service: 1,
    name: "Telegram Members — 7-day join, no refill",
    type: "Default",
    category: "Telegram Members",
    rate: "60.00000",
    min: 10,
    max: 100000,
    refill: false,
    cancel: true,
    dripfeed: false,
    description: "Start 0-1 h, up to 10K/day. Public channels and groups only.",
  },
  {
    service: 2,
    name: "Telegram Members — 30-day refill",
    type: "Default",
    category: "Telegram Members",
    rate: "12.50000",
    min: "100",
    max: "50000",
    refill: true,
    cancel: false,
    dripfeed: false,
    description: "Drops are refilled for 30 days after completion.",
  },
  {
    service: 3,
    name: "Poll Votes — Telegram",
    type: "Poll",
    category: "Telegram Votes",
    rate: "36.00000",
    min: 10,
    max: 50000,
    refill: false,
    cancel: true,
  },
  {
    service: 4,
    name: "Telegram Members — slow drip-feed",
    type: "Default",
    category: "Telegram Members",
    rate: "45.00000",
    min: "10",
    max: "20000",
    refill: false,
    cancel: true,
    dripfeed: true,
  },
  {
    service: 5,
    name: "Telegram Post Views — last post",
    type: "Default",
    category: "Telegram Views",
    rate: "0.90000",
    min: "100",
    max: "1000000",
    refill: false,
    cancel: false,
    dripfeed: false,
  },
  {
    service: 6,
    name: "1000 views package",
    type: "Package",
    category: "Telegram Views",
    rate: "5.00000",
    min: 1,
    max: 1,
    refill: false,
    cancel: false,
  },
  {
    service: 7,
    name: "Telegram Auto Views — future posts",
    type: "Subscriptions",
    category: "Telegram Views",
    rate: "1.20000",
    min: 100,
    max: "50000",
    refill: false,
    cancel: false,
    description: "Views on every new post; min/max views per post, posts = number of future posts.",
  },
  {
    service: 8,
    name: "Telegram Custom Comments",
    type: "Custom Comments",
    category: "Telegram Comments",
    rate: "800.00000",
    min: "5",
    max: "100",
    refill: false,
    cancel: false,
  },
  {
    service: 9,
    name: "Telegram Reactions — 👍❤️🔥 mix",
    type: "Default",
    category: "Telegram Reactions",
    rate: "20.00000",
    min: 10,
    max: "10000",
    refill: false,
    cancel: true,
  },
  {
    service: 10,
    name: "Telegram Mentions — custom list",
    type: "Mentions Custom List",
    category: "Telegram Reactions",
    rate: "300.00000",
    min: 10,
    max: 1000,
    refill: false,
    cancel: false,
  },
  {
    service: 11,
    name: "Telegram Boosts — premium (beta)",
    type: "Mystery Type",
    category: "Telegram Boosts",
    rate: "150.00000",
    min: "1",
    max: "500",
    refill: false,
    cancel: false,
  },
] satisfies SimService[]);

// ---------------------------------------------------------------------------------------------------------
// Decimal helpers: BigInt scaled by 10^5

const SCALE = 100_000n;

/** "60.5" -> 6050000n. Extra decimals beyond 5 are truncated. Throws on anything but a plain decimal. */
export function simParseDecimal(s: string): bigint {
  const m = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(s);
  if (!m || m[2] === undefined) throw new Error(`not a decimal: ${JSON.stringify(s)}`);
  const frac = (m[3] ?? "").slice(0, 5).padEnd(5, "0");
  const v = BigInt(m[2]) * SCALE + BigInt(frac);
  return m[1] === "-" ? -v : v;
}

/** 6050000n -> "60.50000". */
export function simFormatDecimal(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? "-" : ""}${a / SCALE}.${(a % SCALE).toString().padStart(5, "0")}`;
}

/** rate per 1000 × units / 1000, rounded half up to 5 decimals. */
export function simCharge(rate: string, units: number): string {
  return simFormatDecimal((simParseDecimal(rate) * BigInt(units) + 500n) / 1000n);
}

// ---------------------------------------------------------------------------------------------------------
// Simulator

const MAX_BODY = 1024 * 1024;
const LIST_LIMIT = 100;

const E = {
  key: "Invalid API key",
  request: "Incorrect request",
  service: "Incorrect service ID",
  link: "Bad link",
  min: "Quantity less than minimum",
  max: "Quantity more than maximum",
  funds: "Not enough funds on balance",
  order: "Incorrect order ID",
  answer: "Answer number is required",
  cancelDisabled: "Cancel is not available for this service",
  cancelState: "Order cannot be canceled",
  refillDisabled: "Refill is disabled for this service",
  refillState: "Refill is not available for this order",
  refillNotFound: "Refill not found",
  dripfeed: "Drip-feed is not available for this service",
} as const;

type Answer = { status: number; body: string; contentType: string };

export class PanelSimulator {
  readonly url: string;
  readonly key: string;
  readonly currency: string;
  /** The catalogue answered by `services`; tests may edit it. */
  services: SimService[];
  readonly orders = new Map<number, SimOrder>();
  readonly refills = new Map<number, SimRefill>();
  /** Every request received, without the key. */
  readonly requests: SimRequest[] = [];

  private balanceScaled: bigint;
  private latencyMs: number;
  /** Per-action latency overrides (setLatency(ms, action)). */
  private readonly actionLatencyMs = new Map<string, number>();
  private progress: { pendingMs: number; inProgressMs: number } | false;
  private nextOrderId: number;
  private nextRefillId = 1;
  private faults: FaultEntry[] = [];
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    url: string,
    opts: PanelSimulatorOptions,
  ) {
    this.url = url;
    this.key = opts.key ?? "sim-key";
    this.currency = opts.currency ?? "UZS";
    this.balanceScaled = simParseDecimal(opts.balance ?? "1000000.00");
    this.services = (opts.services ?? defaultSimServices).map((s) => ({ ...s }));
    this.latencyMs = opts.latencyMs ?? 0;
    this.progress = opts.progress ?? false;
    this.nextOrderId = opts.firstOrderId ?? 10001;
  }

  static async start(opts: PanelSimulatorOptions = {}): Promise<PanelSimulator> {
    const server = createServer();
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const sim = new PanelSimulator(server, `http://127.0.0.1:${port}/api/v2`, opts);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      sim.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) sim.write(res, { status: 500, body: "Internal Server Error", contentType: "text/plain" });
        else res.destroy();
      });
    });
    return sim;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waits.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
  }

  // --- test controls ---------------------------------------------------------------------------------

  /**
   * Breaks the next `times` requests of `action` ("*" for any). Faults queue up in call order; the first
   * matching one with uses left applies.
   */
  fault(action: string, f: Fault, times = 1, opts: FaultOptions = {}): void {
    let process: boolean;
    if (typeof f === "string") process = f === "refuse" ? false : (opts.createOrder ?? true);
    else if ("delayMs" in f) process = true;
    else if ("error" in f) process = false;
    else process = opts.createOrder ?? false;
    this.faults.push({ action, fault: f, remaining: times, process });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Delays every answer by `ms`; with `action`, only that action's answers (overrides the general latency). */
  setLatency(ms: number, action?: string): void {
    if (action === undefined) this.latencyMs = ms;
    else this.actionLatencyMs.set(action, ms);
  }

  setProgress(progress: { pendingMs: number; inProgressMs: number } | false): void {
    this.progress = progress;
  }

  /** Sets any status string (unknown ones included); stops automatic progression of that order. */
  setStatus(
    orderId: number,
    status: string,
    extra: { remains?: number | string; startCount?: number | string | null; charge?: string } = {},
  ): void {
    const o = this.mustOrder(orderId);
    o.autoProgress = false;
    o.status = status;
    if (extra.remains !== undefined) o.remains = extra.remains;
    if (extra.startCount !== undefined) o.startCount = extra.startCount;
    if (extra.charge !== undefined) o.charge = extra.charge;
  }

  setRefillStatus(refillId: number | string, status: string): void {
    const r = this.refills.get(Number(refillId));
    if (!r) throw new Error(`simulator: no refill ${String(refillId)}`);
    r.status = status;
  }

  setBalance(balance: string): void {
    this.balanceScaled = simParseDecimal(balance);
  }

  /** Current balance, 5 decimals. */
  getBalance(): string {
    return simFormatDecimal(this.balanceScaled);
  }

  /** Number of requests received for `action` (all requests when omitted). */
  requestCount(action?: string): number {
    return action === undefined ? this.requests.length : this.requests.filter((r) => r.action === action).length;
  }

  /** The order as the simulator holds it now (progress applied). */
  getOrder(orderId: number): SimOrder | undefined {
    const o = this.orders.get(orderId);
    if (o) this.advance(o);
    return o;
  }

  // --- HTTP ------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (text === null) {
      req.socket.destroy();
      return;
    }
    const fields: Record<string, string> = {};
    const query = new URL(req.url ?? "/", "http://sim").searchParams;
    for (const [k, v] of query) fields[k] = v;
    for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
    const { key, action = "", ...params } = fields;
    this.requests.push({ action, params: { ...params } });

    const entry = this.takeFault(action);
    const f = entry?.fault;

    if (f === "refuse") {
      req.socket.destroy();
      return;
    }

    let result: unknown;
    if (entry === undefined || entry.process) result = this.dispatch(key, action, params);

    let answer: Answer | null = null;
    if (f === undefined || (typeof f === "object" && "delayMs" in f)) answer = json(result);
    else if (typeof f === "object" && "error" in f) answer = json({ error: f.error });
    else if (typeof f === "object" && "json" in f) answer = json(f.json);
    else if (typeof f === "object" && "raw" in f) {
      answer = { status: f.status ?? 200, body: f.raw, contentType: f.contentType ?? "application/json" };
    } else if (f === "drop") {
      req.socket.destroy();
      return;
    } else if (f === "stall") {
      return; // never answered; close() ends the connection
    } else if (f === "http500") {
      answer = { status: 500, body: "Internal Server Error", contentType: "text/plain" };
    } else if (f === "html") {
      answer = {
        status: 200,
        body: "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
        contentType: "text/html; charset=utf-8",
      };
    } else if (f === "empty") {
      answer = { status: 200, body: "", contentType: "application/json" };
    } else if (f === "invalid-json") {
      const full = JSON.stringify(result ?? { order: 1 });
      answer = { status: 200, body: full.slice(0, Math.max(1, Math.floor(full.length / 2))), contentType: "application/json" };
    }

    const wait = (this.actionLatencyMs.get(action) ?? this.latencyMs) + (typeof f === "object" && "delayMs" in f ? f.delayMs : 0);
    if (wait > 0) await this.sleep(wait);
    if (this.closed || res.destroyed) return;
    if (answer) this.write(res, answer);
  }

  private write(res: ServerResponse, a: Answer): void {
    res.writeHead(a.status, { "content-type": a.contentType, "content-length": Buffer.byteLength(a.body) });
    res.end(a.body);
  }

  private takeFault(action: string): FaultEntry | undefined {
    const entry = this.faults.find((f) => f.remaining > 0 && (f.action === "*" || f.action === action));
    if (!entry) return undefined;
    entry.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return entry;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const w = {
        timer: setTimeout(() => {
          this.waits.delete(w);
          resolve();
        }, ms),
        resolve,
      };
      this.waits.add(w);
    });
  }

  // --- API -------------------------------------------------------------------------------------------

  private dispatch(key: string | undefined, action: string, p: Record<string, string>): unknown {
    if (key !== this.key) return { error: E.key };
    switch (action) {
      case "services":
        return this.services.map(serializeService);
      case "add":
        return this.add(p);
      case "status":
        if (p.orders !== undefined) return this.multi(p.orders, (id) => this.statusOf(id));
        if (p.order !== undefined) return this.statusOf(p.order);
        return { error: E.request };
      case "cancel": {
        const list = parseList(p.orders ?? p.order);
        if (!list) return { error: E.request };
        return list.map((raw) => ({ order: orderKey(raw), cancel: this.cancelOne(raw) }));
      }
      case "refill": {
        if (p.orders !== undefined) {
          const list = parseList(p.orders);
          if (!list) return { error: E.request };
          return list.map((raw) => ({ order: orderKey(raw), refill: this.refillOne(raw) }));
        }
        if (p.order === undefined) return { error: E.request };
        const r = this.refillOne(p.order);
        return typeof r === "number" ? { refill: String(r) } : r;
      }
      case "refill_status": {
        if (p.refills !== undefined) {
          const list = parseList(p.refills);
          if (!list) return { error: E.request };
          return list.map((raw) => {
            const r = this.refills.get(Number(raw));
            return { refill: orderKey(raw), status: r && /^\d+$/.test(raw) ? r.status : { error: E.refillNotFound } };
          });
        }
        if (p.refill === undefined) return { error: E.request };
        const r = /^\d+$/.test(p.refill.trim()) ? this.refills.get(Number(p.refill)) : undefined;
        return r ? { status: r.status } : { error: E.refillNotFound };
      }
      case "balance":
        return { balance: this.getBalance(), currency: this.currency };
      default:
        return { error: E.request };
    }
  }

  private add(p: Record<string, string>): unknown {
    const svc = this.services.find((s) => String(s.service) === (p.service ?? "").trim());
    if (!svc) return { error: E.service };
    const type = normType(svc.type);
    const svcMin = toInt(svc.min) ?? 0;
    const svcMax = toInt(svc.max) ?? Number.MAX_SAFE_INTEGER;
    const needsLink = type !== "subscriptions";
    if (needsLink && (p.link ?? "").trim() === "") return { error: E.link };

    let units: number; // units checked against min..max
    let total: number; // units delivered
    let charge: string;

    switch (type) {
      case "package":
        units = 1;
        total = 1;
        charge = simFormatDecimal(simParseDecimal(svc.rate));
        break;
      case "custom comments":
      case "mentions custom list": {
        const field = type === "custom comments" ? p.comments : p.usernames;
        const lines = (field ?? "").split(/\r?\n/).filter((l) => l.trim() !== "");
        if (lines.length === 0) return { error: E.request };
        units = lines.length;
        total = units;
        charge = "";
        break;
      }
      case "subscriptions": {
        if ((p.username ?? "").trim() === "") return { error: E.link };
        const min = toInt(p.min);
        const max = toInt(p.max);
        const posts = toInt(p.posts) ?? 1;
        if (min === null || max === null || min > max || posts < 1) return { error: E.request };
        if (min < svcMin) return { error: E.min };
        if (max > svcMax) return { error: E.max };
        units = max;
        total = max * posts;
        charge = "";
        break;
      }
      default: {
        units = toInt(p.quantity) ?? 0;
        total = units;
        charge = "";
      }
    }
    if (type !== "package" && type !== "subscriptions") {
      if (units < svcMin) return { error: E.min };
      if (units > svcMax) return { error: E.max };
    }
    if (type === "poll" && (p.answer_number ?? "").trim() === "") return { error: E.answer };
    if (p.runs !== undefined && p.runs !== "") {
      if (!svc.dripfeed) return { error: E.dripfeed };
      const runs = toInt(p.runs);
      const interval = toInt(p.interval);
      if (runs === null || runs < 1 || interval === null || interval < 1) return { error: E.request };
      total = units * runs;
    }
    if (charge === "") charge = simCharge(svc.rate, total);
    const chargeScaled = simParseDecimal(charge);
    if (chargeScaled > this.balanceScaled) return { error: E.funds };
    this.balanceScaled -= chargeScaled;

    const id = this.nextOrderId++;
    this.orders.set(id, {
      id,
      service: svc.service,
      params: { ...p },
      quantity: total,
      charge,
      status: "Pending",
      startCount: null,
      remains: total,
      createdAt: Date.now(),
      refills: [],
      autoProgress: this.progress !== false,
    });
    return { order: id };
  }

  private statusOf(raw: string): unknown {
    const o = /^\s*\d+\s*$/.test(raw) ? this.orders.get(Number(raw)) : undefined;
    if (!o) return { error: E.order };
    this.advance(o);
    return {
      charge: o.charge,
      start_count: o.startCount === null ? "" : String(o.startCount),
      status: o.status,
      remains: String(o.remains),
      currency: this.currency,
    };
  }

  private multi(list: string, one: (id: string) => unknown): unknown {
    const ids = parseList(list);
    if (!ids) return { error: E.request };
    const out: Record<string, unknown> = {};
    for (const id of ids) out[id] = one(id);
    return out;
  }

  private cancelOne(raw: string): unknown {
    const o = /^\d+$/.test(raw) ? this.orders.get(Number(raw)) : undefined;
    if (!o) return { error: E.order };
    this.advance(o);
    const svc = this.services.find((s) => s.service === o.service);
    if (!svc?.cancel) return { error: E.cancelDisabled };
    if (o.status !== "Pending" && o.status !== "In progress") return { error: E.cancelState };
    this.balanceScaled += safeDecimal(o.charge);
    o.charge = simFormatDecimal(0n);
    o.status = "Canceled";
    o.remains = o.quantity;
    o.autoProgress = false;
    return 1;
  }

  private refillOne(raw: string): number | { error: string } {
    const o = /^\s*\d+\s*$/.test(raw) ? this.orders.get(Number(raw)) : undefined;
    if (!o) return { error: E.order };
    this.advance(o);
    const svc = this.services.find((s) => s.service === o.service);
    if (!svc?.refill) return { error: E.refillDisabled };
    if (o.status !== "Completed" && o.status !== "Partial") return { error: E.refillState };
    const id = this.nextRefillId++;
    this.refills.set(id, { id, orderId: o.id, status: "Pending", createdAt: Date.now() });
    o.refills.push(id);
    return id;
  }

  /** Lazy progression by elapsed time (only orders still driven by `progress`). */
  private advance(o: SimOrder): void {
    const prog = this.progress;
    if (!prog || !o.autoProgress) return;
    const elapsed = Date.now() - o.createdAt;
    if (elapsed < prog.pendingMs) return;
    if (o.startCount === null) o.startCount = 1000 + ((o.id * 37) % 5000);
    if (elapsed < prog.pendingMs + prog.inProgressMs) {
      o.status = "In progress";
      const done = Math.floor((o.quantity * (elapsed - prog.pendingMs)) / Math.max(1, prog.inProgressMs));
      o.remains = Math.max(0, o.quantity - done);
      return;
    }
    o.status = "Completed";
    o.remains = 0;
    o.autoProgress = false;
  }

  private mustOrder(id: number): SimOrder {
    const o = this.orders.get(id);
    if (!o) throw new Error(`simulator: no order ${id}`);
    return o;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function json(value: unknown): Answer {
  return { status: 200, body: JSON.stringify(value ?? null), contentType: "application/json; charset=utf-8" };
}

function serializeService(s: SimService): Record<string, unknown> {
  const out: Record<string, unknown> = {
    service: s.service,
    name: s.name,
    type: s.type,
    category: s.category,
    rate: s.rate,
    min: s.min,
    max: s.max,
  };
  if (s.refill !== undefined) out.refill = s.refill;
  if (s.cancel !== undefined) out.cancel = s.cancel;
  if (s.dripfeed !== undefined) out.dripfeed = s.dripfeed;
  if (s.description !== undefined) out.description = s.description;
  return out;
}

function normType(t: string): string {
  return t.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}

function toInt(v: unknown): number | null {
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : null;
  if (typeof v !== "string" || !/^\s*-?\d+\s*$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** Comma list of at most 100 items; null when empty or too long. */
function parseList(v: string | undefined): string[] | null {
  if (v === undefined) return null;
  const items = v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0 || items.length > LIST_LIMIT) return null;
  return items;
}

function orderKey(raw: string): number | string {
  return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
}

function safeDecimal(s: string): bigint {
  try {
    return simParseDecimal(s);
  } catch {
    return 0n;
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        done = true;
        resolve(null);
        return;
      }
      if (!done) chunks.push(c);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks).toString("utf8"));
      done = true;
    });
    req.on("error", () => {
      if (!done) resolve(null);
      done = true;
    });
  });
}
