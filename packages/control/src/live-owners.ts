import { isWorkerLiveAt, type Clock, type FleetViewSource } from "@wharf/core";

/** How long one read of the worker registry answers "is this owner alive" (per app instance). */
const CACHE_MS = 2_000;

/**
 * Which of the given owners heart-beat now, read through the fleet view (one index query,
 * never a scan) and kept for a couple of seconds, so listing sessions does not read the
 * registry per request. An owner not seen in the last read (a worker that just started) is
 * read at once; one that died is shown as gone within CACHE_MS.
 */
export function liveOwners(
  fleet: Pick<FleetViewSource, "workers">,
  clock: Clock,
): (owners: Iterable<string | null>) => Promise<(owner: string) => boolean> {
  let cached: { at: number; live: Set<string>; known: Set<string> } | null = null;
  return async (owners) => {
    const now = clock.now();
    const asked = [...owners].filter((o): o is string => o !== null);
    // the cache ages by the process's monotonic time: it throttles reads, it does not judge liveness
    const stale = !cached || performance.now() - cached.at > CACHE_MS;
    if (asked.length > 0 && (stale || asked.some((o) => !cached!.known.has(o)))) {
      const workers = await fleet.workers();
      const live = new Set(workers.filter((w) => isWorkerLiveAt(w, now)).map((w) => w.id));
      // owners absent from the registry are gone: remembered as such until the next read
      cached = { at: performance.now(), live, known: new Set([...workers.map((w) => w.id), ...asked]) };
    }
    const live = cached?.live ?? new Set<string>();
    return (owner) => live.has(owner);
  };
}
