/**
 * CloudWatch Embedded Metric Format: one JSON object per log line that CloudWatch Logs turns
 * into metrics (Lambda's log stream and the ECS awslogs driver both qualify, no API call).
 * Pure: the caller writes the line. Spec: the `_aws` member holds Timestamp (epoch ms) and
 * CloudWatchMetrics directives; each directive names a Namespace, DimensionSets (arrays of
 * top-level string member names) and Metrics (names of top-level numeric members).
 */

/** The CloudWatch units Wharf uses (a subset of the spec's list). */
export type MetricUnit = "Count" | "Milliseconds" | "Seconds" | "Percent" | "Bytes" | "None";

export interface MetricValue {
  name: string;
  /** one value, or up to 100 values of the same metric (e.g. per record of a batch) */
  value: number | number[];
  unit: MetricUnit;
}

export interface EmfRecord {
  namespace: string;
  /** dimension name → value; one dimension set made of all of them */
  dimensions: Record<string, string>;
  metrics: MetricValue[];
  timestamp: Date;
  /** extra searchable members (not metrics, not dimensions): e.g. a request id */
  properties?: Record<string, string | number | boolean>;
}

export const EMF_LIMITS = { metrics: 100, dimensions: 30, values: 100, nameLength: 255 } as const;

export class EmfError extends Error {
  override readonly name = "EmfError";
}

function checkName(kind: string, name: string) {
  if (name.length === 0 || name.length > EMF_LIMITS.nameLength)
    throw new EmfError(`${kind} name must be 1–255 characters: "${name}"`);
  if (name === "_aws") throw new EmfError(`${kind} name "_aws" is reserved`);
}

/** Formats one EMF line (no trailing newline). Throws EmfError on input CloudWatch would drop. */
export function formatEmf(record: EmfRecord): string {
  checkName("namespace", record.namespace);
  const dimensionNames = Object.keys(record.dimensions);
  if (dimensionNames.length > EMF_LIMITS.dimensions) throw new EmfError(`at most ${EMF_LIMITS.dimensions} dimensions`);
  if (record.metrics.length === 0) throw new EmfError("at least one metric");
  if (record.metrics.length > EMF_LIMITS.metrics) throw new EmfError(`at most ${EMF_LIMITS.metrics} metrics per line`);

  const members: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.properties ?? {})) {
    checkName("property", name);
    members[name] = value;
  }
  for (const name of dimensionNames) {
    checkName("dimension", name);
    members[name] = record.dimensions[name];
  }
  const seen = new Set<string>();
  for (const metric of record.metrics) {
    checkName("metric", metric.name);
    if (seen.has(metric.name) || metric.name in members)
      throw new EmfError(`metric ${metric.name} collides with another member`);
    seen.add(metric.name);
    const values = Array.isArray(metric.value) ? metric.value : [metric.value];
    if (values.length === 0 || values.length > EMF_LIMITS.values)
      throw new EmfError(`metric ${metric.name}: 1–100 values`);
    if (!values.every(Number.isFinite)) throw new EmfError(`metric ${metric.name}: values must be finite numbers`);
    members[metric.name] = metric.value;
  }

  const timestamp = record.timestamp.getTime();
  if (!Number.isFinite(timestamp)) throw new EmfError("timestamp is not a valid date");
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: record.namespace,
          Dimensions: [dimensionNames],
          Metrics: record.metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
        },
      ],
    },
    ...members,
  });
}
