import type { Clock } from "../clock";
import { overridePort } from "../override-port";
import type { ApiKeyStore } from "./ports";

export const DEFAULT_API_KEY_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * API-key lookups by hash remembered for `ttlMs` per process (one Lambda instance), so a busy
 * key costs one read every few seconds instead of one per request. The price: a key deleted
 * through another instance keeps working here for up to `ttlMs` (deleting it through this
 * instance forgets it at once). Misses are remembered too, which blunts guessing floods; a
 * new key's hash was never looked up before it existed, so it works at once. Generic over
 * the record: every other method, and whatever the record carries, passes through unchanged.
 */
export function cacheApiKeyLookups(store: ApiKeyStore, opts: { ttlMs: number; clock: Clock }): ApiKeyStore {
  if (opts.ttlMs <= 0) return store;
  type Found = Awaited<ReturnType<ApiKeyStore["findByHash"]>>;
  const byHash = new Map<string, { until: number; found: Promise<Found> }>();
  const forget = (match: (found: NonNullable<Found>) => boolean) => {
    for (const [hash, entry] of byHash)
      void entry.found.then((f) => {
        if (f && match(f) && byHash.get(hash) === entry) byHash.delete(hash);
      });
  };
  return overridePort(store, {
    findByHash: (hash) => {
      const now = opts.clock.now().getTime();
      const hit = byHash.get(hash);
      if (hit && hit.until > now) return hit.found;
      if (byHash.size >= MAX_ENTRIES) byHash.clear();
      const found = store.findByHash(hash);
      const entry = { until: now + opts.ttlMs, found };
      byHash.set(hash, entry);
      // a failed read is not remembered
      found.catch(() => byHash.get(hash) === entry && byHash.delete(hash));
      return found;
    },
    delete: async (tenantId, id) => {
      const deleted = await store.delete(tenantId, id);
      forget((f) => f.tenantId === tenantId && f.id === id);
      return deleted;
    },
    touch: async (tenantId, id, at) => {
      await store.touch(tenantId, id, at);
      // the cached copy learns the use too, so the next request does not touch again
      for (const entry of byHash.values())
        void entry.found.then((f) => {
          if (f && f.tenantId === tenantId && f.id === id) f.lastUsedAt = at;
        });
    },
  });
}
