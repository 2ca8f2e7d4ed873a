/**
 * The socket fleet (DESIGN §1, §4): long-running ECS Fargate workers, each holding up to N
 * Baileys sockets. Tasks run in the VPC's public subnets with public IPs (SST's default
 * for its own Vpc), so they reach WhatsApp and AWS APIs without a NAT gateway.
 */
import type { StageSettings } from "./stage";

/**
 * ECS waits this long between SIGTERM and SIGKILL. Drain closes sockets, releases leases,
 * re-enqueues placements and deletes the inbox; 120 s is Fargate's maximum.
 */
export const FLEET_STOP_TIMEOUT_SECONDS = 120;

/** What a worker does with its own Inbox.fifo: create at boot, consume, delete on drain. */
export const INBOX_OWNER_ACTIONS = [
  "sqs:CreateQueue",
  "sqs:DeleteQueue",
  "sqs:TagQueue",
  "sqs:GetQueueUrl",
  "sqs:GetQueueAttributes",
  "sqs:SetQueueAttributes",
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:SendMessage",
] as const;

/** SST's Service has no stop-timeout option, so it is set on the task definition JSON. */
export function withStopTimeout(containerDefinitions: string, seconds: number): string {
  const definitions = JSON.parse(containerDefinitions) as Record<string, unknown>[];
  return JSON.stringify(definitions.map((definition) => ({ ...definition, stopTimeout: seconds })));
}

export interface FleetLinks {
  table: sst.aws.Dynamo;
  placement: sst.aws.Queue;
  events: sst.aws.Queue;
  inboxes: sst.Linkable<{ queuePrefix: string }>;
  authStateKey: sst.Secret;
}

export function createFleet(
  settings: StageSettings,
  links: FleetLinks,
  inboxArnPattern: $util.Output<string>,
) {
  const vpc = new sst.aws.Vpc("Vpc", { az: 2 });
  const cluster = new sst.aws.Cluster("Cluster", { vpc });
  const { cpu, memory, min, max } = settings.fleet;

  const fleet = new sst.aws.Service("Fleet", {
    cluster,
    // Built from the repo root so the pnpm workspace and lockfile are in the context.
    image: { context: ".", dockerfile: "packages/fleet/Dockerfile" },
    // Baileys' optional native helpers ship x64 builds; stay on x86_64.
    architecture: "x86_64",
    cpu,
    memory,
    link: [links.table, links.placement, links.events, links.inboxes, links.authStateKey],
    permissions: [{ actions: [...INBOX_OWNER_ACTIONS], resources: [inboxArnPattern] }],
    scaling: {
      min,
      max,
      cpuUtilization: 70,
      memoryUtilization: 70,
      // Scaling in drains a worker and moves its sessions; do it rarely.
      scaleInCooldown: "10 minutes",
      scaleOutCooldown: "1 minute",
    },
    transform: {
      taskDefinition: (args) => {
        args.containerDefinitions = $output(args.containerDefinitions).apply((json) =>
          withStopTimeout(json, FLEET_STOP_TIMEOUT_SECONDS),
        );
      },
    },
  });

  return { vpc, cluster, fleet };
}
