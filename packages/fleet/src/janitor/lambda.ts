import { createDynamoClients, createSqsClient, LOCAL_CREDENTIALS, loadConfigFromSst, SqsQueue, type SstLinkedResources } from "@wharf/aws";
import type { PlacementMessage } from "@wharf/contracts";
import { pino } from "pino";
import { z } from "zod";
import { FLEET_DEFAULTS } from "../config";
import { runJanitor, type JanitorReport } from "./janitor";

const LINKS = ["App", "Table", "Placement"] as const;

/**
 * The janitor Lambda's composition (packages/control/src/lambda/janitor.ts is the entry):
 * config validated once per cold start from SST links and env, one run per invocation.
 */
export function createJanitorHandler(env: Record<string, string | undefined>, resource: object | undefined): () => Promise<JanitorReport> {
  const r = (resource ?? {}) as Record<string, unknown>;
  const links: Record<string, unknown> = {};
  for (const name of LINKS) if (name in r) links[name] = r[name];
  const config = loadConfigFromSst(links as SstLinkedResources, env, { require: ["placementQueueUrl"] });
  const inboxes = "Inboxes" in r ? z.object({ queuePrefix: z.string().min(1) }).parse(r.Inboxes) : null;
  const fleet = inboxes?.queuePrefix ?? env.WHARF_INBOX_QUEUE_PREFIX ?? `wharf-${config.stage}-inbox-`;
  const workerTtlMs = z.coerce.number().int().min(1_000).default(FLEET_DEFAULTS.leaseTtlMs).parse(env.WHARF_WORKER_TTL_MS || undefined);

  const logger = pino({ level: config.logLevel, base: { fn: "janitor", stage: config.stage } });
  const local = config.endpoints.dynamodb || config.endpoints.sqs;
  const credentials = local && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined;
  const { doc } = createDynamoClients({ region: config.region, endpoint: config.endpoints.dynamodb ?? undefined, credentials });
  const sqs = createSqsClient({ region: config.region, endpoint: config.endpoints.sqs ?? undefined, credentials });
  const placement = new SqsQueue<PlacementMessage>({ client: sqs, queueUrl: config.queues.placementUrl! });

  return async () => {
    const report = await runJanitor({ ctx: { doc, tableName: config.tableName }, sqs, placement, now: () => new Date(), logger, workerTtlMs, fleet });
    logger.info(report, "janitor run");
    return report;
  };
}
