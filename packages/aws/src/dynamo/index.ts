export { TABLE_SCHEMA } from "./table-schema";
export {
  createDynamoClients,
  createDocumentClient,
  LOCAL_CREDENTIALS,
  type AwsCredentials,
  type DynamoClientOptions,
} from "./client";
export { ensureTable } from "./ensure-table";
export type { DynamoContext } from "./context";
export { keys, tenantPk, ENTITY, type ItemKey } from "./keys";
export { createDynamoStores, type DynamoStores } from "../stores/core-stores";
export { createTenantStore } from "../stores/tenant-store";
export { createApiKeyStore, type ApiKeyStoreOptions } from "../stores/api-key-store";
export { createSessionStore } from "../stores/session-store";
export { deletePartition, batchDelete } from "./batch-delete";
export { queryPages, queryAll, type QueryInput } from "./query-pages";
export { getItem } from "./get-item";
export {
  claimSessionLease,
  renewSessionLease,
  releaseSessionLease,
  type LeaseTarget,
  type LeaseTiming,
  type ClaimResult,
  type RenewResult,
} from "../stores/session-lease";
