/**
 * Fleet scaling on session load: the policies deployed (target tracking on
 * (held + backlog) / capacity, steps on Placement age) and a replay of a 5 000-session
 * backlog through the same arithmetic Application Auto Scaling applies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { METRICS } from "../packages/core/src/metrics/names";
import { ageStepAdjustment, loadPercent, SCALING, targetTrackingDesired } from "./scaling-policy";
import { PROTECTED_STAGES, type FleetSizing } from "./stage";
import { find, loadConfig, runStage, type StageGraph } from "./testing/graph";

let graph: StageGraph;
beforeAll(async () => {
  graph = await runStage(await loadConfig(), "production");
});

describe("scaling policies", () => {
  it("tracks 70 % session load from the workers' metrics and the Placement backlog", () => {
    const policy = find(graph.resources, "aws.appautoscaling.Policy", "FleetSessionLoad").args;
    expect(policy.policyType).toBe("TargetTrackingScaling");
    expect(String(policy.resourceId)).toBe("service/<Cluster>/<Fleet>");
    const config = policy.targetTrackingScalingPolicyConfiguration;
    expect(config.targetValue).toBe(70);
    expect(config.scaleInCooldown).toBeGreaterThan(config.scaleOutCooldown);
    const metrics = config.customizedMetricSpecification.metrics;
    expect(metrics.map((m: { id: string }) => m.id)).toEqual(["held", "capacity", "backlog", "load"]);
    expect(metrics[0].metricStat.metric.metricName).toBe(METRICS.sessionsHeld);
    expect(metrics[1].metricStat.metric.metricName).toBe(METRICS.sessionCapacity);
    expect(String(metrics[2].metricStat.metric.dimensions[0].value)).toBe("<Placement.queueName>");
    expect(metrics.filter((m: { returnData: boolean }) => m.returnData)).toEqual([
      expect.objectContaining({ id: "load" }),
    ]);
  });

  it("adds tasks in steps while placements wait, triggered by an alarm on their age", () => {
    const policy = find(graph.resources, "aws.appautoscaling.Policy", "FleetPlacementAge");
    expect(policy.args.stepScalingPolicyConfiguration.stepAdjustments).toEqual([
      { metricIntervalLowerBound: "0", metricIntervalUpperBound: "480", scalingAdjustment: 2 },
      { metricIntervalLowerBound: "480", scalingAdjustment: 4 },
    ]);
    const alarm = find(graph.resources, "aws.cloudwatch.MetricAlarm", "FleetPlacementAgeScaleOut").args;
    expect(alarm).toMatchObject({ metricName: "ApproximateAgeOfOldestMessage", threshold: 120 });
    expect(alarm.alarmActions).toEqual([(policy.instance as { arn: unknown }).arn]);
  });
});

/**
 * Minute-by-minute replay: a backlog arrives at once; each running worker opens up to
 * `openPerMinute` sessions (DESIGN §10: ~500 pair→open in 38 s) until full; a task asked for
 * starts serving two minutes later; both policies act on the previous minute's metrics.
 */
function replay(sizing: FleetSizing, backlog0: number, minutes = 30) {
  const openPerMinute = 600;
  let running = sizing.min;
  let desired = sizing.min;
  let held = 0;
  let backlog = backlog0;
  let oldestAge = 0;
  let lastScaleOut = -Infinity;
  const starting: number[] = [];
  const trace: { minute: number; running: number; desired: number; held: number; backlog: number; load: number }[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    running += starting.filter((t) => t === minute).length;
    const room = running * sizing.capacity - held;
    const opened = Math.min(backlog, room, running * openPerMinute);
    held += opened;
    backlog -= opened;
    oldestAge = backlog > 0 ? oldestAge + 60 : 0;
    const load = loadPercent(held, backlog, running * sizing.capacity);
    let next = targetTrackingDesired(running, load, sizing.targetLoad * 100, sizing.min, sizing.max);
    if (minute * 60 - lastScaleOut >= SCALING.ageCooldown && oldestAge >= SCALING.ageSteps[0].ageSeconds) {
      next = Math.max(next, Math.min(sizing.max, desired + ageStepAdjustment(oldestAge)));
    }
    if (next > desired) {
      for (let i = desired; i < next; i++) starting.push(minute + 2);
      desired = next;
      lastScaleOut = minute * 60;
    }
    trace.push({ minute, running, desired, held, backlog, load: Math.round(load) });
  }
  return trace;
}

describe("a 5 000-session backlog", () => {
  it("scales production out until every session is held, below the target load", () => {
    const sizing = PROTECTED_STAGES.production!.fleet;
    const trace = replay(sizing, 5_000);
    const end = trace.at(-1)!;
    console.log("production replay (minute, running, desired, held, backlog, load %):");
    for (const t of trace.slice(0, 8))
      console.log(`  ${t.minute}\t${t.running}\t${t.desired}\t${t.held}\t${t.backlog}\t${t.load}`);
    expect(trace[0]!.desired).toBeGreaterThan(sizing.min);
    expect(end.backlog).toBe(0);
    expect(end.held).toBe(5_000);
    expect(end.running).toBeGreaterThanOrEqual(Math.ceil(5_000 / (sizing.capacity * sizing.targetLoad)));
    expect(end.load).toBeLessThanOrEqual(sizing.targetLoad * 100);
    expect(trace.findIndex((t) => t.backlog === 0)).toBeLessThan(10);
  });

  it("scales staging to its maximum, which still holds the whole backlog", () => {
    const sizing = PROTECTED_STAGES.staging!.fleet;
    const end = replay(sizing, 5_000).at(-1)!;
    expect(end.running).toBe(sizing.max);
    expect(end.backlog).toBe(0);
  });

  it("would not have scaled out on the old CPU/memory policy's signal (sessions cost a few % of CPU)", () => {
    // 2 workers × 500 sessions, 5 000 waiting: CPU stays far below 70 %, so the old policy sat at min.
    const cpuPercent = 8;
    expect(targetTrackingDesired(2, cpuPercent, 70, 2, 20)).toBe(2);
    expect(targetTrackingDesired(2, loadPercent(1_000, 4_000, 1_000), 70, 2, 20)).toBe(15);
  });
});
