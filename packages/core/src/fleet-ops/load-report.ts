import { METRIC_DIMENSIONS, METRICS, REPORTED_SESSION_STATUSES } from "../metrics/names";
import { EMF_LIMITS, type MetricValue } from "../metrics/emf";

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

/** Everything a worker reports in one period: its load, its sessions by status, its counters. */
export interface WorkerReport extends WorkerLoad {
  /** sessions held by their current status */
  byStatus: Partial<Record<string, number>>;
  /** POST → sent of each message sent in the period (ms), possibly a sample */
  sendLatencyMs: number[];
}

/** One metrics put: its values and the dimensions beyond the port's base ones. */
export interface MetricPut {
  metrics: MetricValue[];
  dimensions: Record<string, string>;
}

/**
 * A report as metric puts: the load (one line), Sessions per reported status (one line each,
 * zero included, so a status that empties draws 0 rather than a gap), SendLatency in lines of
 * at most 100 values (the EMF limit per metric).
 */
export function workerReportPuts(report: WorkerReport): MetricPut[] {
  const puts: MetricPut[] = [{ metrics: loadMetrics(report), dimensions: {} }];
  for (const status of REPORTED_SESSION_STATUSES) {
    puts.push({
      metrics: [{ name: METRICS.sessionsByStatus, value: report.byStatus[status] ?? 0, unit: "Count" }],
      dimensions: { [METRIC_DIMENSIONS.status]: status },
    });
  }
  for (let i = 0; i < report.sendLatencyMs.length; i += EMF_LIMITS.values) {
    const values = report.sendLatencyMs.slice(i, i + EMF_LIMITS.values);
    puts.push({ metrics: [{ name: METRICS.sendLatency, value: values, unit: "Milliseconds" }], dimensions: {} });
  }
  return puts;
}

/** Send latencies kept per period; beyond it a uniform sample (reservoir) stands for them all. */
export const MAX_SEND_LATENCIES = 500;

/** What a worker's counters hold between two reports. */
export interface CounterSnapshot {
  claims: number;
  reconnects: number;
  sendLatencyMs: number[];
}

/**
 * Counters the worker's parts bump as things happen (the placement loop, each session's
 * reconnects and sends); fleet ops takes them, reading and resetting, once per report.
 */
export class WorkerCounters {
  private claims = 0;
  private reconnects = 0;
  private latencies: number[] = [];
  private sends = 0;

  constructor(private readonly random: () => number = Math.random) {}

  placementClaimed(): void {
    this.claims += 1;
  }

  reconnected(): void {
    this.reconnects += 1;
  }

  /** a message went out `latencyMs` after the API accepted it */
  sent(latencyMs: number): void {
    if (!Number.isFinite(latencyMs)) return;
    const value = Math.max(0, Math.round(latencyMs));
    this.sends += 1;
    if (this.latencies.length < MAX_SEND_LATENCIES) {
      this.latencies.push(value);
      return;
    }
    const slot = Math.floor(this.random() * this.sends);
    if (slot < MAX_SEND_LATENCIES) this.latencies[slot] = value;
  }

  /** the counts since the previous take, and resets them */
  take(): CounterSnapshot {
    const snapshot = { claims: this.claims, reconnects: this.reconnects, sendLatencyMs: this.latencies };
    this.claims = 0;
    this.reconnects = 0;
    this.latencies = [];
    this.sends = 0;
    return snapshot;
  }
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
