/** The DynamoDB adapters of core's store ports (the table plumbing is in ../dynamo). */
export { createDynamoStores, type DynamoStores } from "./core-stores";
export { createTenantStore } from "./tenant-store";
export { createApiKeyStore, type ApiKeyStoreOptions } from "./api-key-store";
export { createSessionStore } from "./session-store";
export { createAuditLogStore } from "./audit-log-store";
export {
  claimSessionLease,
  renewSessionLease,
  releaseSessionLease,
  readSessionLeases,
  type LeaseTarget,
  type LeaseTiming,
  type ClaimResult,
  type RenewResult,
} from "./session-lease";
export { claimWantedSession, type WantedClaimResult } from "./session-claim";
export * from "./data-path-stores";
