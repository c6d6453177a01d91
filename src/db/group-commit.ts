import { tx, type Db } from "./client.js";
import { prepared } from "./prepared.js";

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * At most this many transactions per commit: a batch runs on the event loop's thread from start to
 * fsync, so a cap keeps one batch from holding everyone else up for long (200 debits at once took
 * about 45 ms in one batch); the rest go in the next turn.
 */
const MAX_BATCH = 50;

/**
 * Group commit for the money connection. Each commit there waits for an fsync, and better-sqlite3
 * waits on the event loop's thread, so 200 buyers confirming at once meant 200 fsyncs back to back
 * while every other buyer waited. Transactions asked for in the same turn of the event loop now
 * commit together, with one fsync.
 *
 * Each still runs on its own: in its own savepoint, in the order asked, seeing the ones before it as
 * separate transactions would; one that throws undoes only its own writes and gets its own error.
 * No caller hears of a result before the shared commit is on disk; if that commit fails, every
 * caller in the batch gets the error and none of their writes happened.
 */
export class GroupCommit {
  private queue: Array<{ fn: (t: Db) => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  /** Batches committed and the transactions in them (the tests check the batching by these). */
  readonly stats = { batches: 0, transactions: 0 };

  constructor(private readonly db: Db) {}

  run<T>(fn: (t: Db) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this turn: everything they asked for goes in one batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const outcomes: Array<Outcome<unknown>> = [];
    try {
      tx(this.db, (t) => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: tx(t, item.fn) }); // nested: a savepoint
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.transactions += batch.length;
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }
}

/** The group commit of this database connection (one per connection). */
export const groupCommit = prepared((db) => new GroupCommit(db));
