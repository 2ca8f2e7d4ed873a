import {
  createDynamoClients,
  createEventOutbox,
  createOrphanedSessionSource,
  createOrphanStatusWriter,
  createOutboxSweepStore,
  createSessionCensus,
  createSqsClient,
  createWorkerInboxes,
  createWorkerRegistry,
  LOCAL_CREDENTIALS,
  loadConfigFromSst,
  SqsQueue,
  type SstLinkedResources,
} from "@wharf/aws";
import type { FleetEvent, PlacementMessage } from "@wharf/contracts";
import { reconcileFleet, systemClock, WORKER_ALIVE_MS, type ReconcileReport } from "@wharf/core";
import { pino } from "pino";
import { z } from "zod";

const LINKS = ["App", "Table", "Placement", "Events"] as const;

/**
 * The janitor Lambda's composition: config validated once per cold start from SST links and
 * env, the aws adapters over it, and one core reconciliation run per invocation.
 */
export function createJanitorHandler(
  env: Record<string, string | undefined>,
  resource: object | undefined,
): () => Promise<ReconcileReport> {
  const r = (resource ?? {}) as Record<string, unknown>;
  const links: Record<string, unknown> = {};
  for (const name of LINKS) if (name in r) links[name] = r[name];
  const config = loadConfigFromSst(links as SstLinkedResources, env, {
    require: ["placementQueueUrl", "eventsQueueUrl"],
  });
  const inboxes = "Inboxes" in r ? z.object({ queuePrefix: z.string().min(1) }).parse(r.Inboxes) : null;
  const fleet = inboxes?.queuePrefix ?? env.WHARF_INBOX_QUEUE_PREFIX ?? `wharf-${config.stage}-inbox-`;
  const workerTtlMs = z.coerce
    .number()
    .int()
    .min(1_000)
    .default(WORKER_ALIVE_MS)
    .parse(env.WHARF_WORKER_TTL_MS || undefined);

  const logger = pino({ level: config.logLevel, base: { fn: "janitor", stage: config.stage } });
  const local = config.endpoints.dynamodb || config.endpoints.sqs;
  const credentials = local && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined;
  const { doc } = createDynamoClients({
    region: config.region,
    endpoint: config.endpoints.dynamodb ?? undefined,
    credentials,
  });
  const sqs = createSqsClient({ region: config.region, endpoint: config.endpoints.sqs ?? undefined, credentials });
  const ctx = { doc, tableName: config.tableName };
  const deps = {
    registry: createWorkerRegistry(ctx, fleet),
    orphans: createOrphanedSessionSource(ctx),
    inboxes: createWorkerInboxes(sqs, { prefix: fleet }),
    placement: new SqsQueue<PlacementMessage>({ client: sqs, queueUrl: config.queues.placementUrl! }),
    // owner-lost status events go the way a worker's do, so the events consumer persists,
    // frames and webhooks them
    orphanStatus: createOrphanStatusWriter(ctx),
    census: createSessionCensus(ctx),
    // outboxes of sessions nobody owns are published from here (core sweepUnownedOutboxes)
    outboxSweep: { outbox: createEventOutbox(ctx), store: createOutboxSweepStore(ctx) },
    events: new SqsQueue<FleetEvent>({ client: sqs, queueUrl: config.queues.eventsUrl! }),
    clock: systemClock,
    logger,
    workerTtlMs,
  };

  return async () => {
    const report = await reconcileFleet(deps);
    logger.info(report, "janitor run");
    return report;
  };
}
