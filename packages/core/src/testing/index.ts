import { InMemoryApiKeyStore } from "./in-memory-api-keys";
import { InMemoryAuditLogStore } from "./in-memory-audit";
import { InMemorySessionStore } from "./in-memory-sessions";
import { InMemoryTenantStore } from "./in-memory-tenants";

/**
 * Test doubles for core's ports (entry point `@wharf/core/testing`). They follow the same
 * store contract as the DynamoDB adapters; see store-contract.ts.
 */
export { InMemoryTenantStore } from "./in-memory-tenants";
export { InMemoryLimitStore } from "./in-memory-limits";
export { InMemoryApiKeyStore } from "./in-memory-api-keys";
export { InMemorySessionStore } from "./in-memory-sessions";
export { RacingSessionStore } from "./racing-sessions";
export { InMemoryTenantEventStore } from "./in-memory-event-log";
export { InMemoryAuditLogStore } from "./in-memory-audit";
export { InMemoryWebhookStore } from "./in-memory-webhooks";
export { InMemoryBlobStore, InMemoryMediaStore } from "./in-memory-media";
export {
  InMemoryContactStore,
  InMemoryIdempotencyStore,
  InMemoryMessageStore,
  InMemoryPacingLedger,
} from "./in-memory-messages";
export {
  InMemoryAuthStateEraser,
  InMemoryCommandRouter,
  InMemoryFleetViewSource,
  InMemorySessionLinkStore,
} from "./in-memory-session-control";
export { describeStoreContract, type ContractStores } from "./store-contract";
export {
  InMemoryWorkerRegistries,
  InMemoryCommandLedger,
  InMemorySessionOwnerState,
  InMemoryOrphanedSessions,
  InMemoryOrphanStatus,
  InMemoryQueue,
  InMemoryWorkerInboxes,
} from "./in-memory-fleet";
export { describeFleetContract, type FleetContractPorts } from "./fleet-contract";
export { apiKeyRecord, sessionRecord, tenantRecord } from "./fixtures";
export { decodeCursor, encodeCursor } from "./paging";
export { InMemoryDeadLetterSink } from "./in-memory-dead-letters";
export { InMemoryEventOutbox } from "./in-memory-event-outbox";
export { InMemoryOutboxSweepStore } from "./in-memory-outbox-sweep";
export { InMemoryConnectionCloser, InMemoryConnectionStore } from "./in-memory-connections";

export function createInMemoryStores(): {
  tenants: InMemoryTenantStore;
  apiKeys: InMemoryApiKeyStore;
  sessions: InMemorySessionStore;
  audit: InMemoryAuditLogStore;
} {
  return {
    tenants: new InMemoryTenantStore(),
    apiKeys: new InMemoryApiKeyStore(),
    sessions: new InMemorySessionStore(),
    audit: new InMemoryAuditLogStore(),
  };
}
export { InMemoryMediaObjects } from "./in-memory-media-objects";
export { InMemoryOperationStore } from "./in-memory-operations";
export { InMemoryGroupStore } from "./in-memory-groups";
