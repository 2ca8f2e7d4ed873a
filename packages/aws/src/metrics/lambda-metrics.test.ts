import type { MetricValue, Metrics } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { lambdaMetrics, meterHttp, meterSqsBatch } from "./lambda-metrics";

function recording() {
  const puts: MetricValue[][] = [];
  const metrics: Metrics = { put: (m) => void puts.push(m) };
  return { puts, metrics };
}

describe("Lambda metrics wrappers", () => {
  it("counts 5xx responses of the http handler and passes every response through", async () => {
    const { puts, metrics } = recording();
    const handler = meterHttp(metrics, async (status: number) => ({ statusCode: status }));
    expect(await handler(200)).toEqual({ statusCode: 200 });
    expect(await handler(503)).toEqual({ statusCode: 503 });
    expect(puts).toEqual([[{ name: "ApiServerErrors", value: 1, unit: "Count" }]]);
  });

  it("records batch failures and each record's lag since it was sent", async () => {
    const { puts, metrics } = recording();
    const handler = meterSqsBatch(metrics, async () => ({ batchItemFailures: [{ itemIdentifier: "b" }] }), {
      lagMetric: "EventLag",
      failureMetric: "WebhookFailures",
      now: () => 10_000,
    });
    await handler({ Records: [{ attributes: { SentTimestamp: "9000" } }, { attributes: { SentTimestamp: "9750" } }] });
    expect(puts).toEqual([
      [
        { name: "BatchFailures", value: 1, unit: "Count" },
        { name: "WebhookFailures", value: 1, unit: "Count" },
        { name: "EventLag", value: [1000, 250], unit: "Milliseconds" },
      ],
    ]);
  });

  it("writes EMF to stdout only when WHARF_METRICS=emf", () => {
    expect(lambdaMetrics("http", {}).put).toBeTypeOf("function");
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((line: string) => lines.push(line) > 0) as typeof process.stdout.write;
    try {
      lambdaMetrics("events", {}).put([{ name: "X", value: 1, unit: "Count" }]);
      lambdaMetrics("events", { WHARF_STAGE: "staging", WHARF_METRICS: "emf" }).put([
        { name: "X", value: 1, unit: "Count" },
      ]);
    } finally {
      process.stdout.write = write;
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ Stage: "staging", Function: "events", X: 1 });
  });
});
