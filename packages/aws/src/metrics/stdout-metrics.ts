import {
  createEmfMetrics,
  METRIC_DIMENSIONS,
  METRIC_NAMESPACE,
  noMetrics,
  systemClock,
  type Metrics,
} from "@wharf/core";
import type { WharfConfig } from "../config";

/**
 * The metrics adapter on AWS: EMF lines on stdout, which Lambda's log stream and the fleet's
 * awslogs driver hand to CloudWatch Logs, which extracts the metrics (no PutMetricData call,
 * no extra IAM). Off unless config says "emf", so local runs and tests print nothing extra.
 */
export function createStdoutMetrics(
  config: Pick<WharfConfig, "stage" | "metrics">,
  base: Record<string, string> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Metrics {
  if (config.metrics !== "emf") return noMetrics;
  return createEmfMetrics({
    namespace: METRIC_NAMESPACE,
    dimensions: { [METRIC_DIMENSIONS.stage]: config.stage, ...base },
    clock: systemClock,
    write,
  });
}
