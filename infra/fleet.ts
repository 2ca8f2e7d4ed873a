/**
 * The socket fleet (DESIGN §1, §4, §12): long-running ECS Fargate workers, each holding up to
 * `capacity` Baileys sockets. Tasks run in the VPC's public subnets with public IPs (SST's
 * default for its own Vpc), so they reach WhatsApp and AWS APIs without a NAT gateway.
 * Secrets arrive as ECS `secrets` from Secrets Manager, never as task-definition environment.
 */
import { MEDIA_READ_WRITE, consumeGrant, mediaGrant, sendGrant, tableGrant, type Grant } from "./access";
import { QUEUE_SETTINGS, type Queues } from "./queues";
import { createFleetScaling } from "./scaling";
import { NO_PREVIOUS_KEYS, type Secrets } from "./secrets";
import type { StageSettings } from "./stage";

/**
 * ECS waits this long between SIGTERM and SIGKILL (Fargate's maximum). The worker's drain
 * (close sockets, release leases, re-enqueue placements, delete the inbox) is bounded by
 * FLEET_DRAIN_TIMEOUT_MS, which leaves a margin for the process to exit.
 */
export const FLEET_STOP_TIMEOUT_SECONDS = 120;
export const FLEET_DRAIN_TIMEOUT_MS = 90_000;

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

/** A worker holding sessions asks its ECS agent for scale-in protection. */
export const TASK_PROTECTION_ACTIONS = ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"] as const;

/** The container health check: the worker's own heartbeat, read by `main.js --health`. */
export const FLEET_HEALTH = {
  command: ["CMD", "node", "dist/main.js", "--health"],
  startPeriod: "60 seconds",
  interval: "30 seconds",
  timeout: "5 seconds",
  retries: 3,
} as const;

/** SST's Service has no stop-timeout option, so it is set on the task definition JSON. */
export function withStopTimeout(containerDefinitions: string, seconds: number): string {
  const definitions = JSON.parse(containerDefinitions) as Record<string, unknown>[];
  return JSON.stringify(definitions.map((definition) => ({ ...definition, stopTimeout: seconds })));
}

/**
 * The fleet's secret document. ECS cannot inject an empty value, so with no previous keys the
 * current key stands in (the keyring de-duplicates keys by id, so it changes nothing).
 */
export function fleetSecretDocument(current: string, previous: string): string {
  const rotated = previous.trim() === "" || previous.trim() === NO_PREVIOUS_KEYS ? current : previous.trim();
  return JSON.stringify({ authStateKey: current, authStatePreviousKeys: rotated });
}

/** Execution-role policy: read this one secret, instead of SST's default `*` resource. */
export function secretReadPolicy(secretArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn] }],
  });
}

export interface FleetResources {
  table: sst.aws.Dynamo;
  media: sst.aws.Bucket;
  queues: Queues;
  secrets: Secrets;
}

export function createFleet(settings: StageSettings, { table, media, queues, secrets }: FleetResources) {
  const vpc = new sst.aws.Vpc("Vpc", { az: 2 });
  const cluster = new sst.aws.Cluster("Cluster", {
    vpc,
    // Container Insights publishes running vs desired task counts (alarm, dashboard).
    transform: { cluster: { settings: [{ name: "containerInsights", value: "enabled" }] } },
  });
  const { cpu, memory, min, max, capacity } = settings.fleet;

  const secret = new aws.secretsmanager.Secret("FleetSecrets", {
    description: `Wharf ${settings.stage}: auth-state keys for the fleet`,
    // a protected stage keeps a deleted secret recoverable for a week
    recoveryWindowInDays: settings.protect ? 7 : 0,
  });
  new aws.secretsmanager.SecretVersion("FleetSecretsValue", {
    secretId: secret.id,
    secretString: secrets.authStateKey.value.apply((current) =>
      secrets.authStatePreviousKeys.value.apply((previous) => fleetSecretDocument(current, previous)),
    ),
  });

  const partition = aws.getPartitionOutput({}).partition;
  const region = aws.getRegionOutput({}).region;
  const account = aws.getCallerIdentityOutput({}).accountId;
  const clusterTasks = $interpolate`arn:${partition}:ecs:${region}:${account}:task/${cluster.nodes.cluster.name}/*`;

  const permissions: Grant[] = [
    tableGrant(table),
    consumeGrant(queues.placement),
    // a draining worker hands its sessions back to Placement; events go to Events.fifo
    sendGrant(queues.placement, queues.events),
    // poison placement messages and inbox commands go to their DLQs at once
    sendGrant(queues.placementDlq, queues.inboxesDlq),
    { actions: [...INBOX_OWNER_ACTIONS], resources: [queues.inboxArnPattern] },
    { actions: [...TASK_PROTECTION_ACTIONS], resources: [clusterTasks] },
    // reads uploads to send them, stores received files under tenants/<tenant>/sessions/…
    mediaGrant(media, MEDIA_READ_WRITE),
  ];

  const fleet = new sst.aws.Service("Fleet", {
    cluster,
    // Built from the repo root so the pnpm workspace and lockfile are in the context.
    image: { context: ".", dockerfile: "packages/fleet/Dockerfile" },
    // Baileys' optional native helpers ship x64 builds; stay on x86_64.
    architecture: "x86_64",
    cpu,
    memory,
    // Properties only (restrictLinks): the table name, queue URLs and the inbox prefix.
    link: [table, queues.placement, queues.events, queues.inboxes, media],
    permissions,
    environment: {
      WHARF_FLEET_CAPACITY: String(capacity),
      WHARF_DRAIN_TIMEOUT_MS: String(FLEET_DRAIN_TIMEOUT_MS),
      WHARF_INBOX_DLQ_ARN: queues.inboxesDlq.arn,
      WHARF_INBOX_DLQ_URL: queues.inboxesDlq.url,
      WHARF_PLACEMENT_DLQ_URL: queues.placementDlq.url,
      WHARF_INBOX_MAX_RECEIVES: String(QUEUE_SETTINGS.inbox.maxReceives),
      WHARF_METRICS: "emf",
      WHARF_MEDIA_BUCKET: media.name,
    },
    ssm: {
      WHARF_AUTH_STATE_KEY: $interpolate`${secret.arn}:authStateKey::`,
      WHARF_AUTH_STATE_PREVIOUS_KEYS: $interpolate`${secret.arn}:authStatePreviousKeys::`,
    },
    health: { ...FLEET_HEALTH, command: [...FLEET_HEALTH.command] },
    logging: { retention: settings.logRetention },
    scaling: {
      min,
      max,
      // Sessions cost a few percent of CPU and memory: scale on session load (scaling.ts).
      cpuUtilization: false,
      memoryUtilization: false,
    },
    transform: {
      taskDefinition: (args) => {
        args.containerDefinitions = $output(args.containerDefinitions).apply((json) =>
          withStopTimeout(json, FLEET_STOP_TIMEOUT_SECONDS),
        );
      },
      executionRole: (args) => {
        args.inlinePolicies = [{ name: "inline", policy: secret.arn.apply(secretReadPolicy) }];
      },
    },
  });

  const scaling = createFleetScaling(settings, fleet.nodes.autoScalingTarget, queues.placement);
  return { vpc, cluster, fleet, secret, scaling };
}
