/**
 * Per-stage settings, decided in one place so every other infra file agrees.
 * Only "production" is treated as precious: retained on removal, protected, sized for load.
 */

export const PRODUCTION_STAGES: readonly string[] = ["production"];

export interface FleetSizing {
  cpu: "1 vCPU" | "2 vCPU";
  memory: "4 GB" | "8 GB";
  min: number;
  max: number;
}

export interface StageSettings {
  stage: string;
  isProduction: boolean;
  /** Name prefix of the per-worker Inbox.fifo queues; IAM grants are scoped to it. */
  inboxQueuePrefix: string;
  fleet: FleetSizing;
}

export function isProductionStage(stage: string): boolean {
  return PRODUCTION_STAGES.includes(stage);
}

export function stageSettings(appName: string, stage: string): StageSettings {
  const isProduction = isProductionStage(stage);
  return {
    stage,
    isProduction,
    // App and stage in the name keep stages in one account apart (queue names are per account).
    inboxQueuePrefix: `${appName}-${stage}-inbox-`,
    // DESIGN §10 targets ~2 000 idle sessions per worker under 4 GB; production gets headroom.
    fleet: isProduction
      ? { cpu: "2 vCPU", memory: "8 GB", min: 2, max: 20 }
      : { cpu: "1 vCPU", memory: "4 GB", min: 1, max: 2 },
  };
}
