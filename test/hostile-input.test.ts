// Hostile input: fuzzed answers to the order questions, forged and stale callback data, and a scan of
// everything a full run wrote for the bot token and the panel key.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { parseField, parseWholeNumber, type FieldName, type FieldService } from "../src/domain/order-fields.js";
import { parseTelegramLink } from "../src/domain/links.js";
import { defaultSimServices, PanelSimulator } from "../src/simulators/panel.js";
import { FakeTelegram, type FakeUser } from "../src/simulators/telegram.js";
import { ADMIN, newUser, TestShop } from "./support/harness.js";

// ---------------------------------------------------------------------------------------------------
// Pure checks, for breadth

const NOW = Date.UTC(2030, 0, 1);
/** No lone surrogate (what Telegram cannot take as UTF-8). */
const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const SVC: FieldService = { kind: "default", min: 10, max: 100_000, dripfeed: true };

/** Digits of other scripts, look-alikes and number syntaxes that must never pass as a quantity. */
const FOREIGN_DIGITS = ["٠", "١", "٥", "۵", "०", "५", "০", "๕", "０", "５", "①", "²", "⁵", "₅", "𝟓", "Ⅴ"];
const NUMBERISH = ["e", "E", "x", "X", "b", "o", "-", "+", ".", ",", "'", "/", "*", "_", " ", "\u00a0", "\u200b", "\u202f", "\t", "\n", "Infinity", "NaN", "<b>", "</b>", "`", "~", "|"];

const hostileNumber = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.array(fc.oneof(fc.constantFrom(..."0123456789"), fc.constantFrom(...FOREIGN_DIGITS), fc.constantFrom(...NUMBERISH)), { maxLength: 24 }).map((a) => a.join("")),
  fc.constantFrom("1e3", "0x10", "0b101", "0o17", "-50", "+50", "9007199254740993", "9007199254740992", "1".repeat(400), "100.5", "1,000", "１００", "١٠٠", "<b>100</b>", "*100*", "_100_", "100\u0000", "1\u200b00"),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

describe("answers are checked strictly (fast-check)", () => {
  it("a number answer is accepted only as plain ASCII digits, as a safe integer within the bounds", () => {
    const fields: Array<[FieldName, number, number]> = [
      ["quantity", SVC.min, SVC.max],
      ["answer_number", 1, 100],
      ["runs", 2, 1000],
      ["interval", 1, 1440],
      ["posts", 1, 10_000],
      ["delay", 0, 1440],
    ];
    fc.assert(
      fc.property(hostileNumber, fc.constantFrom(...fields), (text, [field, min, max]) => {
        const r = parseField(field, text, SVC, {}, NOW);
        if (!r.ok) {
          expect(r.error).toMatch(/^field-/);
          return;
        }
        expect(typeof r.value).toBe("number");
        const n = r.value as number;
        expect(Number.isSafeInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(max);
        // Only ASCII digits (with space or underscore grouping) got through, and they mean exactly n.
        const digits = text.trim().replace(/[ \u00a0\u202f_]/g, "");
        expect(digits).toMatch(/^[0-9]+$/);
        expect(BigInt(digits)).toBe(BigInt(n));
      }),
      { numRuns: 3000 },
    );
    for (const bad of ["1e3", "0x10", "-50", "9007199254740993", "１００", "١٠٠", "100.5", "1,000", "<b>100</b>", "Infinity"]) {
      expect(parseWholeNumber(bad), bad).toBeNull();
    }
  });

  const HOSTS_OK = new Set(["t.me", "telegram.me", "telegram.dog", "www.t.me", "www.telegram.me"]);
  const hostLike = fc.constantFrom(
    "t.me",
    "T.ME",
    "telegram.me",
    "telegram.dog",
    "www.t.me",
    "t.mе", // Cyrillic е
    "t.ⅿe", // small roman numeral m
    "ｔ.me", // fullwidth t: IDNA maps it to t.me itself
    "t.me.evil.example",
    "evil.example",
    "t-me.example",
    "xn--t-me.example",
    "t.me@evil.example",
    "evil.example@t.me",
    "t.me:443",
    "t.me:8443",
    "user:pass@t.me",
    "127.0.0.1",
    "[::1]",
    "t.me%2F@evil.example",
    "t.me\\@evil.example",
    "t.me.",
  );
  const pathLike = fc.oneof(
    fc.constantFrom("/durov", "/durov/123", "/c/1234567/89", "/+AbCdEfGh12", "/joinchat/AbCdEfGh12", "/s/durov", "/s/durov/5", "/ab", "/durov/abc", "/c/x/1", "/%64urov", "/../durov", "/durov?x=1", "/durov#frag", "/", ""),
    fc.webPath(),
  );
  const linkLike = fc.oneof(
    fc.tuple(fc.constantFrom("https://", "http://", "", "//", "HTTPS://", "ftp://", "javascript:", "https:", "tg://"), hostLike, pathLike).map(([a, b, c]) => a + b + c),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string({ maxLength: 300 }),
    fc.constantFrom("@durov", "@ab", "@" + "a".repeat(40), "<a href='https://evil.example'>t.me/x</a>", "[t.me/x](https://evil.example)", "t.me/" + "a".repeat(300)),
  );

  it("a link is accepted only as a canonical https://t.me/... of an allowed host, without userinfo or port", () => {
    fc.assert(
      fc.property(linkLike, (text) => {
        const r = parseTelegramLink(text);
        const f = parseField("link", text, SVC, {}, NOW);
        expect(f.ok).toBe(r !== null);
        if (!r) return;
        const u = new URL(r.url);
        expect(u.protocol).toBe("https:");
        expect(u.hostname).toBe("t.me");
        expect(u.username + u.password + u.port + u.search + u.hash).toBe("");
        expect(r.url).toMatch(/^https:\/\/t\.me\/(\+[A-Za-z0-9_-]{8,64}|joinchat\/[A-Za-z0-9_-]{8,64}|c\/\d{1,20}\/\d{1,12}|[A-Za-z][A-Za-z0-9_]{3,31}(\/\d{1,12})?)$/);
        // What the buyer typed named an allowed host (after the URL parser's own normalisation).
        if (!text.trim().startsWith("@")) {
          const typed = new URL(/^https?:\/\//i.test(text.trim()) ? text.trim() : `https://${text.trim()}`);
          expect(HOSTS_OK.has(typed.hostname.toLowerCase())).toBe(true);
          expect(typed.username + typed.password).toBe("");
        }
      }),
      { numRuns: 5000 },
    );
    for (const bad of ["https://t.me@evil.example/x", "https://t.mе/durov", "https://evil.example/t.me/x", "t.me.evil.example/abc", "javascript:alert(1)", "https://t.me:8443/durov"]) {
      expect(parseTelegramLink(bad), bad).toBeNull();
    }
  });

  it("usernames, hashtags and comments come out clean whatever goes in; refusals quote well-formed text", () => {
    const svc: FieldService = { kind: "mentions_custom_list", min: 1, max: 50, dripfeed: false };
    const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 80 }), fc.array(fc.string({ unit: "grapheme", maxLength: 45 }), { maxLength: 8 }).map((l) => l.join("\n")));
    fc.assert(
      fc.property(anyText, fc.constantFrom<FieldName>("usernames", "groups", "username", "sub_username", "hashtag", "comments"), (text, field) => {
        const r = parseField(field, text, { ...svc, min: field === "comments" ? 1 : svc.min }, {}, NOW);
        if (!r.ok) {
          for (const v of Object.values(r.vars ?? {})) if (typeof v === "string") expect(isWellFormed(v), JSON.stringify(v)).toBe(true);
          return;
        }
        const v = String(r.value);
        if (field === "usernames" || field === "groups") for (const l of v.split("\n")) expect(l).toMatch(/^[A-Za-z][A-Za-z0-9_]{3,31}$/);
        if (field === "username" || field === "sub_username") expect(v).toMatch(/^[A-Za-z][A-Za-z0-9_]{3,31}$/);
        if (field === "hashtag") expect(v).toMatch(/^#[\p{L}\p{N}_]{1,100}$/u);
        if (field === "comments") for (const l of v.split("\n")) expect(l.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
    // An emoji on the 40th character of a bad line is not cut in half in the refusal.
    const r = parseField("usernames", `${"a".repeat(39)}😀x`, svc, {}, NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && String(r.vars?.line)).toBe(`${"a".repeat(39)}😀`);
  });
});

// ---------------------------------------------------------------------------------------------------
// Through the real bot

const TOKEN = "7012345678:AAE-s3cr3tT0KENpart_xyz987";
const KEY = "pk_live_S3CRET-hostile-key-55aa";

const extraServices = [
  { service: 21, name: "Mention followers", type: "Mentions User Followers", category: "Telegram Extras", rate: "50", min: 10, max: 1000 },
  { service: 23, name: "Hashtag mentions", type: "Mentions Hashtag", category: "Telegram Extras", rate: "30", min: 10, max: 1000 },
];

let shop: TestShop;
const consoleOutput: string[] = [];

beforeAll(async () => {
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
  }
  const tg = await FakeTelegram.start({ token: TOKEN });
  const panel = await PanelSimulator.start({ key: KEY, services: [...defaultSimServices, ...extraServices] as never });
  shop = await TestShop.start({ tg, panel, env: { PANEL_TIMEOUT_SECONDS: "1" } });
  await shop.say(ADMIN, "/start", /Welcome/);
});

afterAll(async () => {
  await shop.stop();
  vi.restoreAllMocks();
});

function snapshot() {
  const c = shop.db.$client;
  const all = (sql: string) => JSON.stringify(c.prepare(sql).all());
  return {
    users: all("select id, balance_minor, banned, blocked_bot from users order by id"),
    orders: all("select * from orders order by id"),
    ledger: all("select * from ledger order by id"),
    refills: all("select * from refills order by id"),
    audit: all("select * from audit_log order by id"),
    panel: shop.panel.requests.filter((r) => r.action !== "status" && r.action !== "balance" && r.action !== "services").length,
  };
}

const GENERIC_ERROR = /Something went wrong/;

describe("hostile answers through the bot: a clear refusal, no charge, no upstream call, no crash", () => {
  let buyer: FakeUser;
  beforeAll(async () => {
    // A first name with HTML in it, and no username: the admin sees the name.
    buyer = newUser({ first_name: "<b>Evil & Co</b>", username: undefined });
    await shop.credit(buyer, "1000");
  });

  async function expectRefusals(inputs: string[], refusal: RegExp) {
    for (const text of inputs) {
      const before = snapshot();
      const reply = await shop.say(buyer, text, /./);
      expect(reply!.text, `answer to ${JSON.stringify(text.slice(0, 60))}`).toMatch(refusal);
      expect(reply!.text).not.toMatch(GENERIC_ERROR);
      expect(snapshot()).toEqual(before);
    }
  }

  it("links", async () => {
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Members", /Choose a service/);
    await shop.click(buyer, /7-day join/, /Send the link/);
    await expectRefusals(
      [
        "https://t.me@evil.example/x",
        "https://t.mе/durov", // Cyrillic е
        "https://evil.example/t.me/x",
        "t.me.evil.example/abc",
        "javascript:alert(1)",
        '<a href="https://evil.example">t.me/x</a>',
        "[t.me/x](https://evil.example)",
        "*t.me/bold*",
        "https://t.me/ab",
        "https://t.me:8443/durov",
        `t.me/${"a".repeat(4000)}`,
        "x".repeat(4096),
      ],
      /not a Telegram link/,
    );
    await shop.say(buyer, "https://t.me/good_channel", /How many/);
  });

  it("quantities", async () => {
    await expectRefusals(["1e3", "0x10", "-50", "+50", "9007199254740993", "１００", "١٠٠", "१००", "100.5", "1,000", "<b>100</b>", "*100*", "~100~", "NaN", "Infinity", "ten"], /whole number/);
    await expectRefusals(["5", "0"], /below the minimum/);
    await expectRefusals(["100001", "99999999999999"], /above the maximum/);
    await shop.say(buyer, "100", /Your order/);
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("answer numbers", async () => {
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Votes", /Choose a service/);
    await shop.click(buyer, /Poll Votes/, /Send the link/);
    await shop.say(buyer, "t.me/poll_chan/5", /How many/);
    await shop.say(buyer, "100", /Which answer/);
    await expectRefusals(["1e1", "²", "٣", "-1", "0x1", "<i>1</i>", "9007199254740993"], /answer number as a whole number/);
    await expectRefusals(["0"], /below the minimum/);
    await expectRefusals(["101", "999999999999999"], /above the maximum/);
    await shop.say(buyer, "2", /Your order/);
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("comments with HTML and Markdown are taken as plain text and shown escaped", async () => {
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Comments", /Choose a service/);
    await shop.click(buyer, /Custom Comments/, /Send the link/);
    await shop.say(buyer, "t.me/comm_chan/9", /comments, one per line/);
    await expectRefusals([`${"x".repeat(1001)}\nb\nc\nd\ne`], /lines is too long/);
    await expectRefusals(["<b>only</b>\n*two*"], /You sent 2 lines/);
    const comments = ["<script>alert(1)</script>", "*bold* _it_ `code` [x](https://evil.example)", "&amp; &lt; </b></i>", "💥 ١٢٣", "~~strike~~ ||spoiler||"].join("\n");
    const summary = await shop.say(buyer, comments, /Your order/);
    expect(summary!.text).toContain("<script>alert(1)</script>");
    expect(summary!.text).toContain("&amp; &lt; </b></i>");
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("usernames: a bad line is quoted back as text, even when it holds HTML", async () => {
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Reactions", /Choose a service/);
    await shop.click(buyer, /custom list/, /Send the link/);
    await shop.say(buyer, "t.me/ment_chan/1", /usernames, one per line/);
    const good = Array.from({ length: 9 }, (_, i) => `@user_name${i}`).join("\n");
    await expectRefusals([`${good}\n<b>evil</b>`, `${good}\n<script>x`, `${good}\n@a&b`, `${good}\n${"a".repeat(39)}😀😀`, `${good}\n@١٢٣٤٥`], /is not a username/);
    const reply = shop.tg.calls.filter((c) => c.method === "sendMessage" && /is not a username/.test(String(c.params.text)));
    expect(reply.map((c) => c.error?.error_code ?? 200).every((c) => c === 200)).toBe(true);
    expect(shop.tg.messages(buyer.id).some((m) => m.text.includes('"<b>evil</b>" is not a username'))).toBe(true);
    await shop.say(buyer, "/cancel", /Cancelled/);
  });

  it("a single username and a hashtag", async () => {
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Extras", /Choose a service/);
    await shop.click(buyer, /Mention followers/, /Send the link/);
    await shop.say(buyer, "t.me/x_chan/3", /How many/);
    await shop.say(buyer, "50", /one username/);
    await expectRefusals(["@<b>x</b>", "@ab", `@${"a".repeat(40)}`, "https://t.me@evil.example/x", "@ｄurov", "@_durov", "@1durov"], /not a username/);
    await shop.say(buyer, "/cancel", /Cancelled/);
    await shop.say(buyer, "/order", /Choose a category/);
    await shop.click(buyer, "Telegram Extras", /Choose a service/);
    await shop.click(buyer, /Hashtag mentions/, /Send the link/);
    await shop.say(buyer, "t.me/h_chan/3", /How many/);
    await shop.say(buyer, "20", /hashtag/);
    await expectRefusals(["#<b>x</b>", "#no spaces", "#a*b", `#${"a".repeat(101)}`, "##"], /not a hashtag/);
    await shop.say(buyer, "/cancel", /Cancelled/);
    expect(shop.orderRows(buyer.id)).toHaveLength(0);
    expect(shop.balanceOf(buyer.id)).toBe(100_000);
  });
});

describe("forged and stale callback data: refused without side effects", () => {
  let owner: FakeUser;
  let thief: FakeUser;
  let order: Record<string, unknown>;

  beforeAll(async () => {
    owner = newUser();
    thief = newUser();
    await shop.credit(owner, "1000");
    await shop.say(thief, "/start", /Welcome/);
    await shop.orderUpToSummary(owner, { category: "Telegram Members", service: /7-day join/, link: "t.me/owner_chan", quantity: 1000 });
    await shop.click(owner, /Confirm/, /is placed/);
    order = shop.orderRows(owner.id).at(-1)!;
  });

  /** Presses each `data` on the thief's last message; returns the callback answers' texts. */
  async function press(user: FakeUser, datas: string[]): Promise<Array<string | undefined>> {
    const msg = shop.tg.lastMessage(user.id)!;
    const ids = datas.map((d) => shop.tg.pressButton(user, msg.message_id, d).callback_query!.id);
    await shop.tg.settle(60);
    return ids.map((id) => shop.tg.callbackAnswers.find((a) => a.callback_query_id === id)?.text);
  }

  it("another buyer's order id on every card button", async () => {
    const before = snapshot();
    const answers = await press(thief, ["oc:", "or:", "ox:", "of:", "oa:"].map((p) => `${p}${order.id}`));
    expect(answers).toEqual(Array(5).fill("Order not found."));
    expect(snapshot()).toEqual(before);
    expect(shop.tg.messages(thief.id).map((m) => m.text).join("\n")).not.toContain("owner_chan");
  });

  it("admin buttons pressed by a buyer", async () => {
    const before = snapshot();
    const datas = [`adm:o:fy:${order.id}`, `adm:o:f:${order.id}`, `adm:o:c:${order.id}`, `adm:o:r:${order.id}`, `adm:o:v:${order.id}`, `adm:u:ban:${owner.id}`, `adm:u:unban:${thief.id}`, "adm:menu:stats", "adm:ol:all:0", "adm:in:x", "adm:au:0"];
    const answers = await press(thief, datas);
    expect(answers).toEqual(Array(datas.length).fill(expect.stringMatching(/old message/)));
    expect(snapshot()).toEqual(before);
    expect(shop.tg.messages(thief.id).map((m) => m.text).join("\n")).not.toMatch(/owner_chan|Order #\d+ ·|Admin/);
  });

  it("malformed payloads and random bytes", async () => {
    const before = snapshot();
    const random = fc.sample(
      fc.string({ unit: "binary", maxLength: 64 }).filter((s) => Buffer.byteLength(s, "utf8") <= 64),
      { numRuns: 40, seed: 42 },
    );
    const datas = [
      "oc:",
      "oc:abc",
      "oc:99999999999999999999",
      "oc:-1",
      "oc:1e3",
      "oc:0x10",
      "oc: 1",
      `oc:${order.id}\n`,
      "ox:",
      "of:٣",
      "ol:-1",
      "ol:99999999",
      "o:c:x",
      "o:s:",
      "o:ok",
      "o:cp:-5",
      "adm:",
      "",
      "💥".repeat(16),
      ...random,
    ];
    const answers = await press(thief, datas);
    expect(answers.every((a) => a !== undefined)).toBe(true);
    expect(shop.tg.unansweredCallbackQueries()).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(shop.logLines.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  });

  it("Confirm on an older summary (before Back) does not place the order shown on the newer one", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const first = await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/stale_chan", quantity: 100 });
    expect(first!.text).toContain("Total: UZS 7.50");
    await shop.click(buyer, /Back/, /How many/);
    const second = await shop.say(buyer, "1000", /Your order/);
    expect(second!.text).toContain("Total: UZS 75");
    const before = snapshot();
    const q = shop.tg.pressButton(buyer, first!.message_id, "o:ok").callback_query!.id;
    await shop.tg.settle(60);
    expect(shop.tg.callbackAnswers.find((a) => a.callback_query_id === q)?.text).toMatch(/old message/);
    expect(snapshot()).toEqual(before);
    // The current summary still works.
    const placed = await shop.click(buyer, /Confirm/, /is placed/);
    expect(placed!.text).toContain("Charged: UZS 75");
    expect(shop.orderRows(buyer.id)).toHaveLength(1);
  });

  it("Confirm on the summary of a cancelled order does not place the current one", async () => {
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    const old = await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/old_chan", quantity: 100 });
    await shop.say(buyer, "/cancel", /Cancelled/);
    // Without a conversation: a stale button.
    let q = shop.tg.pressButton(buyer, old!.message_id, "o:ok").callback_query!.id;
    await shop.tg.settle(60);
    expect(shop.tg.callbackAnswers.find((a) => a.callback_query_id === q)?.text).toMatch(/old message/);
    // In a new order, at its own summary: still refused.
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/new_chan", quantity: 5000 });
    const before = snapshot();
    q = shop.tg.pressButton(buyer, old!.message_id, "o:ok").callback_query!.id;
    await shop.tg.settle(60);
    expect(shop.tg.callbackAnswers.find((a) => a.callback_query_id === q)?.text).toMatch(/old message/);
    expect(snapshot()).toEqual(before);
    expect(shop.orderRows(buyer.id)).toHaveLength(0);
  });
});

describe("secrets", () => {
  it("the bot token and the panel key appear in no log line, chat message, console output or error", async () => {
    // Provoke the paths that write errors: panel refusals that echo the key, transport faults,
    // Telegram errors, an update that fails.
    const buyer = newUser();
    await shop.credit(buyer, "1000");
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/secret_chan", quantity: 100 });
    shop.panel.fault("add", { error: `Invalid API key ${KEY}` });
    await shop.click(buyer, /Confirm/, /could not take this order/);
    await shop.orderUpToSummary(buyer, { category: "Telegram Members", service: /7-day join/, link: "t.me/secret_chan", quantity: 100 });
    shop.panel.fault("add", { raw: `<html>key=${KEY}</html>`, status: 500, contentType: "text/html" });
    await shop.click(buyer, /Confirm/, /being checked/);
    shop.panel.fault("status", { error: `bad key ${KEY}` }, 3);
    await shop.poll();
    shop.panel.fault("status", "drop", 3);
    await shop.poll();
    shop.tg.failNext("sendMessage", { error_code: 400, description: `Bad Request: chat not found` });
    await shop.say(buyer, "/balance");
    shop.tg.failNext("sendMessage", { error_code: 400, description: "Bad Request: can't parse entities" }, 2);
    await shop.say(buyer, "/help");
    await shop.say(ADMIN, "/unknown", /unknown outcome/);
    await shop.app.notices.runOnce();

    const secretPart = TOKEN.split(":")[1]!;
    const failures = shop.db.$client.prepare("select failure_code, upstream_status from orders").all();
    const everything = [shop.allOutput(), consoleOutput.join("\n"), JSON.stringify(failures), JSON.stringify(shop.panel.requests), JSON.stringify(shop.tg.internalErrors)].join("\n");
    expect(everything.length).toBeGreaterThan(10_000);
    expect(shop.logLines.some((l) => /update failed/.test(l))).toBe(true); // the error path did run
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(secretPart);
  });
});
