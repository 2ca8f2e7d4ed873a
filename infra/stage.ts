/**
 * Per-stage settings, decided in one table so every other infra file (and sst.config.ts's
 * app()) agrees. Stages that hold real users' sessions are named explicitly; any other name
 * (dev, a person's name, pr-42) is a throw-away stage: removed completely, minimal sizing.
 * No SST globals here: sst.config.ts's app() imports this file before run().
 */

export interface FleetSizing {
  cpu: "1 vCPU" | "2 vCPU";
  memory: "4 GB" | "8 GB";
  /** tasks kept running; two lets one drain while the other serves */
  min: number;
  max: number;
  /** sessions one worker holds at most (WHARF_FLEET_CAPACITY); DESIGN §10: ≥ 2 000 under 4 GB */
  capacity: number;
  /** the fleet scales to keep (sessions held + Placement backlog) / capacity near this */
  targetLoad: number;
}

/**
 * API Gateway's stage throttling, the outer limit in front of the app's per-key buckets and
 * quotas: it sheds a flood before any Lambda runs. Requests per second for the whole stage.
 */
export interface ApiThrottle {
  /** steady requests per second */
  rate: number;
  /** requests allowed at once above the rate */
  burst: number;
}

export interface StageProfile {
  /** `sst remove` refuses, and the app's removal policy keeps resources */
  protect: boolean;
  removal: "retain" | "remove";
  /** DynamoDB deletion protection on the table */
  deletionProtection: boolean;
  fleet: FleetSizing;
  /** CloudWatch log retention of Lambdas and the fleet */
  logRetention: "1 week" | "1 month" | "3 months" | "1 year";
  /** the HTTP API's default route throttling */
  apiThrottle: ApiThrottle;
  /** days the media bucket keeps a file (uploads and received media) before its lifecycle deletes it */
  mediaRetentionDays: number;
}

/** How long media stays in the bucket unless a stage says otherwise. */
export const DEFAULT_MEDIA_RETENTION_DAYS = 30;

export interface StageSettings extends StageProfile {
  stage: string;
  /** a stage from PROTECTED_STAGES (real users' data) */
  isProduction: boolean;
  /** Name prefix of the per-worker Inbox.fifo queues; IAM grants are scoped to it. */
  inboxQueuePrefix: string;
  /** where alarms are mailed (WHARF_ALARM_EMAIL at deploy time); null = topic without subscribers */
  alarmEmail: string | null;
}

/** Stages holding real data, by exact name. "prod" is NOT one of them: use "production". */
export const PROTECTED_STAGES: Readonly<Record<string, StageProfile>> = {
  production: {
    protect: true,
    removal: "retain",
    deletionProtection: true,
    fleet: { cpu: "2 vCPU", memory: "8 GB", min: 2, max: 20, capacity: 2000, targetLoad: 0.7 },
    logRetention: "3 months",
    apiThrottle: { rate: 2000, burst: 4000 },
    mediaRetentionDays: DEFAULT_MEDIA_RETENTION_DAYS,
  },
  staging: {
    protect: true,
    removal: "retain",
    deletionProtection: true,
    fleet: { cpu: "1 vCPU", memory: "4 GB", min: 2, max: 6, capacity: 1000, targetLoad: 0.7 },
    logRetention: "1 month",
    apiThrottle: { rate: 500, burst: 1000 },
    mediaRetentionDays: DEFAULT_MEDIA_RETENTION_DAYS,
  },
};

/** Every other stage: personal dev stages, pull-request previews. */
export const THROWAWAY_STAGE: StageProfile = {
  protect: false,
  removal: "remove",
  deletionProtection: false,
  fleet: { cpu: "1 vCPU", memory: "4 GB", min: 1, max: 2, capacity: 500, targetLoad: 0.7 },
  logRetention: "1 week",
  apiThrottle: { rate: 100, burst: 200 },
  // previews hold test files only
  mediaRetentionDays: 7,
};

export function isProductionStage(stage: string): boolean {
  return Object.hasOwn(PROTECTED_STAGES, stage);
}

export function stageProfile(stage: string): StageProfile {
  return isProductionStage(stage) ? PROTECTED_STAGES[stage]! : THROWAWAY_STAGE;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function stageSettings(
  appName: string,
  stage: string,
  env: Record<string, string | undefined> = {},
): StageSettings {
  const email = env.WHARF_ALARM_EMAIL?.trim() || null;
  if (email && !EMAIL.test(email)) throw new Error(`WHARF_ALARM_EMAIL: not an email address: ${email}`);
  return {
    stage,
    isProduction: isProductionStage(stage),
    ...stageProfile(stage),
    // App and stage in the name keep stages in one account apart (queue names are per account).
    inboxQueuePrefix: `${appName}-${stage}-inbox-`,
    alarmEmail: email,
  };
}
