import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { EmfError, formatEmf } from "./emf";
import { createEmfMetrics } from "./ports";

/** CloudWatch's accepted units (EMF specification, MetricDefinition.Unit). */
const UNITS = new Set([
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
]);

/**
 * Checks one line against the EMF specification and returns the metrics it defines as
 * CloudWatch would extract them: name → { unit, values, dimensions }.
 */
function parseEmf(line: string) {
  expect(line).not.toContain("\n");
  const root = JSON.parse(line) as Record<string, unknown>;
  const aws = root._aws as { Timestamp: unknown; CloudWatchMetrics: unknown };
  expect(aws, "_aws member").toBeTypeOf("object");
  expect(Number.isInteger(aws.Timestamp), "Timestamp is an integer").toBe(true);
  expect(aws.Timestamp as number, "Timestamp in epoch milliseconds").toBeGreaterThan(1e12);
  expect(Array.isArray(aws.CloudWatchMetrics)).toBe(true);
  const extracted: Record<
    string,
    { namespace: string; unit: string; values: number[]; dimensions: Record<string, string>[] }
  > = {};
  for (const directive of aws.CloudWatchMetrics as Record<string, unknown>[]) {
    expect(directive.Namespace).toBeTypeOf("string");
    expect((directive.Namespace as string).length).toBeGreaterThan(0);
    expect(Array.isArray(directive.Dimensions)).toBe(true);
    const dimensionSets = (directive.Dimensions as unknown[]).map((set) => {
      expect(Array.isArray(set), "a dimension set is an array").toBe(true);
      expect((set as unknown[]).length).toBeLessThanOrEqual(30);
      return Object.fromEntries(
        (set as string[]).map((name) => {
          expect(root[name], `dimension ${name} references a top-level string`).toBeTypeOf("string");
          return [name, root[name] as string];
        }),
      );
    });
    const metrics = directive.Metrics as { Name: string; Unit?: string }[];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.length).toBeLessThanOrEqual(100);
    for (const metric of metrics) {
      const member = root[metric.Name];
      const values = Array.isArray(member) ? member : [member];
      for (const v of values) expect(Number.isFinite(v), `metric ${metric.Name} references numbers`).toBe(true);
      if (metric.Unit !== undefined) expect(UNITS.has(metric.Unit), `unit ${metric.Unit}`).toBe(true);
      extracted[metric.Name] = {
        namespace: directive.Namespace as string,
        unit: metric.Unit ?? "None",
        values: values as number[],
        dimensions: dimensionSets,
      };
    }
  }
  return { root, timestamp: aws.Timestamp as number, extracted };
}

const at = new Date("2026-11-30T14:00:30.123Z");

describe("formatEmf", () => {
  it("emits a line CloudWatch extracts every metric from, with its unit and dimension set", () => {
    const line = formatEmf({
      namespace: "Wharf",
      dimensions: { Stage: "production" },
      metrics: [
        { name: "SessionsHeld", value: 412, unit: "Count" },
        { name: "SessionCapacity", value: 2000, unit: "Count" },
      ],
      timestamp: at,
      properties: { workerId: "wrk_1" },
    });
    const { root, timestamp, extracted } = parseEmf(line);
    expect(timestamp).toBe(at.getTime());
    expect(extracted).toEqual({
      SessionsHeld: { namespace: "Wharf", unit: "Count", values: [412], dimensions: [{ Stage: "production" }] },
      SessionCapacity: { namespace: "Wharf", unit: "Count", values: [2000], dimensions: [{ Stage: "production" }] },
    });
    // properties are searchable members, never metrics or dimensions
    expect(root.workerId).toBe("wrk_1");
  });

  it("carries several values of one metric as an array (one per batch record)", () => {
    const { extracted } = parseEmf(
      formatEmf({
        namespace: "Wharf",
        dimensions: { Stage: "s", Function: "events" },
        metrics: [{ name: "EventLag", value: [12, 40, 7], unit: "Milliseconds" }],
        timestamp: at,
      }),
    );
    expect(extracted.EventLag).toEqual({
      namespace: "Wharf",
      unit: "Milliseconds",
      values: [12, 40, 7],
      dimensions: [{ Stage: "s", Function: "events" }],
    });
  });

  it("accepts a line without dimensions (an empty dimension set)", () => {
    const { extracted } = parseEmf(
      formatEmf({
        namespace: "Wharf",
        dimensions: {},
        metrics: [{ name: "X", value: 1, unit: "None" }],
        timestamp: at,
      }),
    );
    expect(extracted.X!.dimensions).toEqual([{}]);
  });

  it("refuses what CloudWatch would drop: non-finite values, colliding names, empty or oversized metric lists", () => {
    const base = { namespace: "Wharf", dimensions: { Stage: "s" }, timestamp: at };
    expect(() => formatEmf({ ...base, metrics: [{ name: "X", value: Number.NaN, unit: "Count" }] })).toThrow(EmfError);
    expect(() => formatEmf({ ...base, metrics: [{ name: "Stage", value: 1, unit: "Count" }] })).toThrow(EmfError);
    expect(() => formatEmf({ ...base, metrics: [] })).toThrow(EmfError);
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `M${i}`, value: i, unit: "Count" as const }));
    expect(() => formatEmf({ ...base, metrics: many })).toThrow(EmfError);
    expect(() => formatEmf({ ...base, metrics: [{ name: "_aws", value: 1, unit: "Count" }] })).toThrow(EmfError);
  });
});

describe("createEmfMetrics", () => {
  it("writes one spec-valid line per put, with the base dimensions and the clock's time", () => {
    const lines: string[] = [];
    const clock = fixedClock(at);
    const metrics = createEmfMetrics({
      namespace: "Wharf",
      dimensions: { Stage: "staging" },
      clock,
      write: (l) => lines.push(l),
    });
    metrics.put([{ name: "WebhookFailures", value: 2, unit: "Count" }], { Function: "webhooks" });
    expect(lines).toHaveLength(1);
    const { timestamp, extracted } = parseEmf(lines[0]!);
    expect(timestamp).toBe(at.getTime());
    expect(extracted.WebhookFailures!.dimensions).toEqual([{ Stage: "staging", Function: "webhooks" }]);
  });

  it("reports bad input to onError instead of throwing into the caller", () => {
    const errors: unknown[] = [];
    const metrics = createEmfMetrics({
      namespace: "Wharf",
      dimensions: {},
      clock: fixedClock(at),
      write: () => undefined,
      onError: (e) => errors.push(e),
    });
    expect(() => metrics.put([{ name: "X", value: Number.POSITIVE_INFINITY, unit: "Count" }])).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
