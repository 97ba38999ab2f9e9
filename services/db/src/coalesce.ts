// Write coalescing for the hottest insert. Every statement costs the database
// a wake-up and a commit; on a busy server that is most of a single-row
// insert's cost (bench/README.md). While `maxInFlight` statements are running,
// calls that arrive wait and go together in the next statement, as one batch;
// when the database keeps up, each call runs on its own straight away, so a
// quiet server adds no latency.

export interface CoalescerOptions<I, O> {
  /** Runs one call on its own. */
  one: (item: I) => Promise<O>;
  /** Runs several calls in one statement; answers in the items' order. */
  many: (items: I[]) => Promise<O[]>;
  /** Statements running at once before calls start to wait and gather. */
  maxInFlight: number;
  /** Most calls in one batch. */
  maxBatch: number;
  /**
   * A call waits at most this long for a running statement to finish; then it
   * goes anyway. A statement stuck on a lock (another transaction holding a
   * rollup row) must not hold up every other member's logs.
   */
  maxWaitMs: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface Coalescer<I, O> {
  submit(item: I): Promise<O>;
  /** What the coalescer has done so far, for metrics, tests and benches. */
  readonly stats: CoalescerStats;
}

export interface CoalescerStats {
  /** Statements that carried one call (a refused batch's calls, run again, included). */
  single: number;
  /** Statements that carried several calls, and the calls they carried. */
  batches: number;
  batched: number;
  /** Calls that waited `maxWaitMs` and then went on their own (also in `single`). */
  overdue: number;
  /** Batches refused as a whole, whose calls then went again one by one. */
  refusedBatches: number;
}

export function createCoalescer<I, O>(options: CoalescerOptions<I, O>): Coalescer<I, O> {
  const queue: Waiting<I, O>[] = [];
  const stats: CoalescerStats = {
    single: 0,
    batches: 0,
    batched: 0,
    overdue: 0,
    refusedBatches: 0,
  };
  let inFlight = 0;

  const settleOne = (w: Waiting<I, O>) => {
    stats.single += 1;
    return options.one(w.item).then(w.resolve, w.reject);
  };

  async function run(batch: Waiting<I, O>[]) {
    if (batch.length === 1) return settleOne(batch[0]!);
    stats.batches += 1;
    stats.batched += batch.length;
    let answers: O[];
    try {
      answers = await options.many(batch.map((w) => w.item));
    } catch {
      // The statement stored nothing. One bad call must not fail the others:
      // each goes again on its own, and only a bad one fails.
      stats.refusedBatches += 1;
      await Promise.all(batch.map(settleOne));
      return;
    }
    batch.forEach((w, i) => w.resolve(answers[i]!));
  }

  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  const start = (batch: Waiting<I, O>[]) => {
    inFlight += 1;
    void run(batch).finally(() => {
      inFlight -= 1;
      pump();
    });
  };
  function pump() {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      start(queue.splice(0, options.maxBatch));
    }
    if (queue.length > 0 && waitTimer === undefined) {
      waitTimer = setTimeout(overdue, options.maxWaitMs);
      waitTimer.unref?.();
    }
  }
  // Whatever still waits goes now, each call on its own: batched together, a
  // call stuck on a lock would hold up the others in its statement.
  function overdue() {
    waitTimer = undefined;
    for (const w of queue.splice(0)) {
      stats.overdue += 1;
      start([w]);
    }
  }

  return {
    stats,
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
