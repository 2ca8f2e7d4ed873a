/**
 * Fleet scaling on session load (DESIGN §12), not CPU: a target-tracking policy on
 * (sessions held + Placement backlog) / capacity, fed by the workers' EMF metrics, and a step
 * policy on the age of the oldest placement. Both attach to the scalable target SST creates
 * for the service (its own CPU/memory policies are switched off in fleet.ts).
 */
import { METRIC_DIMENSIONS, METRIC_NAMESPACE, METRICS } from "../packages/core/src/metrics/names";
import { SCALING, stepAdjustments } from "./scaling-policy";
import type { StageSettings } from "./stage";

interface ScalableTarget {
  resourceId: $util.Output<string>;
  scalableDimension: $util.Output<string>;
  serviceNamespace: $util.Output<string>;
}

export function placementQueueName(placement: sst.aws.Queue): $util.Output<string> {
  return placement.nodes.queue.name;
}

export function createFleetScaling(settings: StageSettings, target: ScalableTarget, placement: sst.aws.Queue) {
  const scalable = {
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    serviceNamespace: target.serviceNamespace,
  };
  const stage = [{ name: METRIC_DIMENSIONS.stage, value: settings.stage }];
  const queue = [{ name: "QueueName", value: placementQueueName(placement) }];

  const loadPolicy = new aws.appautoscaling.Policy("FleetSessionLoad", {
    ...scalable,
    policyType: "TargetTrackingScaling",
    targetTrackingScalingPolicyConfiguration: {
      targetValue: settings.fleet.targetLoad * 100,
      scaleOutCooldown: SCALING.scaleOutCooldown,
      scaleInCooldown: SCALING.scaleInCooldown,
      customizedMetricSpecification: {
        metrics: [
          // Workers publish both once a minute, mid-minute, so each minute holds one datapoint per worker.
          metric("held", METRIC_NAMESPACE, METRICS.sessionsHeld, stage, "Sum"),
          metric("capacity", METRIC_NAMESPACE, METRICS.sessionCapacity, stage, "Sum"),
          metric("backlog", "AWS/SQS", "ApproximateNumberOfMessagesVisible", queue, "Maximum"),
          { id: "load", label: "Session load (%)", expression: "100 * (held + backlog) / capacity", returnData: true },
        ],
      },
    },
  });

  const agePolicy = new aws.appautoscaling.Policy("FleetPlacementAge", {
    ...scalable,
    policyType: "StepScaling",
    stepScalingPolicyConfiguration: {
      adjustmentType: "ChangeInCapacity",
      cooldown: SCALING.ageCooldown,
      metricAggregationType: "Maximum",
      stepAdjustments: stepAdjustments().map((s) => ({
        metricIntervalLowerBound: String(s.lower),
        ...(s.upper === undefined ? {} : { metricIntervalUpperBound: String(s.upper) }),
        scalingAdjustment: s.add,
      })),
    },
  });

  const ageAlarm = new aws.cloudwatch.MetricAlarm("FleetPlacementAgeScaleOut", {
    alarmDescription: "Placements wait: add fleet workers",
    namespace: "AWS/SQS",
    metricName: "ApproximateAgeOfOldestMessage",
    dimensions: { QueueName: placementQueueName(placement) },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: SCALING.ageAlarmPeriods,
    threshold: SCALING.ageSteps[0].ageSeconds,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [agePolicy.arn],
  });

  return { loadPolicy, agePolicy, ageAlarm };
}

function metric(
  id: string,
  namespace: string,
  metricName: string,
  dimensions: { name: string; value: $util.Input<string> }[],
  stat: string,
) {
  return { id, returnData: false, metricStat: { metric: { namespace, metricName, dimensions }, stat } };
}
