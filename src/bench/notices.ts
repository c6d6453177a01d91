// Figure 4: reaching buyers. 10,000 notices queued in the outbox go out through the fake Bot API, which
// enforces a global rate limit (429 with retry_after past it). The dispatcher runs in a child process
// with the real deliverer and the bot API as the app configures it (auto-retry).
//
// Telegram's real limit is about 30 messages a second: 10,000 would take 333 s, more than this whole
// benchmark may. The fake is set to 1,000 a second instead (10 s for 10,000); the dispatcher is paced to
// the same figure. The physical bound is N / limit either way.
import type { FakeTelegram } from "../simulators/telegram.js";
import { BenchChild } from "./child.js";
import { botEnv, startPeers, type Peers } from "./env.js";
import { formatFixed, type Report } from "./report.js";
import { openSeededDb, seedUsers, USER_BASE } from "./seed.js";

export interface NoticeOptions {
  notices: number;
  /** Global limit of the fake Bot API, messages per second (the dispatcher is paced to it). */
  limitPerSecond: number;
  /** Also measure an unpaced dispatcher against the same limit, for comparison. */
  unpacedBaseline: boolean;
}

export const NOTICE_DEFAULTS: NoticeOptions = { notices: 10_000, limitPerSecond: 1_000, unpacedBaseline: !process.env.BENCH_NO_BASELINE };

interface RunResult {
  seconds: number;
  sent: number;
  left: number;
  once: number;
  duplicates: number;
  missing: number;
  tooMany: number;
}

async function sendAll(o: NoticeOptions, rate: number): Promise<RunResult> {
  let peers: Peers | undefined;
  let child: BenchChild | undefined;
  try {
    peers = await startPeers({ tg: { globalRateLimitPerSecond: o.limitPerSecond, recordCalls: true } });
    const db = await openSeededDb(peers.dbPath, peers.panel);
    seedUsers(db, o.notices, 100_000);
    const now = Date.now();
    const insert = db.$client.prepare("INSERT INTO notifications (chat_id, kind, payload, created_at) VALUES (?, 'credited', ?, ?)");
    db.$client.transaction(() => {
      for (let i = 0; i < o.notices; i++) insert.run(USER_BASE + i, JSON.stringify({ kind: "credited", amountMinor: 100_000, balanceMinor: 100_000 }), now);
    })();
    db.$client.close();
    child = await BenchChild.start(botEnv(peers, { BENCH_TASK: "notices", BENCH_NOTICE_RATE: String(rate) }));
    const r = await child.call<{ sent: number; ms: number; left: number }>("notices");
    return { seconds: r.ms / 1000, sent: r.sent, left: r.left, ...count(peers.tg, o.notices) };
  } finally {
    await child?.stop();
    await peers?.close();
  }
}

/** Messages per buyer chat as Telegram holds them, and how many 429s it answered. */
function count(tg: FakeTelegram, n: number) {
  let once = 0;
  let duplicates = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const got = tg.messages(USER_BASE + i).length;
    if (got === 1) once++;
    else if (got === 0) missing++;
    else duplicates += got - 1;
  }
  const tooMany = tg.calls.filter((c) => c.error?.error_code === 429).length;
  return { once, duplicates, missing, tooMany };
}

export async function runNoticeFigures(report: Report, o: NoticeOptions = NOTICE_DEFAULTS): Promise<void> {
  const bound = o.notices / o.limitPerSecond;
  const paced = await sendAll(o, o.limitPerSecond);
  report.add({
    id: "notices.exactly_once",
    name: `4. notices delivered exactly once (of ${o.notices.toLocaleString("en")})`,
    value: paced.once,
    unit: "chats",
    target: `=${o.notices}`,
    check: (v) => v === o.notices && paced.duplicates === 0 && paced.missing === 0 && paced.left === 0,
    note: `${paced.duplicates} duplicates, ${paced.missing} missing, ${paced.left} left unsent in the outbox; ${paced.tooMany} answers were 429`,
  });
  const off = (paced.seconds / bound - 1) * 100;
  report.add({
    id: "notices.seconds",
    name: `4. time for ${o.notices.toLocaleString("en")} notices at ${o.limitPerSecond}/s limit`,
    value: paced.seconds,
    unit: "s",
    target: `${formatFixed(bound * 0.85, 1)}..${formatFixed(bound * 1.15, 1)}`,
    check: (v) => Math.abs(v / bound - 1) <= 0.15,
    note: `N/limit = ${formatFixed(bound, 1)} s, measured ${off >= 0 ? "+" : ""}${formatFixed(off, 1)}%; dispatcher paced to ${o.limitPerSecond}/s (Telegram's real ~30/s would make it ${formatFixed(o.notices / 30, 0)} s)`,
  });
  if (o.unpacedBaseline) {
    const raw = await sendAll(o, 0);
    report.info({
      id: "notices.unpaced_seconds",
      name: "4. (comparison) same, dispatcher not paced",
      value: raw.seconds,
      unit: "s",
      note: `${formatFixed((raw.seconds / bound - 1) * 100, 1)}% over N/limit; ${raw.tooMany} answers were 429; ${raw.once} delivered once, ${raw.duplicates} duplicates, ${raw.missing} missing`,
    });
  }
}
