/**
 * Alarms and dashboard (DESIGN §12): DLQ depth > 0, Lambda errors, Placement age, running
 * tasks < desired and reconnect storms, each to the stage's SNS topic; one dashboard per stage.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { METRIC_NAMESPACE, METRICS } from "../packages/core/src/metrics/names";
import { find, loadConfig, ofType, runStage, value, type Config, type StageGraph } from "./testing/graph";

let config: Config;
let graph: StageGraph;

beforeAll(async () => {
  config = await loadConfig();
  graph = await runStage(config, "production", { WHARF_ALARM_EMAIL: "oncall@example.com" });
});

const alarm = (name: string) => find(graph.resources, "aws.cloudwatch.MetricAlarm", name).args;

describe("alarms", () => {
  it("sends every alarm (but the scale-out trigger) to the stage's topic, mailed to the stage's address", () => {
    const topic = find(graph.resources, "aws.sns.Topic", "Alarms").instance as { arn: unknown };
    const alarms = ofType(graph.resources, "aws.cloudwatch.MetricAlarm").filter(
      (a) => a.name !== "FleetPlacementAgeScaleOut",
    );
    expect(alarms.length).toBeGreaterThanOrEqual(4 + 7 + 3);
    for (const a of alarms) expect(a.args.alarmActions, a.name).toEqual([topic.arn]);
    const email = find(graph.resources, "aws.sns.TopicSubscription", "AlarmsEmail").args;
    expect(email).toEqual({ topic: topic.arn, protocol: "email", endpoint: "oncall@example.com" });
  });

  it("creates the topic without a subscription when no alarm email is set", async () => {
    const dev = await runStage(config, "alice");
    expect(ofType(dev.resources, "aws.sns.Topic")).toHaveLength(1);
    expect(ofType(dev.resources, "aws.sns.TopicSubscription")).toHaveLength(0);
  });

  it("alarms as soon as any DLQ holds a message", () => {
    for (const queue of ["Placement", "Events", "Webhooks", "Inboxes"]) {
      const a = alarm(`${queue}DlqDepth`);
      expect(a).toMatchObject({
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      });
      expect(String(a.dimensions.QueueName)).toBe(`<${queue}Dlq.queueName>`);
    }
  });

  it("alarms on errors of every Lambda by its stable name", () => {
    for (const fn of ["http", "ws-connect", "ws-disconnect", "ws-default", "events", "webhooks", "janitor"]) {
      const a = alarm(`${fn.replace(/-/g, "")}Errors`);
      expect(a).toMatchObject({
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: `wharf-production-${fn}` },
      });
    }
  });

  it("alarms on Placement age, missing fleet tasks and reconnect storms", () => {
    expect(alarm("PlacementAge")).toMatchObject({ metricName: "ApproximateAgeOfOldestMessage", threshold: 300 });
    const missing = alarm("FleetTasksMissing");
    expect(missing.metricQueries.map((q: { id: string }) => q.id)).toEqual(["desired", "running", "missing"]);
    expect(missing.metricQueries[2].expression).toBe("desired - running");
    const storm = alarm("ReconnectStorm");
    expect(storm).toMatchObject({
      namespace: METRIC_NAMESPACE,
      metricName: METRICS.reconnects,
      dimensions: { Stage: "production" },
      period: 300,
    });
    expect(storm.threshold).toBe(400);
  });

  it("turns on Container Insights for the task-count alarm", () => {
    const cluster = find(graph.resources, "sst.aws.Cluster", "Cluster").args;
    expect(cluster.transform.cluster.settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });
});

describe("dashboard", () => {
  it("draws one dashboard per stage over the fleet, queues, Lambdas and product metrics", () => {
    const dashboard = find(graph.resources, "aws.cloudwatch.Dashboard", "Dashboard").args;
    expect(dashboard.dashboardName).toBe("wharf-production");
    const body = JSON.parse(String(value(dashboard.dashboardBody)));
    const titles = body.widgets.map((w: { properties: { title: string } }) => w.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        "Sessions held vs capacity",
        "Dead-letter queues",
        "Lambda errors",
        "Reconnects per 5 min",
      ]),
    );
    const text = JSON.stringify(body);
    for (const metric of Object.values(METRICS)) {
      expect(text, metric).toContain(`"${metric}"`);
    }
    // sessions by status: one line per status the workers report, under the Status dimension
    const byStatus = body.widgets.find(
      (w: { properties: { title: string } }) => w.properties.title === "Sessions by status",
    );
    expect(byStatus.properties.metrics.map((m: unknown[]) => m.slice(0, 6))).toEqual(
      ["connecting", "qr", "pairing", "open", "reconnecting"].map((status) => [
        METRIC_NAMESPACE,
        METRICS.sessionsByStatus,
        "Stage",
        "production",
        "Status",
        status,
      ]),
    );
    expect(text).toContain("wharf-production-http");
    for (const w of body.widgets) expect(w.properties.region).toBe("eu-west-1");
  });
});
