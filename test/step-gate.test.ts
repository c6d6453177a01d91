// The order-step gate (src/bot/step-gate.ts): a few steps at a time, first come first served, and
// a step waiting on the panel holds no slot.
import { describe, expect, it } from "vitest";
import { StepGate } from "../src/bot/step-gate.js";

const tick = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("StepGate", () => {
  it("runs at most `slots` steps at once and lets the rest in by arrival order", async () => {
    const gate = new StepGate(2);
    const started: number[] = [];
    const done = Array.from({ length: 5 }, () => deferred());
    const runs = done.map((d, i) =>
      gate.run(async () => {
        started.push(i);
        await d.promise;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.waiting).toBe(3);
    done[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    done[0]!.resolve();
    done[2]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    done[3]!.resolve();
    done[4]!.resolve();
    await Promise.all(runs);
    expect(gate.waiting).toBe(0);
  });

  it("a step waiting on the panel gives its slot to the next one, and queues to finish", async () => {
    const gate = new StepGate(1);
    const panel = deferred();
    const log: string[] = [];
    const slow = gate.run(async (slot) => {
      log.push("slow: confirm");
      await slot.whileWaiting(() => panel.promise);
      log.push("slow: placed");
    });
    const quick = deferred();
    const other = gate.run(async () => {
      log.push("other: step");
      await quick.promise;
      log.push("other: done");
    });
    await tick();
    // The slow step is out waiting on the panel: the other one got the only slot.
    expect(log).toEqual(["slow: confirm", "other: step"]);
    panel.resolve();
    await tick();
    // The panel answered, but the slot is taken: the slow step waits for it.
    expect(log).toEqual(["slow: confirm", "other: step"]);
    quick.resolve();
    await Promise.all([slow, other]);
    expect(log).toEqual(["slow: confirm", "other: step", "other: done", "slow: placed"]);
  });

  it("a step that throws gives its slot back", async () => {
    const gate = new StepGate(1);
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => "next")).resolves.toBe("next");
    await expect(
      gate.run((slot) => slot.whileWaiting(async () => Promise.reject(new Error("panel down")))),
    ).rejects.toThrow("panel down");
    await expect(gate.run(async () => "still open")).resolves.toBe("still open");
    expect(() => new StepGate(0)).toThrow();
  });
});
