import { METRICS } from "../metrics/names";
import type { MetricValue } from "../metrics/emf";

export interface WorkerLoad {
  sessions: number;
  capacity: number;
  /** placements claimed since the previous report, when the worker counts them */
  claims?: number;
  /** reconnect attempts since the previous report, when the worker counts them */
  reconnects?: number;
}

/** The metrics a worker reports each minute; the fleet scales on the first two (infra/scaling.ts). */
export function loadMetrics(load: WorkerLoad): MetricValue[] {
  const metrics: MetricValue[] = [
    { name: METRICS.sessionsHeld, value: load.sessions, unit: "Count" },
    { name: METRICS.sessionCapacity, value: load.capacity, unit: "Count" },
  ];
  if (load.claims !== undefined) metrics.push({ name: METRICS.placementClaims, value: load.claims, unit: "Count" });
  if (load.reconnects !== undefined) metrics.push({ name: METRICS.reconnects, value: load.reconnects, unit: "Count" });
  return metrics;
}

/**
 * Delay until the next report: the middle of the next minute, so every worker lands exactly
 * one datapoint in each one-minute period the scaling policy sums over.
 */
export function msUntilNextReport(nowMs: number): number {
  const minute = 60_000;
  const next = Math.floor(nowMs / minute) * minute + minute / 2;
  return next > nowMs ? next - nowMs : next + minute - nowMs;
}
