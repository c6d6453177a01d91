import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { PanelSimulator, simCharge } from "../src/simulators/panel.js";
import {
  PanelApiError,
  PanelClient,
  PanelError,
  PanelUncertainError,
  PanelUnreachableError,
  type PanelApiErrorCode,
} from "../src/upstream/client.js";

const KEY = "SECRET-test-key-7f3a9c1e5b";

// Every log line of every client in this file goes here; none may contain the key.
const logLines: string[] = [];
const logger = createLogger({
  level: "debug",
  destination: new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  }),
});
const thrown: unknown[] = [];

async function catchErr(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    thrown.push(err);
    return err;
  }
  throw new Error("expected a rejection");
}

const clients: PanelClient[] = [];
function client(url: string, extra: Partial<ConstructorParameters<typeof PanelClient>[0]> = {}): PanelClient {
  const c = new PanelClient({ url, key: KEY, timeoutMs: 300, connectTimeoutMs: 300, readRetries: 1, logger, ...extra });
  clients.push(c);
  return c;
}

interface RawServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** A bare node:http server that reads each request body and then calls `behave`. */
async function rawServer(behave: (req: IncomingMessage, res: ServerResponse) => void): Promise<RawServer> {
  const server: Server = createServer();
  const state: RawServer = {
    url: "",
    requests: 0,
    close: async () => {
      const done = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await done;
    },
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      state.requests++;
      behave(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  return state;
}

let sim: PanelSimulator;
let panel: PanelClient;

beforeEach(async () => {
  sim = await PanelSimulator.start({ key: KEY });
  panel = client(sim.url);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.close();
});

afterAll(() => {
  // Belt and braces over the whole file: the dedicated test below checks the same.
  for (const line of logLines) expect(line).not.toContain(KEY);
});

describe("services", () => {
  it("parses numbers sent as strings and defaults flags", async () => {
    const list = await panel.services();
    expect(list.length).toBe(sim.services.length);
    const members = list.find((s) => s.service === 2);
    expect(members).toEqual({
      service: 2,
      name: "Telegram Members — 30-day refill",
      type: "Default",
      category: "Telegram Members",
      rate: "12.50000",
      min: 100,
      max: 50000,
      refill: true,
      cancel: false,
      dripfeed: false,
      description: "Drops are refilled for 30 days after completion.",
    });
    expect(list.find((s) => s.service === 4)?.dripfeed).toBe(true);
    const poll = list.find((s) => s.type === "Poll");
    expect(poll).toMatchObject({ rate: "36.00000", min: 10, max: 50000, cancel: true, refill: false, dripfeed: false });
    expect(list.some((s) => s.type === "Mystery Type")).toBe(true);
    expect(sim.requests[0]).toEqual({ action: "services", params: {} });
  });

  it("skips unparseable entries (logged once) and accepts 1/'1'/true flags and numeric rates", async () => {
    const before = logLines.length;
    sim.fault("services", {
      json: [
        { service: "7", name: "A", type: "Default", category: "X", rate: 1.5, min: "50", max: "100", refill: "1", cancel: 1 },
        { service: 8, name: "B", category: "X", rate: "0.9", min: 1, max: 2, dripfeed: true },
        { service: 9, name: "no rate", min: 1, max: 2 },
        { name: "no id", rate: "1", min: 1, max: 2 },
        "garbage",
        { service: 10, name: "bad min", rate: "1", min: "lots", max: 2 },
      ],
    });
    const list = await panel.services();
    expect(list).toEqual([
      { service: 7, name: "A", type: "Default", category: "X", rate: "1.5", min: 50, max: 100, refill: true, cancel: true, dripfeed: false },
      { service: 8, name: "B", type: "Default", category: "X", rate: "0.9", min: 1, max: 2, refill: false, cancel: false, dripfeed: true },
    ]);
    const warnings = logLines.slice(before).filter((l) => l.includes("skipped unparseable panel services"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? "{}")).toMatchObject({ skipped: 4, total: 6 });
  });
});

describe("add", () => {
  it("places an order, sending only defined params", async () => {
    const res = await panel.add({ service: 1, link: "https://t.me/shopchan", quantity: 100 });
    expect(res).toEqual({ order: 10001 });
    const order = sim.orders.get(10001);
    expect(order).toMatchObject({ service: 1, quantity: 100, charge: "6.00000", status: "Pending" });
    expect(sim.requests.at(-1)).toEqual({
      action: "add",
      params: { service: "1", link: "https://t.me/shopchan", quantity: "100" },
    });
    expect(sim.getBalance()).toBe("999994.00000");
    expect((await panel.add({ service: 6, link: "https://t.me/shopchan/5" })).order).toBe(10002);
    expect(sim.orders.get(10002)?.charge).toBe("5.00000");
    await panel.add({ service: 8, link: "https://t.me/c/1", comments: "a\nb\nc\nd\ne\nf" });
    expect(sim.orders.get(10003)).toMatchObject({ quantity: 6, charge: simCharge("800", 6) });
  });

  const cases: Array<[string, () => Promise<unknown>, PanelApiErrorCode, string]> = [
    ["unknown service", () => panel.add({ service: 999, link: "https://t.me/x", quantity: 100 }), "incorrect_service", "Incorrect service ID"],
    ["missing link", () => panel.add({ service: 1, quantity: 100 }), "bad_link", "Bad link"],
    ["below min", () => panel.add({ service: 1, link: "https://t.me/x", quantity: 5 }), "quantity_below_min", "Quantity less than minimum"],
    ["above max", () => panel.add({ service: 2, link: "https://t.me/x", quantity: 50001 }), "quantity_above_max", "Quantity more than maximum"],
    ["poll without answer", () => panel.add({ service: 3, link: "https://t.me/x/9", quantity: 100 }), "answer_number_required", "Answer number is required"],
    ["unknown order", () => panel.status(4242), "incorrect_order", "Incorrect order ID"],
  ];
  for (const [name, call, code, text] of cases) {
    it(`maps "${text}" (${name}) to ${code}`, async () => {
      const err = await catchErr(call());
      expect(err).toBeInstanceOf(PanelApiError);
      const e = err as PanelApiError;
      expect(e.kind).toBe("api");
      expect(e.code).toBe(code);
      expect(e.panelMessage).toBe(text);
      expect(e.message).not.toContain(text);
    });
  }

  it("maps invalid key, not enough funds, incorrect request and unknown texts", async () => {
    const bad = client(sim.url, { key: "wrong-key" });
    expect(await catchErr(bad.balance())).toMatchObject({ code: "invalid_key", panelMessage: "Invalid API key" });
    expect(sim.requestCount("balance")).toBe(1); // PanelApiError is not retried

    sim.setBalance("1.00");
    const funds = await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
    expect(funds).toMatchObject({ kind: "api", code: "not_enough_funds" });
    expect(sim.orders.size).toBe(0);
    expect(sim.getBalance()).toBe("1.00000");

    sim.fault("balance", { error: "Incorrect request" });
    expect(await catchErr(panel.balance())).toMatchObject({ code: "incorrect_request" });
    sim.fault("add", { error: "Service is temporarily disabled" });
    const other = (await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }))) as PanelApiError;
    expect(other.code).toBe("other");
    expect(other.panelMessage).toBe("Service is temporarily disabled");
    expect(other.message).not.toContain("temporarily");
  });
});

describe("status", () => {
  it("parses a single status with string numbers, empty start_count, negative remains and raw spellings", async () => {
    const { order } = await panel.add({ service: 1, link: "https://t.me/x", quantity: 100 });
    expect(await panel.status(order)).toEqual({
      charge: "6.00000",
      startCount: null,
      status: "Pending",
      remains: 100,
      currency: "UZS",
    });
    sim.setStatus(order, "Cancelled", { remains: "-5", startCount: "3572" });
    expect(await panel.status(order)).toMatchObject({ status: "Cancelled", remains: -5, startCount: 3572 });
    sim.setStatus(order, "Refunded", { remains: "", startCount: "" });
    expect(await panel.status(order)).toMatchObject({ status: "Refunded", remains: null, startCount: null });
  });

  it("multi status: bad id, bare-string item and a missing id never sink the batch", async () => {
    const a = (await panel.add({ service: 1, link: "https://t.me/x", quantity: 100 })).order;
    const b = (await panel.add({ service: 5, link: "https://t.me/x/1", quantity: 1000 })).order;
    sim.setStatus(b, "Partial", { remains: "157", startCount: 0 });
    const real = await panel.statuses([a, b, 31337]);
    expect(real.get(a)).toEqual({ ok: true, status: expect.objectContaining({ status: "Pending", remains: 100 }) });
    expect(real.get(b)).toEqual({
      ok: true,
      status: { charge: "0.90000", startCount: 0, status: "Partial", remains: 157, currency: "UZS" },
    });
    expect(real.get(31337)).toEqual({ ok: false, error: "Incorrect order ID" });

    sim.fault("status", {
      json: {
        "1": { charge: "0.27819", start_count: "3572", status: "Completed", remains: "0", currency: "UZS" },
        "10": { error: "Incorrect order ID" },
        "11": "Order not found",
        "12": { charge: "1", remains: 3 }, // no status: a per-item error too
        "999": { status: "Completed" }, // not asked for: ignored
      },
    });
    const map = await panel.statuses([1, 10, 11, 12, 13]);
    expect(map.get(1)).toEqual({
      ok: true,
      status: { charge: "0.27819", startCount: 3572, status: "Completed", remains: 0, currency: "UZS" },
    });
    expect(map.get(10)).toEqual({ ok: false, error: "Incorrect order ID" });
    expect(map.get(11)).toEqual({ ok: false, error: "Order not found" });
    expect(map.get(12)?.ok).toBe(false);
    expect(map.has(13)).toBe(false);
    expect(map.has(999)).toBe(false);
    expect(map.size).toBe(4);
  });

  it("chunks 250 ids into 3 requests of at most 100", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => 50_000 + i);
    const map = await panel.statuses(ids);
    expect(map.size).toBe(250);
    const reqs = sim.requests.filter((r) => r.action === "status");
    expect(reqs).toHaveLength(3);
    expect(reqs.map((r) => r.params.orders?.split(",").length)).toEqual([100, 100, 50]);
    expect(reqs.every((r) => r.params.order === undefined)).toBe(true);
  });

  it("is retried after one HTTP 500 and succeeds", async () => {
    const { order } = await panel.add({ service: 1, link: "https://t.me/x", quantity: 100 });
    sim.fault("status", "http500");
    expect((await panel.status(order)).status).toBe("Pending");
    expect(sim.requestCount("status")).toBe(2);
  });

  it("gives up after readRetries and throws the last uncertain error", async () => {
    sim.fault("balance", "html", 5);
    const err = await catchErr(panel.balance());
    expect(err).toBeInstanceOf(PanelUncertainError);
    expect(sim.requestCount("balance")).toBe(2); // 1 + readRetries
  });
});

describe("transport failures", () => {
  it("timeout on add is uncertain and never retried", async () => {
    const raw = await rawServer(() => {
      /* stall */
    });
    try {
      const c = client(raw.url, { readRetries: 3 });
      const started = Date.now();
      const err = await catchErr(c.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
      expect(err).toBeInstanceOf(PanelUncertainError);
      expect(err).toMatchObject({ kind: "uncertain", reason: "timeout", action: "add" });
      expect(Date.now() - started).toBeLessThan(2_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(raw.requests).toBe(1);
    } finally {
      await raw.close();
    }
  });

  it("a socket destroyed after the request is uncertain, not retried for add", async () => {
    const raw = await rawServer((req) => req.socket.destroy());
    try {
      const c = client(raw.url);
      const err = await catchErr(c.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
      expect(err).toMatchObject({ kind: "uncertain", reason: "socket" });
      expect(raw.requests).toBe(1);
      // A read is retried on the same failure.
      await catchErr(c.balance());
      expect(raw.requests).toBe(3);
    } finally {
      await raw.close();
    }
  });

  it("a closed port is unreachable", async () => {
    const raw = await rawServer(() => {});
    const url = raw.url;
    await raw.close();
    const c = client(url, { readRetries: 0 });
    const err = await catchErr(c.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
    expect(err).toBeInstanceOf(PanelUnreachableError);
    expect(err).toMatchObject({ kind: "unreachable", causeCode: "ECONNREFUSED" });
    expect(err).toBeInstanceOf(PanelError);
    expect(await catchErr(c.status(1))).toBeInstanceOf(PanelUnreachableError);
  });

  it("HTML, HTTP 500, empty and invalid JSON answers are uncertain; the order may exist", async () => {
    for (const [fault, reason] of [
      ["html", "bad_body"],
      ["http500", "http_status"],
      ["empty", "empty_body"],
      ["invalid-json", "bad_body"],
    ] as const) {
      sim.fault("add", fault);
      const err = await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
      expect(err).toBeInstanceOf(PanelUncertainError);
      expect(err).toMatchObject({ reason });
    }
    expect((sim.orders.size)).toBe(4); // the panel made them; the answers were lost
    expect(sim.requestCount("add")).toBe(4); // never retried
  });

  it("simulator drop/stall on add create the order unless told otherwise", async () => {
    sim.fault("add", "drop");
    expect(await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }))).toMatchObject({ reason: "socket" });
    sim.fault("add", "stall");
    expect(await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }))).toMatchObject({ reason: "timeout" });
    sim.fault("add", "drop", 1, { createOrder: false });
    await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
    expect([...sim.orders.keys()]).toEqual([10001, 10002]);
    expect(sim.requestCount("add")).toBe(3);
  });

  it("an unexpected shape for add is uncertain", async () => {
    sim.fault("add", { json: { status: "ok" } });
    expect(await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }))).toMatchObject({
      kind: "uncertain",
      reason: "bad_shape",
    });
  });
});

describe("cancel, refill, balance", () => {
  it("cancel understands 1, {status:1} and per-item errors", async () => {
    const a = (await panel.add({ service: 1, link: "https://t.me/x", quantity: 100 })).order;
    const b = (await panel.add({ service: 2, link: "https://t.me/x", quantity: 100 })).order; // cancel: false
    const res = await panel.cancel([a, b, 777]);
    expect(res).toEqual([
      { order: a, ok: true },
      { order: b, ok: false, error: "Cancel is not available for this service" },
      { order: 777, ok: false, error: "Incorrect order ID" },
    ]);
    expect(sim.orders.get(a)).toMatchObject({ status: "Canceled", remains: 100 });
    expect(sim.getBalance()).toBe("999998.75000"); // service 1 refunded, service 2 (1.25) kept

    sim.fault("cancel", { json: [{ order: 5, cancel: { status: 1 } }, { order: "6", cancel: "1" }, { order: 7, cancel: 0 }] });
    expect(await panel.cancel([5, 6, 7])).toEqual([
      { order: 5, ok: true },
      { order: 6, ok: true },
      { order: 7, ok: false, error: "cancel not accepted" },
    ]);
    sim.fault("cancel", "http500");
    expect(await catchErr(panel.cancel([a]))).toBeInstanceOf(PanelUncertainError);
    expect(sim.requestCount("cancel")).toBe(3); // never retried
  });

  it("cancel chunks by 100", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    const res = await panel.cancel(ids);
    expect(res).toHaveLength(150);
    expect(sim.requestCount("cancel")).toBe(2);
  });

  it("refill, refills, refillStatus, refillStatuses", async () => {
    const a = (await panel.add({ service: 2, link: "https://t.me/x", quantity: 100 })).order;
    const b = (await panel.add({ service: 1, link: "https://t.me/x", quantity: 100 })).order; // no refill
    expect(await catchErr(panel.refill(a))).toMatchObject({ kind: "api", code: "other" }); // not completed yet
    sim.setStatus(a, "Completed", { remains: 0 });
    sim.setStatus(b, "Completed", { remains: 0 });
    const r1 = await panel.refill(a);
    expect(r1).toBe("1");
    expect(await panel.refillStatus(r1)).toBe("Pending");
    sim.setRefillStatus(1, "Completed");
    expect(await panel.refillStatus(1)).toBe("Completed");
    expect(await catchErr(panel.refillStatus(99))).toMatchObject({ kind: "api", panelMessage: "Refill not found" });

    const many = await panel.refills([a, b, 4040]);
    expect(many).toEqual([
      { order: a, ok: true, refill: "2" },
      { order: b, ok: false, error: "Refill is disabled for this service" },
      { order: 4040, ok: false, error: "Incorrect order ID" },
    ]);
    sim.setRefillStatus(2, "Rejected");
    expect(await panel.refillStatuses(["1", 2, 3])).toEqual([
      { refill: "1", ok: true, status: "Completed" },
      { refill: "2", ok: true, status: "Rejected" },
      { refill: "3", ok: false, error: "Refill not found" },
    ]);
    expect(sim.requests.at(-1)).toEqual({ action: "refill_status", params: { refills: "1,2,3" } });
    sim.fault("refill", { json: { refill: 17 } });
    expect(await panel.refill(a)).toBe("17");
  });

  it("balance keeps the decimal string", async () => {
    sim.setBalance("100.84292");
    expect(await panel.balance()).toEqual({ balance: "100.84292", currency: "UZS" });
    sim.fault("balance", { json: { balance: 12.5, currency: "USD" } });
    expect(await panel.balance()).toEqual({ balance: "12.5", currency: "USD" });
  });
});

describe("secrets", () => {
  it("the key appears in no error message and no log line", async () => {
    // A few more failures on top of everything above, with the key-bearing requests in flight.
    sim.fault("*", "html");
    await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }));
    sim.fault("add", { error: `Invalid API key ${KEY}` }); // a panel echoing the key back
    const echoed = (await catchErr(panel.add({ service: 1, link: "https://t.me/x", quantity: 100 }))) as PanelApiError;
    expect(echoed.code).toBe("invalid_key");
    expect(echoed.panelMessage).not.toContain(KEY);
    const raw = await rawServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(`<html>bad gateway ${KEY}</html>`);
    });
    try {
      await catchErr(client(raw.url, { readRetries: 0 }).services());
    } finally {
      await raw.close();
    }

    expect(thrown.length).toBeGreaterThan(2);
    for (const err of thrown) {
      expect(err).toBeInstanceOf(PanelError);
      const e = err as PanelError;
      expect(e.message).not.toContain(KEY);
      expect(String(e)).not.toContain(KEY);
      expect(JSON.stringify({ ...e })).not.toContain(KEY);
    }
    expect(logLines.length).toBeGreaterThan(2);
    expect(logLines.some((l) => l.includes("panel call failed"))).toBe(true);
    for (const line of logLines) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain("<html");
    }
    expect(JSON.stringify(sim.requests)).not.toContain(KEY);
  });
});
