/**
 * Caps how many tasks run at once; the rest wait in FIFO order. Used so a burst of webhook events
 * (campaigns, broadcasts) does not start thousands of database or API calls at the same moment.
 */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  if (limit === Infinity) {
    return { run: (task) => task() };
  }
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError('concurrency must be a positive integer or Infinity');
  }
  let active = 0;
  const waiting: Array<() => void> = [];

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < limit) active++;
      // The slot is handed over directly by `release`, so `active` stays unchanged for waiters.
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
