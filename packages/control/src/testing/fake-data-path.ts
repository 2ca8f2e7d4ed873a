import type { WebhookJob } from "@wharf/core";
import {
  InMemoryAuthStateEraser,
  InMemoryCommandRouter,
  InMemoryContactStore,
  InMemoryFleetViewSource,
  InMemoryGroupStore,
  InMemoryIdempotencyStore,
  InMemoryMessageStore,
  InMemoryOperationStore,
  InMemoryPacingLedger,
  InMemorySessionLinkStore,
  InMemoryTenantEventStore,
  InMemoryWebhookStore,
} from "@wharf/core/testing";
import type { DataPathDeps } from "../env";
import { createUrlGuard } from "../webhooks/url-guard";

/**
 * The data path over core's in-memory fakes, for suites that run the app without DynamoDB
 * and SQS. Webhook jobs the routes enqueue are collected in `jobs`.
 */
export function createFakeDataPath() {
  const webhooks = new InMemoryWebhookStore();
  const eventLog = new InMemoryTenantEventStore();
  const jobs: WebhookJob[] = [];
  const messages = new InMemoryMessageStore();
  const data: DataPathDeps = {
    messages,
    contacts: new InMemoryContactStore(),
    groups: new InMemoryGroupStore(messages.chats),
    links: new InMemorySessionLinkStore(),
    idempotency: new InMemoryIdempotencyStore(),
    pacing: new InMemoryPacingLedger(),
    authState: new InMemoryAuthStateEraser(),
    fleet: new InMemoryFleetViewSource(),
    commands: new InMemoryCommandRouter(),
    operations: new InMemoryOperationStore(),
    webhooks,
    eventLog,
    webhookQueue: {
      send: async (j) => void jobs.push(j),
      sendBatch: async (b) => void jobs.push(...b.map((x) => x.body)),
    },
    secrets: {
      seal: (p) => `sealed:${Buffer.from(p).toString("base64")}`,
      open: (s) => Buffer.from(s.slice(7), "base64").toString(),
    },
    urlGuard: createUrlGuard({ allowPrivateTargets: false }),
    realtime: {
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      url: null,
      closeKeyConnections: async () => ({ closed: 0, failed: 0 }),
    },
  };
  return { data, webhooks, eventLog, jobs };
}
