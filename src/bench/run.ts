// `npm run bench`: the performance figures of issue 7, measured on this machine against the in-repo
// fake Telegram and panel simulator over 127.0.0.1. Prints one line per figure (PASS / MISS against its
// target) and writes the same figures to bench-results.json. Timed figures live here, never in npm test.
//
//   npm run bench                    all figures (about 90 seconds on 2 cores)
//   npm run bench -- orders polling  only some (orders, polling, notices, footprint)
//
// Layout: this process holds the fake Telegram, the panel simulator and the simulated buyers; the bot
// runs in a child process (src/bench/worker.ts, node + tsx as `npm start`), so what is measured of the
// bot is its own. Data is seeded straight into a temp dir, removed at the end.
//
// Diagnostics (not needed for the figures): BENCH_SECONDS and BENCH_BUYERS (figure 1's length and
// conversations at a time), BENCH_NO_BASELINE=1 (skip the unpaced comparison run), BENCH_KEEP=1 (keep
// the temp dirs and the bot's log), BENCH_DEBUG=1 (stack of a failed scenario), BENCH_CPU_PROF=<dir>
// (V8 CPU profile of the bot process), BENCH_ALLOC_PROF=<file> (what the bot process allocates, garbage
// included), BENCH_NODE_FLAGS="--flag ..." (extra node flags for the bot
// process, e.g. GC settings), BENCH_SYNCHRONOUS=NORMAL (the bot's database without an fsync
// per commit, to see what share of a figure the fsyncs are; the shop itself always runs FULL).
import { resolve } from "node:path";
import { runFootprintFigures } from "./footprint.js";
import { runNoticeFigures } from "./notices.js";
import { runOrderFigures } from "./orders.js";
import { runPollingFigures } from "./polling.js";
import { Report, formatFixed } from "./report.js";

const SCENARIOS: Record<string, (r: Report) => Promise<void>> = {
  orders: (r) => runOrderFigures(r),
  polling: (r) => runPollingFigures(r),
  notices: (r) => runNoticeFigures(r),
  footprint: (r) => runFootprintFigures(r),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((w) => !(w in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(", ")}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : Object.keys(SCENARIOS);
const report = new Report();
const out = resolve(process.cwd(), "bench-results.json");
const t0 = performance.now();

console.log(`bench: ${names.join(", ")} (node ${process.version}, ${process.platform})`);
for (const name of names) {
  const s0 = performance.now();
  console.log(`\n== ${name}`);
  try {
    await SCENARIOS[name]!(report);
  } catch (err) {
    report.failed(`${name}.error`, `${name}: scenario failed`, "", "no error", err);
  }
  console.log(`   (${name}: ${formatFixed((performance.now() - s0) / 1000, 1)} s)`);
}
report.write(out);
const missed = report.figures.filter((f) => !f.pass).length;
const passed = report.figures.filter((f) => f.pass && !f.info).length;
console.log(`\n${passed} passed, ${missed} missed, ${formatFixed((performance.now() - t0) / 1000, 1)} s in all; figures written to ${out}`);
// Exit 0 either way: a miss is a measured result, printed above, not a crash.
process.exit(0);
