import {
  loadMetrics,
  msUntilNextReport,
  PROTECTION_MINUTES,
  protectionAction,
  type Metrics,
  type TaskProtection,
} from "@wharf/core";
import type { Logger } from "pino";
import { clearHeartbeat, HEARTBEAT_INTERVAL_MS, writeHeartbeat } from "./heartbeat";

export interface FleetOpsDeps {
  worker: { readonly id: string; stats(): { sessions: number; capacity: number; draining: boolean } };
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
 * health check, a load report each minute (the fleet scales on it), and ECS scale-in
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
    const { sessions, capacity } = deps.worker.stats();
    deps.metrics.put(loadMetrics({ sessions, capacity }), {}, { workerId: deps.worker.id });
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
