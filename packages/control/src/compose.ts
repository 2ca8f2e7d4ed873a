import {
  SqsQueue,
  createDataStores,
  type createDocumentClient,
  createDynamoStores,
  createManagementCloser,
  createLimitStore,
  createManagementPoster,
  createSecretBox,
  createMediaStore,
  type ManagementClient,
  type SqsClient,
  webhookSecretKey,
  withResealedSecrets,
} from "@wharf/aws";
import {
  type BlobStore,
  DEFAULT_WEBHOOK_RETRY,
  closeKeyConnections,
  type Clock,
  type WebhookJob,
  type WebhookRetryPolicy,
} from "@wharf/core";
import type { Logger } from "pino";
import type { DataPathDeps } from "./env";
import type { EventsHandlerDeps } from "./lambda/events-handler";
import type { WebhooksHandlerDeps } from "./lambda/webhooks-handler";
import type { WsHandlerDeps } from "./lambda/ws-handler";
import { createHttpTransport } from "./webhooks/http-transport";
import { createUrlGuard } from "./webhooks/url-guard";

export interface DataPathOptions {
  doc: ReturnType<typeof createDocumentClient>;
  tableName: string;
  sqs: SqsClient;
  placementQueueUrl: string;
  webhooksQueueUrl: string;
  /** HMAC key of realtime tokens; also the source of the webhook-secret key unless one is given */
  tokenKey: string;
  webhookSecretsKey?: Buffer | null;
  tokenTtlSeconds: number;
  realtimeUrl: string | null;
  /** the API Gateway management API (AWS or the local gateway); null: no fan-out */
  management: ManagementClient | null;
  /** only the local runtime sets this: webhooks may target this machine */
  allowPrivateWebhookTargets: boolean;
  webhookRetry?: WebhookRetryPolicy;
  /** the media bucket (S3, or fauxqs locally); absent: no media */
  media?: { blobs: BlobStore } | null;
  clock: Clock;
  logger: Logger;
}

/**
 * Composition of the data path over the AWS adapters, shared by the Lambda entry points and
 * the local runtime so both run the very same handlers: the app's data deps and the deps of
 * the events, webhooks and ws handlers.
 */
export function composeDataPath(o: DataPathOptions): {
  app: DataPathDeps;
  events: EventsHandlerDeps;
  webhooks: WebhooksHandlerDeps;
  ws: WsHandlerDeps;
} {
  const stores = createDataStores({
    doc: o.doc,
    tableName: o.tableName,
    sqs: o.sqs,
    placementQueueUrl: o.placementQueueUrl,
  });
  const { sessions, apiKeys } = createDynamoStores({ doc: o.doc, tableName: o.tableName });
  const webhookQueue = new SqsQueue<WebhookJob>({ client: o.sqs, queueUrl: o.webhooksQueueUrl });
  const secrets = createSecretBox(webhookSecretKey({ explicit: o.webhookSecretsKey ?? null, tokenKey: o.tokenKey }));
  // rows sealed before secrets were bound to their endpoint id move to the bound form on read
  const webhookStore = withResealedSecrets(stores.webhooks, { doc: o.doc, tableName: o.tableName }, secrets);
  const urlGuard = createUrlGuard({ allowPrivateTargets: o.allowPrivateWebhookTargets });
  const app: DataPathDeps = {
    messages: stores.messages,
    contacts: stores.contacts,
    groups: stores.groups,
    links: stores.links,
    idempotency: stores.idempotency,
    pacing: stores.pacing,
    webhooks: webhookStore,
    authState: stores.authState,
    fleet: stores.fleet,
    commands: stores.commands,
    webhookQueue,
    secrets,
    urlGuard,
    eventLog: stores.eventLog,
    operations: stores.operations,
    ...(o.media
      ? {
          media: {
            store: createMediaStore({ doc: o.doc, tableName: o.tableName }),
            blobs: o.media.blobs,
            allowPrivateUrls: o.allowPrivateWebhookTargets,
          },
        }
      : {}),
    limits: { store: createLimitStore({ doc: o.doc, tableName: o.tableName }) },
    realtime: {
      tokenKey: o.tokenKey,
      tokenTtlSeconds: o.tokenTtlSeconds,
      url: o.realtimeUrl,
      closeKeyConnections: (tenantId, keyId) =>
        closeKeyConnections(
          {
            connections: stores.connections,
            closer: o.management ? createManagementCloser(o.management) : null,
            clock: o.clock,
          },
          tenantId,
          keyId,
        ),
    },
  };
  const events: EventsHandlerDeps = {
    sessions,
    projection: stores.projection,
    links: stores.links,
    messages: stores.messages,
    contacts: stores.contacts,
    groups: stores.groups,
    events: stores.events,
    stats: stores.stats,
    connections: stores.connections,
    operations: stores.operations,
    poster: o.management ? createManagementPoster(o.management) : null,
    webhooks: { webhooks: webhookStore, queue: webhookQueue },
    eventLog: stores.eventLog,
    ...(o.media ? { blobs: o.media.blobs } : {}),
    clock: o.clock,
    logger: o.logger.child({ fn: "events" }),
  };
  const webhooks: WebhooksHandlerDeps = {
    webhooks: webhookStore,
    secrets,
    guard: urlGuard,
    transport: createHttpTransport({ allowPrivateTargets: o.allowPrivateWebhookTargets }),
    policy: o.webhookRetry ?? DEFAULT_WEBHOOK_RETRY,
    clock: o.clock,
    eventLog: stores.eventLog,
    setVisibility: (receiptHandle, seconds) => webhookQueue.changeVisibility(receiptHandle, seconds),
    requeue: (job, opts) => webhookQueue.send(job, opts),
    logger: o.logger.child({ fn: "webhooks" }),
  };
  const ws: WsHandlerDeps = {
    connections: stores.connections,
    apiKeys,
    tokenKey: o.tokenKey,
    clock: o.clock,
    logger: o.logger.child({ fn: "ws" }),
  };
  return { app, events, webhooks, ws };
}
