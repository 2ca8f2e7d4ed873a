import type { WorkerInfo } from "@wharf/core";
import { WORKER_ALIVE_MS } from "@wharf/core";

/**
 * A worker's liveness is its registry item (DESIGN §4): each heartbeat writes `liveUntil`
 * (heartbeat time + the worker TTL), so a reader needs no TTL of its own. Items written
 * before `liveUntil` existed fall back to `heartbeatAt` + the default TTL.
 */
export function workerLiveUntil(w: Pick<WorkerInfo, "heartbeatAt" | "reaped"> & { liveUntil?: string }): number {
  if (w.reaped) return 0;
  if (w.liveUntil) return Date.parse(w.liveUntil);
  return Date.parse(w.heartbeatAt) + WORKER_ALIVE_MS;
}

export function isWorkerLive(
  w: Pick<WorkerInfo, "heartbeatAt" | "reaped"> & { liveUntil?: string },
  now: Date,
): boolean {
  return workerLiveUntil(w) >= now.getTime();
}

/**
 * Condition on a worker item that holds when the worker is dead at `:now`: gone, reaped, or
 * its heartbeat lapsed (`:legacyCutoff` = now − default TTL, for items without liveUntil).
 */
export const WORKER_DEAD_CONDITION =
  "attribute_not_exists(pk) OR attribute_exists(reapedBy) OR liveUntil < :now OR (attribute_not_exists(liveUntil) AND heartbeatAt < :legacyCutoff)";

export function workerDeadValues(now: Date): Record<string, string> {
  return { ":now": now.toISOString(), ":legacyCutoff": new Date(now.getTime() - WORKER_ALIVE_MS).toISOString() };
}
