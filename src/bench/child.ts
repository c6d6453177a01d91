// Parent side of src/bench/worker.ts: spawns it under tsx (as `npm start` runs the bot) and talks over IPC.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WorkerReady, WorkerReply, WorkerRequest } from "./worker.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

/** BENCH_* diagnostics given to `npm run bench` reach the worker too. */
const passThrough = () => Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith("BENCH_") && e[1] !== undefined));

export class BenchChild {
  /** Wall time from spawn to "ready" (process start, module loading, createApp, start). */
  readonly spawnToReadyMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    private readonly proc: ChildProcess,
    readonly ready: WorkerReady,
    spawnToReadyMs: number,
  ) {
    this.spawnToReadyMs = spawnToReadyMs;
    proc.on("message", (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    proc.on("exit", () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error("bench worker exited"));
      this.pending.clear();
    });
  }

  /** Starts the worker with this environment (plus BENCH_TASK) and waits until it says it is ready. */
  static async start(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<BenchChild> {
    const t0 = performance.now();
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the bot process, to see where its time goes.
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const extra = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
    const proc = spawn(process.execPath, [...prof, ...extra, "--import", import.meta.resolve("tsx"), WORKER], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...passThrough(), ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<WorkerReady>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill("SIGKILL");
        reject(new Error("bench worker did not get ready in time"));
      }, opts.timeoutMs ?? 60_000);
      proc.on("message", (m: { type?: string }) => {
        if (m.type !== "ready") return;
        clearTimeout(timer);
        resolve(m as WorkerReady);
      });
      proc.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`bench worker exited with code ${code} before it was ready`));
      });
    });
    return new BenchChild(proc, ready, performance.now() - t0);
  }

  call<T>(cmd: WorkerRequest["cmd"]): Promise<T> {
    if (this.exited) return Promise.reject(new Error("bench worker exited"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, cmd } satisfies WorkerRequest);
    });
  }

  /** Stops the app inside and waits for the process to end (killed after `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    this.call("stop").catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    await gone;
    clearTimeout(timer);
  }
}
