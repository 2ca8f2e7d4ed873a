import { InMemoryApiKeyRepository } from "./in-memory-api-keys";
import { InMemorySessionRepository } from "./in-memory-sessions";
import { InMemoryTenantRepository } from "./in-memory-tenants";

/**
 * Test doubles for core's ports (entry point `@wharf/core/testing`). They follow the same
 * repository contract as the DynamoDB adapters; see repository-contract.ts.
 */
export { InMemoryTenantRepository } from "./in-memory-tenants";
export { InMemoryApiKeyRepository } from "./in-memory-api-keys";
export { InMemorySessionRepository } from "./in-memory-sessions";
export { InMemoryTenantEventStore } from "./in-memory-event-log";
export { InMemoryWebhookStore } from "./in-memory-webhooks";
export { describeRepositoryContract, type ContractRepos } from "./repository-contract";
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

export function createInMemoryRepositories(): {
  tenants: InMemoryTenantRepository;
  apiKeys: InMemoryApiKeyRepository;
  sessions: InMemorySessionRepository;
} {
  return {
    tenants: new InMemoryTenantRepository(),
    apiKeys: new InMemoryApiKeyRepository(),
    sessions: new InMemorySessionRepository(),
  };
}
