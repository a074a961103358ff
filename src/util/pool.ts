/**
 * Runs `fn` over `items` with at most `limit` at once, keeping input order in the results.
 * `fn` should not throw: stages return failures as data. A throw is still caught per item so one
 * item never takes the others down; it is rethrown after all have settled.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  const width = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}

/**
 * Runs each item through `prepare`, then `run`, keeping input order in the results. At most
 * `limit` items are in `run` at once, and at most `limit` more are in `prepare` or done with it
 * and waiting for a `run` slot: the first step of the next items overlaps the waits in the
 * second step of earlier ones. Meant for a first step that changes nothing (deploy: connecting
 * to a host), so `limit` still bounds what is changed at once. `run` must close whatever
 * `prepare` opened; neither should throw (a throw is rethrown once all items settled, as in
 * mapLimit).
 */
export async function mapAhead<T, P, R>(
  items: readonly T[],
  limit: number,
  prepare: (item: T, index: number) => Promise<P>,
  run: (prepared: P, item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const width = Math.max(1, limit);
  const ahead = semaphore(width);
  const running = semaphore(width);
  return mapLimit(items, 2 * width, async (item, index) => {
    await ahead.acquire();
    let prepared: P;
    try {
      prepared = await prepare(item, index);
    } catch (error) {
      ahead.release();
      throw error;
    }
    // A prepared item keeps its ahead slot until it has a run slot, so at most `limit` wait.
    await running.acquire();
    ahead.release();
    try {
      return await run(prepared, item, index);
    } finally {
      running.release();
    }
  });
}

/** A counting semaphore; waiters are served first come, first served. */
function semaphore(size: number): { acquire(): Promise<void>; release(): void } {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    acquire: () => {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
