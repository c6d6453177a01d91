/**
 * Admission for order-conversation steps: at most `slots` run at once, the others wait their turn,
 * first come first served. Updates that are not order steps (/balance, /orders, admin commands) never
 * wait here.
 *
 * Why: Node runs one update's code at a time, in the order its I/O completes. When 200 buyers press
 * Confirm in the same instant, each confirmation is a few hundred microseconds of work in several
 * pieces (replay, answers to Telegram, the debit, the panel call); with all 200 under way, every other
 * buyer's next piece of work queues behind theirs, and a /balance took a few hundred milliseconds.
 * With a handful under way, it waits behind a handful. The burst itself is not slower: it is bound
 * by CPU either way.
 *
 * A step gives its slot back while it waits for the panel (`whileWaiting`), so a slow panel never
 * holds the gate shut; it queues for a slot again to finish.
 */
export class StepGate {
  private free: number;
  private readonly queue: Array<() => void> = [];

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error("a gate needs at least one slot");
    this.free = slots;
  }

  /** Steps waiting for a slot now (the tests check the queue by it). */
  get waiting(): number {
    return this.queue.length;
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next(); // the slot passes straight to the next in line
    else this.free++;
  }

  /** Runs `fn` (a wait on the outside world) without holding a slot, and takes one again after. */
  async whileWaiting<T>(fn: () => Promise<T>): Promise<T> {
    this.release();
    try {
      return await fn();
    } finally {
      await this.acquire();
    }
  }

  /** Runs `step` in a slot. */
  async run<T>(step: (slot: Pick<StepGate, "whileWaiting">) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await step(this);
    } finally {
      this.release();
    }
  }
}
