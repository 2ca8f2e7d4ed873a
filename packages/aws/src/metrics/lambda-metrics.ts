import { METRIC_DIMENSIONS, METRICS, type Metrics, type MetricValue } from "@wharf/core";
import { z } from "zod";
import { ConfigError } from "../config";
import { createStdoutMetrics } from "./stdout-metrics";

/**
 * Metrics around a Lambda entry point, added by the entry file in one line: the handler
 * itself stays unaware of them. Only the fields these wrappers read are typed.
 */
interface SqsRecordLike {
  attributes?: { SentTimestamp?: string };
}
interface SqsBatchResponseLike {
  batchItemFailures: unknown[];
}

const Env = z.object({
  WHARF_STAGE: z.string().min(1).default("local"),
  WHARF_METRICS: z.enum(["emf", "off"]).default("off"),
});

/** Metrics for a Lambda entry point: Stage (WHARF_STAGE) and Function dimensions; infra sets WHARF_METRICS=emf. */
export function lambdaMetrics(fn: string, env: Record<string, string | undefined>): Metrics {
  const parsed = Env.safeParse({
    WHARF_STAGE: env.WHARF_STAGE || undefined,
    WHARF_METRICS: env.WHARF_METRICS || undefined,
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return createStdoutMetrics(
    { stage: parsed.data.WHARF_STAGE, metrics: parsed.data.WHARF_METRICS },
    { [METRIC_DIMENSIONS.fn]: fn },
  );
}

/** http: counts 5xx responses (errors the app answered, which Lambda's own Errors never sees). */
export function meterHttp<E, R extends { statusCode?: number }, A extends unknown[]>(
  metrics: Metrics,
  handler: (event: E, ...rest: A) => Promise<R>,
): (event: E, ...rest: A) => Promise<R> {
  return async (event, ...rest) => {
    const res = await handler(event, ...rest);
    if ((res?.statusCode ?? 200) >= 500) metrics.put([{ name: METRICS.apiServerErrors, value: 1, unit: "Count" }]);
    return res;
  };
}

export interface SqsMeterOptions {
  /** also record each record's age on arrival (SentTimestamp → now) under this metric */
  lagMetric?: string;
  /** record batch failures under this metric too (e.g. WebhookFailures) */
  failureMetric?: string;
  now?: () => number;
}

/** SQS batch handlers: batch failures, and optionally per-record lag, one EMF line per batch. */
export function meterSqsBatch<
  E extends { Records: SqsRecordLike[] },
  R extends SqsBatchResponseLike,
  A extends unknown[],
>(
  metrics: Metrics,
  handler: (event: E, ...rest: A) => Promise<R>,
  opts: SqsMeterOptions = {},
): (event: E, ...rest: A) => Promise<R> {
  const now = opts.now ?? Date.now;
  return async (event, ...rest) => {
    const arrived = now();
    const res = await handler(event, ...rest);
    const failures = res?.batchItemFailures?.length ?? 0;
    const values: MetricValue[] = [{ name: METRICS.batchFailures, value: failures, unit: "Count" }];
    if (opts.failureMetric) values.push({ name: opts.failureMetric, value: failures, unit: "Count" });
    if (opts.lagMetric) {
      const lags = event.Records.map((r) => Number(r.attributes?.SentTimestamp))
        .filter(Number.isFinite)
        .map((sent) => Math.max(0, arrived - sent))
        .slice(0, 100);
      if (lags.length > 0) values.push({ name: opts.lagMetric, value: lags, unit: "Milliseconds" });
    }
    metrics.put(values);
    return res;
  };
}
