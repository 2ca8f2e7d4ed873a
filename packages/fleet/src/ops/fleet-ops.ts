import {
  msUntilNextReport,
  PROTECTION_MINUTES,
  protectionAction,
  type Metrics,
  type CounterSnapshot,
  type TaskProtection,
  workerReportPuts,
} from "@wharf/core";
import type { Logger } from "pino";
import { clearHeartbeat, HEARTBEAT_INTERVAL_MS, writeHeartbeat } from "./heartbeat";

export interface FleetOpsDeps {
  worker: {
    readonly id: string;
    stats(): { sessions: number; capacity: number; draining: boolean; byStatus?: Partial<Record<string, number>> };
    /** the worker's counters since the previous report (read and reset) */
    counters?: { take(): CounterSnapshot };
  };
  metrics: Metrics;
  protection: TaskProtection;
  logger: Logger;
  /** null: no heartbeat file (tests, local child processes) */
  heartbeatFile: string | null;
  now?: () => number;
  protectionCheckMs?: number;
}

export interface FleetOps {
  stop(): void;
}

/**
 * The worker's operational side (DESIGN §12), beside its work: a heartbeat for the container
 * health check, a report each minute (load, which the fleet scales on; sessions by status; the
 * worker's counters: claims, reconnects, send latencies), and ECS scale-in
 * protection while it holds sessions. Failures are logged, never thrown into the worker.
 */
export function startFleetOps(deps: FleetOpsDeps): FleetOps {
  const now = deps.now ?? Date.now;
  const state = { protectedUntilMs: null as number | null };
  const timers: NodeJS.Timeout[] = [];
  let busy = false;
  let stopped = false;

  const beat = () => {
    if (deps.heartbeatFile) writeHeartbeat(deps.heartbeatFile, now());
  };

  const checkProtection = async () => {
    if (busy) return;
    busy = true;
    const { sessions, draining } = deps.worker.stats();
    const action = protectionAction(state, sessions, draining, now());
    try {
      if (action === "protect") {
        await deps.protection.protect(PROTECTION_MINUTES);
        state.protectedUntilMs = now() + PROTECTION_MINUTES * 60_000;
      } else if (action === "release") {
        await deps.protection.release();
        state.protectedUntilMs = null;
      }
    } catch (err) {
      deps.logger.warn({ err, action }, "task scale-in protection call failed");
    } finally {
      busy = false;
    }
  };

  const report = () => {
    if (stopped) return;
    const { sessions, capacity, byStatus = {} } = deps.worker.stats();
    const counted = deps.worker.counters?.take();
    const period = counted
      ? {
          sessions,
          capacity,
          byStatus,
          claims: counted.claims,
          reconnects: counted.reconnects,
          sendLatencyMs: counted.sendLatencyMs,
        }
      : { sessions, capacity, byStatus, sendLatencyMs: [] };
    for (const put of workerReportPuts(period))
      deps.metrics.put(put.metrics, put.dimensions, { workerId: deps.worker.id });
    timers.push(setTimeout(report, msUntilNextReport(now())).unref());
  };

  beat();
  timers.push(setInterval(beat, HEARTBEAT_INTERVAL_MS).unref());
  timers.push(setInterval(() => void checkProtection(), deps.protectionCheckMs ?? 15_000).unref());
  timers.push(setTimeout(report, msUntilNextReport(now())).unref());
  void checkProtection();

  return {
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      if (deps.heartbeatFile) clearHeartbeat(deps.heartbeatFile);
    },
  };
}
