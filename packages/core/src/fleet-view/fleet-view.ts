import { SESSION_STATUSES, type FleetView, type SessionStatus } from "@wharf/contracts";
import type { Clock } from "../clock";
import { isWorkerAlive, type FleetViewSource } from "./ports";

const FIVE_MINUTES_MS = 5 * 60_000;

export async function getFleetView(deps: { fleet: FleetViewSource; clock: Clock }): Promise<FleetView> {
  const now = deps.clock.now();
  const [workers, counts, reconnects] = await Promise.all([
    deps.fleet.workers(),
    deps.fleet.sessionCountsByStatus(),
    deps.fleet.reconnectsSince(new Date(now.getTime() - FIVE_MINUTES_MS), now),
  ]);
  const shown = workers
    .map((w) => ({
      id: w.id,
      state: w.state,
      capacity: w.capacity,
      load: w.load,
      alive: isWorkerAlive(w, now),
      startedAt: w.startedAt,
      heartbeatAt: w.heartbeatAt,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const alive = shown.filter((w) => w.alive);
  const sessionsByStatus = Object.fromEntries(SESSION_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<
    SessionStatus,
    number
  >;
  return {
    workers: shown,
    totals: {
      workers: shown.length,
      aliveWorkers: alive.length,
      capacity: alive.reduce((n, w) => n + w.capacity, 0),
      load: alive.reduce((n, w) => n + w.load, 0),
    },
    sessionsByStatus,
    reconnectsLast5m: reconnects,
    generatedAt: now.toISOString(),
  };
}
