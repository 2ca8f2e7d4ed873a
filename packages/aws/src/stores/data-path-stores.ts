import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createCommandRouter } from "../commands/command-router";
import { createConnectionStore } from "./connection-store";
import { createContactStore } from "./contact-store";
import { createGroupStore } from "./group-store";
import { createFleetViewSource } from "./fleet-view-source";
import { createIdempotencyStore } from "./idempotency-store";
import { createMessageStore } from "./message-store";
import { createOutboundPacingLedger } from "./outbound-accept";
import { createAuthStateEraser, createEventLog, createSessionLinkStore, createSessionProjection } from "./session-data";
import { createWebhookStore } from "./webhook-store";
import { createTenantEventStore } from "./event-log-store";
import { createOperationStore } from "./operation-store";

export { createMessageStore } from "./message-store";
export { createContactStore } from "./contact-store";
export { createGroupStore } from "./group-store";
export { createIdempotencyStore } from "./idempotency-store";
export { createPacingLedger, readLastSendTakes } from "./pacing-ledger";
export { acceptOutbound, createOutboundPacingLedger } from "./outbound-accept";
export { createWebhookStore } from "./webhook-store";
export { createTenantEventStore } from "./event-log-store";
export { createConnectionStore } from "./connection-store";
export { createOperationStore } from "./operation-store";
export { createFleetViewSource, getWorker } from "./fleet-view-source";
export { createSessionCensus, countSessionsByStatus } from "./session-census";
export { createAuthStateEraser, createEventLog, createSessionLinkStore, createSessionProjection } from "./session-data";

/** Every data-path adapter over one table (and SQS for commands). */
export function createDataStores(opts: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  sqs: SQSClient;
  placementQueueUrl: string;
}) {
  const ctx = { doc: opts.doc, tableName: opts.tableName };
  const fleet = createFleetViewSource(ctx);
  return {
    messages: createMessageStore(ctx),
    contacts: createContactStore(ctx),
    groups: createGroupStore(ctx),
    links: createSessionLinkStore(ctx),
    projection: createSessionProjection(ctx),
    events: createEventLog(ctx),
    idempotency: createIdempotencyStore(ctx),
    pacing: createOutboundPacingLedger(ctx),
    webhooks: createWebhookStore(ctx),
    eventLog: createTenantEventStore(ctx),
    connections: createConnectionStore(ctx),
    operations: createOperationStore(ctx),
    authState: createAuthStateEraser(ctx),
    fleet,
    stats: fleet,
    commands: createCommandRouter({ ctx, sqs: opts.sqs, placementQueueUrl: opts.placementQueueUrl }),
  };
}
export type DataStores = ReturnType<typeof createDataStores>;
