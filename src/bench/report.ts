// Figures of the benchmark: printed one per line as they are measured, and written to bench-results.json.
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export interface Figure {
  /** Stable id, e.g. "orders.throughput". */
  id: string;
  name: string;
  value: number;
  unit: string;
  /** The target as text, e.g. ">= 200". */
  target: string;
  pass: boolean;
  /** A figure printed for context, without a target of its own (not counted as passed or missed). */
  info?: boolean;
  /** How it was measured, or what limited it. */
  note?: string;
}

export class Report {
  readonly figures: Figure[] = [];
  private readonly startedAt = Date.now();

  /** Records and prints one figure; `check` says whether `value` meets the target. */
  add(f: Omit<Figure, "pass"> & { check: (v: number) => boolean }): Figure {
    const { check, ...rest } = f;
    const figure: Figure = { ...rest, value: round(rest.value), pass: Number.isFinite(rest.value) && check(rest.value) };
    this.figures.push(figure);
    console.log(formatFigure(figure));
    return figure;
  }

  /** A figure for context (a median beside its p99, a comparison run): printed as INFO. */
  info(f: Omit<Figure, "pass" | "info" | "target">): Figure {
    const figure: Figure = { ...f, value: round(f.value), target: "-", pass: true, info: true };
    this.figures.push(figure);
    console.log(formatFigure(figure));
    return figure;
  }

  /** A figure that could not be measured (the scenario failed): printed as a miss, never hidden. */
  failed(id: string, name: string, unit: string, target: string, err: unknown): Figure {
    const figure: Figure = { id, name, value: Number.NaN, unit, target, pass: false, note: `not measured: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300) };
    this.figures.push(figure);
    console.log(formatFigure(figure));
    if (process.env.BENCH_DEBUG) console.error(err);
    return figure;
  }

  write(path: string): void {
    const out = {
      startedAt: new Date(this.startedAt).toISOString(),
      durationSeconds: round((Date.now() - this.startedAt) / 1000),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version, platform: process.platform },
      passed: this.figures.filter((f) => f.pass && !f.info).length,
      missed: this.figures.filter((f) => !f.pass).length,
      figures: this.figures.map((f) => ({ ...f, value: Number.isFinite(f.value) ? f.value : null })),
    };
    writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  }
}

export function formatFigure(f: Figure): string {
  const value = Number.isFinite(f.value) ? String(f.value) : "n/a";
  const status = f.info ? "INFO" : f.pass ? "PASS" : "MISS";
  const target = f.info ? "" : `target ${f.target} ${f.unit}`;
  const line = `${status}  ${f.name.padEnd(52)} ${`${value} ${f.unit}`.padEnd(18)} ${target}`.trimEnd();
  return f.note ? `${line}\n      ${f.note}` : line;
}

function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return Number(formatFixed(v, digits));
}

/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Display of a measured figure with `digits` decimals (timings and ratios; never money). */
export const formatFixed = (v: number, digits: number): string => v.toFixed(digits);
