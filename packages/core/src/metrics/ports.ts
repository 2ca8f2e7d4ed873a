import type { Clock } from "../clock";
import { formatEmf, type MetricValue } from "./emf";

/**
 * The metrics port: code records what happened; an adapter decides where it goes (EMF lines
 * on stdout on AWS, nowhere in tests). Recording never throws and never blocks.
 */
export interface Metrics {
  /** records metrics with the port's base dimensions plus `dimensions` */
  put(
    metrics: MetricValue[],
    dimensions?: Record<string, string>,
    properties?: Record<string, string | number | boolean>,
  ): void;
}

export const noMetrics: Metrics = { put: () => undefined };

export interface EmfMetricsOptions {
  namespace: string;
  /** dimensions on every line (e.g. Stage) */
  dimensions: Record<string, string>;
  clock: Clock;
  /** receives one complete EMF line */
  write(line: string): void;
  /** bad input is reported here instead of thrown (metrics must not break the caller) */
  onError?(err: unknown): void;
}

/** Metrics as EMF lines through an injected writer. */
export function createEmfMetrics(opts: EmfMetricsOptions): Metrics {
  return {
    put(metrics, dimensions = {}, properties) {
      if (metrics.length === 0) return;
      try {
        const line = formatEmf({
          namespace: opts.namespace,
          dimensions: { ...opts.dimensions, ...dimensions },
          metrics,
          timestamp: opts.clock.now(),
          ...(properties ? { properties } : {}),
        });
        opts.write(line);
      } catch (err) {
        opts.onError?.(err);
      }
    },
  };
}
