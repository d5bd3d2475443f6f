/**
 * Remembers webhook event ids so that an event delivered twice (network retries, redelivery) is
 * processed once.
 *
 * The single method is an atomic "set if absent with expiry", which maps onto one Redis command:
 *
 * ```ts
 * const redisStore: DedupeStore = {
 *   markIfNew: async (id, ttlMs) => (await redis.set(`line:event:${id}`, '1', { NX: true, PX: ttlMs })) === 'OK',
 * };
 * ```
 */
export interface DedupeStore {
  /**
   * Records `id` for `ttlMs` milliseconds. Returns `true` when the id was not recorded yet (process
   * the event), `false` when it was (drop it).
   */
  markIfNew(id: string, ttlMs: number): boolean | Promise<boolean>;
}

export interface MemoryDedupeStoreOptions {
  /** Upper bound on remembered ids; the oldest are forgotten first. Default 10 000. */
  maxEntries?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** Default time an event id is remembered: 24 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * In-process store with expiry and a size bound, so hostile or heavy traffic cannot grow memory
 * without limit. It uses no timers (expired ids are swept on insert), so it never keeps a process
 * alive. Use a shared store (Redis, a database) when several instances receive the same channel's
 * webhooks.
 */
export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): DedupeStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError('maxEntries must be a positive integer');
  }
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first entries are the oldest.
  const expiries = new Map<string, number>();

  return {
    markIfNew(id: string, ttlMs: number): boolean {
      const t = now();
      const known = expiries.get(id);
      if (known !== undefined && known > t) return false;
      if (known !== undefined) expiries.delete(id);
      // Sweep the oldest entries while they are expired; stops at the first live one.
      for (const [key, expiry] of expiries) {
        if (expiry > t) break;
        expiries.delete(key);
      }
      while (expiries.size >= maxEntries) {
        const oldest = expiries.keys().next().value as string;
        expiries.delete(oldest);
      }
      expiries.set(id, t + ttlMs);
      return true;
    },
  };
}
