import type { SessionStatus } from "@wharf/contracts";

/** A fleet worker as the registry records it (items written by packages/fleet). */
export interface WorkerInfo {
  id: string;
  inboxUrl: string;
  capacity: number;
  load: number;
  state: string;
  startedAt: string;
  heartbeatAt: string;
  /** heartbeat time + the worker's TTL, as the worker wrote it (absent on older items) */
  liveUntil?: string;
  reaped: boolean;
}

/** What the admin fleet view reads (DESIGN §4 health). */
export interface FleetViewSource {
  workers(): Promise<WorkerInfo[]>;
  /** every session by observed status, read without a table scan */
  sessionCountsByStatus(): Promise<Partial<Record<SessionStatus, number>>>;
  reconnectsSince(since: Date, now: Date): Promise<number>;
}

/** A worker whose heartbeat is older than this is shown as dead (the fleet's lease TTL). */
export const WORKER_ALIVE_MS = 30_000;

export function isWorkerAlive(w: WorkerInfo, now: Date, ttlMs = WORKER_ALIVE_MS): boolean {
  return !w.reaped && Date.parse(w.heartbeatAt) + ttlMs >= now.getTime();
}

/**
 * Whether the worker heart-beats at `now`, by the liveness it wrote itself (`liveUntil`),
 * else by its last heartbeat and the default TTL: what keeps a fleet worker's sessions held.
 */
export function isWorkerLiveAt(w: WorkerInfo, now: Date): boolean {
  if (w.reaped) return false;
  return w.liveUntil ? Date.parse(w.liveUntil) >= now.getTime() : isWorkerAlive(w, now);
}
