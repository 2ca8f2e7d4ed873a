/**
 * One CloudWatch dashboard per stage: session load and fleet size, queues and their DLQs,
 * Lambda errors and durations, and the product metrics the code emits as EMF.
 */
import {
  METRIC_DIMENSIONS,
  METRIC_NAMESPACE,
  METRICS,
  REPORTED_SESSION_STATUSES,
} from "../packages/core/src/metrics/names";
import type { Monitored } from "./monitoring";
import type { StageSettings } from "./stage";

interface ResolvedNames {
  functions: Record<string, string>;
  dlqs: Record<string, string>;
  placementQueue: string;
  clusterName: string;
  serviceName: string;
}

type Metric = (string | Record<string, unknown>)[];

function widget(title: string, metrics: Metric[], opts: Record<string, unknown> = {}) {
  return {
    type: "metric",
    width: 12,
    height: 6,
    properties: { title, metrics, view: "timeSeries", period: 60, ...opts },
  };
}

export function dashboardBody(stage: string, region: string, names: ResolvedNames): string {
  const s = [METRIC_DIMENSIONS.stage, stage];
  const wharf = (metric: string, stat = "Sum", extra: Record<string, unknown> = {}): Metric => [
    METRIC_NAMESPACE,
    metric,
    ...s,
    { stat, ...extra },
  ];
  const widgets = [
    widget("Session load (%): (held + backlog) / capacity", [
      wharf(METRICS.sessionsHeld, "Sum", { id: "held", visible: false }),
      wharf(METRICS.sessionCapacity, "Sum", { id: "capacity", visible: false }),
      [
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "QueueName",
        names.placementQueue,
        { id: "backlog", stat: "Maximum", visible: false },
      ],
      [{ expression: "100 * (held + backlog) / capacity", label: "load %" }],
    ]),
    widget("Sessions held vs capacity", [
      wharf(METRICS.sessionsHeld),
      wharf(METRICS.sessionCapacity),
      wharf(METRICS.placementClaims),
    ]),
    widget(
      "Sessions by status",
      REPORTED_SESSION_STATUSES.map((status) => [
        METRIC_NAMESPACE,
        METRICS.sessionsByStatus,
        ...s,
        METRIC_DIMENSIONS.status,
        status,
        { stat: "Sum", label: status },
      ]),
      { stacked: true },
    ),
    widget("Fleet tasks", [
      ["ECS/ContainerInsights", "DesiredTaskCount", "ClusterName", names.clusterName, "ServiceName", names.serviceName],
      ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", names.clusterName, "ServiceName", names.serviceName],
    ]),
    widget("Placement backlog and age (s)", [
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", names.placementQueue, { stat: "Maximum" }],
      [
        "AWS/SQS",
        "ApproximateAgeOfOldestMessage",
        "QueueName",
        names.placementQueue,
        { stat: "Maximum", yAxis: "right" },
      ],
    ]),
    widget(
      "Dead-letter queues",
      Object.values(names.dlqs).map((q) => [
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "QueueName",
        q,
        { stat: "Maximum" },
      ]),
    ),
    widget("Reconnects per 5 min", [wharf(METRICS.reconnects, "Sum", { period: 300 })]),
    widget("Event lag and send latency (ms, p95)", [
      [METRIC_NAMESPACE, METRICS.eventLag, ...s, "Function", "events", { stat: "p95" }],
      wharf(METRICS.sendLatency, "p95"),
    ]),
    widget("Failures", [
      wharf(METRICS.webhookFailures),
      [METRIC_NAMESPACE, METRICS.batchFailures, ...s, "Function", "events", { stat: "Sum" }],
      [METRIC_NAMESPACE, METRICS.batchFailures, ...s, "Function", "webhooks", { stat: "Sum" }],
      [METRIC_NAMESPACE, METRICS.apiServerErrors, ...s, "Function", "http", { stat: "Sum" }],
      [METRIC_NAMESPACE, METRICS.auditWriteFailures, ...s, "Function", "http", { stat: "Sum" }],
    ]),
    widget(
      "Lambda errors",
      Object.values(names.functions).map((f) => ["AWS/Lambda", "Errors", "FunctionName", f, { stat: "Sum" }]),
    ),
    widget(
      "Lambda duration (p95, ms)",
      Object.values(names.functions).map((f) => ["AWS/Lambda", "Duration", "FunctionName", f, { stat: "p95" }]),
    ),
  ];
  return JSON.stringify({ widgets: widgets.map((w) => ({ ...w, properties: { ...w.properties, region } })) });
}

/** Resolves every name the dashboard mentions, then renders it. */
export function buildDashboard(settings: StageSettings, monitored: Monitored): $util.Output<string> {
  const fnKeys = Object.keys(monitored.functions);
  const dlqKeys = Object.keys(monitored.dlqs);
  const region = aws.getRegionOutput({}).region;
  return $resolve([
    region,
    monitored.placementQueue,
    monitored.clusterName,
    monitored.serviceName,
    ...fnKeys.map((k) => monitored.functions[k]!),
    ...dlqKeys.map((k) => monitored.dlqs[k]!),
  ]).apply((values) => {
    const [r, placementQueue, clusterName, serviceName, ...rest] = values.map(String);
    const fns = rest.slice(0, fnKeys.length);
    const dlqs = rest.slice(fnKeys.length);
    return dashboardBody(settings.stage, r!, {
      placementQueue: placementQueue!,
      clusterName: clusterName!,
      serviceName: serviceName!,
      functions: Object.fromEntries(fnKeys.map((k, i) => [k, fns[i]!])),
      dlqs: Object.fromEntries(dlqKeys.map((k, i) => [k, dlqs[i]!])),
    });
  });
}
