/**
 * The fleet's scaling rules as plain data and the arithmetic Application Auto Scaling applies
 * to them, so a test can replay a load curve through exactly what infra/scaling.ts deploys.
 * No SST globals here.
 *
 * Load = 100 × (sessions held + Placement backlog) / session capacity of the running
 * workers. Target tracking keeps it at the stage's targetLoad; the backlog term makes a
 * queue of unplaced sessions count as load before any worker has room for it. A step policy
 * on the age of the oldest placement adds tasks when claiming stalls anyway.
 */

export const SCALING = {
  /** seconds: scale out fast, scale in rarely (a scale-in drains a worker and moves sessions) */
  scaleOutCooldown: 60,
  scaleInCooldown: 600,
  /** Placement age steps: add `add` tasks while the oldest placement is older than `ageSeconds` */
  ageSteps: [
    { ageSeconds: 120, add: 2 },
    { ageSeconds: 600, add: 4 },
  ],
  ageAlarmPeriods: 2,
  ageCooldown: 120,
} as const;

/** Target tracking: desired = ceil(running × metric / target), clamped to [min, max]. */
export function targetTrackingDesired(
  running: number,
  loadPercent: number,
  targetPercent: number,
  min: number,
  max: number,
): number {
  const raw = Math.ceil((running * loadPercent) / targetPercent - 1e-9);
  return Math.min(max, Math.max(min, raw));
}

/** Step scaling on Placement age: tasks to add for the oldest placement's age. */
export function ageStepAdjustment(oldestAgeSeconds: number): number {
  let add = 0;
  for (const step of SCALING.ageSteps) if (oldestAgeSeconds >= step.ageSeconds) add = step.add;
  return add;
}

export function loadPercent(held: number, backlog: number, capacity: number): number {
  return capacity === 0 ? 100 : (100 * (held + backlog)) / capacity;
}

/**
 * AWS step adjustments are bounds relative to the alarm threshold (the first step's age):
 * [0, next) → first add, … , [last, ∞) → last add.
 */
export function stepAdjustments(): { lower: number; upper: number | undefined; add: number }[] {
  const base = SCALING.ageSteps[0].ageSeconds;
  return SCALING.ageSteps.map((step, i) => {
    const next = SCALING.ageSteps[i + 1];
    return { lower: step.ageSeconds - base, upper: next ? next.ageSeconds - base : undefined, add: step.add };
  });
}
