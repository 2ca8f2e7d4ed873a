/**
 * Alarms and the stage's dashboard (DESIGN §12). Every alarm notifies one SNS topic; the
 * stage's alarm email (WHARF_ALARM_EMAIL at deploy time) subscribes to it. Metric names
 * come from packages/core/src/metrics/names.ts, the file the emitting code uses too.
 */
import { METRIC_DIMENSIONS, METRIC_NAMESPACE, METRICS } from "../packages/core/src/metrics/names";
import { buildDashboard } from "./dashboard";
import type { StageSettings } from "./stage";

/** Alarm thresholds; the graph test and the README's runbook read these. */
export const ALARMS = {
  /** Lambda errors (unhandled, after retries are counted per attempt) in five minutes */
  lambdaErrorsPer5Min: 5,
  /** oldest placement older than this for three minutes: sessions are not being placed */
  placementAgeSeconds: 300,
  /** running < desired tasks for this many minutes */
  tasksMissingMinutes: 10,
  /** 5xx answers of the API in five minutes (the app catches errors; Lambda's Errors miss them) */
  apiServerErrorsPer5Min: 10,
  /** reconnects in five minutes, as a share of the stage's minimum session capacity */
  reconnectStormShare: 0.1,
} as const;

export interface Monitored {
  /** Lambda function names by role (http, ws $connect, events, …) */
  functions: Record<string, $util.Input<string>>;
  /** DLQ names by the queue they serve */
  dlqs: Record<string, $util.Input<string>>;
  placementQueue: $util.Input<string>;
  clusterName: $util.Input<string>;
  serviceName: $util.Input<string>;
}

export function reconnectStormThreshold(settings: StageSettings): number {
  return Math.max(50, Math.ceil(settings.fleet.min * settings.fleet.capacity * ALARMS.reconnectStormShare));
}

export function createMonitoring(settings: StageSettings, monitored: Monitored) {
  const topic = new aws.sns.Topic("Alarms", {});
  if (settings.alarmEmail) {
    // AWS mails a confirmation link first; nothing is delivered until it is clicked.
    new aws.sns.TopicSubscription("AlarmsEmail", {
      topic: topic.arn,
      protocol: "email",
      endpoint: settings.alarmEmail,
    });
  }
  const actions = { alarmActions: [topic.arn], okActions: [topic.arn] };
  const alarms: Record<string, unknown> = {};

  for (const [queue, name] of Object.entries(monitored.dlqs)) {
    alarms[`${queue}DlqDepth`] = new aws.cloudwatch.MetricAlarm(`${queue}DlqDepth`, {
      alarmDescription: `Messages dead-lettered from ${queue}: inspect, fix, then redrive (README: DLQ redrive)`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: name },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      ...actions,
    });
  }

  for (const [fn, name] of Object.entries(monitored.functions)) {
    const id = `${fn.replace(/[^A-Za-z0-9]/g, "")}Errors`;
    alarms[id] = new aws.cloudwatch.MetricAlarm(id, {
      alarmDescription: `Lambda ${fn}: unhandled errors`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: name },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: ALARMS.lambdaErrorsPer5Min,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...actions,
    });
  }

  alarms.ApiServerErrors = new aws.cloudwatch.MetricAlarm("ApiServerErrors", {
    alarmDescription: "The REST API answers 5xx",
    namespace: METRIC_NAMESPACE,
    metricName: METRICS.apiServerErrors,
    dimensions: { [METRIC_DIMENSIONS.stage]: settings.stage, [METRIC_DIMENSIONS.fn]: "http" },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: ALARMS.apiServerErrorsPer5Min,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    ...actions,
  });

  // the audit log is a security record: one entry that only reached the logs is worth a look
  alarms.AuditWriteFailures = new aws.cloudwatch.MetricAlarm("AuditWriteFailures", {
    alarmDescription: "Audit entries could not be stored (each is in the http logs with its request id)",
    namespace: METRIC_NAMESPACE,
    metricName: METRICS.auditWriteFailures,
    dimensions: { [METRIC_DIMENSIONS.stage]: settings.stage, [METRIC_DIMENSIONS.fn]: "http" },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    ...actions,
  });

  alarms.PlacementAge = new aws.cloudwatch.MetricAlarm("PlacementAge", {
    alarmDescription: "Sessions wait for a worker: is the fleet at max, or failing to start?",
    namespace: "AWS/SQS",
    metricName: "ApproximateAgeOfOldestMessage",
    dimensions: { QueueName: monitored.placementQueue },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 3,
    threshold: ALARMS.placementAgeSeconds,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    ...actions,
  });

  // Container Insights (enabled on the cluster) publishes both task counts.
  const service = { ClusterName: monitored.clusterName, ServiceName: monitored.serviceName };
  alarms.FleetTasksMissing = new aws.cloudwatch.MetricAlarm("FleetTasksMissing", {
    alarmDescription: "Fleet runs fewer tasks than desired (image, secrets or capacity problem)",
    metricQueries: [
      containerInsights("desired", "DesiredTaskCount", service),
      containerInsights("running", "RunningTaskCount", service),
      { id: "missing", expression: "desired - running", label: "Tasks missing", returnData: true },
    ],
    evaluationPeriods: ALARMS.tasksMissingMinutes,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "breaching",
    ...actions,
  });

  alarms.ReconnectStorm = new aws.cloudwatch.MetricAlarm("ReconnectStorm", {
    alarmDescription: "Many sessions reconnecting at once (WhatsApp-side disconnects, or workers flapping)",
    namespace: METRIC_NAMESPACE,
    metricName: METRICS.reconnects,
    dimensions: { [METRIC_DIMENSIONS.stage]: settings.stage },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: reconnectStormThreshold(settings),
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    ...actions,
  });

  const dashboard = new aws.cloudwatch.Dashboard("Dashboard", {
    dashboardName: `wharf-${settings.stage}`,
    dashboardBody: buildDashboard(settings, monitored),
  });

  return { topic, alarms, dashboard };
}

function containerInsights(id: string, metricName: string, dimensions: Record<string, $util.Input<string>>) {
  return {
    id,
    returnData: false,
    metric: { namespace: "ECS/ContainerInsights", metricName, dimensions, period: 60, stat: "Average" },
  };
}
